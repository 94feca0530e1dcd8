//! Syntax: Penn Treebank part-of-speech tags and a labelled dependency tree for each sentence
//! of sitrep's tokens, from a small model the project trains itself.
//!
//! # Using it
//!
//! ```
//! use sitrep_syntax::{Dep, Parser, Tag};
//! let parse = Parser::builtin().parse(&["Gunmen", "killed", "three", "villagers", "."]);
//! assert_eq!(parse.root(), Some(1));
//! assert_eq!(parse.tags[1], Tag::VBD);
//! assert_eq!(parse.deps[0], Dep::Nsubj);
//! assert_eq!(parse.head(0), Some(1));
//! ```
//!
//! - [`Parser::builtin`] is the compiled-in model (`data/syntax/model.bin`); [`Parser::from_bytes`],
//!   [`Parser::from_path`] and [`Parser::load`] (a `syntax.bin` in a `--dict` directory) read
//!   another one without recompiling.
//! - [`Parser::parse`] takes one sentence's tokens and returns a [`Parse`]: one [`Tag`], one
//!   head and one [`Dep`] per token. The root is its own head, labelled [`Dep::ROOT`].
//! - [`Syntax`] is a lazily parsed view of a whole segmented text: a sentence is parsed the
//!   first time it is asked for, so a stage pays only for the sentences it reads.
//!
//! Whatever the input (no tokens, one, thousands, any Unicode), the result is one tree per
//! sentence: every token has exactly one head inside the sentence, exactly one token is the
//! root, and there are no cycles. The trees are also *projective* (no crossing arcs), so
//! every subtree covers a contiguous range of tokens ([`Parse::subtree`]). Same input, same
//! output: nothing depends on time, threads or memory addresses.
//!
//! # The model
//!
//! Two greedy classifiers, both averaged perceptrons over hashed sparse features:
//!
//! - **Tagger**: left to right, one of the 50 tags of spaCy's English models per token.
//!   Features: the word lower-cased (digits as `0`), its 2-, 3- and 4-letter suffixes and first
//!   letter, its case-sensitive shape (`Xxxxx`, `dd.d`) with whether it opens the sentence,
//!   the two words either side, the suffix of the neighbours, the two previous *predicted*
//!   tags and some pairs. Words are read lower-cased, case only through the shape, and
//!   lower-cased copies of the training sentences teach it to do without case.
//! - **Parser**: the arc-hybrid transition system with the root at the end of the buffer
//!   (see the `system` module), labelled transitions (`SHIFT`, `LEFT(l)`, `RIGHT(l)`: 89
//!   classes), trained with Goldberg & Nivre's dynamic oracle and exploration (the training
//!   follows its own mistakes and learns the best continuation from them). 66 features in the
//!   style of Zhang & Nivre (2011), fitted to arc-hybrid and trimmed: words, tags and word-tag
//!   pairs of the top three stack items and the first three buffer items, the leftmost and
//!   rightmost children (and the second ones) of `s0`, `n0` and `s1` with their labels, word
//!   and tag pairs of `s0` and `n0` and of `s1` and `s0`, tag trigrams, the distance between
//!   `s0` and `n0` and between `s1` and `s0`, and valencies. Features are hashed once per
//!   decision from per-token hashes computed once per sentence; nothing is allocated per
//!   transition.
//!
//! The teacher is spaCy's `en_core_web_sm` run over sitrep's own tokens (silver data, see
//! `data/syntax/README.md`); the labels are its label sets: [`Tag`] and [`Dep`].
//!
//! # The file
//!
//! One binary file holds both weight tables (layout in the [`model`] module's docs): for each
//! table an open-addressed hash table of 64-byte buckets of 64-bit slots, keyed by feature
//! hash. A slot holds a fingerprint and either the feature's one or two weights inline (most
//! features have no more) or the offset of its row: `(class, i16 weight)` pairs, or a dense
//! `i16` row for the features that weigh on many classes. Nothing is deserialized: loading
//! reads a 40-byte header and two table headers, and every lookup reads the bytes where they
//! lie (compiled in with `include_bytes!`, or a `Vec<u8>` from [`Parser::from_bytes`], which
//! checks every slot first). Scores are saturating `i16` sums. Rare features and small weights
//! are pruned at export to keep the file small (13.8 MB), and the features of one decision are
//! looked up in overlapping passes so that their cache misses wait together.
//!
//! # Figures
//!
//! Against the teacher on held-out silver sentences: tags 97.5%, UAS 91.9%, LAS 90.1%
//! (punctuation excluded; 91.7% / 89.9% on the same sentences lower-cased); on the team's
//! hand-checked treebank (`eval/syntax/`) tags 98.7%, UAS 96.7%, LAS 95.8%. About 12,000
//! sentences (290,000 tokens) a second, tagging and parsing, on one core of the development
//! machine. Details and how the model is made: `data/syntax/README.md`.
//!
//! # Why
//!
//! The event coder needs "who did what to whom": subjects, objects, passives, clause
//! boundaries. A greedy perceptron parser is fast enough for the pipeline to parse the
//! sentences it needs, and since the project trains the model itself it fits sitrep's own
//! tokenization and can be retrained when that changes.

