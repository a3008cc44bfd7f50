//! Automatic differentiation on the graph, as data: the forward primal trace, the tangent
//! trace of forward mode, the adjoint trace of reverse mode, the chain-rule paths, and the
//! timeline of steps the app animates. All f64; every walk is a loop over the graph's
//! Wengert order, never a recursion as deep as the graph.

mod forward;
mod paths;
mod reverse;
mod tangent;
mod timeline;

pub use forward::{evaluate, Trace};
pub use paths::{paths, Path, Paths, MAX_LISTED_PATHS};
pub use reverse::{reverse, Adjoints, Contribution};
pub use tangent::{tangents, Tangents};
pub use timeline::{Equation, Mode, Step, StepKind, Timeline};
