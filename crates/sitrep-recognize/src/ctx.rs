//! Read-only views of a segmented text shared by the recognizers, and the [`Doc`] every stage
//! after segmentation reads.

use sitrep_segment::{Segmented, Sentence, Token, TokenKind};

/// One article as every stage after segmentation reads it, built once by the pipeline: the
/// normalized text and its segmentation with the token and sentence index (`ctx`), the lazily
/// parsed syntax, whether the text is caseless, and the publication date. The recognizer, the
/// place resolver and the event coder all read this one value instead of rebuilding the index.
pub struct Doc<'a> {
    pub ctx: Ctx<'a>,
    pub syntax: &'a sitrep_syntax::Syntax<'a>,
    pub published: Option<chrono::NaiveDate>,
}

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        seg: &'a Segmented,
        syntax: &'a sitrep_syntax::Syntax<'a>,
        caseless: bool,
        published: Option<chrono::NaiveDate>,
    ) -> Doc<'a> {
        Doc { ctx: Ctx::new(text, seg, caseless), syntax, published }
    }

    /// The normalized text.
    pub fn text(&self) -> &'a str {
        self.ctx.text
    }

    pub fn seg(&self) -> &'a Segmented {
        self.ctx.seg
    }

    pub fn caseless(&self) -> bool {
        self.ctx.caseless
    }
}

pub struct Ctx<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    pub seg: &'a Segmented,
    pub caseless: bool,
    /// Sentence index of each token.
    tok_sentence: Vec<u32>,
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, seg: &'a Segmented, caseless: bool) -> Ctx<'a> {
        let mut tok_sentence = vec![0u32; seg.tokens.len()];
        for (si, s) in seg.sentences.iter().enumerate() {
            for t in &mut tok_sentence[s.first_token..s.end_token] {
                *t = si as u32;
            }
        }
        Ctx { text, tokens: &seg.tokens, sentences: &seg.sentences, seg, caseless, tok_sentence }
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map(|t| &self.text[t.start..t.end]).unwrap_or("")
    }

    pub fn lower(&self, i: usize) -> String {
        self.word(i).to_lowercase()
    }

    /// Index of the first token starting at or after `byte`.
    pub fn tok_at_or_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.start < byte)
    }

    /// Index of the token starting exactly at `byte`.
    pub fn tok_starting(&self, byte: usize) -> Option<usize> {
        let i = self.tok_at_or_after(byte);
        (i < self.tokens.len() && self.tokens[i].start == byte).then_some(i)
    }

    /// Index of the token ending exactly at `byte`.
    pub fn tok_ending(&self, byte: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end < byte);
        (i < self.tokens.len() && self.tokens[i].end == byte).then_some(i)
    }

    pub fn sentence_of_tok(&self, i: usize) -> usize {
        self.tok_sentence.get(i).copied().unwrap_or(0) as usize
    }

    /// Sentence index containing `byte` (the last sentence starting at or before it).
    pub fn sentence_of_byte(&self, byte: usize) -> usize {
        self.sentences.partition_point(|s| s.start <= byte).saturating_sub(1)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind != TokenKind::Punct)
    }

    /// Starts with a capital letter (always false in caseless text).
    pub fn is_cap(&self, i: usize) -> bool {
        !self.caseless && self.word(i).chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// True when only spaces (no line break or punctuation) separate tokens `i` and `i + 1`.
    pub fn adjacent(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => self.text[a.end..b.start].chars().all(|c| c == ' '),
            _ => false,
        }
    }

    /// `[lo, hi)` narrowed to at most `reach` bytes before `start` and after `end`, cut at
    /// token bounds: the window a search around one trigger or cue may read, so that its cost
    /// does not grow with the sentence.
    pub fn within_reach(&self, lo: usize, hi: usize, start: usize, end: usize, reach: usize) -> (usize, usize) {
        let from = start.saturating_sub(reach);
        let first = self.tokens.get(self.tok_at_or_after(from)).map_or(start, |t| t.start.min(start));
        let to = end.saturating_add(reach);
        let last = self.tokens.partition_point(|t| t.end <= to);
        let last = if last > 0 { self.tokens[last - 1].end.max(end) } else { end };
        (lo.max(first), hi.min(last))
    }

    pub fn is_sentence_start(&self, i: usize) -> bool {
        self.sentences.get(self.sentence_of_tok(i)).is_some_and(|s| s.first_token == i)
    }

    /// Where any word is capitalised: a sentence start, or right after an opening quote mark,
    /// bracket, dash or colon ("…, he said: “We …"), so its capital says nothing about a name.
    pub fn opens_clause(&self, i: usize) -> bool {
        if self.is_sentence_start(i) {
            return true;
        }
        if i == 0 || self.tokens[i - 1].kind != TokenKind::Punct {
            return false;
        }
        match self.word(i - 1) {
            "“" | "‘" | "(" | "[" | "—" | "–" | ":" | "«" | "„" => true,
            // a straight quote opens when it is glued to the word after it
            "\"" | "'" => self.tokens[i - 1].end == self.tokens[i].start,
            _ => false,
        }
    }
}

/// The largest char boundary of `text` at or before `i`.
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