mod features;
mod labels;
pub mod model;
mod system;
/// Training and evaluation, for the `sitrep-syntax-train` binary and tests: not a stable API.
#[doc(hidden)]
pub mod train;

pub use labels::{Dep, Tag, UnknownLabel};
pub use model::ModelError;

use features::{Lex, Node, N_PARSE_FEATS, N_TAG_FEATS};
use model::{Layout, Table};
use sitrep_segment::Segmented;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;
use system::{Legal, State, N_CLASSES, N_LABELS, SHIFT};

/// The compiled-in model, on a 64-byte boundary so that its hash buckets are cache lines.
#[repr(C, align(64))]
struct Aligned<T: ?Sized>(T);
static BUILTIN: &Aligned<[u8]> = &Aligned(*include_bytes!("../../../data/syntax/model.bin"));
static BUILTIN_BYTES: &[u8] = &BUILTIN.0;

/// The file name [`Parser::load`] looks for in a `--dict` directory.
pub const DICT_FILE: &str = "syntax.bin";

/// Sentences longer than this many tokens are parsed in pieces of this size, each piece's root
/// attached to the first piece's root with `dep` (the segmenter never makes such sentences).
pub const MAX_PIECE: usize = 1000;

/// One sentence's analysis, aligned one-to-one with the tokens given to [`Parser::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parse {
    /// Penn Treebank tag per token (spaCy's `tag_`).
    pub tags: Vec<Tag>,
    /// Head token index per token (sentence-relative); the root is its own head.
    pub heads: Vec<u16>,
    /// Dependency label per token (spaCy's English labels); the root's is [`Dep::ROOT`].
    pub deps: Vec<Dep>,
}

impl Parse {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The root token (`None` only for an empty sentence).
    pub fn root(&self) -> Option<usize> {
        (0..self.len()).find(|&i| self.heads[i] as usize == i)
    }

