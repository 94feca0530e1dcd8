//! The shipped model on any input: one tree per sentence, always; the same output twice; and a
//! few sentences a person can check.

use proptest::prelude::*;
use sitrep_syntax::{Dep, Parse, Parser, Tag};

/// Every token has one head inside the sentence, exactly one is the root (its own head, labelled
/// ROOT, and no other token is labelled ROOT), and every token reaches the root.
fn assert_tree(p: &Parse, n: usize) {
    assert_eq!(p.tags.len(), n);
    assert_eq!(p.heads.len(), n);
    assert_eq!(p.deps.len(), n);
    if n == 0 {
        assert_eq!(p.root(), None);
        return;
    }
    let roots: Vec<usize> = (0..n).filter(|&i| p.heads[i] as usize == i).collect();
    assert_eq!(roots.len(), 1, "one root: {p:?}");
    for i in 0..n {
        assert!((p.heads[i] as usize) < n, "head inside the sentence");
        assert_eq!(p.deps[i] == Dep::ROOT, i == roots[0], "ROOT labels the root only");
        let mut at = i;
        let mut steps = 0;
        while p.heads[at] as usize != at {
            at = p.heads[at] as usize;
            steps += 1;
            assert!(steps <= n, "cycle through {i}");
        }
        assert_eq!(at, roots[0]);
    }
}

