//! The page: header, editor and result.

use leptos::prelude::*;

use super::editor::Editor;
use super::output::OutputValue;
use super::state::{Outcome, DEFAULT_PROGRAM};

/// The whole app. Owns the program text; derives everything else from it.
#[component]
pub fn App() -> impl IntoView {
    let text = RwSignal::new(DEFAULT_PROGRAM.to_string());
    let outcome =
        Memo::new(move |prev: Option<&Outcome>| text.with(|src| Outcome::next(src, prev)));
    let error = Signal::derive(move || outcome.with(|o| o.error.clone()));
    view! {
        <header class="masthead">
            <h1>"chainrule"</h1>
            <p class="tagline">"Type a function, then watch the chain rule work on its computation graph."</p>
        </header>
        <main class="workspace">
            <Editor text=text error=error />
            <OutputValue outcome=outcome />
        </main>
    }
}