    /// The head of token `i`; `None` for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.heads[i] as usize;
        (h != i).then_some(h)
    }

    /// The dependents of token `i`, left to right.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(move |&j| j != i && self.heads[j] as usize == i)
    }

    /// The dependents of token `i` with label `dep`, left to right.
    pub fn children_with(&self, i: usize, dep: Dep) -> impl Iterator<Item = usize> + '_ {
        self.children(i).filter(move |&j| self.deps[j] == dep)
    }

    /// The heads above token `i`, nearest first, ending with the root.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = i;
        std::iter::from_fn(move || {
            let h = self.head(at)?;
            at = h;
            Some(h)
        })
        .take(self.len())
    }

    /// Whether `a` is `d` or one of its ancestors.
    pub fn dominates(&self, a: usize, d: usize) -> bool {
        a == d || self.ancestors(d).any(|x| x == a)
    }

    /// The tokens of the subtree of `i` (`i` and everything below it): a contiguous range,
    /// since the trees are projective.
    pub fn subtree(&self, i: usize) -> Range<usize> {
        let mut lo = i;
        while lo > 0 && self.dominates(i, lo - 1) {
            lo -= 1;
        }
        let mut hi = i + 1;
        while hi < self.len() && self.dominates(i, hi) {
            hi += 1;
        }
        lo..hi
    }

    /// Token `i` is a verb or modal (`VB*`, `MD`).
    pub fn is_verb(&self, i: usize) -> bool {
        self.tags[i].is_verb()
    }

    /// Token `i` is a noun (`NN*`).
    pub fn is_noun(&self, i: usize) -> bool {
        self.tags[i].is_noun()
    }

    /// The subject of token `i` (`nsubj`, `nsubjpass`, `csubj`, `csubjpass`, `expl`), if any.
    pub fn subject(&self, i: usize) -> Option<usize> {
        self.children(i).find(|&j| self.deps[j].is_subject())
    }

    /// The direct object of token `i` (`dobj`), if any.
    pub fn object(&self, i: usize) -> Option<usize> {
        self.children_with(i, Dep::Dobj).next()
    }

    /// Token `i` has a passive auxiliary or a passive subject.
    pub fn is_passive(&self, i: usize) -> bool {
        self.children(i).any(|j| matches!(self.deps[j], Dep::Auxpass | Dep::Nsubjpass | Dep::Csubjpass))
    }
}

/// A trained tagger and parser. Cheap to share: `&Parser` is `Sync`.
pub struct Parser {
    bytes: Cow<'static, [u8]>,
    layout: Layout,
}

impl std::fmt::Debug for Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parser").field("bytes", &self.bytes.len()).finish()
    }
}

/// Buffers reused across the sentences parsed on one thread.
#[derive(Default)]
struct Scratch {
    lex: Vec<Lex>,
    buf: String,
    tags: Vec<u8>,
    nodes: Vec<Node>,
    state: State,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A weight table that scores feature lists (the model file's, in saturating `i16`, or the
/// trainer's, in `i32`).
pub(crate) trait Scorer {
    type Score: Copy + Ord + Default;
    /// Adds the weights of `feats` to `scores` (at least [`SCORES`] long).
    fn score(&self, feats: &[u64], scores: &mut [Self::Score]);
}

/// Length of the scores arrays: every table's class count, rounded up to a multiple of 16.
pub(crate) const SCORES: usize = model::width(N_CLASSES);

struct FileScorer<'a> {
    bytes: &'a [u8],
    table: Table,
}

impl Scorer for FileScorer<'_> {
    type Score = i16;
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [i16]) {
        self.table.score(self.bytes, feats, scores)
    }
}

