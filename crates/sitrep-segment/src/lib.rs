//! Segment: normalized text → tokens, sentences, paragraphs and the dateline.
//!
//! All offsets are byte offsets into the normalized text. The rules are plain and fast:
//! a sentence ends at `.`, `!`, `?` (with any closing quotes) before whitespace, except after
//! abbreviations and initials from `segment.toml`; a blank line always ends one, and so does
//! a line break unless the next line obviously continues the sentence.
//!
//! # Bounded sentences
//!
//! No sentence is longer than `max_sentence_bytes` of `segment.toml` (1,000 bytes by default,
//! about 150–200 words; ordinary news sentences are far shorter). Scraped text without sentence
//! punctuation would otherwise make one "sentence" of a whole article, and every later stage
//! that reads a trigger's or a mention's sentence would do work quadratic in its length. A
//! longer sentence is split at its best break, preferring in order: a line break; `;` or `:`;
//! a comma before one of `break_conjunctions` ("…, and …"); a comma; any whitespace; and as a
//! last resort the point between two touching tokens. Among breaks of the best kind, the last
//! one that keeps the piece within the bound is taken, looking only at breaks that leave the
//! piece at least half the bound long, so the split reads each token at most a few times and
//! stays linear. Tokens are at most [`MAX_TOKEN_BYTES`] long (a longer run of letters is cut at
//! a char boundary), so a break always exists.

use regex::Regex;
use sitrep_lexicon::SegmentData;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Token index range `[first_token, end_token)`.
    pub first_token: usize,
    pub end_token: usize,
    pub paragraph: usize,
}

/// "BAGHDAD, May 17 (Reuters) -": where the report was filed, not where anything happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline {
    pub start: usize,
    pub end: usize,
    pub place: (usize, usize),
    pub source: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub dateline: Option<Dateline>,
}

pub struct Segmenter {
    abbreviations: HashSet<String>,
    before_number: HashSet<String>,
    starters: HashSet<String>,
    conjunctions: HashSet<String>,
    max_sentence: usize,
    dateline: Regex,
    dateline_caseless: Regex,
}

/// The longest token [`tokenize`] makes: a longer run of letters or digits (no word is that
/// long) is cut at a char boundary, so that an over-long sentence can always be split between
/// tokens. `segment.toml`'s `max_sentence_bytes` is at least twice this.
pub const MAX_TOKEN_BYTES: usize = 256;

/// Kinds of break inside an over-long sentence, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    Touching,
    Space,
    Comma,
    CommaConjunction,
    Semicolon,
    Line,
}

impl Segmenter {
    pub fn new(data: &SegmentData) -> Segmenter {
        let low = |v: &Vec<String>| v.iter().map(|s| s.trim_end_matches('.').to_lowercase()).collect();
        Segmenter {
            abbreviations: low(&data.abbreviations),
            before_number: low(&data.before_number),
            starters: low(&data.sentence_starters),
            conjunctions: low(&data.break_conjunctions),
            max_sentence: data.max_sentence_bytes.max(2 * MAX_TOKEN_BYTES),
            dateline: Regex::new(
                r"^(?P<place>[A-Z][A-Za-z'.\-]+(?:[ \-][A-Z][A-Za-z'.\-]+){0,3})(?:, (?:[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?[ ]*(?:\((?P<source>[^)\n]{1,40})\))?[ ]*-{1,2}[ ]+",
            )
            .expect("dateline regex"),
            // All-lower-case text ("tripoli, lebanon (team wire) - …"): no capitals to go by,
            // so the agency in parentheses is required.
            dateline_caseless: Regex::new(
                r"^(?P<place>[a-z][a-z'.\-]+(?:[ \-][a-z][a-z'.\-]+){0,3})(?:, (?:[a-z][a-z.]+(?: [a-z][a-z.]+){0,2}))?(?:,? (?:[a-z]{3,9}\.? \d{1,2}|\d{1,2} [a-z]{3,9}))?[ ]*\((?P<source>[^)\n]{1,40})\)[ ]*-{1,2}[ ]+",
            )
            .expect("caseless dateline regex"),
        }
    }

