//! Inputs that once crashed a `cargo fuzz` target, replayed as the target feeds them: they
//! must run through the whole pipeline without a panic, every span slicing the input.

use sitrep_core::{ArticleInput, ArticleMeta, Spanned};
use sitrep_lexicon::Lexicon;
use sitrep_pipeline::Pipeline;

#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let p = Pipeline::new(&Lexicon::builtin());
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(20_000)]).into_owned();
        let input = ArticleInput {
            meta: ArticleMeta { id: "fuzz".into(), published: Some("2015-05-18".into()), ..Default::default() },
            text: text.clone(),
        };
        let (mut out, _) = p.extract(&input);
        let chars: Vec<char> = text.chars().collect();
        out.visit_spans(&mut |span, t| {
            assert!(span.0 <= span.1 && span.1 <= chars.len(), "{}: span {span:?}", path.display());
            if !t.is_empty() {
                assert_eq!(&chars[span.0..span.1].iter().collect::<String>(), t, "{}", path.display());
            }
        });
        n += 1;
    }
    assert!(n >= 1, "no regression inputs found in {dir}");
}
