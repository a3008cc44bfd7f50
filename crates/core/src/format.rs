//! How numbers are shown: rounded for the eye, full precision for the record.

/// `value` to `digits` significant digits, without trailing zeros: 0.693147… -> "0.6931".
/// NaN and infinities print as "NaN", "inf" and "-inf".
pub fn significant(value: f64, digits: usize) -> String {
    if !value.is_finite() {
        return full(value);
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let digits = digits.max(1);
    let magnitude = value.abs().log10().floor() as i32;
    if !(-5..15).contains(&magnitude) {
        let s = format!("{:.*e}", digits - 1, value);
        return trim_exponent_form(&s);
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// The shortest text that reads back as exactly `value` (Rust's round-trip formatting).
pub fn full(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        format!("{value}")
    }
}

/// Combining macron: an adjoint's bar (v̄).
pub const BAR: char = '\u{0304}';
/// Combining dot above: a tangent's dot (v̇).
pub const DOT: char = '\u{0307}';

/// A name with `accent` over the end of its stem and its index as subscripts: v3 -> v̄₃.
pub fn accented(name: &str, accent: char) -> String {
    let s = subscripted(name);
    let stem_end = s
        .char_indices()
        .find(|&(_, c)| ('\u{2080}'..='\u{208b}').contains(&c))
        .map_or(s.len(), |(i, _)| i);
    format!("{}{accent}{}", &s[..stem_end], &s[stem_end..])
}

/// A name and its trailing index: `x12` -> ("x", false, "12"), `v-1` -> ("v", true, "1").
/// None when there is no index or nothing before it. Every notation (subscripts, MathML,
/// LaTeX, speech) writes names through this one reading.
pub fn split_index(name: &str) -> Option<(&str, bool, &str)> {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    if digits.is_empty() || stem.is_empty() {
        return None;
    }
    Some(match stem.strip_suffix('-') {
        Some(s) if !s.is_empty() => (s, true, digits),
        _ => (stem, false, digits),
    })
}

/// A name with its trailing index as real subscripts: x1 -> x₁, v-1 -> v₋₁, w12 -> w₁₂.
/// Names without a trailing index come back as they are.
pub fn subscripted(name: &str) -> String {
    let Some((stem, minus, digits)) = split_index(name) else {
        return name.to_string();
    };
    let minus = if minus { "₋" } else { "" };
    let sub: String = digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .filter_map(|d| char::from_u32(0x2080 + d))
        .collect();
    format!("{stem}{minus}{sub}")
}

fn trim_exponent_form(s: &str) -> String {
    let Some((mantissa, exp)) = s.split_once('e') else {
        return s.to_string();
    };
    let mantissa = if mantissa.contains('.') {
        mantissa.trim_end_matches('0').trim_end_matches('.')
    } else {
        mantissa
    };
    format!("{mantissa}e{exp}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_rounds_to_four_digits_like_the_papers() {
        assert_eq!(significant(std::f64::consts::LN_2, 4), "0.6931");
        assert_eq!(significant(-0.958924274663138, 4), "-0.9589");
        assert_eq!(significant(11.6520714552231, 4), "11.65");
        assert_eq!(significant(10.0, 4), "10");
        assert_eq!(significant(1.71633781453677, 4), "1.716");
        assert_eq!(significant(12345.0, 4), "12345");
    }

    #[test]
    fn significant_uses_exponent_form_for_extreme_magnitudes() {
        assert_eq!(significant(1.5e-7, 4), "1.5e-7");
        assert_eq!(significant(6.02e23, 4), "6.02e23");
    }

    #[test]
    fn non_finite_values_are_named() {
        assert_eq!(significant(f64::NAN, 4), "NaN");
        assert_eq!(significant(f64::INFINITY, 4), "inf");
        assert_eq!(full(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn indices_become_subscripts() {
        assert_eq!(subscripted("x1"), "x₁");
        assert_eq!(subscripted("v-1"), "v₋₁");
        assert_eq!(subscripted("w12"), "w₁₂");
        assert_eq!(subscripted("loss"), "loss");
        assert_eq!(subscripted("2"), "2");
    }

    #[test]
    fn full_round_trips() {
        let v = 0.1 + 0.2;
        assert_eq!(full(v).parse::<f64>().unwrap(), v);
    }
}