impl Parser {
    /// The compiled-in model, checked once on first use.
    pub fn builtin() -> &'static Parser {
        static BUILTIN: OnceLock<Parser> = OnceLock::new();
        BUILTIN.get_or_init(|| Parser::from_static(BUILTIN_BYTES).unwrap_or_else(|e| panic!("built-in syntax model is invalid: {e}")))
    }

    /// A model in static bytes, read in place (header checks only: for trusted bytes).
    pub fn from_static(bytes: &'static [u8]) -> Result<Parser, ModelError> {
        let layout = Layout::read(bytes, false)?;
        Parser::with_layout(Cow::Borrowed(bytes), layout)
    }

    /// A model from bytes, every slot and row checked.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Parser, ModelError> {
        let layout = Layout::read(&bytes, true)?;
        Parser::with_layout(Cow::Owned(bytes), layout)
    }

    /// A model file, every slot and row checked.
    pub fn from_path(path: &Path) -> Result<Parser, ModelError> {
        let bytes = std::fs::read(path).map_err(|e| ModelError(format!("cannot read {}: {e}", path.display())))?;
        Parser::from_bytes(bytes).map_err(|e| ModelError(format!("{}: {}", path.display(), e.0)))
    }

    /// The model of a `--dict` directory: its `syntax.bin` if there is one, else the built-in.
    pub fn load(dict: Option<&Path>) -> Result<Parser, ModelError> {
        match dict.map(|d| d.join(DICT_FILE)) {
            Some(path) if path.exists() => Parser::from_path(&path),
            _ => Parser::from_static(BUILTIN_BYTES),
        }
    }

    fn with_layout(bytes: Cow<'static, [u8]>, layout: Layout) -> Result<Parser, ModelError> {
        let (t, p) = (&layout.tagger, &layout.parser);
        if t.classes != Tag::ALL.len() || t.features != N_TAG_FEATS {
            return Err(ModelError(format!("tagger table has {} classes and {} features", t.classes, t.features)));
        }
        if p.classes != N_CLASSES || p.features != N_PARSE_FEATS {
            return Err(ModelError(format!("parser table has {} classes and {} features", p.classes, p.features)));
        }
        Ok(Parser { bytes, layout })
    }

    /// The model's metadata (training figures, JSON text).
    pub fn metadata(&self) -> &str {
        let (off, len) = self.layout.meta;
        std::str::from_utf8(&self.bytes[off..off + len]).unwrap_or("")
    }

    /// Size of the model in bytes.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Tags and parses one sentence.
    pub fn parse(&self, words: &[&str]) -> Parse {
        if words.len() <= MAX_PIECE {
            return self.parse_piece(words);
        }
        let mut out = Parse::default();
        let mut first_root = 0u16;
        for (k, piece) in words.chunks(MAX_PIECE).enumerate() {
            let base = out.len() as u16;
            let p = self.parse_piece(piece);
            for i in 0..p.len() {
                let (mut h, mut d) = (p.heads[i] + base, p.deps[i]);
                if d == Dep::ROOT {
                    if k == 0 {
                        first_root = h;
                    } else {
                        (h, d) = (first_root, Dep::Dep);
                    }
                }
                out.tags.push(p.tags[i]);
                out.heads.push(h);
                out.deps.push(d);
            }
        }
        out
    }

    /// Tags only (the parser's first step).
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            features::lex_all(words, &mut s.lex, &mut s.buf);
            tag_greedy(&self.tagger(), &s.lex, &mut s.tags);
            s.tags.iter().map(|&t| Tag::ALL[t as usize]).collect()
        })
    }

    fn tagger(&self) -> FileScorer<'_> {
        FileScorer { bytes: &self.bytes, table: self.layout.tagger }
    }

    fn parser(&self) -> FileScorer<'_> {
        FileScorer { bytes: &self.bytes, table: self.layout.parser }
    }

    fn parse_piece(&self, words: &[&str]) -> Parse {
        self.parse_piece_tagged(words, None)
    }

    /// Parses one piece (at most [`MAX_PIECE`] words), with the tags the tagger gave it if
    /// they are known already (the same tags it would compute: tagging is deterministic).
    fn parse_piece_tagged(&self, words: &[&str], tags: Option<&[Tag]>) -> Parse {
        let n = words.len();
        if n == 0 {
            return Parse::default();
        }
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            features::lex_all(words, &mut s.lex, &mut s.buf);
            match tags {
                Some(tags) => {
                    s.tags.clear();
                    s.tags.extend(tags.iter().map(|&t| t as u8));
                }
                None => tag_greedy(&self.tagger(), &s.lex, &mut s.tags),
            }
            features::nodes(&s.lex, &s.tags, &mut s.nodes);
            parse_greedy(&self.parser(), &s.nodes, &mut s.state, n);
            let st = &s.state;
            Parse {
                tags: s.tags.iter().map(|&t| Tag::ALL[t as usize]).collect(),
                heads: st.heads.clone(),
                deps: st.labels.iter().map(|&l| Dep::ALL[l as usize]).collect(),
            }
        })
    }
}

/// Greedy left-to-right tagging.
pub(crate) fn tag_greedy<S: Scorer>(scorer: &S, lex: &[Lex], tags: &mut Vec<u8>) {
    tags.clear();
    let mut feats = [0u64; N_TAG_FEATS];
    let mut scores = [S::Score::default(); SCORES];
    for i in 0..lex.len() {
        features::tagger_features(lex, tags, i, &mut feats);
        scores.fill(S::Score::default());
        scorer.score(&feats, &mut scores);
        tags.push(argmax(&scores[..Tag::ALL.len()]) as u8);
    }
}

