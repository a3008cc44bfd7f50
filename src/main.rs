//! Entry point of the WebAssembly app: install the panic hook (a message and the program instead of a dead page) and mount the UI.

fn main() {
    chainrule::ui::crash::install();
    leptos::mount::mount_to_body(chainrule::ui::App);
}
