//! The program editor, with the parse error under it.

use leptos::prelude::*;

use super::state::ErrorView;

/// A text area for the program. The text the user types is never rewritten: the area is
/// only written once, with the initial text.
#[component]
pub fn Editor(
    /// The program text, updated on every keystroke.
    text: RwSignal<String>,
    /// What is wrong with the current text, if anything.
    #[prop(into)]
    error: Signal<Option<ErrorView>>,
) -> impl IntoView {
    let initial = text.get_untracked();
    view! {
        <section class="editor">
            <label for="program">"Program"</label>
            <textarea
                id="program"
                data-testid="program"
                spellcheck="false"
                autocomplete="off"
                rows="4"
                prop:value=initial
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            {move || error.get().map(|e| view! {
                <div class="parse-error" data-testid="parse-error" role="alert">
                    <p>{e.headline}</p>
                    <pre>{e.snippet}</pre>
                </div>
            })}
        </section>
    }
}
