//! Formulas read out for a screen reader.

use super::{accented_name, tokens, Accent, Token};
use crate::format::split_index;

/// A formula in words for a screen reader: `v3 = sin(v0) = -0.9589` reads "v 3 equals
/// sine of v 0 equals minus 0.9589".
pub fn spoken(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for t in tokens(text) {
        let w = match t {
            Token::Name(n) => spoken_name(&n),
            Token::Number(n) => n,
            Token::Open | Token::Close => continue,
            Token::Op(c) => match c {
                '=' => "equals".into(),
                '+' => "plus".into(),
                '-' => "minus".into(),
                '*' => "times".into(),
                '/' => "over".into(),
                '^' => "to the power".into(),
                '∂' => "partial".into(),
                c => c.to_string(),
            },
        };
        words.push(w);
    }
    // `+=` comes out as "plus equals": say "gains".
    words.join(" ").replace("plus equals", "gains")
}

fn spoken_name(name: &str) -> String {
    let function = match name {
        "sin" => Some("sine of"),
        "cos" => Some("cosine of"),
        "tan" => Some("tangent of"),
        "exp" => Some("exp of"),
        "ln" => Some("log of"),
        "sqrt" => Some("square root of"),
        "tanh" => Some("tanh of"),
        "sigmoid" => Some("sigmoid of"),
        "relu" => Some("relu of"),
        "abs" => Some("absolute value of"),
        "step" => Some("step of"),
        "sign" => Some("sign of"),
        _ => None,
    };
    if let Some(f) = function {
        return f.into();
    }
    let (stem, suffix) = match accented_name(name) {
        (s, Some(Accent::Bar)) => (s, " bar"),
        (s, Some(Accent::Dot)) => (s, " dot"),
        (s, None) => (s, ""),
    };
    match split_index(stem) {
        Some((base, minus, digits)) => {
            let minus = if minus { "minus " } else { "" };
            format!("{base}{suffix} {minus}{digits}")
        }
        None => format!("{stem}{suffix}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_read_out_in_words() {
        assert_eq!(
            spoken("v3 = sin(v0) = sin(5) = -0.9589"),
            "v 3 equals sine of v 0 equals sine of 5 equals minus 0.9589"
        );
        assert_eq!(
            spoken("v-1bar += v2bar * v0"),
            "v bar minus 1 gains v bar 2 times v 0"
        );
        assert_eq!(spoken("loss = x^2"), "loss equals x to the power 2");
    }
}
