//! Formulas as MathML, the browser's native math notation: `v3bar * cos(v0)` becomes
//! v̄₃ · cos(v₀) with real subscripts, bars and dots, `a^b` a superscript.
//!
//! The input is the small formula language the core prints (operands' labels or numbers,
//! `+ - * / ^`, function calls, brackets, `∂f/∂x`); anything else passes through as text,
//! escaped, so a label can never inject markup.

/// Function names printed upright and followed by an invisible function application.
const FUNCTIONS: &[&str] = &[
    "sin", "cos", "tan", "exp", "ln", "sqrt", "tanh", "sigmoid", "relu", "abs", "step", "sign",
];

/// A whole `<math>` element holding `parts` joined by `=` signs, e.g. an equation's
/// symbolic form, its numbers substituted, and its result.
pub fn equation(lhs: &str, op: &str, parts: &[&str]) -> String {
    let mut out = String::from("<math><mrow>");
    out.push_str(&formula(lhs));
    out.push_str(&format!("<mo>{}</mo>", escape(op)));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str("<mo>=</mo>");
        }
        out.push_str(&formula(part));
    }
    out.push_str("</mrow></math>");
    out
}

/// One formula as an inline `<math>` element.
pub fn inline(text: &str) -> String {
    format!("<math>{}</math>", formula(text))
}

/// One formula as a MathML `<mrow>` (no `<math>` around it).
pub fn formula(text: &str) -> String {
    let tokens = tokens(text);
    let mut pos = 0;
    let mut out = String::from("<mrow>");
    sequence(&tokens, &mut pos, &mut out, false);
    out.push_str("</mrow>");
    out
}

