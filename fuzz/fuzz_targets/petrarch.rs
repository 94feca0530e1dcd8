//! PETRARCH-format dictionaries are outside input (users convert their own with `sitrep dict
//! import-petrarch`): every reader takes any text and reports problems by file and line, never
//! panics, and every problem names a line inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_lexicon::petrarch::read;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines = text.lines().count().max(1);
    let problems = [
        read::actors("f", text).1,
        read::agents("f", text).1,
        read::discards("f", text).1,
        read::verbs("f", text).1,
        read::crosswalk("f", text).1,
    ];
    for p in problems.iter().flatten() {
        assert!(p.line >= 1 && p.line <= lines + 1, "problem outside the text: {p}");
    }
});
