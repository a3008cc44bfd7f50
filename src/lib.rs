//! chainrule: teach automatic differentiation on a graph the user typed.
//!
//! The pipeline runs one way, each stage a pure function of the last:
//! the text is parsed into a [`expr::Program`] ([`expr::parse`]), which is evaluated at the
//! point its bindings give ([`expr::evaluate`]). Later stages (the computation DAG, the
//! forward, tangent and reverse traces, the layout) hang off the same chain. Everything
//! outside [`ui`] is pure Rust, tested natively; [`ui`] is a thin Leptos view over it.

pub mod autodiff;
pub mod export;
pub mod expr;
pub mod format;
pub mod graph;
pub mod lesson;
pub mod link;
pub mod math;
pub mod presets;
pub mod scene;
pub mod symbolic;
pub mod ui;

/// The layered layout, its own crate (`crates/layout`) so the WebAssembly build can
/// optimise it for speed.
pub use chainrule_layout as layout;