    pub fn segment(&self, text: &str, caseless: bool) -> Segmented {
        let tokens = tokenize(text);
        let dateline = self.find_dateline(text, caseless);
        let sentences = self.sentences(text, &tokens, caseless, dateline.map(|d| d.end));
        Segmented { tokens, sentences, dateline }
    }

    fn find_dateline(&self, text: &str, caseless: bool) -> Option<Dateline> {
        let re = if caseless { &self.dateline_caseless } else { &self.dateline };
        // The dateline opens the first or second paragraph (after a headline).
        let mut offset = 0;
        for (n, para) in text.split('\n').enumerate() {
            if n > 2 {
                break;
            }
            let lead = para.len() - para.trim_start().len();
            let body = &para[lead..];
            if let Some(c) = re.captures(body) {
                let place = c.name("place").expect("place group");
                let source = c.name("source");
                let all_caps = place.as_str().chars().all(|ch| !ch.is_lowercase());
                if all_caps || source.is_some() {
                    let base = offset + lead;
                    return Some(Dateline {
                        start: base,
                        end: base + c.get(0).expect("match").end(),
                        place: (base + place.start(), base + place.end()),
                        source: source.map(|s| (base + s.start(), base + s.end())),
                    });
                }
            }
            if !para.trim().is_empty() && n >= 1 {
                break;
            }
            offset += para.len() + 1;
        }
        None
    }

