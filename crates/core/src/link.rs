//! The whole picture in a link: `#program=...&mode=forward&seed=x1&paths=b&step=5`, readable,
//! percent-encoded exactly as JavaScript's `encodeURIComponent`, so a teacher can build one by
//! hand or in a spreadsheet.

/// What a link restores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    /// The program text.
    pub program: String,
    /// Forward mode (tangents) instead of forward-then-reverse.
    pub forward: bool,
    /// Forward mode's seed input, by name (`all`: one pass per input).
    pub seed: Option<String>,
    /// The seed vector of one pass: in forward mode the direction v (`direction=1,0,2`),
    /// else the cotangent u (`cotangent=1,-1`).
    pub vector: Option<Vec<f64>>,
    /// The input whose chain-rule paths are lit, by name.
    pub paths: Option<String>,
    /// The step shown.
    pub step: usize,
    /// Edge partials shown.
    pub partials: bool,
    /// Presentation mode.
    pub presentation: bool,
    /// The calls folded into gates (`fold=sig#1,neuron#2`).
    pub fold: Vec<String>,
    /// Training mode: on, with its learning rate, momentum, parameters and iteration.
    pub training: Option<TrainLink>,
    /// The reverse-pass engine stepped (`engine=overwrite`; correct by default).
    pub engine: crate::autodiff::Engine,
    /// The backward pass shown as a graph of its own (`backward=1`).
    pub backward: bool,
    /// The Hessian panel open (`hessian=1`).
    pub hessian: bool,
    /// The graph's pan and zoom: the zoom and the drawing point at the panel's centre
    /// (`view=1.5,320,200`); absent: the view the drawing opens with.
    pub view: Option<(f64, f64, f64)>,
}

/// Training's part of a link: `train=1&lr=0.1&momentum=0.9&params=w,b&iteration=3`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainLink {
    /// η.
    pub rate: f64,
    /// μ.
    pub momentum: f64,
    /// The parameters chosen by name (`None`: the program's own).
    pub params: Option<Vec<String>>,
    /// Iterations done.
    pub iteration: usize,
}

/// The hash for `link`, without the leading `#`. Defaults are left out.
pub fn encode(link: &Link) -> String {
    let mut parts = vec![format!("program={}", percent_encode(&link.program))];
    if link.forward {
        parts.push("mode=forward".into());
    }
    if let Some(seed) = &link.seed {
        parts.push(format!("seed={}", percent_encode(seed)));
    }
    if let Some(v) = &link.vector {
        let key = if link.forward {
            "direction"
        } else {
            "cotangent"
        };
        let numbers: Vec<String> = v.iter().map(|x| crate::format::full(*x)).collect();
        parts.push(format!("{key}={}", percent_encode(&numbers.join(","))));
    }
    if let Some(paths) = &link.paths {
        parts.push(format!("paths={}", percent_encode(paths)));
    }
    if link.step > 0 {
        parts.push(format!("step={}", link.step));
    }
    if link.partials {
        parts.push("partials=1".into());
    }
    if link.presentation {
        parts.push("present=1".into());
    }
    if !link.fold.is_empty() {
        parts.push(format!("fold={}", percent_encode(&link.fold.join(","))));
    }
    if let Some(t) = &link.training {
        parts.push("train=1".into());
        parts.push(format!("lr={}", crate::format::full(t.rate)));
        if t.momentum != 0.0 {
            parts.push(format!("momentum={}", crate::format::full(t.momentum)));
        }
        if let Some(p) = &t.params {
            parts.push(format!("params={}", percent_encode(&p.join(","))));
        }
        if t.iteration > 0 {
            parts.push(format!("iteration={}", t.iteration));
        }
    }
    if link.engine != crate::autodiff::Engine::Correct {
        parts.push(format!("engine={}", link.engine.name()));
    }
    if link.backward {
        parts.push("backward=1".into());
    }
    if link.hessian {
        parts.push("hessian=1".into());
    }
    if let Some((z, cx, cy)) = link.view {
        parts.push(format!(
            "view={}",
            percent_encode(&format!("{z:.4},{cx:.1},{cy:.1}"))
        ));
    }
    parts.join("&")
}

