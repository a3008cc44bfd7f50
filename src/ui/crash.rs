//! A panic must not leave a dead page. The hook logs it (as before), then draws a message
//! with plain DOM calls (the reactive runtime may be gone) holding the program text, which
//! also survives in the address and localStorage, and a button that reloads the page.

use wasm_bindgen::prelude::*;

/// Installs the panic hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn show(why: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document.get_element_by_id("crash").is_some() {
        return Some(());
    }
    let program = document
        .query_selector("textarea[data-testid=program]")
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default();
    let panel = document.create_element("div").ok()?;
    panel.set_id("crash");
    panel.set_class_name("crash");
    let _ = panel.set_attribute("role", "alertdialog");
    let _ = panel.set_attribute("data-testid", "crash");
    let heading = document.create_element("h2").ok()?;
    heading.set_text_content(Some("chainrule stopped: an internal error"));
    let say = document.create_element("p").ok()?;
    say.set_text_content(Some(
        "Your program is safe: it is below, in the address bar and in this browser's storage. \
         Reload to carry on; if it happens again, please report the program and this message.",
    ));
    let text = document.create_element("pre").ok()?;
    text.set_attribute("data-testid", "crash-program").ok()?;
    text.set_text_content(Some(&program));
    let detail = document.create_element("p").ok()?;
    detail.set_class_name("crash-detail");
    detail.set_text_content(Some(why));
    let button = document.create_element("button").ok()?;
    button.set_text_content(Some("Reload"));
    button.set_attribute("data-testid", "crash-reload").ok()?;
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    button
        .add_event_listener_with_callback("click", reload.as_ref().unchecked_ref())
        .ok()?;
    reload.forget();
    for child in [&heading, &say, &text, &detail, &button] {
        panel.append_child(child).ok()?;
    }
    document.body()?.append_child(&panel).ok()?;
    Some(())
}

/// A test hook: panics on purpose, so the end-to-end tests can check that a panic leaves a
/// message and the program text instead of a dead page. Called only from the tests.
#[wasm_bindgen(js_name = chainruleTestPanic)]
pub fn test_panic() {
    panic!("a panic forced by the end-to-end tests");
}
