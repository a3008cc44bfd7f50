//! Links from strangers (issue 18): a hash of any shape is read without a panic, either as a
//! picture or as one sentence saying what is wrong.

use chainrule::link::{decode, encode, Link};

#[test]
fn hostile_hashes_are_read_or_refused_with_a_sentence() {
    let big = format!("#program={}", "x%20%2B%20".repeat(200_000));
    let cases: Vec<String> = vec![
        big,
        "#program=%ZZ".into(),
        "#program=%E2%82".into(),
        "#program=%".into(),
        "#program=x%3D1&step=-1".into(),
        "#program=x%3D1&step=99999999999999999999999".into(),
        "#program=x%3D1&mode=sideways".into(),
        "#program=x%3D1&program=y%3D2".into(),
        "#program=x%3D1&what=ever&=&&&=x".into(),
        "#program=x%3D1&view=1e999%2C0%2C0".into(),
        "#program=x%3D1&direction=1%2Cx".into(),
        "#program=x%3D1&engine=%00".into(),
        "#&&&".into(),
        "#".into(),
        "#step=3".into(),
    ];
    for hash in &cases {
        match decode(hash) {
            Ok(Some(link)) => {
                // Whatever was read goes out again and comes back the same.
                assert_eq!(decode(&encode(&link)), Ok(Some(link.clone())), "{hash:.80}");
            }
            Ok(None) => assert!(hash.trim_start_matches('#').is_empty(), "{hash:.80}"),
            Err(why) => {
                assert!(why.starts_with("The link"), "{hash:.80}: {why}");
                assert!(why.len() < 300, "{hash:.80}: a sentence, not a dump: {why}");
            }
        }
    }
    // The ones that must be refused say what is wrong.
    assert!(decode("#program=x%3D1&step=-1")
        .unwrap_err()
        .contains("step"));
    assert!(decode("#program=%ZZ").is_err());
    assert!(decode("#step=3").unwrap_err().contains("program"));
    // A key given twice: the last one counts.
    let twice = decode("#program=x%3D1&program=y%3D2").unwrap().unwrap();
    assert_eq!(twice.program, "y=2");
    // A link's program is at most what the editor accepts after reading: 2 MB of text is
    // read (and the page then says the program is too long, keeping it in the editor).
    let long = Link {
        program: "x + ".repeat(500_000),
        ..Link::default()
    };
    assert_eq!(decode(&encode(&long)), Ok(Some(long)));
}