/// The first index of the highest score (in two passes that compile to vector code: the
/// highest score, then where it first is).
#[inline]
pub(crate) fn argmax<T: Ord + Copy>(scores: &[T]) -> usize {
    let Some(&best) = scores.iter().max() else { return 0 };
    scores.iter().position(|&s| s == best).unwrap_or(0)
}

/// The best-scoring legal class (ties to the lowest class). The legal classes are one run of
/// class numbers: `SHIFT` (0), then the `LEFT`s, then the `RIGHT`s, and `SHIFT` and `RIGHT`
/// are never legal without `LEFT` (both need a word on the stack and one in the buffer).
#[inline]
pub(crate) fn best_legal<T: Ord + Copy>(scores: &[T], legal: Legal) -> usize {
    debug_assert!(legal.left || !(legal.shift && legal.right));
    let lo = if legal.shift {
        SHIFT
    } else if legal.left {
        system::left(1)
    } else {
        system::right(1)
    };
    let hi = if legal.right {
        N_CLASSES
    } else if legal.left {
        N_LABELS
    } else {
        SHIFT + 1
    };
    lo + argmax(&scores[lo..hi])
}

/// Greedy parsing of a tagged sentence of `n` tokens; the tree is left in `st`, the root as
/// its own head.
pub(crate) fn parse_greedy<S: Scorer>(scorer: &S, nodes: &[Node], st: &mut State, n: usize) {
    st.reset(n);
    let mut feats = [0u64; N_PARSE_FEATS];
    let mut scores = [S::Score::default(); SCORES];
    while !st.is_terminal() {
        let legal = st.legal();
        let m = legal.forced().unwrap_or_else(|| {
            features::parser_features(st, nodes, &mut feats);
            scores.fill(S::Score::default());
            scorer.score(&feats, &mut scores);
            system::decode(best_legal(&scores, legal))
        });
        st.apply(m);
    }
}

/// A lazily parsed view of a segmented text: [`Syntax::sentence`] parses a sentence the first
/// time it is asked for and keeps the result.
pub struct Syntax<'a> {
    parser: &'a Parser,
    text: &'a str,
    seg: &'a Segmented,
    parses: Vec<OnceCell<Parse>>,
    /// Tags of sentences tagged but not (yet) parsed: [`Syntax::tags`].
    tags: Vec<OnceCell<Vec<Tag>>>,
}

impl<'a> Syntax<'a> {
    /// A view of `seg` (the segmentation of `text`, the normalized text); parses nothing yet.
    pub fn new(parser: &'a Parser, text: &'a str, seg: &'a Segmented) -> Syntax<'a> {
        let n = seg.sentences.len();
        Syntax { parser, text, seg, parses: (0..n).map(|_| OnceCell::new()).collect(), tags: (0..n).map(|_| OnceCell::new()).collect() }
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.parses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parses.is_empty()
    }

    /// The parse of sentence `i` (parsed now if it was not yet). Panics if `i` is out of range.
    pub fn sentence(&self, i: usize) -> &Parse {
        self.parses[i].get_or_init(|| {
            let words = self.words(i);
            match self.tags[i].get() {
                // tagged already: the parse starts from those tags (the same the tagger gives)
                Some(tags) if words.len() <= MAX_PIECE => self.parser.parse_piece_tagged(&words, Some(tags)),
                _ => self.parser.parse(&words),
            }
        })
    }

    /// The part-of-speech tags of sentence `i`, the same as its parse's: from the parse if it
    /// was parsed, else from the tagger alone (a fraction of the cost of a parse), kept so that
    /// a later parse starts from them. For a stage that decides from the tags whether it needs
    /// the tree. Panics if `i` is out of range.
    pub fn tags(&self, i: usize) -> &[Tag] {
        if let Some(p) = self.parses[i].get() {
            return &p.tags;
        }
        self.tags[i].get_or_init(|| {
            let words = self.words(i);
            if words.len() <= MAX_PIECE {
                self.parser.tag(&words)
            } else {
                // tagged piece by piece, as the parser does
                words.chunks(MAX_PIECE).flat_map(|piece| self.parser.tag(piece)).collect()
            }
        })
    }

    fn words(&self, i: usize) -> Vec<&'a str> {
        let s = &self.seg.sentences[i];
        self.seg.tokens[s.first_token..s.end_token].iter().map(|t| t.text(self.text)).collect()
    }

