//! Gold-file lines are outside input too (users bring their own gold files): any line gets a
//! verdict, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        let _ = sitrep_eval::gold_line_problems(line);
    }
});
