//! Two checks beside the gradient: what the full gradient costs by forward and by reverse
//! mode, and a central-difference check of every entry.

use leptos::prelude::*;

use super::model::LessonId;
use super::state::Shared;
use crate::format::{full, significant};
use crate::formula::name_text;
use crate::lesson::Lesson;

/// A finite-difference check: for which lesson, and per input (per output and input with
/// several outputs) the input's name, the output's (empty with one), the central
/// difference and autodiff's value.
type Check = (LessonId, Vec<(String, String, f64, f64)>);

/// The cost counter and the finite-difference check.
#[component]
pub fn Checks(
    /// The lesson shown.
    lesson: Memo<Option<Shared<Lesson>>>,
) -> impl IntoView {
    let id = move || lesson.with(|l| l.as_ref().map_or(0, Shared::id));
    // A check belongs to the lesson it was run on: a new program or mode reads as none,
    // without an effect clearing it.
    let fd = RwSignal::new(None::<Check>);
    let run = move |_| {
        fd.set(lesson.with_untracked(|l| {
            l.as_ref().map(|l| {
                let several = l.outputs.len() > 1;
                let jacobian = l.analysis().jacobian();
                let mut rows = Vec::new();
                for (j, ad) in jacobian.iter().enumerate() {
                    let out = if several {
                        l.outputs[j].clone()
                    } else {
                        String::new()
                    };
                    for (((name, _), f), &a) in
                        l.inputs.iter().zip(l.finite_differences_of(j)).zip(ad)
                    {
                        rows.push((name.clone(), out.clone(), f, a));
                    }
                }
                (Shared::id(l), rows)
            })
        }));
    };
    let current = move || {
        let now = id();
        fd.with(|f| {
            f.as_ref()
                .filter(|(at, _)| *at == now)
                .map(|(_, rows)| rows.clone())
        })
    };
    let cost = Memo::new(move |_| lesson.with(|l| l.as_ref().map(|l| l.cost())));
    let cost = move || cost.get();
    view! {
        <section class="checks">
            {move || cost().map(|c| {
                let plural = |n: usize| if n == 1 { " pass, " } else { " passes, " };
                let what = if c.outputs == 1 {
                    "Full gradient".to_string()
                } else {
                    format!("Full Jacobian ({} × {})", c.outputs, c.inputs)
                };
                view! {
                    <p class="cost-counter" data-testid="cost" data-forward-passes=c.forward_passes()
                        data-reverse-passes=c.reverse_passes() data-forward-ops=c.forward_ops()
                        data-reverse-ops=c.reverse_ops() data-outputs=c.outputs>
                        {what} ": forward mode " <b>{c.forward_passes()}</b> {plural(c.forward_passes())}
                        <b>{c.forward_ops()}</b> " operations; reverse mode " <b>{c.reverse_passes()}</b>
                        {plural(c.reverse_passes())} <b>{c.reverse_ops()}</b> " operations: " {c.verdict()} "."
                    </p>
                }
            })}
            <button data-testid="fd-check" on:click=run>"Check with finite differences"</button>
            {move || current().map(|rows| view! {
                <ul class="fd-result" data-testid="fd-result">
                    {rows.into_iter().map(|(name, out, f, a)| {
                        let gap = (f - a).abs();
                        let ok = gap <= 1e-6 * a.abs().max(1.0);
                        view! {
                            <li data-input=name.clone() data-output=(!out.is_empty()).then(|| out.clone()) data-fd=full(f) data-ad=full(a) class:ok=ok>
                                "∂" {name_text(&out)} "/∂" {name_text(&name)} ": central difference " {significant(f, 7)}
                                ", autodiff " {significant(a, 7)} " — "
                                {if ok { format!("agree (gap {gap:.1e})") } else { format!("differ by {gap:.1e}") }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