    /// Whether sentence `i` has been parsed.
    pub fn is_parsed(&self, i: usize) -> bool {
        self.parses[i].get().is_some()
    }

    /// How many sentences have been parsed so far.
    pub fn parsed(&self) -> usize {
        self.parses.iter().filter(|c| c.get().is_some()).count()
    }

    /// How many sentences have been tagged and not parsed so far.
    pub fn tagged_only(&self) -> usize {
        self.parses.iter().zip(&self.tags).filter(|(p, t)| p.get().is_none() && t.get().is_some()).count()
    }

    /// The (sentence, position in it) of a token index of `seg.tokens`.
    pub fn locate_token(&self, token: usize) -> Option<(usize, usize)> {
        let sents = &self.seg.sentences;
        let k = sents.partition_point(|s| s.end_token <= token);
        let s = sents.get(k)?;
        (s.first_token <= token).then(|| (k, token - s.first_token))
    }

    /// The (sentence, position) of the token covering byte `offset` of the text.
    pub fn locate_byte(&self, offset: usize) -> Option<(usize, usize)> {
        let toks = &self.seg.tokens;
        let k = toks.partition_point(|t| t.start <= offset).checked_sub(1)?;
        (offset < toks[k].end).then_some(())?;
        self.locate_token(k)
    }

    /// The index in `seg.tokens` of position `pos` of sentence `sentence`.
    pub fn token_index(&self, sentence: usize, pos: usize) -> usize {
        self.seg.sentences[sentence].first_token + pos
    }

    /// The text of position `pos` of sentence `sentence`.
    pub fn word(&self, sentence: usize, pos: usize) -> &'a str {
        self.seg.tokens[self.token_index(sentence, pos)].text(self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first best legal class, one class at a time in class order (the reference).
    fn best_legal_slowly(scores: &[i16], legal: Legal) -> usize {
        let ok = |c: usize| match system::decode(c) {
            system::Move::Shift => legal.shift,
            system::Move::Left(_) => legal.left,
            system::Move::Right(_) => legal.right,
        };
        let mut best = None;
        for c in (0..N_CLASSES).filter(|&c| ok(c)) {
            if best.is_none_or(|b: usize| scores[c] > scores[b]) {
                best = Some(c);
            }
        }
        best.expect("a legal class")
    }

    #[test]
    fn best_legal_is_the_first_best_legal_class() {
        // every legal set a state can have, from the states that make them
        let mut sets = Vec::new();
        for (n, pushes, at_root) in [(3, 1, false), (3, 2, false), (3, 2, true), (3, 3, true), (3, 0, false)] {
            let mut st = State::default();
            st.reset(n);
            for _ in 0..pushes {
                st.apply(system::Move::Shift);
            }
            if at_root {
                st.b = n;
            }
            let legal = st.legal();
            if legal.forced().is_none() {
                sets.push(legal);
            }
        }
        assert!(sets.len() >= 3, "{sets:?}");
        let mut x = 0x9e37_79b9u32;
        for round in 0..2000 {
            let mut scores = [0i16; SCORES];
            for s in scores.iter_mut() {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                // few distinct values, so that ties are common; some rounds saturated
                *s = if round % 7 == 0 { i16::MIN + (x % 3) as i16 } else { (x % 9) as i16 - 4 };
            }
            for &legal in &sets {
                assert_eq!(best_legal(&scores, legal), best_legal_slowly(&scores, legal), "{legal:?} {scores:?}");
            }
        }
        assert_eq!(argmax(&[3i16, 7, 7, 1]), 1);
        assert_eq!(argmax::<i16>(&[]), 0);
    }
}
