//! The page: header, editor and result.

use leptos::prelude::*;

use super::editor::Editor;
use super::graph_view::GraphView;
use super::output::OutputValue;
use super::state::{Outcome, DEFAULT_PROGRAM};

/// The whole app. Owns the program text; derives everything else from it.
#[component]
pub fn App() -> impl IntoView {
    let text = RwSignal::new(DEFAULT_PROGRAM.to_string());
    let outcome =
        Memo::new(move |prev: Option<&Outcome>| text.with(|src| Outcome::next(src, prev)));
    let error = Signal::derive(move || outcome.with(|o| o.error.clone()));
    let scene =
        Signal::derive(move || outcome.with(|o| o.last_good.as_ref().map(|r| r.scene.clone())));
    let stale = Signal::derive(move || outcome.with(|o| o.error.is_some()));
    view! {
        <header class="masthead">
            <h1>"chainrule"</h1>
            <p class="tagline">"Type a function, then watch the chain rule work on its computation graph."</p>
        </header>
        <main class="workspace">
            <div class="side">
                <Editor text=text error=error />
                <OutputValue outcome=outcome />
            </div>
            <GraphView scene=scene stale=stale />
        </main>
    }
}
