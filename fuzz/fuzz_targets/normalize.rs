//! The normalized→input map is monotone and ends at the input's length.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let n = sitrep_normalize::normalize(&input);
    let total = input.chars().count();
    assert_eq!(n.orig_offset(n.text.len()), total);
    let mut last = 0;
    for (b, _) in n.text.char_indices() {
        let o = n.orig_offset(b);
        assert!(o >= last && o <= total);
        last = o;
    }
});
