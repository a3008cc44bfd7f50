//! The layout benchmark inside the browser: the end-to-end tests call it through trunk's
//! `window.wasmBindings` to time the layout as WebAssembly in Chromium.

use wasm_bindgen::prelude::*;

use crate::layout::{layout, read_edges, Options, Size};

/// Lays out the graph of an `.edges` text `repeat` times; returns the median time in ms.
#[wasm_bindgen(js_name = layoutBenchmark)]
pub fn layout_benchmark(edges: &str, repeat: u32) -> Result<f64, JsValue> {
    let g = read_edges(edges, Size { w: 54.0, h: 36.0 }).map_err(|e| JsValue::from_str(&e))?;
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return Err(JsValue::from_str("no performance clock"));
    };
    let mut times = Vec::new();
    for _ in 0..repeat.max(1) {
        let start = perf.now();
        let l = layout(&g, &Options::default(), None);
        times.push(perf.now() - start);
        std::hint::black_box(l);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}