    fn sentences(&self, text: &str, tokens: &[Token], caseless: bool, skip_to: Option<usize>) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut first = 0usize;
        let mut paragraph = 0usize;
        let mut i = 0usize;
        let n = tokens.len();
        // The dateline is not part of the first sentence.
        if let Some(end) = skip_to {
            while first < n && tokens[first].start < end {
                first += 1;
            }
            i = first;
        }
        let push = |out: &mut Vec<Sentence>, first: usize, end: usize, paragraph: usize| {
            if end > first {
                out.push(Sentence { start: tokens[first].start, end: tokens[end - 1].end, first_token: first, end_token: end, paragraph });
            }
        };
        while i < n {
            let t = tokens[i];
            let gap_after = if i + 1 < n { &text[t.end..tokens[i + 1].start] } else { "" };
            // Line breaks.
            let newlines = gap_after.matches('\n').count();
            if newlines > 0 && i + 1 < n {
                let next = tokens[i + 1].text(text);
                let continues =
                    newlines == 1 && !caseless && next.chars().next().is_some_and(|c| c.is_lowercase()) && !is_terminal(t.text(text));
                if !continues {
                    push(&mut out, first, i + 1, paragraph);
                    paragraph += 1;
                    first = i + 1;
                    i += 1;
                    continue;
                }
            }
            let tt = t.text(text);
            let is_end_punct = t.kind == TokenKind::Punct && is_terminal(tt);
            let dotted_word = t.kind == TokenKind::Word && tt.len() > 1 && tt.ends_with('.');
            if (is_end_punct || dotted_word) && i + 1 < n {
                // Take closing quotes and brackets into this sentence.
                let mut j = i + 1;
                while j < n && tokens[j].start == tokens[j - 1].end && is_closer(tokens[j].text(text)) {
                    j += 1;
                }
                if j < n && tokens[j].start > tokens[j - 1].end && self.breaks(text, tokens, i, j, caseless, dotted_word) {
                    push(&mut out, first, j, paragraph);
                    first = j;
                    if text[tokens[j - 1].end..tokens[j].start].contains('\n') {
                        paragraph += 1;
                    }
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        push(&mut out, first, n, paragraph);
        if out.iter().any(|s| s.end - s.start > self.max_sentence) {
            out = out.into_iter().flat_map(|s| self.split_long(text, tokens, s)).collect();
        }
        out
    }

    /// The pieces of `s` no longer than the bound, cut at the best breaks (see the crate docs).
    /// Each piece reads the tokens of at most one bound's length of text, and every piece but
    /// the last covers at least half the bound, so the split is linear in the sentence.
    fn split_long(&self, text: &str, tokens: &[Token], s: Sentence) -> Vec<Sentence> {
        let max = self.max_sentence;
        let mut out = Vec::new();
        let mut p = s.first_token;
        while p < s.end_token {
            let start = tokens[p].start;
            if tokens[s.end_token - 1].end - start <= max {
                out.push(Sentence { start, end: tokens[s.end_token - 1].end, first_token: p, end_token: s.end_token, ..s });
                break;
            }
            // Candidate ends i in (p, k]: the piece is tokens[p..i]. Tokens are at most
            // MAX_TOKEN_BYTES <= max / 2, so i = p + 1 always fits.
            let mut best: Option<(Break, usize)> = None;
            let mut i = p + 1;
            let mut last_fit = p + 1;
            while i < s.end_token && tokens[i - 1].end - start <= max {
                last_fit = i;
                if tokens[i - 1].end - start >= max / 2 {
                    let kind = self.break_kind(text, tokens, i);
                    if best.is_none_or(|(b, _)| kind >= b) {
                        best = Some((kind, i));
                    }
                }
                i += 1;
            }
            let cut = best.map_or(last_fit, |(_, i)| i);
            out.push(Sentence { start, end: tokens[cut - 1].end, first_token: p, end_token: cut, ..s });
            p = cut;
        }
        out
    }

    /// The kind of break between tokens `i - 1` and `i`.
    fn break_kind(&self, text: &str, tokens: &[Token], i: usize) -> Break {
        let gap = &text[tokens[i - 1].end..tokens[i].start];
        if gap.contains('\n') {
            return Break::Line;
        }
        match tokens[i - 1].text(text) {
            ";" | ":" => Break::Semicolon,
            "," if self.conjunctions.contains(&tokens[i].text(text).to_lowercase()) => Break::CommaConjunction,
            "," => Break::Comma,
            _ if !gap.is_empty() => Break::Space,
            _ => Break::Touching,
        }
    }

    /// Whether the terminal token `i` (closers up to `j`) ends the sentence before token `j`.
    fn breaks(&self, text: &str, tokens: &[Token], i: usize, j: usize, caseless: bool, dotted_word: bool) -> bool {
        let next = tokens[j].text(text);
        let next_first = next.chars().next().unwrap_or(' ');
        if !caseless && next_first.is_lowercase() {
            return false;
        }
        let starter = || next_first.is_uppercase() && self.starters.contains(&next.to_lowercase());
        if dotted_word {
            // "U.S." ends a sentence only before a typical sentence opener.
            return starter();
        }
        if tokens[i].text(text) != "." || i == 0 {
            return true;
        }
        let prev = tokens[i - 1];
        if prev.end != tokens[i].start || prev.kind != TokenKind::Word {
            return true;
        }
        let word = prev.text(text);
        let lw = word.to_lowercase();
        if self.before_number.contains(&lw) && tokens[j].kind == TokenKind::Number {
            return false;
        }
        if self.abbreviations.contains(&lw) {
            return starter();
        }
        // An initial: "John F. Kennedy".
        let mut cs = word.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if c.is_uppercase() && !caseless {
                return false;
            }
        }
        true
    }
}

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "..." | "\u{2026}" | "?!" | "!?" | "!!")
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "'" | ")" | "]" | "}")
}

