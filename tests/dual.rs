//! Forward mode over dual numbers (issue 15): Baydin's program seeded on x₁ ends at
//! 11.65 + 5.5ε; each step's rule is written in dual arithmetic with its numbers.

use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::autodiff::Mode;
use chainrule::lesson::{dual_text, Lesson};
use chainrule::scene::scene;

#[test]
fn baydin_over_dual_numbers() {
    let a = Arc::new(
        Analysis::new("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5").expect("builds"),
    );
    let s = Arc::new(scene(&a, None));
    let l = Lesson::new(a.clone(), s, Mode::Tangent { seed: 0 });
    let out = l.output_index(0).expect("f");
    let end = l.shown(out, l.last());
    assert_eq!(
        dual_text(end.value.expect("value"), end.tangent.expect("tangent")),
        "11.65 + 5.5ε"
    );
    let rules: Vec<String> = (0..l.len()).filter_map(|k| l.dual_rule(k)).collect();
    assert!(
        rules.contains(
            &"(a + bε)(c + dε) = ac + (ad + bc)ε: (2 + 1ε)(5 + 0ε) = 10 + 5ε".to_string()
        ),
        "{rules:#?}"
    );
    assert!(
        rules
            .iter()
            .any(|r| r.starts_with("ln(a + bε) = ln(a) + ln′(a)·b ε: ln(2 + 1ε) = 0.6931 + 0.5ε")),
        "{rules:#?}"
    );
    assert!(
        rules
            .iter()
            .any(|r| r.starts_with("sin(a + bε)") && r.ends_with("sin(5 + 0ε) = -0.9589 + 0ε")),
        "{rules:#?}"
    );
    assert!(
        rules
            .iter()
            .any(|r| r.starts_with("(a + bε) − (c + dε)") && r.ends_with("= 11.65 + 5.5ε")),
        "{rules:#?}"
    );
    assert_eq!(dual_text(1.0, -2.5), "1 − 2.5ε");
    // Not in a forward pass: no dual rule.
    let s = Arc::new(scene(&a, None));
    let r = Lesson::new(a, s, Mode::ForwardThenReverse);
    assert!((0..r.len()).all(|k| r.dual_rule(k).is_none()));
}
