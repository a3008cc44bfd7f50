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
    // Finite differences against their step size, for one input: shown on demand.
    let sweep_on = RwSignal::new(false);
    let sweep_input = RwSignal::new(0usize);
    let sweep = Memo::new(move |_| {
        if !sweep_on.get() {
            return None;
        }
        let i = sweep_input.get();
        lesson.with(|l| {
            let l = l.as_ref()?;
            let g = l.analysis().graph();
            let (name, _) = l.inputs.get(i)?;
            let truth = *l.analysis().adjoints().gradient().get(i)?;
            let e = crate::autodiff::sweep(g, i, 0);
            let of = format!("∂{}/∂{}", name_text(&l.output), name_text(name));
            Some((
                crate::plot::svg(&crate::charts::fd(&e, truth, &of)),
                crate::charts::fd_note(&e, truth),
            ))
        })
    });
    let names = move || {
        lesson.with(|l| {
            l.as_ref().map_or_else(Vec::new, |l| {
                l.inputs.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()
            })
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
            " "
            <button data-testid="fd-sweep" aria-pressed=move || sweep_on.get().to_string()
                on:click=move |_| sweep_on.update(|o| *o = !*o)>"Error against step size"</button>
            {move || sweep.get().map(|(svg, note)| view! {
                <div class="fd-sweep">
                    <label>"Input " <select data-testid="fd-input" on:change=move |e| {
                        sweep_input.set(event_target_value(&e).parse().unwrap_or(0));
                    }>
                        {names().into_iter().enumerate().map(|(k, n)| view! {
                            <option value=k.to_string() selected=move || sweep_input.get() == k>{name_text(&n)}</option>
                        }).collect_view()}
                    </select></label>
                    <div class="plot-box" inner_html=svg></div>
                    <p class="plot-note">{note}</p>
                </div>
            })}
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
