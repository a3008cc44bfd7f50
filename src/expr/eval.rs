//! Direct evaluation of a program's output at the point its bindings give.
//!
//! This is the walking skeleton's evaluator; the computation graph replaces it as the
//! source of every number the app shows.

use std::collections::HashMap;

use super::ast::{ChainOp, Expr, ExprKind, Program, Stmt};
use super::error::ParseError;

/// The value of a program's output.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// The output's name (`f` in `f(x) = ...`), or `None` for an unnamed expression.
    pub output: Option<String>,
    /// Its value.
    pub value: f64,
}

/// Evaluates the program's output: the `f(...) = ...` statement if there is one, else the
/// last statement.
pub fn evaluate(program: &Program) -> Result<Evaluation, ParseError> {
    let mut defs: HashMap<&str, &Expr> = HashMap::new();
    for stmt in &program.stmts {
        if let Stmt::Binding {
            name,
            name_span,
            body,
            ..
        }
        | Stmt::Output {
            name,
            body,
            span: name_span,
            ..
        } = stmt
        {
            if defs.insert(name, body).is_some() {
                return Err(ParseError::new(
                    name_span.clone(),
                    format!("'{name}' is defined twice"),
                ));
            }
        }
    }
    let used = used_names(program);
    let is_input = |s: &&Stmt| match s {
        Stmt::Binding { name, body, .. } => {
            used.contains(name.as_str()) && names_in(body).is_empty()
        }
        _ => false,
    };
    let output = program
        .stmts
        .iter()
        .find(|s| matches!(s, Stmt::Output { .. }))
        .or_else(|| program.stmts.iter().rev().find(|s| !is_input(s)));
    let Some(output) = output else {
        return Err(ParseError::new(0..0, "the program is empty"));
    };
    let mut env = Env {
        defs,
        active: Vec::new(),
    };
    match output {
        Stmt::Output { name, body, .. } | Stmt::Binding { name, body, .. } => {
            let value = env.eval(body)?;
            Ok(Evaluation {
                output: Some(name.clone()),
                value,
            })
        }
        Stmt::Bare(body) => Ok(Evaluation {
            output: None,
            value: env.eval(body)?,
        }),
    }
}

/// Every name some statement's body refers to.
fn used_names(program: &Program) -> std::collections::HashSet<&str> {
    let bodies = program.stmts.iter().map(|s| match s {
        Stmt::Output { body, .. } | Stmt::Binding { body, .. } | Stmt::Bare(body) => body,
    });
    bodies.flat_map(names_in).collect()
}

/// The names an expression refers to (its depth is bounded by the parser).
fn names_in(e: &Expr) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Number(_) => {}
            ExprKind::Name(n) => out.push(n.as_str()),
            ExprKind::Neg(inner) => stack.push(inner),
            ExprKind::Pow(b, x) => stack.extend([&**b, &**x]),
            ExprKind::Call { args, .. } => stack.extend(args),
            ExprKind::Chain { first, rest } => {
                stack.push(first);
                stack.extend(rest.iter().map(|(_, e)| e));
            }
        }
    }
    out
}

struct Env<'a> {
    defs: HashMap<&'a str, &'a Expr>,
    active: Vec<&'a str>,
}

impl<'a> Env<'a> {
    fn eval(&mut self, e: &'a Expr) -> Result<f64, ParseError> {
        Ok(match &e.kind {
            ExprKind::Number(n) => *n,
            ExprKind::Name(name) => self.name(name, e)?,
            ExprKind::Neg(inner) => -self.eval(inner)?,
            ExprKind::Pow(b, x) => self.eval(b)?.powf(self.eval(x)?),
            ExprKind::Chain { first, rest } => {
                let mut acc = self.eval(first)?;
                for (op, operand) in rest {
                    let v = self.eval(operand)?;
                    acc = match op {
                        ChainOp::Add => acc + v,
                        ChainOp::Sub => acc - v,
                        ChainOp::Mul => acc * v,
                        ChainOp::Div => acc / v,
                    };
                }
                acc
            }
            ExprKind::Call {
                func,
                func_span,
                args,
            } => {
                let [arg] = args.as_slice() else {
                    let msg = format!("{func}() takes 1 argument, {} given", args.len());
                    return Err(ParseError::new(func_span.clone(), msg));
                };
                let v = self.eval(arg)?;
                match func.as_str() {
                    "sin" => v.sin(),
                    "cos" => v.cos(),
                    "exp" => v.exp(),
                    "ln" | "log" => v.ln(),
                    "sqrt" => v.sqrt(),
                    _ => {
                        return Err(ParseError::new(
                            func_span.clone(),
                            format!("unknown function '{func}'"),
                        ))
                    }
                }
            }
        })
    }

    fn name(&mut self, name: &'a str, at: &Expr) -> Result<f64, ParseError> {
        if self.active.contains(&name) {
            return Err(ParseError::new(
                at.span.clone(),
                format!("'{name}' depends on itself"),
            ));
        }
        let Some(def) = self.defs.get(name).copied() else {
            return match name {
                "pi" => Ok(std::f64::consts::PI),
                "e" => Ok(std::f64::consts::E),
                _ => Err(ParseError::new(
                    at.span.clone(),
                    format!("'{name}' has no value: give it one, e.g. {name} = 3"),
                )),
            };
        };
        self.active.push(name);
        let v = self.eval(def);
        self.active.pop();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    fn value(src: &str) -> f64 {
        evaluate(&parse(src).unwrap()).unwrap().value
    }

    #[test]
    fn seed_example_is_ten() {
        assert_eq!(value("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3"), 10.0);
    }

    #[test]
    fn olah_example_shadows_the_constant_e() {
        assert_eq!(value("c = a + b; d = b + 1; e = c * d; a = 2; b = 1"), 6.0);
    }

    #[test]
    fn missing_value_names_the_variable() {
        let err = evaluate(&parse("f(x) = x + y; x = 1").unwrap()).unwrap_err();
        assert!(err.message.contains("'y' has no value"), "{err}");
        assert_eq!(err.span, 11..12);
    }

    #[test]
    fn self_reference_is_an_error_not_a_stack_overflow() {
        let err = evaluate(&parse("a = b + 1; b = a").unwrap()).unwrap_err();
        assert!(err.message.contains("depends on itself"), "{err}");
    }
}