/// Reads a hash (with or without its `#`). `Ok(None)` when it holds no program; an error
/// says what is wrong, in a sentence for the page.
pub fn decode(hash: &str) -> Result<Option<Link>, String> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.is_empty() {
        return Ok(None);
    }
    let mut link = Link::default();
    let mut program = None;
    let mut train: Option<TrainLink> = None;
    for part in hash.split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let value = percent_decode(value).map_err(|e| format!("The link's {key} {e}"))?;
        match key {
            "program" => program = Some(value),
            "mode" => link.forward = value == "forward",
            "seed" => link.seed = Some(value).filter(|v| !v.is_empty()),
            "paths" => link.paths = Some(value).filter(|v| !v.is_empty()),
            "direction" | "cotangent" => {
                let numbers: Result<Vec<f64>, _> =
                    value.split(',').map(|x| x.trim().parse::<f64>()).collect();
                link.vector =
                    Some(numbers.map_err(|_| {
                        format!("The link's {key} {value:?} is not a list of numbers")
                    })?);
            }
            "step" => {
                link.step = value
                    .parse()
                    .map_err(|_| format!("The link's step {value:?} is not a whole number"))?;
            }
            "partials" => link.partials = value == "1",
            "backward" => link.backward = value == "1",
            "hessian" => link.hessian = value == "1",
            "view" => link.view = Some(crate::camera::decode(&value)?),
            "engine" => {
                link.engine = crate::autodiff::Engine::parse(&value).ok_or_else(|| {
                    format!(
                        "The link's engine {value:?} is not one of correct, overwrite, recursive, twice"
                    )
                })?;
            }
            "present" => link.presentation = value == "1",
            "train" if value == "1" => {
                link.training.get_or_insert(TrainLink {
                    rate: 0.1,
                    ..TrainLink::default()
                });
            }
            "lr" | "momentum" | "iteration" | "params" => {
                let t = train.get_or_insert(TrainLink {
                    rate: 0.1,
                    ..TrainLink::default()
                });
                let number = || {
                    value
                        .parse::<f64>()
                        .map_err(|_| format!("The link's {key} {value:?} is not a number"))
                };
                match key {
                    "lr" => t.rate = number()?,
                    "momentum" => t.momentum = number()?,
                    "iteration" => {
                        t.iteration = value.parse().map_err(|_| {
                            format!("The link's iteration {value:?} is not a whole number")
                        })?
                    }
                    _ => {
                        t.params = Some(
                            value
                                .split(',')
                                .map(|p| p.trim().to_string())
                                .filter(|p| !p.is_empty())
                                .collect(),
                        )
                    }
                }
            }
            "fold" => {
                link.fold = value
                    .split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect();
            }
            _ => {}
        }
    }
    // Training's settings count only with train=1.
    if let (Some(t), Some(settings)) = (link.training.as_mut(), train) {
        *t = settings;
    }
    match program {
        Some(p) => {
            link.program = p;
            Ok(Some(link))
        }
        None => Err("The link has no program= part".into()),
    }
}

/// `encodeURIComponent`: UTF-8 bytes as %XX except `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `decodeURIComponent`, with the reason when the text is not valid.
pub fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("has a broken %-escape at character {}", i + 1))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "is not valid UTF-8 once decoded".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips() {
        let link = Link {
            program: "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5 # ü & = %".into(),
            forward: true,
            seed: Some("x2".into()),
            vector: None,
            paths: Some("x1".into()),
            step: 7,
            partials: true,
            presentation: true,
            fold: vec!["sig#1".into(), "neuron#2".into()],
            training: Some(TrainLink {
                rate: 0.05,
                momentum: 0.9,
                params: Some(vec!["w".into(), "b".into()]),
                iteration: 12,
            }),
            engine: crate::autodiff::Engine::Twice,
            backward: true,
            hessian: true,
            view: Some((1.5, 320.0, 200.5)),
        };
        let hash = encode(&link);
        assert!(
            hash.starts_with("program=f(x1%2C%20x2)%20%3D%20ln(x1)"),
            "{hash}"
        );
        assert!(hash.ends_with(
            "&fold=sig%231%2Cneuron%232&train=1&lr=0.05&momentum=0.9&params=w%2Cb&iteration=12&engine=twice&backward=1&hessian=1&view=1.5000%2C320.0%2C200.5"
        ), "{hash}");
        assert_eq!(decode(&format!("#{hash}")), Ok(Some(link)));
        // An engine that does not exist is a sentence, not a silent default.
        let bad = decode("#program=x%20%3D%201&engine=broken").expect_err("refused");
        assert!(bad.contains("\"broken\" is not one of correct"), "{bad}");
    }

    #[test]
    fn a_seed_vector_round_trips() {
        let link = Link {
            program: "f(a, b) = [a*b, a + b]; a = 1; b = 2".into(),
            vector: Some(vec![1.0, -0.5]),
            ..Link::default()
        };
        let hash = encode(&link);
        assert!(hash.ends_with("&cotangent=1%2C-0.5"), "{hash}");
        assert_eq!(decode(&hash), Ok(Some(link.clone())));
        let forward = Link {
            forward: true,
            ..link
        };
        assert!(encode(&forward).ends_with("&mode=forward&direction=1%2C-0.5"));
        assert_eq!(decode(&encode(&forward)), Ok(Some(forward)));
        assert!(decode("#program=x&direction=1,two")
            .unwrap_err()
            .contains("not a list of numbers"));
    }

    #[test]
    fn encoding_matches_encode_uri_component() {
        // encodeURIComponent("a b+c/d?e#f&g=h;i:j,k'(l)*~!é") in a browser:
        assert_eq!(
            percent_encode("a b+c/d?e#f&g=h;i:j,k'(l)*~!é"),
            "a%20b%2Bc%2Fd%3Fe%23f%26g%3Dh%3Bi%3Aj%2Ck'(l)*~!%C3%A9"
        );
    }

    #[test]
    fn the_short_form_and_defaults() {
        let l = decode("#program=x%20%3D%203").expect("ok").expect("a link");
        assert_eq!(l.program, "x = 3");
        assert_eq!((l.forward, l.step, l.seed, l.paths), (false, 0, None, None));
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
    }

    #[test]
    fn broken_links_say_what_is_wrong() {
        assert!(decode("#program=x%2")
            .unwrap_err()
            .contains("broken %-escape"));
        assert!(decode("#program=%FF").unwrap_err().contains("UTF-8"));
        assert!(decode("#program=x&step=two")
            .unwrap_err()
            .contains("whole number"));
        assert!(decode("#step=3").unwrap_err().contains("no program"));
    }
}
