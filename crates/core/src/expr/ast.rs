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

/// A comparison between two numbers, in a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    /// Whether `a op b` holds (false when either is NaN, except `!=`).
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
        }
    }
}

/// A condition of an `if` or a `while`: true or false at the point, never a number.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    /// What the condition is.
    pub kind: CondKind,
    /// Where it stands in the text.
    pub span: Span,
    /// The whole condition of an `if` or a `while` as written (`abs(b) < 1000`), for the
    /// drawing; empty for the parts of one.
    pub text: String,
}

/// The kinds of condition. `and` and `or` chains are stored flat, like arithmetic chains.
#[derive(Clone, Debug, PartialEq)]
pub enum CondKind {
    /// `a < b`, `a == b`, ...
    Compare(CmpOp, Expr, Expr),
    /// `c1 and c2 and ...`
    All(Vec<Cond>),
    /// `c1 or c2 or ...`
    Any(Vec<Cond>),
    /// `not c`
    Not(Box<Cond>),
}

/// A block's statements, between `{` and `}`.
pub type Block = Vec<Stmt>;

/// One statement of a program.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `f(x1, x2) = body`: names the output and orders its inputs.
    Output {
        /// The output's name.
        name: String,
        /// The inputs as listed, each with its span.
        params: Vec<(String, Span)>,
        /// The defining expression (the first of a list `[e1, e2, ...]`).
        body: Expr,
        /// The other outputs of a list, in order (empty for one output).
        others: Vec<Expr>,
        /// The span of the whole statement.
        span: Span,
    },
    /// `name = body`, or `param name = number`: a parameter training updates.
    Binding {
        /// The bound name.
        name: String,
        /// Written with `param`: an input that training updates.
        param: bool,
        /// The span of the name.
        name_span: Span,
        /// The defining expression.
        body: Expr,
        /// The span of the whole statement.
        span: Span,
    },
    /// `name += body` (also `-=`, `*=`, `/=`): `name = name op (body)`.
    Update {
        /// The name assigned again.
        name: String,
        /// The span of the name.
        name_span: Span,
        /// The operator before `=`.
        op: ChainOp,
        /// The right-hand side.
        body: Expr,
        /// The span of the whole statement.
        span: Span,
    },
    /// `for i in A..B { ... }` (or `A..=B`), unrolled at the point.
    For {
        /// The loop counter's name.
        counter: String,
        /// The span of the counter's name.
        counter_span: Span,
        /// The first value.
        from: Expr,
        /// The bound: excluded, or included with `..=`.
        to: Expr,
        /// Whether the range is `A..=B`.
        inclusive: bool,
        /// The statements run for each value.
        body: Block,
        /// The span of the keyword `for`.
        keyword: Span,
        /// The span of the whole statement.
        span: Span,
    },
    /// `while COND { ... }`, unrolled at the point.
    While {
        /// Checked before each pass.
        cond: Cond,
        /// The statements run while it holds.
        body: Block,
        /// The span of the keyword `while`.
        keyword: Span,
        /// The span of the whole statement.
        span: Span,
    },
    /// `if C1 { ... } else if C2 { ... } else { ... }`: the branch taken at the point.
    If {
        /// Each condition with its block, in order.
        arms: Vec<(Cond, Block)>,
        /// The `else` block, if any.
        otherwise: Option<Block>,
        /// The span of the keyword `if`.
        keyword: Span,
        /// The span of the whole statement.
        span: Span,
    },
    /// `def name(params) = result`, or `def name(params) { body; return result }`: a
    /// function, inlined at every call.
    Def {
        /// The function's name.
        name: String,
        /// The span of its name.
        name_span: Span,
        /// The parameters, each with its span.
        params: Vec<(String, Span)>,
        /// The assignments before `return` (empty for the `=` form).
        body: Block,
        /// What it returns.
        result: Expr,
        /// The span of the whole definition.
        span: Span,
    },
    /// `return expr`, the last statement of a function's block.
    Return {
        /// What is returned.
        body: Expr,
        /// The span of the statement.
        span: Span,
    },
    /// An expression with no name: an unnamed output.
    Bare(Expr),
}