mod speech;
use crate::format::split_index;
pub use speech::spoken;

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Number(String),
    Op(char),
    Open,
    Close,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            // Wengert names before zero: v-1, v-2 (binary minus is always spaced).
            if chars[start..i] == ['v'] && chars.get(i) == Some(&'-') {
                let digits = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if digits > 0 {
                    i += 1 + digits;
                    while i < chars.len() && chars[i].is_alphabetic() {
                        i += 1;
                    }
                }
            }
            out.push(Token::Name(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() || c == '.' {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent: 1.5e-7.
            if matches!(chars.get(i), Some('e' | 'E')) {
                let sign = usize::from(matches!(chars.get(i + 1), Some('-' | '+')));
                if chars.get(i + 1 + sign).is_some_and(char::is_ascii_digit) {
                    i += 1 + sign;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            out.push(Token::Number(chars[start..i].iter().collect()));
        } else {
            i += 1;
            out.push(match c {
                '(' => Token::Open,
                ')' => Token::Close,
                c => Token::Op(c),
            });
        }
    }
    out
}

/// Writes tokens until the end or (inside brackets) the closing bracket.
fn sequence(tokens: &[Token], pos: &mut usize, out: &mut String, nested: bool) {
    while let Some(t) = tokens.get(*pos) {
        if *t == Token::Close && nested {
            return;
        }
        // A partial derivative ∂w/∂u as a fraction.
        if let [Token::Op('∂'), Token::Name(w), Token::Op('/'), Token::Op('∂'), Token::Name(u), ..] =
            &tokens[*pos..]
        {
            out.push_str(&format!(
                "<mfrac><mrow><mo rspace=\"0\">∂</mo>{}</mrow><mrow><mo rspace=\"0\">∂</mo>{}</mrow></mfrac>",
                name_ml(w),
                name_ml(u)
            ));
            *pos += 5;
            continue;
        }
        // ∂(expression)/∂u as a fraction.
        if let Some((end, u)) = partial_of_group(tokens, *pos) {
            let mut num = String::new();
            let mut inner = *pos + 2;
            sequence(tokens, &mut inner, &mut num, true);
            out.push_str(&format!(
                "<mfrac><mrow><mo rspace=\"0\">∂</mo><mo>(</mo>{num}<mo>)</mo></mrow><mrow><mo rspace=\"0\">∂</mo>{}</mrow></mfrac>",
                name_ml(u)
            ));
            *pos = end;
            continue;
        }
        let mut atom = atom(tokens, pos);
        // Powers bind to the atom before them: a^b, cos(v0)^2, a^(b - 1).
        while tokens.get(*pos) == Some(&Token::Op('^')) {
            *pos += 1;
            let exponent = atom_after(tokens, pos);
            atom = format!("<msup>{atom}{exponent}</msup>");
        }
        out.push_str(&atom);
    }
}

/// At `pos`, `∂ ( ... ) / ∂ u`: where it ends and u.
fn partial_of_group(tokens: &[Token], pos: usize) -> Option<(usize, &str)> {
    if tokens.get(pos) != Some(&Token::Op('∂')) || tokens.get(pos + 1) != Some(&Token::Open) {
        return None;
    }
    let mut depth = 0usize;
    let mut close = None;
    for (k, t) in tokens.iter().enumerate().skip(pos + 1) {
        match t {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    match &tokens[close + 1..] {
        [Token::Op('/'), Token::Op('∂'), Token::Name(u), ..] => Some((close + 4, u.as_str())),
        _ => None,
    }
}

/// The atom at `pos` (a name, number, bracketed group, function call or operator).
fn atom(tokens: &[Token], pos: &mut usize) -> String {
    let Some(t) = tokens.get(*pos) else {
        return String::new();
    };
    *pos += 1;
    match t {
        Token::Name(name) if FUNCTIONS.contains(&name.as_str()) => {
            let mut s = format!("<mi>{name}</mi><mo>&#x2061;</mo>");
            if tokens.get(*pos) == Some(&Token::Open) {
                *pos += 1;
                s.push_str(&group(tokens, pos));
            }
            format!("<mrow>{s}</mrow>")
        }
        Token::Name(name) => name_ml(name),
        Token::Number(n) => format!("<mn>{}</mn>", escape(n)),
        Token::Open => group(tokens, pos),
        Token::Close => "<mo>)</mo>".into(),
        Token::Op(c) => operator(*c),
    }
}

/// An exponent: an atom, with a leading minus kept (a^-1).
fn atom_after(tokens: &[Token], pos: &mut usize) -> String {
    if tokens.get(*pos) == Some(&Token::Op('-')) {
        *pos += 1;
        let a = atom(tokens, pos);
        return format!("<mrow><mo>−</mo>{a}</mrow>");
    }
    let a = atom(tokens, pos);
    // A bracketed exponent needs no brackets once raised.
    a.strip_prefix("<mrow><mo>(</mo>")
        .and_then(|s| s.strip_suffix("<mo>)</mo></mrow>"))
        .map_or(a.clone(), |inner| format!("<mrow>{inner}</mrow>"))
}

/// A bracketed group, the opening bracket already read.
fn group(tokens: &[Token], pos: &mut usize) -> String {
    let mut inner = String::new();
    sequence(tokens, pos, &mut inner, true);
    if tokens.get(*pos) == Some(&Token::Close) {
        *pos += 1;
    }
    format!("<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>")
}

fn operator(c: char) -> String {
    let s = match c {
        '*' => "·".to_string(),
        '-' => "−".to_string(),
        '∂' => return "<mo rspace=\"0\">∂</mo>".into(),
        c => escape(&c.to_string()),
    };
    format!("<mo>{s}</mo>")
}

/// A name: `x1` -> x with subscript 1, `v-1` -> v with subscript −1, `v3bar` -> v̄₃,
/// `v2dot` -> v̇₂; other names upright or italic as MathML decides.
fn name_ml(name: &str) -> String {
    let (stem, accent) = match accented_name(name) {
        (s, Some(Accent::Bar)) => (s, Some("¯")),
        (s, Some(Accent::Dot)) => (s, Some("˙")),
        (s, None) => (s, None),
    };
    let (base, minus, digits) = match split_index(stem) {
        Some((base, minus, digits)) => (base, if minus { "−" } else { "" }, digits),
        None => (stem, "", ""),
    };
    let mut core = format!("<mi>{}</mi>", escape(base));
    if let Some(a) = accent {
        core = format!("<mover accent=\"true\">{core}<mo>{a}</mo></mover>");
    }
    if digits.is_empty() {
        core
    } else {
        format!("<msub>{core}<mn>{minus}{digits}</mn></msub>")
    }
}

/// An adjoint's bar or a tangent's dot, written as a `bar`/`dot` suffix in the core's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Accent {
    Bar,
    Dot,
}

/// `v3bar` -> ("v3", Some(Bar)), `x1dot` -> ("x1", Some(Dot)), `bar` -> ("bar", None).
pub(crate) fn accented_name(name: &str) -> (&str, Option<Accent>) {
    if let Some(s) = name.strip_suffix("bar").filter(|s| !s.is_empty()) {
        (s, Some(Accent::Bar))
    } else if let Some(s) = name.strip_suffix("dot").filter(|s| !s.is_empty()) {
        (s, Some(Accent::Dot))
    } else {
        (name, None)
    }
}

/// Text for XML (HTML, SVG, MathML): `& < > "` escaped.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_subscripts_bars_and_dots() {
        assert_eq!(name_ml("x1"), "<msub><mi>x</mi><mn>1</mn></msub>");
        assert_eq!(name_ml("v-1"), "<msub><mi>v</mi><mn>−1</mn></msub>");
        assert_eq!(
            name_ml("v3bar"),
            "<msub><mover accent=\"true\"><mi>v</mi><mo>¯</mo></mover><mn>3</mn></msub>"
        );
        assert!(name_ml("v2dot").contains("˙"));
        assert_eq!(name_ml("loss"), "<mi>loss</mi>");
        assert_eq!(name_ml("bar"), "<mi>bar</mi>");
    }

    #[test]
    fn a_reverse_step_reads_like_the_paper() {
        let m = formula("v3bar * cos(v0)");
        assert!(m.contains("<mo>·</mo>"), "{m}");
        assert!(m.contains("<mi>cos</mi><mo>&#x2061;</mo><mrow><mo>(</mo><msub><mi>v</mi><mn>0</mn></msub><mo>)</mo></mrow>"), "{m}");
        let m = formula("(-1) * cos(5)");
        assert!(
            m.starts_with("<mrow><mrow><mo>(</mo><mo>−</mo><mn>1</mn><mo>)</mo></mrow>"),
            "{m}"
        );
    }

    #[test]
    fn powers_are_superscripts() {
        let m = formula("b * a^(b - 1)");
        assert!(
            m.contains("<msup><mi>a</mi><mrow><mi>b</mi><mo>−</mo><mn>1</mn></mrow></msup>"),
            "{m}"
        );
        let m = formula("1 / cos(v0)^2");
        assert!(m.contains("<msup><mrow><mi>cos</mi>"), "{m}");
        assert!(
            formula("x^-1").contains("<msup><mi>x</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup>")
        );
    }

    #[test]
    fn numbers_keep_their_exponents_and_markup_is_escaped() {
        assert!(formula("1.5e-7 + 2").contains("<mn>1.5e-7</mn>"));
        let m = formula("a < b & \"c\"");
        assert!(
            !m.contains("< b") && m.contains("&lt;") && m.contains("&amp;"),
            "{m}"
        );
    }

    #[test]
    fn an_equation_joins_its_parts() {
        let m = equation(
            "v0bar",
            "+=",
            &["v3bar * ∂v3/∂v0", "(-1) * cos(5)", "-0.2837"],
        );
        assert!(m.starts_with("<math>") && m.ends_with("</math>"));
        assert_eq!(m.matches("<mo>=</mo>").count(), 2);
        assert!(m.contains("<mo>+=</mo>"));
        assert!(
            m.contains(
                "<mfrac><mrow><mo rspace=\"0\">∂</mo><msub><mi>v</mi><mn>3</mn></msub></mrow>"
            ),
            "{m}"
        );
    }

    #[test]
    fn the_partial_of_an_expression_is_a_fraction() {
        let m = formula("∂(v-1 * v0)/∂v0 = v-1 = 2");
        assert!(m.starts_with("<mrow><mfrac><mrow><mo rspace=\"0\">∂</mo><mo>(</mo><msub><mi>v</mi><mn>−1</mn></msub><mo>·</mo>"), "{m}");
        assert!(m.contains("</mfrac><mo>=</mo>"), "{m}");
        assert!(formula("∂(x").starts_with("<mrow>"));
        assert!(formula("∂(x)/").starts_with("<mrow>"));
    }

    #[test]
    fn unbalanced_text_does_not_panic() {
        for s in [
            "(", ")", "a^", "^", "sin(", "((x", "v-", "v-x", "1e", "∂", "",
        ] {
            let m = formula(s);
            assert!(m.starts_with("<mrow>"));
        }
    }
}
