//! The syntax tree of a program, with the byte span of every piece.
//!
//! Left-associative chains (`a + b - c`, `a * b / c`) are stored flat, as a first operand
//! and a list of `(operator, operand)` pairs, so the tree is only as deep as the text's
//! nesting (parentheses, signs, powers), which the parser bounds. A program of 10,000
//! terms in a row is then one wide node, never a 10,000-deep recursion.

use std::fmt;
use std::ops::Range;

/// A byte range in the program text.
pub type Span = Range<usize>;

/// An operator joining the items of a left-associative chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChainOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`, or two factors written side by side (`2x`).
    Mul,
    /// `/`
    Div,
}

impl ChainOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            ChainOp::Add => "+",
            ChainOp::Sub => "-",
            ChainOp::Mul => "*",
            ChainOp::Div => "/",
        }
    }
}

/// An expression node with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it stands in the text.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number literal.
    Number(f64),
    /// A variable, a named intermediate or a constant (`pi`, `e`).
    Name(String),
    /// A function applied to arguments: `sin(x)`.
    Call {
        /// The function's name as typed.
        func: String,
        /// The span of the function's name.
        func_span: Span,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// Unary minus.
    Neg(Box<Expr>),
    /// `base ^ exponent`.
    Pow(Box<Expr>, Box<Expr>),
    /// A left-associative chain of one precedence level.
    Chain {
        /// The first operand.
        first: Box<Expr>,
        /// The operators and operands that follow, in order.
        rest: Vec<(ChainOp, Expr)>,
    },
}

/// One statement of a program.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `f(x1, x2) = body`: names the output and orders its inputs.
    Output {
        /// The output's name.
        name: String,
        /// The inputs as listed, each with its span.
        params: Vec<(String, Span)>,
        /// The defining expression.
        body: Expr,
        /// The span of the whole statement.
        span: Span,
    },
    /// `name = body`.
    Binding {
        /// The bound name.
        name: String,
        /// The span of the name.
        name_span: Span,
        /// The defining expression.
        body: Expr,
        /// The span of the whole statement.
        span: Span,
    },
    /// An expression with no name: an unnamed output.
    Bare(Expr),
}

/// A parsed program: its statements in order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    /// The statements in the order written.
    pub stmts: Vec<Stmt>,
}

/// Prints fully parenthesised, so tests can state precedence and associativity plainly:
/// `-x^2` prints as `(-(x ^ 2))`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(n) => write!(f, "{n}"),
            ExprKind::Name(name) => f.write_str(name),
            ExprKind::Call { func, args, .. } => {
                write!(f, "{func}(")?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(")")
            }
            ExprKind::Neg(inner) => write!(f, "(-{inner})"),
            ExprKind::Pow(base, exp) => write!(f, "({base} ^ {exp})"),
            ExprKind::Chain { first, rest } => {
                // Left-assoc: ((a + b) - c); the opening parens come first.
                for _ in 0..rest.len() {
                    f.write_str("(")?;
                }
                write!(f, "{first}")?;
                for (op, operand) in rest {
                    write!(f, " {} {operand})", op.symbol())?;
                }
                Ok(())
            }
        }
    }
}

/// Prints a statement so that it parses back to the same meaning.
impl fmt::Display for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stmt::Output {
                name, params, body, ..
            } => {
                let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
                write!(f, "{name}({}) = {body}", names.join(", "))
            }
            Stmt::Binding { name, body, .. } => write!(f, "{name} = {body}"),
            Stmt::Bare(body) => write!(f, "{body}"),
        }
    }
}

/// One statement per line.
impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for stmt in &self.stmts {
            writeln!(f, "{stmt}")?;
        }
        Ok(())
    }
}
