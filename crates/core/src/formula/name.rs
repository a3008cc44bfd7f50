//! Names as they are written: a stem (a Greek letter when spelled as one) and a subscript.

use std::borrow::Cow;

/// A symbol's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Name {
    /// A name the user typed: `x1`, `xbar`, `x_1`, `alpha`, `loss`. Always shown as a
    /// name: trailing digits and what follows `_` become a subscript, a Greek letter's
    /// name becomes the letter; nothing else changes.
    User(String),
    /// A name the program assigns more than once, at its `version`-th assignment (2 and
    /// up): `c⁽²⁾`, written as the name with the version as a bracketed superscript.
    Version(String, u32),
    /// A Wengert id: `v₋₁`, `v₃` (letter `v`), a constant `c₀` (letter `c`).
    Id {
        /// `v` or `c`.
        letter: char,
        /// Its index (inputs have indices up to 0).
        index: i64,
    },
}

/// A name's subscript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subscript<'a> {
    /// An index: whether it is negative, and its digits.
    Index(bool, Cow<'a, str>),
    /// Other text, after an underscore: `x_dot` has subscript "dot".
    Text(&'a str),
}

impl Name {
    /// The stem as shown (Greek letters as letters) and the subscript, if any.
    pub fn parts(&self) -> (Cow<'_, str>, Option<Subscript<'_>>) {
        match self {
            Name::Id { letter, index } => (
                Cow::Owned(letter.to_string()),
                Some(Subscript::Index(
                    *index < 0,
                    Cow::Owned(index.unsigned_abs().to_string()),
                )),
            ),
            Name::User(s) | Name::Version(s, _) => {
                let (stem, sub) = split(s);
                let stem = greek(stem).map_or(Cow::Borrowed(stem), Cow::Borrowed);
                (stem, sub)
            }
        }
    }

    /// The name as typed (`x_1`) or as an id (`v-1`).
    pub fn raw(&self) -> Cow<'_, str> {
        match self {
            Name::User(s) | Name::Version(s, _) => Cow::Borrowed(s),
            Name::Id { letter, index } => Cow::Owned(format!("{letter}{index}")),
        }
    }
}

impl Name {
    /// The assignment the name stands at, from the second on.
    pub fn version(&self) -> Option<u32> {
        match self {
            Name::Version(_, v) => Some(*v),
            _ => None,
        }
    }
}

/// A version as superscript digits in brackets: 2 -> ⁽²⁾.
pub fn superscript(version: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::from('⁽');
    for c in version.to_string().bytes() {
        out.push(DIGITS[usize::from(c - b'0')]);
    }
    out.push('⁾');
    out
}

/// `x_1` -> ("x", Text or Index 1), `w12` -> ("w", Index 12), `loss` -> ("loss", None).
fn split(s: &str) -> (&str, Option<Subscript<'_>>) {
    if let Some((stem, sub)) = s.split_once('_') {
        if !stem.is_empty() && !sub.is_empty() {
            let sub = if sub.bytes().all(|b| b.is_ascii_digit()) {
                Subscript::Index(false, Cow::Borrowed(sub))
            } else {
                Subscript::Text(sub)
            };
            return (stem, Some(sub));
        }
        return (s, None);
    }
    let stem = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &s[stem.len()..];
    if stem.is_empty() || digits.is_empty() {
        return (s, None);
    }
    // Kept as text: digits too many for any integer type are still a subscript.
    (stem, Some(Subscript::Index(false, Cow::Borrowed(digits))))
}

/// The Greek letter a name spells, as Desmos shows them: `alpha` -> α, `Delta` -> Δ.
pub fn greek(name: &str) -> Option<&'static str> {
    LETTERS.iter().find(|(n, _)| *n == name).map(|&(_, g)| g)
}

/// The name of a Greek letter [`greek`] makes: α -> `alpha`.
pub fn greek_name(letter: &str) -> Option<&'static str> {
    LETTERS.iter().find(|(_, g)| *g == letter).map(|&(n, _)| n)
}

const LETTERS: [(&str, &str); 33] = [
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("iota", "ι"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("pi", "π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("upsilon", "υ"),
    ("phi", "φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
    ("Gamma", "Γ"),
    ("Delta", "Δ"),
    ("Theta", "Θ"),
    ("Lambda", "Λ"),
    ("Xi", "Ξ"),
    ("Pi", "Π"),
    ("Sigma", "Σ"),
    ("Phi", "Φ"),
    ("Psi", "Ψ"),
    ("Omega", "Ω"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (String, Option<String>) {
        let n = Name::User(s.into());
        let (stem, sub) = n.parts();
        let sub = sub.map(|s| match s {
            Subscript::Index(minus, d) => format!("#{}{d}", if minus { "-" } else { "" }),
            Subscript::Text(t) => t.to_string(),
        });
        (stem.into_owned(), sub)
    }

    #[test]
    fn names_split_into_stem_and_subscript() {
        assert_eq!(parts("x1"), ("x".into(), Some("#1".into())));
        assert_eq!(parts("x_1"), ("x".into(), Some("#1".into())));
        assert_eq!(parts("x_dot"), ("x".into(), Some("dot".into())));
        assert_eq!(parts("xbar"), ("xbar".into(), None));
        assert_eq!(parts("alpha"), ("α".into(), None));
        assert_eq!(parts("theta_0"), ("θ".into(), Some("#0".into())));
        assert_eq!(parts("loss"), ("loss".into(), None));
        assert_eq!(parts("_x"), ("_x".into(), None));
        assert_eq!(parts("x_"), ("x_".into(), None));
        // Too many digits for any integer: still a subscript, kept as its digits.
        assert_eq!(
            parts("w99999999999999999999").1,
            Some("#99999999999999999999".into())
        );
    }
}