/// Projective: no two arcs cross.
fn assert_projective(p: &Parse) {
    let arcs: Vec<(usize, usize)> = (0..p.len()).filter_map(|d| p.head(d).map(|h| if h < d { (h, d) } else { (d, h) })).collect();
    for &(a, b) in &arcs {
        for &(c, d) in &arcs {
            assert!(!(a < c && c < b && b < d), "arcs {a}-{b} and {c}-{d} cross");
        }
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split(' ').collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn always_one_tree(tokens in prop::collection::vec("\\PC{1,12}", 0..300)) {
        let w: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let p = Parser::builtin().parse(&w);
        assert_tree(&p, w.len());
        assert_projective(&p);
        prop_assert_eq!(Parser::builtin().parse(&w), p);
    }

    #[test]
    fn any_unicode_tokens(tokens in prop::collection::vec(any::<String>(), 0..40)) {
        let w: Vec<&str> = tokens.iter().map(String::as_str).collect();
        assert_tree(&Parser::builtin().parse(&w), w.len());
    }
}

#[test]
fn edge_sizes() {
    let parser = Parser::builtin();
    assert_tree(&parser.parse(&[]), 0);
    assert_tree(&parser.parse(&["Yes"]), 1);
    assert_tree(&parser.parse(&[""]), 1);
    let many: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
    let w: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_tree(&parser.parse(&w), 300);
    // Longer than one piece: parsed in pieces, still one tree.
    let long: Vec<&str> = (0..2_500).map(|i| ["the", "rebels", "attacked", ",", "and"][i % 5]).collect();
    let p = parser.parse(&long);
    assert_tree(&p, long.len());
}

#[test]
fn deterministic_across_threads() {
    let w = words("Security forces said on Tuesday that three soldiers were killed in an ambush near the border .");
    let here = Parser::builtin().parse(&w);
    let there = std::thread::spawn(move || Parser::builtin().parse(&w)).join().unwrap();
    assert_eq!(here, there);
}

#[test]
fn gunmen_killed_three_villagers() {
    let p = Parser::builtin().parse(&words("Gunmen killed three villagers ."));
    assert_eq!(p.root(), Some(1), "{p:?}");
    assert_eq!(p.tags[1], Tag::VBD);
    assert_eq!((p.head(0), p.deps[0]), (Some(1), Dep::Nsubj));
    assert_eq!((p.head(3), p.deps[3]), (Some(1), Dep::Dobj));
    assert_eq!((p.head(2), p.deps[2]), (Some(3), Dep::Nummod));
    assert_eq!(p.deps[4], Dep::Punct);
    assert_eq!(p.subject(1), Some(0));
    assert_eq!(p.object(1), Some(3));
    assert_eq!(p.subtree(3), 2..4);
    assert!(p.is_verb(1) && p.is_noun(0));
}

#[test]
fn passive_and_lower_case() {
    for s in ["Two soldiers were killed by a roadside bomb .", "two soldiers were killed by a roadside bomb ."] {
        let p = Parser::builtin().parse(&words(s));
        assert_eq!(p.root(), Some(3), "{s}: {p:?}");
        assert_eq!(p.deps[1], Dep::Nsubjpass, "{s}");
        assert_eq!(p.deps[2], Dep::Auxpass, "{s}");
        assert_eq!(p.deps[4], Dep::Agent, "{s}");
        assert!(p.is_passive(3));
    }
}

#[test]
fn builtin_model_passes_the_deep_check() {
    let p = Parser::builtin();
    let copy = Parser::from_bytes(include_bytes!("../../../data/syntax/model.bin").to_vec()).expect("deep check");
    assert_eq!(copy.size(), p.size());
    assert!(p.metadata().starts_with('{'));
}

#[test]
fn bad_model_bytes_are_errors() {
    assert!(Parser::from_bytes(Vec::new()).is_err());
    assert!(Parser::from_bytes(b"SITRSYNX".to_vec()).is_err());
    let mut bytes = include_bytes!("../../../data/syntax/model.bin").to_vec();
    bytes[8] = 99;
    assert!(Parser::from_bytes(bytes).unwrap_err().to_string().contains("version"));
    let bytes = include_bytes!("../../../data/syntax/model.bin");
    assert!(Parser::from_bytes(bytes[..bytes.len() / 2].to_vec()).is_err());
}

#[test]
fn load_prefers_a_dict_syntax_bin() {
    let dir = std::env::temp_dir().join(format!("sitrep-syntax-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // No syntax.bin: the built-in model.
    assert_eq!(Parser::load(Some(&dir)).unwrap().size(), Parser::builtin().size());
    std::fs::write(dir.join(sitrep_syntax::DICT_FILE), b"not a model").unwrap();
    let err = Parser::load(Some(&dir)).unwrap_err().to_string();
    assert!(err.contains("syntax.bin"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn syntax_view_parses_lazily() {
    use sitrep_syntax::Syntax;
    let lex = sitrep_lexicon::Lexicon::builtin();
    let segmenter = sitrep_segment::Segmenter::new(&lex.segment);
    let text = "Rebels attacked a convoy. Nobody was hurt.\n\nThe army said it would respond.";
    let seg = segmenter.segment(text, false);
    let syn = Syntax::new(Parser::builtin(), text, &seg);
    assert_eq!(syn.len(), 3);
    assert_eq!(syn.parsed(), 0);
    let at = text.find("hurt").unwrap();
    let (s, pos) = syn.locate_byte(at + 1).unwrap();
    assert_eq!((s, syn.word(s, pos)), (1, "hurt"));
    let p = syn.sentence(s);
    assert_eq!(syn.parsed(), 1);
    assert_eq!(p.len(), 4, "Nobody was hurt .");
    assert!(std::ptr::eq(p, syn.sentence(s)), "parsed once, kept");
    assert_eq!(syn.locate_token(syn.token_index(2, 1)), Some((2, 1)));
    assert_eq!(syn.locate_byte(text.find("\n\n").unwrap()), None, "whitespace is no token");
    assert_eq!(syn.locate_token(seg.tokens.len()), None);
}

/// Tagging a sentence first (`Syntax::tags`) costs no parse, and the parse made after it is the
/// parse made without it.
#[test]
fn syntax_view_tags_without_parsing_and_parses_the_same_after() {
    use sitrep_syntax::Syntax;
    let lex = sitrep_lexicon::Lexicon::builtin();
    let segmenter = sitrep_segment::Segmenter::new(&lex.segment);
    let text = "Police said the gunmen had fled. The charge was dropped.\n\nOfficials say the report shows little.";
    let seg = segmenter.segment(text, false);
    let tagged = Syntax::new(Parser::builtin(), text, &seg);
    let plain = Syntax::new(Parser::builtin(), text, &seg);
    let tags: Vec<Vec<Tag>> = (0..tagged.len()).map(|s| tagged.tags(s).to_vec()).collect();
    assert_eq!((tagged.parsed(), tagged.tagged_only()), (0, 3), "tags alone parse nothing");
    for (s, tags) in tags.iter().enumerate() {
        assert_eq!(tagged.sentence(s), plain.sentence(s), "sentence {s}");
        assert_eq!(&tagged.sentence(s).tags, tags);
        assert_eq!(tagged.tags(s), &tags[..], "a parsed sentence's tags are its parse's");
    }
    assert_eq!((tagged.parsed(), tagged.tagged_only()), (3, 0));
    let (s, pos) = tagged.locate_byte(text.find("charge").unwrap()).unwrap();
    assert_eq!(tagged.tags(s)[pos], Tag::NN, "a noun, whatever its verb forms");
    let (s, pos) = tagged.locate_byte(text.find("said").unwrap()).unwrap();
    assert_eq!(tagged.tags(s)[pos], Tag::VBD);
}
