//! Syntax: part-of-speech tags and a labelled dependency tree for one sentence of sitrep's
//! tokens. The model is trained by the project (`data/build-syntax`) from spaCy silver
//! parses and shipped as weights.
//!
//! Skeleton: the API the pipeline and the event coder read. The trained model lands next.

/// One sentence's analysis, aligned one-to-one with the tokens given to [`Parser::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parse {
    /// Penn Treebank tag per token (spaCy's `tag_`: "NN", "VBD", "-LRB-", …).
    pub tags: Vec<&'static str>,
    /// Head token index per token (sentence-relative); the root is its own head.
    pub heads: Vec<u16>,
    /// Dependency label per token (spaCy's English labels: "nsubj", "dobj", "ROOT", …).
    pub deps: Vec<&'static str>,
}
