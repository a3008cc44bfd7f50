use super::*;

fn user(s: &str, role: Role) -> Formula {
    Formula::Symbol(Symbol {
        name: Name::User(s.into()),
        role,
    })
}

fn id(index: i64, role: Role) -> Formula {
    Formula::Symbol(Symbol {
        name: Name::Id { letter: 'v', index },
        role,
    })
}

#[test]
fn a_users_name_is_always_a_name() {
    assert_eq!(text(&user("xbar", Role::Value)), "xbar");
    assert_eq!(text(&user("x_dot", Role::Value)), "x_dot");
    assert_eq!(text(&user("x_1", Role::Value)), "x₁");
    assert_eq!(text(&user("x_1", Role::Adjoint)), "x̄₁");
    assert_eq!(text(&user("v3", Role::Value)), "v₃");
    assert_eq!(text(&user("alpha", Role::Value)), "α");
    assert_eq!(text(&user("theta_0", Role::Tangent)), "θ̇₀");
    // A longer name's adjoint bar runs over the whole name.
    assert_eq!(text(&user("xbar", Role::Adjoint)), "x̅b̅a̅r̅");
    let m = mathml(&user("xbar", Role::Value));
    assert_eq!(m, "<math><mi>xbar</mi></math>");
    let m = mathml(&user("x_dot", Role::Value));
    assert_eq!(m, "<math><msub><mi>x</mi><mi>dot</mi></msub></math>");
    assert_eq!(latex(&user("alpha", Role::Adjoint)), "\\bar{\\alpha}");
    assert_eq!(
        latex(&user("loss", Role::Adjoint)),
        "\\overline{\\mathrm{loss}}"
    );
    assert_eq!(latex(&user("x_1", Role::Value)), "x_{1}");
    assert_eq!(speech(&user("alpha1", Role::Adjoint)), "alpha bar 1");
}

#[test]
fn wengert_ids_get_subscripts_bars_and_dots() {
    assert_eq!(text(&id(-1, Role::Value)), "v₋₁");
    assert_eq!(
        mathml(&id(3, Role::Adjoint)),
        "<math><msub><mover accent=\"true\"><mi>v</mi><mo>¯</mo></mover><mn>3</mn></msub></math>"
    );
    assert!(mathml(&id(2, Role::Tangent)).contains("˙"));
    assert_eq!(speech(&id(-1, Role::Adjoint)), "v bar minus 1");
}

#[test]
fn brackets_only_where_needed() {
    let mut w = Written;
    let a = user("a", Role::Value);
    let b = user("b", Role::Value);
    let e = Op::Pow.partial_in(&mut w, 0, &[a.clone(), b.clone()], Formula::Number(0.0));
    assert_eq!(text(&e), "b · a^(b − 1)");
    let e = Op::Div.partial_in(&mut w, 1, &[a.clone(), b.clone()], Formula::Number(0.0));
    assert_eq!(text(&e), "−a / b^2");
    let e = Op::Tan.partial_in(&mut w, 0, std::slice::from_ref(&a), Formula::Number(0.0));
    assert_eq!(text(&e), "1 / cos(a)^2");
    let e = Formula::times(
        Formula::Number(-1.0),
        Formula::Call(Op::Cos, vec![Formula::Number(5.0)]),
    );
    assert_eq!(text(&e), "(−1) · cos(5)");
    assert_eq!(latex(&e), "\\left(-1\\right) \\cdot \\cos\\left(5\\right)");
    let sum = Formula::Sum(vec![
        (Sign::Plus, a.clone()),
        (Sign::Minus, Formula::sum(vec![a, b])),
    ]);
    assert_eq!(text(&sum), "a − (a + b)");
}

#[test]
fn markup_in_names_is_escaped() {
    let m = mathml(&user("a<b&\"c\"", Role::Value));
    assert!(
        !m.contains("<b") && m.contains("&lt;") && m.contains("&amp;"),
        "{m}"
    );
    let t = latex(&user("a_b{c}", Role::Value));
    assert!(t.contains("\\{c\\}"), "{t}");
}

#[test]
fn an_equation_joins_its_parts() {
    let eq = Equation {
        lhs: id(0, Role::Adjoint),
        accumulate: true,
        parts: vec![
            Formula::times(
                id(3, Role::Adjoint),
                Formula::partial(id(3, Role::Value), id(0, Role::Value)),
            ),
            Formula::Number(-0.28366218546322625),
        ],
    };
    let m = mathml_equation(&eq);
    assert!(m.starts_with("<math>") && m.ends_with("</math>"));
    assert!(
        m.contains("<mo>+=</mo>") && m.matches("<mo>=</mo>").count() == 1,
        "{m}"
    );
    assert!(
        m.contains("<mfrac><mrow><mo rspace=\"0\">∂</mo><msub><mi>v</mi><mn>3</mn></msub>"),
        "{m}"
    );
    assert_eq!(text_equation(&eq), "v̄₀ += v̄₃ · ∂v₃/∂v₀ = −0.2837");
    assert_eq!(
        speech_equation(&eq),
        "v bar 0 gains v bar 3 times partial v 3 over partial v 0 equals minus 0.2837"
    );
}
