//! Entry point of the WebAssembly app: install the panic hook and mount the UI.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(chainrule::ui::App);
}