impl Stmt {
    /// The span of the whole statement.
    pub fn span(&self) -> Span {
        match self {
            Stmt::Output { span, .. }
            | Stmt::Binding { span, .. }
            | Stmt::Update { span, .. }
            | Stmt::For { span, .. }
            | Stmt::While { span, .. }
            | Stmt::If { span, .. }
            | Stmt::Def { span, .. }
            | Stmt::Return { span, .. } => span.clone(),
            Stmt::Bare(body) => body.span.clone(),
        }
    }

    /// The name the statement assigns, if it assigns one directly.
    pub fn assigned(&self) -> Option<&str> {
        match self {
            Stmt::Output { name, .. } | Stmt::Binding { name, .. } | Stmt::Update { name, .. } => {
                Some(name)
            }
            _ => None,
        }
    }

    /// Where the name the statement assigns is written.
    pub fn assigned_span(&self) -> Option<Span> {
        match self {
            Stmt::Output { name, span, .. } => Some(span.start..span.start + name.len()),
            Stmt::Binding { name_span, .. } | Stmt::Update { name_span, .. } => {
                Some(name_span.clone())
            }
            _ => None,
        }
    }

    /// The blocks nested directly in the statement.
    pub fn blocks(&self) -> Vec<&Block> {
        match self {
            Stmt::For { body, .. } | Stmt::While { body, .. } => vec![body],
            Stmt::If {
                arms, otherwise, ..
            } => arms.iter().map(|(_, b)| b).chain(otherwise).collect(),
            _ => vec![],
        }
    }
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

/// Prints a statement so that it parses back to the same meaning (a block on one line,
/// its statements separated by `;`).
impl fmt::Display for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stmt::Output {
                name,
                params,
                body,
                others,
                ..
            } => {
                let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
                write!(f, "{name}({}) = ", names.join(", "))?;
                if others.is_empty() {
                    return write!(f, "{body}");
                }
                write!(f, "[{body}")?;
                for e in others {
                    write!(f, ", {e}")?;
                }
                f.write_str("]")
            }
            Stmt::Binding {
                name, body, param, ..
            } => {
                let word = if *param { "param " } else { "" };
                write!(f, "{word}{name} = {body}")
            }
            Stmt::Update { name, op, body, .. } => write!(f, "{name} {}= {body}", op.symbol()),
            Stmt::For {
                counter,
                from,
                to,
                inclusive,
                body,
                ..
            } => {
                let dots = if *inclusive { "..=" } else { ".." };
                write!(f, "for {counter} in {from}{dots}{to} ")?;
                block(f, body)
            }
            Stmt::While { cond, body, .. } => {
                write!(f, "while {cond} ")?;
                block(f, body)
            }
            Stmt::If {
                arms, otherwise, ..
            } => {
                for (k, (cond, body)) in arms.iter().enumerate() {
                    if k > 0 {
                        f.write_str(" else ")?;
                    }
                    write!(f, "if {cond} ")?;
                    block(f, body)?;
                }
                if let Some(body) = otherwise {
                    f.write_str(" else ")?;
                    block(f, body)?;
                }
                Ok(())
            }
            Stmt::Def {
                name,
                params,
                body,
                result,
                ..
            } => {
                let names: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
                write!(f, "def {name}({})", names.join(", "))?;
                if body.is_empty() {
                    return write!(f, " = {result}");
                }
                f.write_str(" { ")?;
                for stmt in body {
                    write!(f, "{stmt}; ")?;
                }
                write!(f, "return {result} }}")
            }
            Stmt::Return { body, .. } => write!(f, "return {body}"),
            Stmt::Bare(body) => write!(f, "{body}"),
        }
    }
}

fn block(f: &mut fmt::Formatter<'_>, body: &Block) -> fmt::Result {
    f.write_str("{ ")?;
    for (k, stmt) in body.iter().enumerate() {
        if k > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{stmt}")?;
    }
    f.write_str(" }")
}

/// Prints fully bracketed: `((a < b) and (not (c == d)))`.
impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, items: &[Cond], word: &str| {
            f.write_str("(")?;
            for (k, c) in items.iter().enumerate() {
                if k > 0 {
                    write!(f, " {word} ")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str(")")
        };
        match &self.kind {
            CondKind::Compare(op, a, b) => write!(f, "({a} {} {b})", op.symbol()),
            CondKind::All(items) => list(f, items, "and"),
            CondKind::Any(items) => list(f, items, "or"),
            CondKind::Not(c) => write!(f, "(not {c})"),
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