/// Splits text into word, number and punctuation tokens.
///
/// Words keep inner hyphens and apostrophes ("al-Abdullah", "O'Brien") but not a possessive
/// "'s"; dotted acronyms stay whole ("U.S."); numbers keep thousands separators and decimals.
pub fn tokenize(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let n = text.len();
    let char_at = |i: usize| text[i..].chars().next();
    while i < n {
        let c = char_at(i).expect("in bounds");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            let number = c.is_ascii_digit();
            i += c.len_utf8();
            loop {
                // plain run
                while i < n && i - start < MAX_TOKEN_BYTES {
                    let d = char_at(i).expect("in bounds");
                    if (d.is_alphanumeric() || d.is_mark()) && i + d.len_utf8() - start <= MAX_TOKEN_BYTES {
                        i += d.len_utf8();
                    } else {
                        break;
                    }
                }
                if i + 1 >= n || !b[i].is_ascii() || i - start >= MAX_TOKEN_BYTES {
                    break;
                }
                let sep = b[i];
                let after = char_at(i + 1).expect("in bounds");
                if !after.is_alphanumeric() {
                    // "U.S." keeps its final dot
                    if sep == b'.' && is_dotted_acronym(&text[start..i]) {
                        i += 1;
                    }
                    break;
                }
                match sep {
                    b'-' => i += 1,
                    b'\'' => {
                        // possessive 's / s' stays a separate token
                        let rest = &text[i + 1..];
                        let possessive = rest.starts_with('s') && rest[1..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                        if possessive {
                            break;
                        }
                        i += 1;
                    }
                    b'.' if number && after.is_ascii_digit() => i += 1,
                    b'.' if (is_dotted_acronym(&text[start..i]) || char_len(&text[start..i]) == 1)
                        && after.is_alphabetic()
                        && text[i + 1 + after.len_utf8()..].starts_with('.') =>
                    {
                        i += 1
                    }
                    b',' if number
                        && text[i + 1..].len() >= 3
                        && text.as_bytes()[i + 1..i + 4].iter().all(|x| x.is_ascii_digit())
                        && text[i + 4..].chars().next().is_none_or(|c| !c.is_ascii_digit()) =>
                    {
                        i += 1
                    }
                    _ => break,
                }
            }
            let kind = if number { TokenKind::Number } else { TokenKind::Word };
            out.push(Token { start, end: i, kind });
            continue;
        }
        // possessive "'s"
        let start = i;
        if c == '\'' && text[i + 1..].starts_with('s') && text[i + 2..].chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            i += 2;
            out.push(Token { start, end: i, kind: TokenKind::Word });
            continue;
        }
        // punctuation: group "...", "?!", "--"
        i += c.len_utf8();
        if c == '.' || c == '!' || c == '?' || c == '-' {
            while i < n && matches!(b[i], b'.' | b'!' | b'?') && (c != '-' || b[i] == b'-') {
                i += 1;
            }
            while c == '-' && i < n && b[i] == b'-' {
                i += 1;
            }
        }
        out.push(Token { start, end: i, kind: TokenKind::Punct });
    }
    out
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// "U.S", "U.N", "e.g" so far: single letters joined by dots.
fn is_dotted_acronym(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

trait IsMark {
    fn is_mark(&self) -> bool;
}
impl IsMark for char {
    /// Combining marks (diacritics written as separate code points) stay inside words.
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lexicon::Lexicon;

    fn seg() -> &'static Segmenter {
        static SEG: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        SEG.get_or_init(|| Segmenter::new(&Lexicon::builtin().segment))
    }

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    fn sents(s: &str) -> Vec<&str> {
        seg().segment(s, false).sentences.iter().map(|x| &s[x.start..x.end]).collect()
    }

    #[test]
    fn tokens_keep_names_numbers_and_split_possessives() {
        assert_eq!(
            toks("Iraq's al-Abdullah said 8,000 (1.5%) U.S. troops, O'Brien"),
            vec!["Iraq", "'s", "al-Abdullah", "said", "8,000", "(", "1.5", "%", ")", "U.S.", "troops", ",", "O'Brien"]
        );
        assert_eq!(toks("a 15-year-old..."), vec!["a", "15-year-old", "..."]);
        assert_eq!(toks("8,00 and 12,3456"), vec!["8", ",", "00", "and", "12", ",", "3456"]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sents("Gen. Smith met John F. Kennedy Jr. in Sept. 2014. He left."),
            vec!["Gen. Smith met John F. Kennedy Jr. in Sept. 2014.", "He left."]
        );
        assert_eq!(sents("Room No. 5 burned. No. The fire spread."), vec!["Room No. 5 burned.", "No.", "The fire spread."]);
    }

    #[test]
    fn dotted_acronyms_end_sentences_only_before_openers() {
        assert_eq!(
            sents("Troops left the U.S. The talks failed. The U.S. State Department agreed."),
            vec!["Troops left the U.S.", "The talks failed.", "The U.S. State Department agreed."]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sents("\"We need help. We have volunteers,\" he said. \"Stop!\" he shouted. Then \"Go.\" They went."),
            vec!["\"We need help.", "We have volunteers,\" he said.", "\"Stop!\" he shouted.", "Then \"Go.\"", "They went."]
        );
    }

    #[test]
    fn lines_are_paragraphs_and_headings_are_sentences() {
        let s = "Concerns of alienation\nThere are concerns.\n|\nNext one";
        let out = seg().segment(s, false);
        let texts: Vec<&str> = out.sentences.iter().map(|x| &s[x.start..x.end]).collect();
        assert_eq!(texts, vec!["Concerns of alienation", "There are concerns.", "|", "Next one"]);
        assert_eq!(out.sentences.iter().map(|x| x.paragraph).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    }

    #[test]
    fn wrapped_line_continues_in_cased_text() {
        assert_eq!(
            sents("The police said they had\nreopened the road. Next."),
            vec!["The police said they had\nreopened the road.", "Next."]
        );
    }

    #[test]
    fn caseless_text_still_splits() {
        let s = "gunmen killed 5 people on sunday. police said. the u.s. embassy closed.";
        let out = seg().segment(s, true);
        assert_eq!(out.sentences.len(), 3);
    }

    #[test]
    fn caseless_datelines_need_their_source() {
        let s = "tripoli, lebanon (team wire) - several hundred residents took to the streets.";
        let out = seg().segment(s, true);
        let d = out.dateline.expect("dateline");
        assert_eq!((&s[d.place.0..d.place.1], &s[d.source.unwrap().0..d.source.unwrap().1]), ("tripoli", "team wire"));
        assert_eq!(&s[out.sentences[0].start..out.sentences[0].end], "several hundred residents took to the streets.");
        // Without an agency a lower-case opening is text, not a dateline.
        assert!(seg().segment("police in kabul - who said it - arrested two men.", true).dateline.is_none());
    }

    #[test]
    fn datelines_are_found_and_kept_out_of_the_sentence() {
        let s = "BAGHDAD, May 17 (Reuters) - Gunmen killed five people.";
        let out = seg().segment(s, false);
        let d = out.dateline.expect("dateline");
        assert_eq!(&s[d.place.0..d.place.1], "BAGHDAD");
        assert_eq!(&s[d.source.unwrap().0..d.source.unwrap().1], "Reuters");
        assert_eq!(&s[out.sentences[0].start..out.sentences[0].end], "Gunmen killed five people.");
        let s2 = "Kabul (Team wire) - A bomb exploded.";
        assert!(seg().segment(s2, false).dateline.is_some());
        let s3 = "MOGADISHU - Al-Shabaab fighters attacked a base.";
        assert!(seg().segment(s3, false).dateline.is_some());
        assert!(seg().segment("Iraq - a country.", false).dateline.is_none());
    }

    /// Sentences cover the tokens after the dateline in order, one after the other, each
    /// within the bound and on char boundaries of `text`.
    fn assert_tiled(text: &str, out: &Segmented, bound: usize) {
        let mut next = out.sentences.first().map_or(0, |s| s.first_token);
        if out.dateline.is_none() {
            assert_eq!(next, 0, "the first sentence starts at the first token");
        }
        for s in &out.sentences {
            assert_eq!(s.first_token, next, "sentences follow each other");
            assert!(s.end_token > s.first_token);
            assert_eq!(s.start, out.tokens[s.first_token].start);
            assert_eq!(s.end, out.tokens[s.end_token - 1].end);
            assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(s.end - s.start <= bound, "sentence of {} bytes over the bound {bound}", s.end - s.start);
            next = s.end_token;
        }
        assert_eq!(next, out.tokens.len(), "the last sentence ends at the last token");
    }

    /// A segmenter with the smallest bound allowed, built once (loading the lexicon per
    /// proptest case would dominate the test's time).
    fn seg_512() -> &'static Segmenter {
        static SEG: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        SEG.get_or_init(|| {
            let mut data = Lexicon::builtin().segment;
            data.max_sentence_bytes = sitrep_lexicon::MIN_SENTENCE_BYTES;
            Segmenter::new(&data)
        })
    }

    use sitrep_test_support::unpunctuated_text as unpunctuated;

    #[test]
    fn a_megabyte_line_without_punctuation_is_cut_within_the_bound() {
        let text = unpunctuated(1 << 20, " ");
        let out = seg().segment(&text, false);
        assert_tiled(&text, &out, 1_000);
        // Pieces are at least half the bound long: no splitting into crumbs.
        assert!(out.sentences.len() < text.len() / 500 + 1, "{} sentences", out.sentences.len());
    }

    #[test]
    fn a_megabyte_of_comma_separated_words_is_cut_within_the_bound() {
        let text = unpunctuated(1 << 20, ", ");
        let out = seg().segment(&text, false);
        assert_tiled(&text, &out, 1_000);
        // Cut after a comma, before a conjunction where there is one near the bound.
        for s in &out.sentences[..out.sentences.len() - 1] {
            assert!(text[..s.end].ends_with(','), "{:?}", &text[s.end.saturating_sub(20)..s.end]);
        }
    }

    #[test]
    fn long_sentences_split_at_their_best_break() {
        let words = |n: usize| vec!["word"; n].join(" ");
        // A semicolon beats commas and conjunctions.
        let text = format!("{}, and {}; {}, {}.", words(60), words(50), words(60), words(50));
        let got = seg().sentences(&text, &tokenize(&text), false, None);
        assert_tiled(&text, &Segmented { tokens: tokenize(&text), sentences: got.clone(), dateline: None }, 1_000);
        assert!(text[..got[0].end].ends_with(';'), "{:?}", &text[..got[0].end]);
        // A comma before a conjunction beats a plain comma.
        let text = format!("{}, {}, but {}, {}.", words(40), words(70), words(40), words(70));
        let got = seg().sentences(&text, &tokenize(&text), false, None);
        assert!(text[got[0].end..].starts_with(" but"), "{:?}", &text[got[0].end..got[0].end + 10]);
        // A wrapped line (lower-case continuation) beats everything.
        let text = format!("{}; {}\n{}, and {}.", words(40), words(100), words(40), words(100));
        let got = seg().sentences(&text, &tokenize(&text), false, None);
        assert!(text[got[0].end..].starts_with('\n'));
        // Ordinary sentences are untouched.
        assert_eq!(
            sents("Gunmen killed five people, police said; the army, and others, fled."),
            vec!["Gunmen killed five people, police said; the army, and others, fled."]
        );
    }

    #[test]
    fn an_endless_word_is_cut_at_char_boundaries() {
        let text = "é".repeat(300_000) + " x" + &"a".repeat(5_000);
        let out = seg().segment(&text, false);
        assert!(out.tokens.iter().all(|t| t.end - t.start <= MAX_TOKEN_BYTES));
        assert_tiled(&text, &out, 1_000);
        let text = "a-".repeat(5_000);
        let out = seg().segment(&text, false);
        assert!(out.tokens.iter().all(|t| t.end - t.start <= MAX_TOKEN_BYTES));
        assert_tiled(&text, &out, 1_000);
    }

    #[test]
    fn huge_gaps_still_split() {
        let text = format!("alpha{}beta{}gamma", " ".repeat(5_000), "\t".repeat(1_500));
        let out = seg().segment(&text, false);
        assert_tiled(&text, &out, 1_000);
        assert_eq!(out.sentences.len(), 3);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_segments_into_bounded_tiles(s in "\\PC{0,2000}") {
            let out = seg_512().segment(&s, false);
            assert_tiled(&s, &out, 512);
        }

        #[test]
        fn arbitrary_wordy_text_segments_into_bounded_tiles(s in "([a-zA-Z]{1,12}|[ ,;:.!?\n\"'-]){0,1500}", caseless: bool) {
            let out = seg_512().segment(&s, caseless);
            assert_tiled(&s, &out, 512);
        }

        #[test]
        fn tokens_and_sentences_are_ordered_char_boundaries(s in "\\PC{0,300}") {
            let out = seg().segment(&s, false);
            let mut last = 0;
            for t in &out.tokens {
                proptest::prop_assert!(t.start >= last && t.end > t.start && t.end <= s.len());
                proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                last = t.end;
            }
            let mut last = 0;
            for x in &out.sentences {
                proptest::prop_assert!(x.start >= last && x.end >= x.start);
                last = x.end;
            }
        }
    }
}
