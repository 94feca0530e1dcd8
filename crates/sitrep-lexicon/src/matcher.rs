//! One interface over the automata that find dictionary phrases in text.
//!
//! Like ripgrep's `Matcher`, callers do not see which engine runs: today an
//! Aho-Corasick automaton over all phrases, searched once per article, with the case
//! policy and word boundaries checked per hit.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// How a phrase's letter case must agree with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Any case ("government").
    Insensitive,
    /// Exactly as written; used for short all-caps acronyms ("IS", "AU").
    Sensitive,
    /// Initial capitals must be capitals in cased text ("Chad", "Hamas"); any case in caseless text.
    Proper,
}

impl Case {
    /// The policy a dictionary phrase gets by its shape.
    pub fn of_phrase(p: &str) -> Case {
        let letters: Vec<char> = p.chars().filter(|c| c.is_alphabetic()).collect();
        if !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) && letters.len() <= 6 {
            Case::Sensitive
        } else if letters.iter().any(|c| c.is_uppercase()) {
            Case::Proper
        } else {
            Case::Insensitive
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    pub start: usize,
    pub end: usize,
    /// The value given with the phrase when it was added.
    pub payload: u32,
}

/// One dictionary entry of a phrase: which set it belongs to, its payload and case policy.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    set: usize,
    payload: u32,
    case: Case,
    phrase: String,
}

#[derive(Default)]
pub struct PhraseMatcherBuilder {
    phrases: Vec<String>,
    index: HashMap<String, usize>,
    entries: Vec<Vec<Entry>>,
    set: usize,
    sets: usize,
}

impl PhraseMatcherBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Phrases added from now on belong to dictionary `set` (0 until this is called).
    ///
    /// Several dictionaries in one matcher are searched in one pass over the text
    /// ([`PhraseMatcher::find_sets`]): each pass over a text costs the same whatever the
    /// number of phrases, so one pass for all of them is much cheaper than one per dictionary.
    pub fn set(&mut self, set: usize) -> &mut Self {
        self.set = set;
        // a set exists once named, even if no phrase is added to it
        self.sets = self.sets.max(set + 1);
        self
    }

    /// Adds `phrase` with `payload`; the case policy follows the phrase's shape.
    pub fn add(&mut self, phrase: &str, payload: u32) -> &mut Self {
        let case = Case::of_phrase(phrase);
        self.add_with_case(phrase, payload, case)
    }

    pub fn add_with_case(&mut self, phrase: &str, payload: u32, case: Case) -> &mut Self {
        let phrase = fold_punct(phrase.trim());
        if phrase.is_empty() {
            return self;
        }
        let key = phrase.to_ascii_lowercase();
        let slot = *self.index.entry(key.clone()).or_insert_with(|| {
            self.phrases.push(key);
            self.entries.push(Vec::new());
            self.entries.len() - 1
        });
        let entry = Entry { set: self.set, payload, case, phrase };
        if !self.entries[slot].contains(&entry) {
            self.entries[slot].push(entry);
        }
        self
    }

    pub fn build(self) -> PhraseMatcher {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // The crate's choice: a DFA for small dictionaries, a contiguous NFA for large ones,
            // whose DFA would take tens of milliseconds to build at every start (measured: cold
            // start 97 -> 42 ms once the triggers' inflected forms grew, same search speed).
            .kind(None)
            .build(&self.phrases)
            .expect("dictionary automaton");
        PhraseMatcher { ac, entries: self.entries, sets: self.sets.max(1) }
    }
}

/// Finds dictionary phrases at word boundaries.
pub struct PhraseMatcher {
    ac: AhoCorasick,
    entries: Vec<Vec<Entry>>,
    sets: usize,
}

impl std::fmt::Debug for PhraseMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhraseMatcher({} phrases)", self.entries.len())
    }
}

impl PhraseMatcher {
    /// Every valid hit (overlapping ones included) of every set, sorted by start, longest first.
    pub fn find_all(&self, text: &str, caseless: bool) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        self.scan(text, caseless, |_, m| out.push(m));
        sort_hits(&mut out);
        out
    }

    /// Leftmost-longest, non-overlapping hits; all payloads of the winning phrase are returned.
    pub fn find(&self, text: &str, caseless: bool) -> Vec<PhraseMatch> {
        leftmost_longest(self.find_all(text, caseless))
    }

    /// [`find`](Self::find) for each set, from one pass over the text: element `i` holds the
    /// hits of set `i` exactly as a matcher holding only that set's phrases would find them.
    pub fn find_sets(&self, text: &str, caseless: bool) -> Vec<Vec<PhraseMatch>> {
        self.find_all_sets(text, caseless).into_iter().map(leftmost_longest).collect()
    }

    /// [`find_all`](Self::find_all) for each set, from one pass over the text: element `i`
    /// holds every hit of set `i` exactly as a matcher holding only that set's phrases would
    /// find them (sorted by start, longest first). A caller wanting some sets leftmost-longest
    /// passes them to [`leftmost_longest`].
    pub fn find_all_sets(&self, text: &str, caseless: bool) -> Vec<Vec<PhraseMatch>> {
        let mut sets = vec![Vec::new(); self.sets];
        self.scan(text, caseless, |set, m| sets[set].push(m));
        for hits in &mut sets {
            sort_hits(hits);
        }
        sets
    }

    /// Calls `hit` with the set and match of every valid hit, in the automaton's order.
    fn scan(&self, text: &str, caseless: bool, mut hit: impl FnMut(usize, PhraseMatch)) {
        for m in self.ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !at_word_boundary(text, s, e) {
                continue;
            }
            let found = &text[s..e];
            for en in &self.entries[m.pattern().as_usize()] {
                if case_ok(en.case, &en.phrase, found, caseless) {
                    hit(en.set, PhraseMatch { start: s, end: e, payload: en.payload });
                }
            }
        }
    }
}

