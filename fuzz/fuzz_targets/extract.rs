//! The whole pipeline on arbitrary text: no panic, and every span slices the input to its text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_core::{ArticleInput, ArticleMeta, Spanned};
use sitrep_pipeline::Pipeline;
use std::sync::OnceLock;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let data = &data[..data.len().min(20_000)];
    let text = String::from_utf8_lossy(data).into_owned();
    let p = PIPELINE.get_or_init(|| Pipeline::new(&sitrep_lexicon::Lexicon::builtin()));
    let input = ArticleInput { meta: ArticleMeta { id: "fuzz".into(), published: Some("2015-05-18".into()), ..Default::default() }, text: text.clone() };
    let (mut out, _) = p.extract(&input);
    let chars: Vec<char> = text.chars().collect();
    out.visit_spans(&mut |span, t| {
        assert!(span.0 <= span.1 && span.1 <= chars.len(), "span {span:?} outside {}", chars.len());
        if !t.is_empty() {
            let s: String = chars[span.0..span.1].iter().collect();
            assert_eq!(&s, t);
        }
    });
});
