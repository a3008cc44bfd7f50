//! Every input the fuzzer (`examples/fuzz.rs`) ever failed on, kept in `tests/fuzz-corpus`,
//! run again through everything the page computes: none may panic (or overflow the stack).

use chainrule::exercise::exercise;

#[test]
fn every_input_the_fuzzer_failed_on_now_runs() {
    let mut ran = 0;
    for entry in std::fs::read_dir("tests/fuzz-corpus").expect("the corpus folder") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a text");
        exercise(&text);
        ran += 1;
    }
    assert!(ran > 0);
}
