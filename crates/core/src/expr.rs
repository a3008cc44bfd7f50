//! The expression language a teacher types: syntax tree, nom parser, errors with spans.

mod ast;
mod error;
mod parser;

pub use ast::{Block, ChainOp, CmpOp, Cond, CondKind, Expr, ExprKind, Program, Span, Stmt};
pub use error::ParseError;
pub use parser::{parse, MAX_BYTES, MAX_DEPTH};
