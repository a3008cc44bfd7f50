//! chainrule: teach automatic differentiation on a graph the user typed.
//!
//! The app: a thin Leptos view ([`ui`]) over the pure core, `chainrule-core`
//! (`crates/core`), whose modules are re-exported here. The core's `lib.rs` names the
//! stages in the order data flows: parse, graph, autodiff, one analysis per program text,
//! symbolic, formulas, scene and lesson.

pub use chainrule_core::{
    analysis, autodiff, camera, charts, codegen, contour, export, expr, format, formula, graph,
    layout, lesson, link, plot, presets, scene, symbolic,
};

pub mod ui;

/// Everything the page computes, in one native call, for the fuzzer and its corpus.
#[cfg(not(target_arch = "wasm32"))]
pub mod exercise;
