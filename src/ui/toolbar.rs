//! The masthead's tools for class: presets, copy link, presentation mode and fullscreen,
//! light or dark, and exports of the current picture.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::Shared;
use crate::codegen::{script, Asks, Syntax};
use crate::export;
use crate::lesson::Lesson;
use crate::presets::PRESETS;

/// Presets, link, presentation, theme and exports.
#[component]
pub fn Toolbar(
    /// Loads a program at step 0.
    load: Callback<String>,
    /// Presentation mode.
    presentation: RwSignal<bool>,
    /// The lesson shown (for exports).
    lesson: Memo<Option<Shared<Lesson>>>,
    /// The current step (for exports).
    step: Memo<usize>,
    /// The keyboard help.
    help: RwSignal<bool>,
    /// The program's text (for the Python exports).
    #[prop(into)]
    program: Signal<String>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let href = window.location().href().unwrap_or_default();
        let _ = window.navigator().clipboard().write_text(&href);
        copied.set(Some("Link copied"));
    };
    let theme = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let (Some(root), Some(t)) = (root, theme.get()) {
            let _ = root.set_attribute("data-theme", t);
        }
    });
    let toggle_theme = move |_| {
        let dark_now = theme
            .get_untracked()
            .map_or_else(prefers_dark, |t| t == "dark");
        theme.set(Some(if dark_now { "light" } else { "dark" }));
    };
    let fullscreen = move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.request_fullscreen();
        }
        presentation.set(true);
    };
    let menu = NodeRef::<leptos::html::Details>::new();
    let export = move |kind: &'static str| {
        // The menu closes once a format is chosen.
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
        }
        let Some(l) = lesson.get_untracked() else {
            return;
        };
        let step = step.get_untracked();
        let python = |syntax: Syntax| {
            let g = l.analysis().graph();
            let asks = Asks {
                hessian: l.outputs.len() == 1 && g.inputs().len() <= 20,
            };
            // The text as parsed: its loops, branches and functions go out as Python's.
            let parsed = program.with_untracked(|t| crate::expr::parse(t).ok());
            script(g, parsed.as_ref(), syntax, "chainrule export", asks)
        };
        let copy = match kind {
            "copy-latex" => Some((export::latex(&l), "LaTeX copied")),
            "copy-jax" => Some((python(Syntax::Jax), "JAX script copied")),
            "copy-pytorch" => Some((python(Syntax::Torch), "PyTorch script copied")),
            _ => None,
        };
        if let Some((text, said)) = copy {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
                copied.set(Some(said));
            }
            return;
        }
        if kind == "png" {
            download_png(
                &export::svg(&l, step, &css_variable),
                l.scene.width,
                l.scene.height,
            );
            return;
        }
        let (name, mime, body) = match kind {
            "svg" => (
                "chainrule-graph.svg",
                "image/svg+xml",
                export::svg(&l, step, &css_variable),
            ),
            "latex" => (
                "chainrule-trace.tex",
                "application/x-tex",
                export::latex(&l),
            ),
            "csv" => ("chainrule-trace.csv", "text/csv", export::csv(&l)),
            "jax" => ("chainrule_jax.py", "text/x-python", python(Syntax::Jax)),
            "pytorch" => (
                "chainrule_pytorch.py",
                "text/x-python",
                python(Syntax::Torch),
            ),
            _ => ("chainrule-graph.dot", "text/vnd.graphviz", export::dot(&l)),
        };
        download(name, mime, &body);
    };
    view! {
        <nav class="toolbar" aria-label="class tools">
            <label class="presets-label">"Presets "
                <select data-testid="presets" on:change=move |e| {
                    let id = event_target_value(&e);
                    if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                        load.run(p.program.to_string());
                    }
                }>
                    <option value="" selected>"choose…"</option>
                    {PRESETS.iter().map(|p| view! { <option value=p.id data-preset=p.id title=p.note>{p.title}</option> }).collect_view()}
                </select>
            </label>
            <button data-testid="copy-link" on:click=copy title="Copy a link to exactly this picture">
                {move || copied.get().unwrap_or("Copy link")}
            </button>
            <details class="exports" node_ref=menu>
                <summary>"Export"</summary>
                <div class="export-menu">
                    <button data-testid="export-svg" on:click=move |_| export("svg")>"Graph as SVG"</button>
                    <button data-testid="export-png" on:click=move |_| export("png")>"Graph as PNG"</button>
                    <button data-testid="export-dot" on:click=move |_| export("dot")>"Graph as Graphviz DOT"</button>
                    <button data-testid="export-latex" on:click=move |_| export("latex")>"Trace as LaTeX"</button>
                    <button data-testid="copy-latex" on:click=move |_| export("copy-latex")>"Copy trace as LaTeX"</button>
                    <button data-testid="export-csv" on:click=move |_| export("csv")>"Trace as CSV"</button>
                    <button data-testid="export-jax" on:click=move |_| export("jax")>"Program as JAX (Python)"</button>
                    <button data-testid="export-pytorch" on:click=move |_| export("pytorch")>"Program as PyTorch (Python)"</button>
                    <button data-testid="copy-jax" on:click=move |_| export("copy-jax")>"Copy as JAX"</button>
                    <button data-testid="copy-pytorch" on:click=move |_| export("copy-pytorch")>"Copy as PyTorch"</button>
                </div>
            </details>
            <button data-testid="theme" on:click=toggle_theme title="Light or dark">"◐"</button>
            <button data-testid="presentation" aria-pressed=move || presentation.get().to_string()
                on:click=move |_| presentation.update(|p| *p = !*p) title="Large type for a projector">
                "Present"
            </button>
            <button data-testid="help-button" on:click=move |_| help.set(true) title="Keys (?)" aria-label="keyboard help">"?"</button>
            <button data-testid="fullscreen" on:click=fullscreen title="Fullscreen presentation" aria-label="fullscreen">
                <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                    <path d="M1,1 h5 v2 h-3 v3 h-2 z M15,1 v5 h-2 v-3 h-3 v-2 z M1,15 v-5 h2 v3 h3 v2 z M15,15 h-5 v-2 h3 v-3 h2 z" />
                </svg>
            </button>
        </nav>
    }
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Offers `body` as a file download.
fn download(name: &str, mime: &str, body: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(body));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Let the download start before the object URL goes.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
}

/// Offers the SVG drawing as a PNG at twice its size (sharp on a handout): the browser draws
/// the SVG into a canvas, which encodes it.
fn download_png(svg: &str, width: f64, height: f64) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let source = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        crate::link::percent_encode(svg)
    );
    let loaded = image.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let scale = 2.0;
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((width * scale).ceil() as u32);
        canvas.set_height((height * scale).ceil() as u32);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, width * scale, height * scale);
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &loaded,
            0.0,
            0.0,
            width * scale,
            height * scale,
        );
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            if let Some(a) = document
                .create_element("a")
                .ok()
                .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            {
                a.set_href(&url);
                a.set_download("chainrule-graph.png");
                a.click();
            }
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&source);
}

/// The computed value of a CSS custom property on the page (the theme's colour), so the
/// exported drawing takes its colours from the stylesheet, light or dark.
fn css_variable(name: &str) -> String {
    let Some(root) = document().document_element() else {
        return String::new();
    };
    window()
        .get_computed_style(&root)
        .ok()
        .flatten()
        .and_then(|style| style.get_property_value(name).ok())
        .unwrap_or_default()
}
