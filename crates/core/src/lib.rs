//! chainrule's core: everything computed about a program, with no screen in sight.
//!
//! The stages, in the order data flows (each a pure function of the ones before):
//! 1. [`expr`]: the text is parsed into a [`expr::Program`] ([`expr::parse`]);
//! 2. [`graph`]: the program becomes its computation DAG ([`graph::Graph::build`]);
//! 3. [`autodiff`]: the primal trace ([`autodiff::evaluate`]), the adjoints
//!    ([`autodiff::reverse`]), tangents per seed ([`autodiff::tangents`]), chain-rule paths,
//!    the timeline of steps;
//! 4. [`analysis`]: one [`analysis::Analysis`] holds what a program text yields (graph,
//!    trace, adjoints, tangents on demand), each pass run once; everything after reads it;
//! 5. [`symbolic`]: the gradient as simplified expressions;
//! 6. [`formula`]: typed formulas (symbols know their role: value, adjoint, tangent) and
//!    their renderers (MathML, text, speech, LaTeX); nothing parses formula text;
//! 7. [`scene`] (the graph as drawable boxes and routes, laid out by [`layout`]) and
//!    [`lesson`] (a program in one mode, stepped; each step built when it is shown);
//! 8. [`link`], [`presets`], [`export`]: the state in a link, the examples, handouts.
//!
//! [`format`] writes numbers (4 significant digits, full precision).

pub mod analysis;
pub mod autodiff;
pub mod camera;
pub mod charts;
pub mod codegen;
pub mod contour;
pub mod export;
pub mod expr;
pub mod format;
pub mod formula;
pub mod graph;
pub mod lesson;
pub mod link;
pub mod plot;
pub mod presets;
pub mod scene;
pub mod symbolic;

/// The layered layout, its own crate (`crates/layout`) so the WebAssembly build can
/// optimise it for speed.
pub use chainrule_layout as layout;
