//! The program editor, with the parse error under it.

use std::time::Duration;

use leptos::prelude::*;

use super::state::ErrorView;

/// Programs up to this many bytes re-parse on the next animation frame; longer ones wait
/// until typing pauses.
const QUICK_BYTES: usize = 4_000;

/// A text area for the program. The text the user types is never rewritten: the area is
/// written only when a program is loaded (at start, or from a link). Keystrokes are
/// coalesced: the program re-parses at most once per frame.
#[component]
pub fn Editor(
    /// The program text the app works on.
    text: RwSignal<String>,
    /// A program loaded from outside (a link): replaces the text area's content.
    loaded: RwSignal<String>,
    /// What is wrong with the current text, if anything.
    #[prop(into)]
    error: Signal<Option<ErrorView>>,
) -> impl IntoView {
    let draft = StoredValue::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let frame_booked = StoredValue::new(false);
    // A program loaded from outside wins over keystrokes still waiting to be applied.
    Effect::new(move |_| {
        draft.set_value(loaded.get());
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
    });
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        let quick = value.len() <= QUICK_BYTES;
        draft.set_value(value);
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let apply = move || {
            pending.set_value(None);
            frame_booked.set_value(false);
            text.set(draft.get_value());
        };
        if quick {
            if !frame_booked.get_value() {
                frame_booked.set_value(true);
                request_animation_frame(apply);
            }
        } else {
            pending.set_value(set_timeout_with_handle(apply, Duration::from_millis(150)).ok());
        }
    };
    view! {
        <section class="editor">
            <label for="program">"Program"</label>
            <textarea
                id="program"
                data-testid="program"
                spellcheck="false"
                autocomplete="off"
                rows="3"
                prop:value=move || loaded.get()
                on:input=on_input
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
