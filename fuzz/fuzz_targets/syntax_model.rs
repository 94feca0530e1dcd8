//! The syntax model reader on arbitrary bytes (a user's `--dict DIR/syntax.bin`): a clear
//! error or a usable model, never a panic; whatever `from_bytes` accepts parses a sentence
//! into one tree.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_syntax::Parser;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Parser::from_bytes(data.to_vec()) {
        let words = ["Gunmen", "killed", "three", "villagers", "."];
        let parse = p.parse(&words);
        assert_eq!(parse.heads.len(), words.len());
        assert_eq!((0..words.len()).filter(|&i| parse.head(i).is_none()).count(), 1);
    }
});