/// By start, longest first; a stable sort, so hits of one span keep the order they were added in.
fn sort_hits(hits: &mut [PhraseMatch]) {
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
}

/// Keeps leftmost-longest, non-overlapping hits of sorted `all` (as [`PhraseMatcher::find_all`]
/// gives them), with every payload of each winner.
pub fn leftmost_longest(all: Vec<PhraseMatch>) -> Vec<PhraseMatch> {
    let mut out: Vec<PhraseMatch> = Vec::new();
    let mut taken_end = 0;
    let mut win: Option<(usize, usize)> = None;
    for m in all {
        if let Some((ws, we)) = win {
            if m.start == ws && m.end == we {
                out.push(m);
                continue;
            }
        }
        if m.start >= taken_end {
            taken_end = m.end;
            win = Some((m.start, m.end));
            out.push(m);
        }
    }
    out
}

/// Straight quotes and dashes, as the normalizer writes them.
fn fold_punct(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        })
        .collect()
}

fn at_word_boundary(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    let first = text[s..e].chars().next();
    let last = text[s..e].chars().next_back();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    // A boundary is needed only where the phrase itself starts/ends with a word char.
    (!word(first) || !word(before)) && (!word(last) || !word(after))
}

fn case_ok(case: Case, phrase: &str, found: &str, caseless: bool) -> bool {
    match case {
        Case::Insensitive => true,
        Case::Sensitive => phrase == found,
        Case::Proper => {
            if caseless {
                return true;
            }
            // Every capital in the phrase must be a capital in the text ("Hamas" ≠ "hamas",
            // but "Islamic State" matches "ISLAMIC STATE").
            phrase.chars().zip(found.chars()).all(|(p, f)| !p.is_uppercase() || f.is_uppercase())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(items: &[(&str, u32)]) -> PhraseMatcher {
        let mut b = PhraseMatcherBuilder::new();
        for (p, v) in items {
            b.add(p, *v);
        }
        b.build()
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        let m = matcher(&[("IS", 1)]);
        assert!(m.find("this is it", false).is_empty());
        assert_eq!(m.find("fighters of IS took", false).len(), 1);
        assert!(m.find("fighters of is took", true).is_empty());
    }

    #[test]
    fn proper_names_need_capitals_unless_caseless() {
        let m = matcher(&[("Chad", 1)]);
        assert!(m.find("a hanging chad", false).is_empty());
        assert_eq!(m.find("troops in Chad", false).len(), 1);
        assert_eq!(m.find("troops in chad", true).len(), 1);
    }

    #[test]
    fn word_boundaries_and_longest_wins() {
        let m = matcher(&[("Islamic State", 1), ("Islamic State of Iraq and the Levant", 2), ("state", 3)]);
        let hits = m.find("units loyal to the Islamic State of Iraq and the Levant, not statehood", false);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].payload, 2);
    }

    #[test]
    fn a_shorter_valid_phrase_survives_a_longer_invalid_one() {
        // "IS" (sensitive) fails on "is"; "is here" (insensitive) must still be found.
        let m = matcher(&[("IS", 1), ("is here", 2)]);
        let hits = m.find("it is here", false);
        assert_eq!(hits.iter().map(|h| h.payload).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn same_phrase_many_payloads() {
        let m = matcher(&[("Georgia", 1), ("Georgia", 2)]);
        assert_eq!(m.find("in Georgia today", false).len(), 2);
    }

    #[test]
    fn sets_are_found_as_separate_dictionaries() {
        let mut b = PhraseMatcherBuilder::new();
        b.add("Islamic State", 1).add("state", 2);
        b.set(1).add("state", 3).add("said", 4);
        let m = b.build();
        let sets = m.find_sets("Islamic State said", false);
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].iter().map(|h| h.payload).collect::<Vec<_>>(), vec![1]);
        assert_eq!(sets[1].iter().map(|h| (h.start, h.payload)).collect::<Vec<_>>(), vec![(8, 3), (14, 4)]);
    }

    #[test]
    fn an_empty_set_is_still_a_set() {
        let mut b = PhraseMatcherBuilder::new();
        b.add("state", 1).set(2);
        assert_eq!(b.build().find_sets("the state", false).len(), 3);
    }

    #[test]
    fn curly_apostrophes_in_data_match_straight_text() {
        let m = matcher(&[("Da\u{2019}esh", 1)]);
        assert_eq!(m.find("Da'esh fighters", false).len(), 1);
    }
}
