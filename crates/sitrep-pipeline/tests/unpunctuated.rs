//! Scraped text without sentence punctuation: the whole pipeline runs over it with every
//! sentence within `segment.toml`'s bound and every span slicing the input. (Run time is
//! what the bound is for; `sitrep extract` on 1 MB takes about a second in release mode, see
//! BENCHMARKS.md. These tests keep to 100 KB so that debug builds stay quick.)

use sitrep_core::{ArticleInput, ArticleMeta, Spanned};
use sitrep_lexicon::Lexicon;
use sitrep_pipeline::Pipeline;

use sitrep_test_support::unpunctuated_text as unpunctuated;

/// Runs the pipeline; checks spans and that every event's sentence is within `bound`.
fn check(lex: &Lexicon, text: &str, bound: usize) -> usize {
    let p = Pipeline::new(lex);
    let input = ArticleInput {
        meta: ArticleMeta { id: "scraped".into(), published: Some("2024-03-04".into()), ..Default::default() },
        text: text.to_string(),
    };
    let (mut out, _) = p.extract(&input);
    for e in &out.events {
        let s = e.sentence.span;
        assert!(s.0 <= e.trigger.span.0 && e.trigger.span.1 <= s.1, "trigger inside its sentence");
        assert!(s.1 - s.0 <= bound, "sentence of {} chars over the bound {bound}", s.1 - s.0);
    }
    let n = out.events.len();
    let chars: Vec<char> = text.chars().collect();
    out.visit_spans(&mut |span, t| {
        assert!(span.0 <= span.1 && span.1 <= chars.len(), "span {span:?}");
        if !t.is_empty() {
            assert_eq!(&chars[span.0..span.1].iter().collect::<String>(), t);
        }
    });
    n
}

#[test]
fn a_long_line_without_punctuation_codes_in_bounded_sentences() {
    let lex = Lexicon::builtin();
    let n = check(&lex, &unpunctuated(100_000, " "), lex.segment.max_sentence_bytes);
    assert!(n > 100, "the triggers in it are still coded: {n} events");
}

#[test]
fn a_long_comma_separated_list_codes_in_bounded_sentences() {
    let lex = Lexicon::builtin();
    check(&lex, &unpunctuated(100_000, ", "), lex.segment.max_sentence_bytes);
}

#[test]
fn per_trigger_searches_are_bounded_when_sentences_may_be_long() {
    // The largest bound a user may set: each trigger's searches still read at most a
    // fixed stretch of its sentence.
    let mut lex = Lexicon::builtin();
    lex.segment.max_sentence_bytes = sitrep_lexicon::MAX_SENTENCE_BYTES;
    let n = check(&lex, &unpunctuated(50_000, " "), sitrep_lexicon::MAX_SENTENCE_BYTES);
    assert!(n > 50, "{n} events");
}
