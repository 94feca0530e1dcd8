//! CAMEO event codes from the PETRARCH verb dictionary (`petrarch/verbs.toml`), matched
//! against sitrep's own dependency parse.
//!
//! Everything is compiled once, when the coder is built: every form of every verb (the forms
//! the dictionary lists, else the regular ones `morph` makes) goes into one hash from the
//! lower-case verb word to the verbs it may be, and every pattern of a verb's group into a
//! small tree of [`El`]ements. Coding a verb token then reads its clause in the parse:
//!
//! - the words **before** the verb: from the start of the clause (the subtree of the verb, or
//!   of the verb it is the `xcomp`/`conj`/`pcomp`/`ccomp` of — "Arnor is about to restore",
//!   "indicated it would act": PETRARCH's `SAID WOULD *`) up to it;
//! - the words **after** it: the rest of its subtree, without a coordinated verb's own clause;
//!
//! and a pattern matches when its elements appear in those words in order (words between them
//! allowed, none where the dictionary joins them with `_`): a word (its regular plural too; coding
//! PETRARCH's way only as written, as PETRARCH matches a pattern's words: "EFFORT" is not
//! "efforts", while a synset's nouns have their plurals either way), a
//! `&SYNSET` (any of its phrases; nouns with their plurals), a `(PREP …)` phrase (the
//! preposition, then the rest inside its subtree), a `{ADJ NOUN}` phrase (its words close
//! together), `$` the source and `+` the target (the word after the marker), `^` the next noun
//! phrase skipped (TABARI's "skip a noun phrase": "AT ^ +" of "warned at the council of the
//! envoy", the envoy is the target), `%` (any words; no own meaning here). The pattern with the most words that match gives the code (the
//! earlier one on a tie); a pattern with the null code says "no event"; no pattern matching
//! leaves the verb's own code (or its group's).

use crate::roles::{At, Generic};
use crate::{Art, Cand, EventCoder, Form};
use sitrep_core::{Entity, EntityKind, Event};
use sitrep_lexicon::petrarch::{AgentPlace, VerbsFile};
use sitrep_lexicon::MorphologyData;
use sitrep_syntax::{Dep, Parse};
use std::collections::HashMap;
use std::sync::Arc;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
enum El {
    /// Any of these word sequences (lower case); `joined`: no word between it and the
    /// element before (`_` in the dictionary). Shared: a synset's phrases are one allocation
    /// however many patterns name it.
    Words {
        alts: Arc<Vec<Vec<String>>>,
        joined: bool,
    },
    /// `(PREP …)`: the preposition, then the inner elements inside its subtree.
    Prep {
        prep: String,
        inner: Vec<El>,
        joined: bool,
    },
    /// `{A B}`: the inner elements, each within [`NP_GAP`] words of the one before.
    Phrase(Vec<El>),
    Source,
    Target,
    /// `X_*`: the words before it end right before the verb.
    End,
    /// `^`: the next noun phrase, skipped (its words up to and including its head noun).
    Skip,
    /// `%`: stands for any words.
    Any,
}

/// Most words between the parts of a `{ADJ NOUN}` phrase.
const NP_GAP: usize = 2;
/// Most times a verb climbs to the verb it complements to find the start of its clause.
const MAX_CLIMB: usize = 4;

#[derive(Debug, Clone)]
struct Pat {
    before: Vec<El>,
    after: Vec<El>,
    /// `None`: the null code, no event.
    code: Option<String>,
    /// The code of the reverse direction.
    alt: Option<String>,
    /// The words each side needs, one of each list (a pattern whose words are not there is not
    /// tried): the first words of its word and synset elements, its prepositions.
    need_before: Vec<Need>,
    need_after: Vec<Need>,
}

/// The first words of one word list's alternatives, as sorted ids (`Cameo::word_ids`): built
/// once per list (a synset named by many patterns shares one), so that checking a pattern costs
/// a few integer searches and no string hashing or walk over a synset's phrases.
type Need = Arc<Vec<u32>>;

/// What `needs` keeps while the dictionary compiles: the id of every first word, and the
/// needs already built, by the word list they come from (held, so that no other list can take
/// its address meanwhile).
#[derive(Default)]
struct NeedCache {
    ids: HashMap<String, u32>,
    built: HashMap<*const Alts, (Arc<Alts>, Need)>,
}

/// A word element's alternatives (`El::Words`).
type Alts = Vec<Vec<String>>;

impl NeedCache {
    fn need<'a>(&mut self, firsts: impl Iterator<Item = &'a String>) -> Need {
        let mut v: Vec<u32> = firsts
            .map(|w| {
                let n = self.ids.len() as u32;
                *self.ids.entry(w.clone()).or_insert(n)
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        Arc::new(v)
    }
}

/// The word lists of `els` (nested ones too) that must each have a word present, as the ids
/// of their first words.
fn needs(els: &[El], out: &mut Vec<Need>, cache: &mut NeedCache) {
    for el in els {
        match el {
            El::Words { alts, .. } => {
                let need = match cache.built.get(&Arc::as_ptr(alts)) {
                    Some((_, n)) => n.clone(),
                    None => {
                        let n = cache.need(alts.iter().filter_map(|a| a.first()));
                        cache.built.insert(Arc::as_ptr(alts), (alts.clone(), n.clone()));
                        n
                    }
                };
                out.push(need);
            }
            El::Prep { prep, inner, .. } => {
                out.push(cache.need(std::iter::once(prep)));
                needs(inner, out, cache);
            }
            El::Phrase(inner) => needs(inner, out, cache),
            El::Source | El::Target | El::End | El::Skip | El::Any => {}
        }
    }
}

/// Whether every list of `need` has a word among `present` (sorted ids of the clause's words).
fn present_all(need: &[Need], present: &[u32]) -> bool {
    need.iter().all(|ids| {
        if ids.len() <= present.len() {
            ids.iter().any(|w| present.binary_search(w).is_ok())
        } else {
            present.iter().any(|w| ids.binary_search(w).is_ok())
        }
    })
}

#[derive(Debug, Clone)]
struct Group {
    code: Option<String>,
    /// The code of the reverse direction (`[032:033]`).
    alt: Option<String>,
    patterns: Vec<Pat>,
}

/// One verb a word form may be: its group, its own code, and the other words of a
/// multi-word verb that must stand right before (`pre`) and after (`post`) the verb word.
#[derive(Debug, Clone)]
struct VerbEntry {
    group: u32,
    code: Option<String>,
    pre: Vec<String>,
    post: Vec<String>,
    /// A form the dictionary writes (the lemma or a listed form), not one `morph` made: it wins a
    /// tie ("left" is LEFT's own entry before LEAVE's past tense).
    written: bool,
}

/// What a verb token is coded as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Coding {
    pub code: String,
    /// Sentence position the pattern's `$` points to, if it has one.
    pub source: Option<usize>,
    /// Sentence position the pattern's `+` points to, if it has one.
    pub target: Option<usize>,
    /// Sentence positions of the verb's words (`lo..hi`, the multi-word verb's particles included).
    pub verb: (usize, usize),
    /// The code of the reverse direction, target to source (`[032:033]`), if the dictionary gives one.
    pub alt: Option<String>,
}

/// The compiled verb dictionary, the crosswalk and the agent nouns.
pub(crate) struct Cameo {
    forms: HashMap<String, Vec<VerbEntry>>,
    groups: Vec<Group>,
    /// Lower-case agent phrase (every listed form) → code and where it goes.
    agents: HashMap<String, (String, AgentPlace)>,
    max_agent_words: usize,
    /// An id for every word a pattern needs present (the first words of its word lists).
    word_ids: HashMap<String, u32>,
}

impl Cameo {
    /// `exact_words`: a pattern's words match only as written (coding PETRARCH's way).
    pub(crate) fn new(
        verbs: &VerbsFile,
        agents: &sitrep_lexicon::petrarch::AgentsFile,
        morph: &MorphologyData,
        exact_words: bool,
    ) -> Cameo {
        let plurals = (!exact_words).then_some(morph);
        let lower = |s: &str| s.to_lowercase();
        // synset label → its phrases, as lower-case word sequences (nouns with their plurals)
        let mut synsets: HashMap<String, Arc<Vec<Vec<String>>>> = HashMap::new();
        for s in &verbs.synset {
            let mut alts: Vec<Vec<String>> = Vec::new();
            for n in &s.nouns {
                for f in sitrep_lexicon::morph::phrase_forms(&lower(n), true, morph) {
                    alts.push(f.split_whitespace().map(str::to_string).collect());
                }
            }
            for f in &s.fixed {
                alts.push(lower(f).split_whitespace().map(str::to_string).collect());
            }
            alts.retain(|a| !a.is_empty());
            // "DID N'T" (PETRARCH's tokens) is one token "didn't" in sitrep's
            let glued: Vec<Vec<String>> = alts.iter().filter_map(|a| glue_negation(a)).collect();
            alts.extend(glued);
            // `&LABEL_` (no plurals) is named `&LABEL` in patterns too
            synsets.insert(s.label.trim_start_matches('&').trim_end_matches('_').to_uppercase(), Arc::new(alts));
        }
        let mut forms: HashMap<String, Vec<VerbEntry>> = HashMap::new();
        let mut cache = WordCache::new();
        let mut need_cache = NeedCache::default();
        let mut groups = Vec::with_capacity(verbs.group.len());
        for (gi, g) in verbs.group.iter().enumerate() {
            let patterns = g
                .patterns
                .iter()
                .filter_map(|p| {
                    let mut before = compile(&p.before, &synsets, plurals, &mut cache)?;
                    let mut after = compile(&p.after, &synsets, plurals, &mut cache)?;
                    // `RECENTLY_*`, `*_OUT`: joined to the verb itself
                    if p.before.trim_end().ends_with('_') {
                        before.push(El::End);
                    }
                    if p.after.trim_start().starts_with('_') {
                        if let Some(El::Words { joined, .. } | El::Prep { joined, .. }) = after.first_mut() {
                            *joined = true;
                        }
                    }
                    let (mut need_before, mut need_after) = (Vec::new(), Vec::new());
                    needs(&before, &mut need_before, &mut need_cache);
                    needs(&after, &mut need_after, &mut need_cache);
                    let (code, alt) = match (&p.code, &p.alt) {
                        (Some(c), alt) => (Some(c.clone()), alt.clone()),
                        (None, alt) => (alt.clone(), None),
                    };
                    Some(Pat { before, after, code, alt, need_before, need_after })
                })
                .collect();
            groups.push(Group { code: g.code.clone(), alt: g.alt.clone(), patterns });
            for v in &g.verbs {
                let words: Vec<String> = lower(&v.lemma).split_whitespace().map(str::to_string).collect();
                if words.is_empty() {
                    continue;
                }
                let head = v.head.min(words.len() - 1);
                let mut all: Vec<(Vec<String>, bool)> = Vec::new();
                if v.forms.is_empty() {
                    for f in sitrep_lexicon::morph::verb_forms(&words[head], morph) {
                        let mut w = words.clone();
                        let written = f == words[head];
                        w[head] = f;
                        all.push((w, written));
                    }
                } else {
                    all.push((words.clone(), true));
                    all.extend(
                        v.forms
                            .iter()
                            .map(|f| lower(f).split_whitespace().map(str::to_string).collect::<Vec<_>>())
                            .filter(|w| w.len() == words.len())
                            .map(|w| (w, true)),
                    );
                }
                for (w, written) in all {
                    let e = VerbEntry {
                        group: gi as u32,
                        code: v.code.clone(),
                        pre: w[..head].to_vec(),
                        post: w[head + 1..].to_vec(),
                        written,
                    };
                    forms.entry(w[head].clone()).or_default().push(e);
                }
            }
        }
        let mut agent_map = HashMap::new();
        let mut max_agent_words = 1;
        for a in &agents.agent {
            let phrase = lower(&a.phrase);
            let mut all = vec![phrase.clone()];
            match &a.plurals {
                None => all.extend(sitrep_lexicon::morph::phrase_forms(&phrase, true, morph)),
                Some(list) => all.extend(list.iter().map(|p| lower(p))),
            }
            for f in all {
                max_agent_words = max_agent_words.max(f.split_whitespace().count());
                agent_map.entry(f).or_insert_with(|| (a.code.clone(), a.place));
            }
        }
        Cameo { forms, groups, agents: agent_map, max_agent_words, word_ids: need_cache.ids }
    }

    /// The agent code of exactly the phrase `words`.
    pub(crate) fn agent_exact(&self, words: &[String]) -> Option<&(String, AgentPlace)> {
        self.agents.get(&words.join(" "))
    }

    /// The sorted ids of `words` that some pattern needs (the others can meet no need).
    fn present<'a>(&self, words: impl Iterator<Item = &'a String>) -> Vec<u32> {
        let mut v: Vec<u32> = words.filter_map(|w| self.word_ids.get(w).copied()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Whether a lower-case word may be the verb word of a dictionary verb.
    pub(crate) fn is_verb_form(&self, w: &str) -> bool {
        self.forms.contains_key(w)
    }

    /// The agent code of a phrase's last words (the longest listed phrase ending it) and where it goes.
    pub(crate) fn agent(&self, words: &[String]) -> Option<&(String, AgentPlace)> {
        let n = words.len();
        (1..=self.max_agent_words.min(n)).rev().find_map(|k| self.agents.get(&words[n - k..].join(" ")))
    }

    /// Codes verb token `v` of a parsed sentence whose lower-case words are `words`: the best
    /// matching pattern's code, else the verb's own. `None` when the word is no dictionary verb
    /// here or its code is the null code.
    pub(crate) fn code(&self, p: &Parse, words: &[String], v: usize) -> Option<Coding> {
        let entries = self.forms.get(words.get(v)?)?;
        let clause_start = clause_start(p, v);
        // (score, written form), the coding, whether it is an event (not the null code)
        let mut best: Option<((usize, bool), Coding, bool)> = None;
        for e in entries {
            // a multi-word verb: its other words right before and after the verb word
            if v < e.pre.len() || v + e.post.len() >= words.len() {
                continue;
            }
            if !e.pre.iter().enumerate().all(|(k, w)| &words[v - e.pre.len() + k] == w) {
                continue;
            }
            if !e.post.iter().enumerate().all(|(k, w)| words.get(v + 1 + k) == Some(w)) {
                continue;
            }
            let lo = v - e.pre.len();
            let hi = v + 1 + e.post.len();
            let before: Vec<usize> = (clause_start.min(lo)..lo).collect();
            let after = after_region(p, v, hi);
            let g = &self.groups[e.group as usize];
            let in_before = self.present(before.iter().map(|&t| &words[t]));
            let in_after = self.present(after.iter().map(|&t| &words[t]));
            for pat in &g.patterns {
                if !present_all(&pat.need_before, &in_before) || !present_all(&pat.need_after, &in_after) {
                    continue;
                }
                let mut st = State::default();
                let Some(score_b) = match_seq(&pat.before, &before, 0, p, words, &mut st) else { continue };
                let Some(score_a) = match_seq(&pat.after, &after, 0, p, words, &mut st) else { continue };
                let key = (score_b + score_a, e.written);
                if best.as_ref().is_none_or(|b| key > b.0) {
                    let coding = Coding {
                        code: pat.code.clone().unwrap_or_default(),
                        source: st.source,
                        target: st.target,
                        verb: (lo, hi),
                        alt: pat.alt.clone(),
                    };
                    best = Some((key, coding, pat.code.is_some()));
                }
            }
            // no pattern: the verb's own code, else its group's (a written form's before a made one's)
            if best.as_ref().is_none_or(|b| (0, e.written) > b.0) {
                if let Some(code) = e.code.clone().or(g.code.clone()) {
                    let alt = if e.code.is_some() { None } else { g.alt.clone() };
                    best = Some(((0, e.written), Coding { code, source: None, target: None, verb: (lo, hi), alt }, true));
                }
            }
        }
        best.filter(|b| b.2 && !b.1.code.is_empty()).map(|b| b.1)
    }
}

/// Where the clause of verb `v` starts: the start of its subtree, or of the verb (or
/// preposition) it complements (a clausal complement too) or is coordinated with, climbing at most [`MAX_CLIMB`] times.
fn clause_start(p: &Parse, v: usize) -> usize {
    let mut top = v;
    for _ in 0..MAX_CLIMB {
        match p.head(top) {
            Some(h)
                if matches!(p.deps[top], Dep::Xcomp | Dep::Conj | Dep::Pcomp | Dep::Aux | Dep::Ccomp)
                    || (matches!(p.deps[top], Dep::Prep | Dep::Acomp) && p.is_verb(h)) =>
            {
                top = h
            }
            _ => break,
        }
    }
    p.subtree(top).start
}

/// The words after the verb (from `from`) in its subtree, without the clauses of verbs
/// coordinated with it ("… condemned an attack … and promised aid …").
fn after_region(p: &Parse, v: usize, from: usize) -> Vec<usize> {
    let end = p.subtree(v).end;
    let cut: Vec<std::ops::Range<usize>> =
        p.children(v).filter(|&c| c > v && p.deps[c] == Dep::Conj && p.is_verb(c)).map(|c| p.subtree(c)).collect();
    let cc: Vec<usize> = p.children(v).filter(|&c| p.deps[c] == Dep::Cc).collect();
    (from..end).filter(|i| !cut.iter().any(|r| r.contains(i)) && (cut.is_empty() || !cc.contains(i))).collect()
}

#[derive(Default)]
struct State {
    source: Option<usize>,
    target: Option<usize>,
}

/// Matches `els` in order against the positions `toks[k..]`: the score (words matched) or `None`.
fn match_seq(els: &[El], toks: &[usize], k: usize, p: &Parse, words: &[String], st: &mut State) -> Option<usize> {
    let Some((el, rest)) = els.split_first() else { return Some(0) };
    match el {
        El::Any => match_seq(rest, toks, k, p, words, st),
        El::End => (k == toks.len()).then(|| match_seq(rest, toks, k, p, words, st)).flatten(),
        El::Skip => {
            let end = (k..toks.len()).find(|&m| phrase_end(p, toks[m]))?;
            match_seq(rest, toks, end + 1, p, words, st)
        }
        El::Source | El::Target => {
            let at = toks.get(k).copied();
            let saved = (st.source, st.target);
            if matches!(el, El::Source) {
                st.source = st.source.or(at);
            } else {
                st.target = st.target.or(at);
            }
            let r = match_seq(rest, toks, k, p, words, st);
            if r.is_none() {
                (st.source, st.target) = saved;
            }
            r
        }
        El::Words { alts, joined } => {
            let starts: Vec<usize> = if *joined { vec![k] } else { (k..toks.len()).collect() };
            for j in starts {
                for alt in alts.iter() {
                    if let Some(n) = words_at(alt, toks, j, words) {
                        if let Some(s) = match_seq(rest, toks, j + n, p, words, st) {
                            return Some(s + alt.len());
                        }
                    }
                }
            }
            None
        }
        El::Prep { prep, inner, joined } => {
            let starts: Vec<usize> = if *joined { vec![k] } else { (k..toks.len()).collect() };
            for j in starts {
                let Some(&t) = toks.get(j) else { break };
                if &words[t] != prep {
                    continue;
                }
                let sub = p.subtree(t);
                let inside: Vec<usize> = toks[j + 1..].iter().copied().take_while(|i| sub.contains(i)).collect();
                let saved = (st.source, st.target);
                if let Some(si) = match_seq(inner, &inside, 0, p, words, st) {
                    if let Some(sr) = match_seq(rest, toks, j + 1, p, words, st) {
                        return Some(1 + si + sr);
                    }
                }
                (st.source, st.target) = saved;
            }
            None
        }
        El::Phrase(inner) => {
            for j in k..toks.len() {
                let saved = (st.source, st.target);
                if let Some((si, next)) = match_close(inner, toks, j, words, st) {
                    if let Some(sr) = match_seq(rest, toks, next, p, words, st) {
                        return Some(si + sr);
                    }
                }
                (st.source, st.target) = saved;
            }
            None
        }
    }
}

/// Whether token `t` ends a noun phrase: a noun or pronoun that modifies no noun after it
/// ("Cirith" of "Cirith Ungol", "Ithilen's" of "Ithilen's militia" do not).
fn phrase_end(p: &Parse, t: usize) -> bool {
    (p.is_noun(t) || p.tags[t].is_pronoun())
        && !(matches!(p.deps[t], Dep::Compound | Dep::Amod | Dep::Nmod | Dep::Poss) && p.head(t).is_some_and(|h| h > t))
}

/// `{A B}`: the first element at `j`, every next one within [`NP_GAP`] words; the score and
/// the index after the last word.
fn match_close(inner: &[El], toks: &[usize], j: usize, words: &[String], st: &mut State) -> Option<(usize, usize)> {
    let mut at = j;
    let mut score = 0;
    for (n, el) in inner.iter().enumerate() {
        match el {
            El::Words { alts, .. } => {
                let tries = if n == 0 { at..at + 1 } else { at..(at + NP_GAP + 1).min(toks.len()) };
                let hit = tries.clone().find_map(|i| alts.iter().find_map(|a| words_at(a, toks, i, words).map(|len| (i, len))));
                let (i, len) = hit?;
                at = i + len;
                score += len;
            }
            El::Source => st.source = st.source.or(toks.get(at).copied()),
            El::Target => st.target = st.target.or(toks.get(at).copied()),
            _ => {}
        }
    }
    Some((score, at))
}

/// Whether the words `alt` stand at `toks[j..]`, consecutive in the sentence; their count.
fn words_at(alt: &[String], toks: &[usize], j: usize, words: &[String]) -> Option<usize> {
    let first = *toks.get(j)?;
    for (n, w) in alt.iter().enumerate() {
        let t = *toks.get(j + n)?;
        if t != first + n || &words[t] != w {
            return None;
        }
    }
    Some(alt.len())
}

/// Compiles one side of a pattern; `None` when it names an unknown synset (PETRARCH ignores
/// such a pattern too).
/// `plurals`: a pattern word matches its regular plural too (else only as written).
fn compile(
    s: &str,
    synsets: &HashMap<String, Arc<Vec<Vec<String>>>>,
    plurals: Option<&MorphologyData>,
    cache: &mut WordCache,
) -> Option<Vec<El>> {
    // tokens: brackets, `_` (join), words and markers
    let mut toks: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | ')' | '{' | '}' | '_' | '|' => {
                if !cur.is_empty() {
                    toks.push(std::mem::take(&mut cur));
                }
                toks.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    toks.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        toks.push(cur);
    }
    let mut pos = 0;
    parse_els(&toks, &mut pos, None, synsets, plurals, cache)
}

/// A pattern word's forms, made once per distinct word while compiling.
type WordCache = HashMap<String, Arc<Vec<Vec<String>>>>;

fn parse_els(
    toks: &[String],
    pos: &mut usize,
    close: Option<&str>,
    synsets: &HashMap<String, Arc<Vec<Vec<String>>>>,
    plurals: Option<&MorphologyData>,
    cache: &mut WordCache,
) -> Option<Vec<El>> {
    let mut out: Vec<El> = Vec::new();
    let mut joined = false;
    while *pos < toks.len() {
        let t = toks[*pos].as_str();
        *pos += 1;
        match t {
            ")" | "}" if close == Some(t) => return Some(out),
            ")" | "}" | "|" => {}
            "_" => joined = !out.is_empty(),
            "(" => {
                let inner = parse_els(toks, pos, Some(")"), synsets, plurals, cache)?;
                let mut it = inner.into_iter();
                match it.next() {
                    // the preposition: the word as written (its first form)
                    Some(El::Words { alts, .. }) if alts[0].len() == 1 => {
                        out.push(El::Prep { prep: alts[0][0].clone(), inner: it.collect(), joined });
                    }
                    Some(first) => {
                        out.push(first);
                        out.extend(it);
                    }
                    None => {}
                }
                joined = false;
            }
            "{" => {
                let inner = parse_els(toks, pos, Some("}"), synsets, plurals, cache)?;
                out.push(El::Phrase(inner));
                joined = false;
            }
            "$" => out.push(El::Source),
            "+" => out.push(El::Target),
            "^" => out.push(El::Skip),
            "%" => out.push(El::Any),
            w => {
                let alts = if let Some(label) = w.strip_prefix('&') {
                    synsets.get(label.trim_end_matches('_').to_uppercase().as_str())?.clone()
                } else {
                    let lw = w.to_lowercase();
                    cache
                        .entry(lw)
                        .or_insert_with_key(|lw| match plurals {
                            Some(morph) => Arc::new(sitrep_lexicon::morph::noun_forms(lw, morph).into_iter().map(|f| vec![f]).collect()),
                            None => Arc::new(vec![vec![lw.clone()]]),
                        })
                        .clone()
                };
                out.push(El::Words { alts, joined });
                joined = false;
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The event coder's use of it.

impl EventCoder {
    /// Whether the noun at sentence position `n` names who does it: a possessor ("Russia's
    /// invasion") or an agent preposition ("an attack by soldiers", `nominal_agent_prepositions`).
    fn own_agent(&self, a: &Art, at: &At, n: usize) -> bool {
        let p = at.p;
        p.children(n).any(|c| {
            p.deps[c] == Dep::Poss || (p.deps[c] == Dep::Prep && self.words.nominal_agent_preps.contains(&a.ctx.lower(at.first + c)))
        })
    }

    /// The CAMEO code of a team event: the first of its triggers' words (or, for a noun
    /// trigger, the verb it is the object or subject of) that a verb pattern codes. The
    /// sentence is parsed already (its roles were read), unless the trigger is a refusal or
    /// reported speech.
    pub(crate) fn team_cameo(&self, a: &Art, group: &[Cand]) -> Option<(Coding, Vec<Entity>, Vec<Entity>)> {
        for c in group {
            if a.topic.as_ref().is_some_and(|t| t.drops_sentence(c.sentence)) {
                continue;
            }
            let Some(at) = self.locate(a, c) else { continue };
            let p = at.p;
            // a modal or auxiliary the dictionary lists as a verb ("should have acted"): the verb
            // it helps instead, as PETRARCH codes a verb phrase by its main verb
            let mut cands: Vec<usize> = Vec::new();
            for v in (at.lo..at.hi).filter(|&v| p.is_verb(v)) {
                let helped = p.head(v).filter(|&h| {
                    p.deps[v] == Dep::Aux
                        && p.is_verb(h)
                        && !(at.lo..at.hi).contains(&h)
                        && self.cameo().is_verb_form(&a.ctx.lower(at.first + v))
                });
                cands.push(helped.unwrap_or(v));
            }
            if p.is_noun(at.head) && matches!(p.deps[at.head], Dep::Dobj | Dep::Nsubj | Dep::Nsubjpass | Dep::Pobj) {
                let mut h = p.head(at.head);
                if p.deps[at.head] == Dep::Pobj {
                    // only after a verb that names the act of its prepositional object ("took part
                    // in the talks"; "met them during a visit": the meeting is not the visit)
                    h = h.and_then(|x| p.head(x)).filter(|&v| self.words.prep_light_verbs.contains(&a.ctx.lower(at.first + v)));
                } else if p.deps[at.head] == Dep::Dobj && self.own_agent(a, &at, at.head) {
                    // "chided an attack by Osgiliath soldiers": an act with an agent of its own is
                    // not the act of the verb it is the object of
                    h = None;
                }
                cands.extend(h.filter(|&h| p.is_verb(h)));
            }
            // the sentence's words only when one of them is a dictionary verb
            cands.retain(|&v| self.cameo().is_verb_form(&a.ctx.lower(at.first + v)));
            if cands.is_empty() {
                continue;
            }
            let words = sentence_words(a, &at);
            for v in cands {
                if let Some(x) = self.cameo().code(p, &words, v) {
                    let at_v = At { p, first: at.first, lo: x.verb.0, hi: x.verb.1, head: v };
                    let (src, tgt) = self.verb_parties(a, c, &at_v, v, &x);
                    return Some((x, src, tgt));
                }
            }
        }
        None
    }

    /// The code the PETRARCH actor dictionary gives a country's name as written, on the
    /// article's date, where it is a bare three-letter code other than the team's ("Kuwait"
    /// KUW, "Zimbabwe" RHO until 1979, in a dictionary that codes them so); `None` otherwise.
    fn dictionary_country(&self, a: &Art, name: &str, iso: &str) -> Option<String> {
        let (found, _) = self.petrarch_actors.lookup(&sitrep_lexicon::petrarch::key(name));
        let rec = self.petrarch_actors.actors.get(found? as usize)?;
        let day = a.input.doc.published.map(|d| {
            use chrono::Datelike;
            d.year() as u32 * 10_000 + d.month() * 100 + d.day()
        });
        let code = rec.code_on(day)?;
        (code.len() == 3 && code != iso && code.bytes().all(|b| b.is_ascii_uppercase())).then(|| code.to_string())
    }

    /// Whether a place is the capital of its country: CAMEO codes a capital as its state
    /// ("fired two artillery shells at Seoul": KOR).
    fn capital_of(&self, pl: &sitrep_core::Place) -> bool {
        pl.country.as_ref().is_some_and(|iso| self.capitals.get(&pl.name.to_lowercase()) == Some(iso))
    }

    /// Coding PETRARCH's way, the state a capital at sentence position `k` stands for, as a
    /// party of its own (the team's reading takes a capital as a party of political acts only;
    /// on MUC-4 dev a capital as a party adds a wrong perpetrator).
    fn capital_party(&self, a: &Art, c: &Cand, at: &At, k: usize) -> Option<Entity> {
        if !self.coded_only {
            return None;
        }
        let t = a.ctx.tokens.get(at.first + k)?;
        let pl = a
            .places
            .starting_in(t.start.saturating_sub(crate::TRIGGER_REACH), t.end)
            .iter()
            .map(|&m| &a.rec.places[m])
            .find(|pl| pl.span.0 <= t.start && t.end <= pl.span.1 && self.capital_of(pl))?;
        Some(self.capital_state(c, pl))
    }

    /// A country's code: the PETRARCH dictionary's for the place naming it inside `span`, else
    /// the team's.
    fn country_code(&self, a: &Art, span: (usize, usize), iso: &str) -> String {
        a.places
            .starting_in(span.0, span.1)
            .iter()
            .map(|&k| &a.rec.places[k])
            .filter(|pl| pl.span.1 <= span.1 && pl.country.as_deref() == Some(iso))
            .find_map(|pl| self.dictionary_country(a, &pl.text, iso))
            .or_else(|| self.dictionary_country(a, &a.ctx.text[span.0..span.1], iso))
            .unwrap_or_else(|| iso.to_string())
    }

    /// The CAMEO code of a party the text names: the dictionaries' code of its mention, else
    /// its country's code followed (or preceded) by the agent code of its head noun
    /// ("Iraqi police" → IRQCOP), else its country's code. `None` when no country or actor code
    /// is known (PETRARCH's `---`).
    pub(crate) fn entity_code(&self, a: &Art, e: &Entity) -> Option<String> {
        if let Some(c) = &e.cameo {
            return Some(c.clone());
        }
        let country = self.country_code(a, (e.span.0, e.span.1), e.country.as_deref()?);
        let words: Vec<String> = e.text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
        if e.kind == EntityKind::State {
            // "the Australian government": the state's agent noun says which part of it acts
            return Some(match self.cameo().agent(&words).filter(|_| words.len() > 1) {
                Some((code, sitrep_lexicon::petrarch::AgentPlace::After)) if !country.ends_with(code.as_str()) => {
                    format!("{country}{code}")
                }
                Some((code, sitrep_lexicon::petrarch::AgentPlace::Before)) => format!("{code}{country}"),
                _ => country,
            });
        }
        // "the police", "Soldiers": a country the article's focus lent, not one its words name
        // ("Iraqi police", "Washington security officials": a place of that country inside it)
        let named = a
            .places
            .starting_in(e.span.0, e.span.1)
            .iter()
            .map(|&k| &a.rec.places[k])
            .any(|pl| pl.span.1 <= e.span.1 && pl.country == e.country);
        if !named {
            return None;
        }
        Some(match self.cameo().agent(&words) {
            Some((code, sitrep_lexicon::petrarch::AgentPlace::After)) => format!("{country}{code}"),
            Some((code, sitrep_lexicon::petrarch::AgentPlace::Before)) => format!("{code}{country}"),
            None => country,
        })
    }

    /// The codes of the noun phrase headed by sentence position `i`, each with the position of
    /// the words it comes from: a coded mention holding its head; else the code of the mentions
    /// that modify it ("Gondor's", "Arnor", "of Arnor, Osgiliath and Gondor", "from Gondor"),
    /// one per coordinated mention. Either joined with the agent codes of the phrase's own words
    /// that no coded mention holds ("soldiers", "main opposition group": after the actor's
    /// code; "MSF": before it). Empty when no actor or country code is found (PETRARCH's `---`).
    fn phrase_codes(&self, a: &Art, at: &At, i: usize) -> Vec<(usize, String)> {
        let p = at.p;
        let covering = |k: usize| -> Option<&Entity> {
            let t = a.ctx.tokens.get(at.first + k)?;
            a.entities
                .starting_in(t.start.saturating_sub(crate::TRIGGER_REACH), t.end)
                .iter()
                .map(|&m| &a.rec.entities[m])
                .filter(|m| m.span.0 <= t.start && t.end <= m.span.1)
                .max_by_key(|m| m.span.1 - m.span.0)
        };
        // a mention's code, else the country a country name or national adjective names
        let code_at = |k: usize| -> Option<String> {
            if let Some(c) = covering(k).and_then(|e| self.entity_code(a, e)) {
                return Some(c);
            }
            let t = a.ctx.tokens.get(at.first + k)?;
            a.places
                .starting_in(t.start.saturating_sub(crate::TRIGGER_REACH), t.end)
                .iter()
                .map(|&m| &a.rec.places[m])
                .find(|pl| {
                    pl.span.0 <= t.start
                        && t.end <= pl.span.1
                        && (pl.feature.as_deref() == Some("country") || pl.use_ == sitrep_core::PlaceUse::Adjective || self.capital_of(pl))
                })
                .and_then(|pl| Some(self.country_code(a, (pl.span.0, pl.span.1), pl.country.as_deref()?)))
        };
        // the phrase's own words: the head and the words before it in its phrase (not a
        // determiner or possessive)
        let sub = p.subtree(i);
        let mut lo = i;
        while lo > sub.start && !matches!(p.deps[lo - 1], Dep::Det | Dep::Poss | Dep::Predet | Dep::Case | Dep::Punct | Dep::Cc | Dep::Conj)
        {
            lo -= 1;
        }
        // "Ministry of Silly Walks": an agent phrase may go on through the head's `of` phrase
        let hi = p
            .children(i)
            .find(|&j| j == i + 1 && p.deps[j] == Dep::Prep && self.words.agent_phrase_preps.contains(&a.ctx.lower(at.first + j)))
            .map_or(i + 1, |j| p.subtree(j).end);
        if hi > i + 1 {
            let long: Vec<String> = (lo..hi).map(|k| a.ctx.lower(at.first + k)).collect();
            if let Some(found) = (0..=i - lo).find_map(|s| self.cameo().agent_exact(&long[s..])) {
                let (code, place) = found;
                let base = (lo..=i).find_map(&code_at);
                if let Some(b) = base {
                    return vec![(i, if *place == AgentPlace::Before { format!("{code}{b}") } else { format!("{b}{code}") })];
                }
            }
        }
        let words: Vec<String> = (lo..=i).map(|k| a.ctx.lower(at.first + k)).collect();
        let free = |k: usize| code_at(k).is_none();
        // the longest agent phrase ending the head's words and free of coded mentions …
        let mut after: Vec<&str> = Vec::new();
        let mut before: Vec<&str> = Vec::new();
        let mut head_from = i + 1;
        if let Some((s, (code, place))) =
            (0..words.len()).filter(|&s| (lo + s..=i).all(free)).find_map(|s| Some((s, self.cameo().agent_exact(&words[s..])?)))
        {
            head_from = lo + s;
            match place {
                AgentPlace::After => after.push(code),
                AgentPlace::Before => before.push(code),
            }
        }
        // … and single agent words before it ("MSF Arnor diplomat")
        for k in lo..head_from.min(i) {
            if !free(k) {
                continue;
            }
            if let Some((code, place)) = self.cameo().agent_exact(&words[k - lo..k - lo + 1]) {
                match place {
                    AgentPlace::After => after.insert(0, code),
                    AgentPlace::Before => before.push(code),
                }
            }
        }
        let join = |base: &str| -> String {
            let mut out: String = before.iter().copied().collect();
            out.push_str(base);
            for c in &after {
                // "The Quibbler [HGWGOVMED] government newspaper": a code already there is not added again
                if !base.contains(c) {
                    out.push_str(c);
                }
            }
            out
        };
        if let Some(c) = code_at(i) {
            return vec![(i, join(&c))];
        }
        // the coded words modifying noun `m` ("Gondor's", "of Arnor, Osgiliath and Gondor")
        let modifiers = |m: usize| -> Option<Vec<(usize, String)>> {
            for j in p.children(m) {
                let d = p.deps[j];
                let k = if d == Dep::Prep && self.words.actor_preps.contains(&a.ctx.lower(at.first + j)) {
                    match p.children_with(j, Dep::Pobj).next() {
                        Some(o) => o,
                        None => continue,
                    }
                } else if matches!(d, Dep::Poss | Dep::Compound | Dep::Amod | Dep::Nmod) {
                    j
                } else {
                    continue;
                };
                let Some(c) = code_at(k) else { continue };
                let mut out = vec![(k, join(&c))];
                for m in conjuncts(p, k).into_iter().skip(1) {
                    if let Some(c) = code_at(m) {
                        out.push((m, join(&c)));
                    }
                }
                return Some(out);
            }
            None
        };
        if let Some(out) = modifiers(i) {
            return out;
        }
        // a noun coordinated with another shares the modifiers the parse hangs on that one
        // ("lawmakers and officials in Fornost": the officials are in Fornost too)
        if let Some(out) = p.head(i).filter(|&h| p.deps[i] == Dep::Conj && p.is_noun(h)).and_then(modifiers) {
            return out;
        }
        // a coded word deeper among the words before the head ("Arnor security officials")
        (lo..i).find_map(|k| code_at(k).map(|c| vec![(k, join(&c))])).unwrap_or_default()
    }

    /// The coded source and target parties of verb `v` coded as `x`: the pattern's `$` and `+`
    /// words, else the verb's subject (or the subject of the clause it complements) and its
    /// object or target prepositions' objects, else the first coded phrase after it in its
    /// clause ("acted oddly with respect to Libya"). Each party carries its CAMEO code.
    pub(crate) fn verb_parties(&self, a: &Art, c: &Cand, at: &At, v: usize, x: &Coding) -> (Vec<Entity>, Vec<Entity>) {
        let p = at.p;
        let args = self.parse_args(a, c, at);
        let src: Vec<usize> = match x.source {
            Some(t) => conjuncts(p, phrase_head(p, t)),
            None if args.actor.is_empty() => climbed_subject(p, v),
            // the verb's other subjects too ("Evil Mordor, the awful Fornost, and good Gondor":
            // a list the parse reads as two subjects)
            None => {
                let mut s = args.actor.clone();
                let more: Vec<usize> = p.children(v).filter(|&k| p.deps[k].is_subject() && p.is_noun(k) && !s.contains(&k)).collect();
                s.extend(more);
                s
            }
        };
        let tgt: Vec<Vec<usize>> = match x.target {
            Some(t) => vec![conjuncts(p, phrase_head(p, t))],
            None => vec![
                args.recipient.clone(),
                args.targets.clone(),
                self.first_coded_after(a, at, v, x.verb.1, false, false),
                // "believes (that) Dagolath and Osgiliath can cope": the subject of its complement
                // clause (one after it: "…, an official said" reports, it names no target)
                // (coding PETRARCH's way, not a pronoun: PETRARCH codes none)
                p.children_with(v, Dep::Ccomp)
                    .filter(|&c| c > v)
                    .find_map(|c| p.subject(c))
                    .filter(|&s| !(self.coded_only && p.tags[s].is_pronoun()))
                    .map(|s| conjuncts(p, s))
                    .unwrap_or_default(),
                // coding PETRARCH's way, else the first coded phrase of that clause ("began to
                // question whether he has a future with the Morgul Orcs")
                match p.children_with(v, Dep::Ccomp).find(|&c| c > v) {
                    Some(c) if self.coded_only => self.first_coded_after(a, at, c, c + 1, false, false),
                    _ => vec![],
                },
                // coding PETRARCH's way, last, the place it took place ("arrived in Gondor")
                if self.coded_only { self.first_coded_after(a, at, v, x.verb.1, true, false) } else { vec![] },
                // and after all, the first coded phrase of its complement clause, as PETRARCH takes
                // the codes of the phrases it finds below the verb ("allow that Mordor isn't …",
                // where the parse found no verb in the complement)
                if self.coded_only { self.first_coded_after(a, at, v, x.verb.1, true, true) } else { vec![] },
            ],
        };
        let parties = |toks: &[usize]| -> Vec<Entity> {
            let mut out: Vec<Entity> = Vec::new();
            let mut push = |e: Entity| {
                if !out.iter().any(|o| o.span == e.span && o.cameo == e.cameo) {
                    out.push(e);
                }
            };
            // each word with the words coordinated with it ("between Minas Tirith and Osgiliath")
            let mut all: Vec<usize> = Vec::new();
            for &t in toks {
                for k in conjuncts(p, name_head(p, t)) {
                    if !all.contains(&k) {
                        all.push(k);
                    }
                }
            }
            for &t in &all {
                // "minister Calimehtar": a name right after its head names the same party
                if p.deps[t] == Dep::Appos
                    && t > 0
                    && p.head(t) == Some(t - 1)
                    && all.contains(&(t - 1))
                    && !self.phrase_codes(a, at, t - 1).is_empty()
                {
                    continue;
                }
                let codes = self.phrase_codes(a, at, t);
                if codes.is_empty() && p.tags[t].is_pronoun() {
                    // "it would act": the pronoun's antecedent
                    if let Some(mut e) = self.party(a, c, at, t, Generic::No) {
                        e.cameo = self.entity_code(a, &e);
                        if e.cameo.is_some() {
                            push(e);
                        }
                    }
                }
                for (k, code) in codes {
                    let Some(mut e) = self.party(a, c, at, k, Generic::Any).or_else(|| self.capital_party(a, c, at, k)) else { continue };
                    e.cameo = Some(code);
                    push(e);
                }
            }
            out
        };
        let mut actor = parties(&src);
        // a subject with no code of its own ("it would act": no antecedent found): the subject
        // of the clause the verb complements ("Ethiopia indicated it would act")
        if actor.is_empty() && x.source.is_none() {
            actor = parties(&climbed_subject(p, v));
        }
        let recipient = tgt.iter().map(|t| parties(t)).find(|r| !r.is_empty()).unwrap_or_default();
        (actor, recipient)
    }

    /// The first phrase after the verb (from position `from`) in its own clause that has a code:
    /// its subtree, without clauses of their own (subordinate, relative, coordinated verbs; with
    /// `complements`, a complement clause is searched too), and unless `places`, without the
    /// object of a locative preposition.
    fn first_coded_after(&self, a: &Art, at: &At, v: usize, from: usize, places: bool, complements: bool) -> Vec<usize> {
        let p = at.p;
        let cut: Vec<std::ops::Range<usize>> = p
            .children(v)
            .filter(|&c| {
                c > v
                    && (matches!(p.deps[c], Dep::Advcl | Dep::Parataxis | Dep::Npadvmod)
                        || (p.deps[c] == Dep::Ccomp && !complements)
                        || (p.deps[c] == Dep::Conj && p.is_verb(c)))
            })
            .map(|c| p.subtree(c))
            .collect();
        let end = p.subtree(v).end;
        // the object of a locative preposition is where the act took place ("in Madagascar")
        let place = |i: usize| {
            !places && p.deps[i] == Dep::Pobj && p.head(i).is_some_and(|h| self.words.locative.contains(&a.ctx.lower(at.first + h)))
        };
        (from..end)
            .filter(|&i| !cut.iter().any(|r| r.contains(&i)) && p.is_noun(i) && !place(i))
            .find(|&i| !self.phrase_codes(a, at, i).is_empty())
            .map(|i| conjuncts(p, i))
            .unwrap_or_default()
    }

    /// Events that only a PETRARCH verb pattern names, where no team trigger stands on the
    /// verb: only in sentences with two coded mentions (so sentences without a dyad are never
    /// parsed for this), only with a coded source and a coded target that differ (PETRARCH's
    /// `require_dyad`), the category, mode and context from the crosswalk.
    pub(crate) fn cameo_events(&self, a: &Art, team: &[Cand]) -> Vec<Cand> {
        let n = a.ctx.sentences.len();
        let mut coded = vec![0u8; n];
        let mut last: Vec<Option<&str>> = vec![None; n];
        for e in &a.rec.entities {
            if e.cameo.is_none() && e.country.is_none() {
                continue;
            }
            let s = a.ctx.sentence_of_byte(e.span.0);
            if s < n && last[s] != Some(e.name.as_str()) {
                coded[s] = coded[s].saturating_add(1);
                last[s] = Some(e.name.as_str());
            }
        }
        // a country named as a place ("sent troops to Poland") is a state party too
        for pl in &a.rec.places {
            let state = pl.country.is_some() && (pl.feature.as_deref() == Some("country") || pl.use_ == sitrep_core::PlaceUse::Adjective);
            let s = a.ctx.sentence_of_byte(pl.span.0);
            if state && s < n && last[s] != Some(pl.name.as_str()) {
                coded[s] = coded[s].saturating_add(1);
                last[s] = Some(pl.name.as_str());
            }
        }
        let mut out = Vec::new();
        for (s, &count) in coded.iter().enumerate() {
            if count < 2 || a.topic.as_ref().is_some_and(|t| t.drops_sentence(s)) {
                continue;
            }
            let sent = &a.ctx.sentences[s];
            let toks = sent.first_token..sent.end_token;
            if !toks.clone().any(|i| self.cameo().is_verb_form(&a.ctx.lower(i))) {
                continue;
            }
            let syn = a.input.doc.syntax;
            let p = syn.sentence(s);
            let first = syn.token_index(s, 0);
            let at0 = At { p, first, lo: 0, hi: 0, head: 0 };
            let words = sentence_words(a, &at0);
            for v in 0..p.len() {
                // a verb heading a clause: not a participle modifying a noun ("a frigate serving with …"),
                // nor the object of a preposition ("after leaving Eriador": PETRARCH reads no verb
                // inside a prepositional phrase)
                if !p.is_verb(v) || matches!(p.deps[v], Dep::Acl | Dep::Amod | Dep::Pcomp) || !self.cameo().is_verb_form(&words[v]) {
                    continue;
                }
                let Some(x) = self.cameo().code(p, &words, v) else { continue };
                let Some(&ti) = self.cameo_triggers.get(&x.code).or_else(|| self.cameo_triggers.get(x.code.get(..2).unwrap_or(""))) else {
                    continue;
                };
                let (start, end) = (a.ctx.tokens[first + x.verb.0].start, a.ctx.tokens[first + x.verb.1 - 1].end);
                // a team trigger on these words: the team's event stands (it gains the code), unless
                // the topic gate will drop it (an act of violence with no sign of violence near:
                // "clashed over the efforts of …" is a quarrel, which the verb pattern codes)
                let violent = &self.data.topic.violent_categories;
                let stands = |c: &Cand| !(violent.contains(&c.category) && a.topic.as_ref().is_some_and(|t| t.quiet(c.sentence)));
                let team: Vec<&Cand> = team.iter().filter(|c| stands(c)).collect();
                if team.iter().any(|c| c.sentence == s && c.start < end && start < c.end) {
                    continue;
                }
                let form = Form { trigger: ti, rest: vec![], noun: false };
                let Some(mut c) = self.read_trigger(a, start, end, &form) else {
                    continue;
                };
                // a team trigger on the verb's own phrase ("carried out a drone strike") or on the
                // verb it depends on: the team's event is this act (a trigger in a clause of its
                // own below the verb is another act: "allowed that Mordor is no place to visit")
                // (walking up from the trigger: a clause between it and the verb makes it another act)
                let own_phrase = |tp: usize| {
                    let mut at = tp;
                    for _ in 0..p.len() {
                        if at == v {
                            return true;
                        }
                        // (an adjunct of the verb is another act too: "presented credentials … in a
                        // further show of support")
                        let clausal = matches!(p.deps[at], Dep::Ccomp | Dep::Advcl | Dep::Relcl | Dep::Acl | Dep::Parataxis | Dep::Xcomp)
                            || (p.deps[at] == Dep::Conj && p.is_verb(at))
                            || (at != tp && p.head(at) == Some(v) && matches!(p.deps[at], Dep::Prep | Dep::Npadvmod | Dep::Advmod))
                            // (so is an object with an agent of its own: "chided an attack by …")
                            || (p.deps[at] == Dep::Dobj && self.own_agent(a, &at0, at));
                        match p.head(at) {
                            Some(h) if !clausal => at = h,
                            _ => return false,
                        }
                    }
                    false
                };
                let covered = team
                    .iter()
                    .filter(|t| t.sentence == s)
                    .filter_map(|t| syn.locate_byte(t.start))
                    .any(|(_, tp)| Some(tp) == p.head(v) || own_phrase(tp));
                if covered {
                    continue;
                }
                let Some(at) = self.locate(a, &c) else { continue };
                let (actor, recipient) = self.verb_parties(a, &c, &at, v, &x);
                c.construction = "cameo";
                c.cameo = Some(x.code.clone());
                // "Gondor and Osgiliath renewed ties": a coordinated source with no target acts
                // on itself, each side on the others (PETRARCH's compound actors)
                let distinct = |v: &[Entity]| v.iter().filter_map(|e| e.cameo.as_deref()).collect::<std::collections::BTreeSet<_>>().len();
                if recipient.is_empty() && distinct(&actor) > 1 {
                    for (k, one) in actor.iter().enumerate() {
                        let mut d = c.clone();
                        d.actor = vec![one.clone()];
                        d.recipient =
                            actor.iter().enumerate().filter(|&(j, e)| j != k && e.cameo != one.cameo).map(|(_, e)| e.clone()).collect();
                        out.push(d);
                    }
                    continue;
                }
                if actor.is_empty() || recipient.is_empty() || actor.iter().all(|x| recipient.iter().any(|y| y.cameo == x.cameo)) {
                    continue;
                }
                c.actor = actor;
                c.recipient = recipient;
                // "[032:033]": the target acts back (the host of a visit)
                let back = x
                    .alt
                    .as_ref()
                    .and_then(|alt| Some((alt, *self.cameo_triggers.get(alt).or_else(|| self.cameo_triggers.get(alt.get(..2)?))?)));
                if let Some((alt, ti)) = back {
                    let mut r = c.clone();
                    std::mem::swap(&mut r.actor, &mut r.recipient);
                    r.trigger = ti;
                    r.category = self.data.trigger[ti].category.clone();
                    r.cameo = Some(alt.clone());
                    out.push(r);
                }
                out.push(c);
            }
        }
        out
    }
}

/// A phrase with a separate "n't" ("did n't"), glued to the word before it ("didn't"); `None`
/// when it has none.
fn glue_negation(words: &[String]) -> Option<Vec<String>> {
    let k = words.iter().position(|w| w == "n't").filter(|&k| k > 0)?;
    let mut out = words[..k - 1].to_vec();
    out.push(format!("{}n't", words[k - 1]));
    out.extend(words[k + 1..].iter().cloned());
    Some(out)
}

/// The head of the noun phrase word `t` stands in (a marker points at the phrase's first word,
/// or at the preposition or determiner before it).
fn phrase_head(p: &Parse, mut t: usize) -> usize {
    if let Some(n) = (t..(t + 4).min(p.len())).find(|&k| p.is_noun(k) || p.tags[k].is_pronoun()) {
        t = n;
    }
    for _ in 0..MAX_CLIMB {
        match p.head(t) {
            Some(h)
                if matches!(p.deps[t], Dep::Compound | Dep::Amod | Dep::Det | Dep::Nummod | Dep::Poss | Dep::Predet) && p.is_noun(h) =>
            {
                t = h
            }
            _ => break,
        }
    }
    t
}

/// The last word of the proper name word `t` stands in ("Minas" of "Minas Tirith"), where the
/// parse hangs the name's coordinated words ("between Minas Tirith and Osgiliath").
fn name_head(p: &Parse, mut t: usize) -> usize {
    for _ in 0..MAX_CLIMB {
        match p.head(t) {
            Some(h) if p.deps[t] == Dep::Compound && h > t && p.tags[t].is_proper_noun() && p.tags[h].is_proper_noun() => t = h,
            _ => break,
        }
    }
    t
}

/// `t` and the nouns coordinated with it ("Mordor, Rohan, Fornost and Bree").
fn conjuncts(p: &Parse, t: usize) -> Vec<usize> {
    let mut out = vec![t];
    let mut k = 0;
    while k < out.len() && out.len() < 16 {
        let j = out[k];
        out.extend(p.children(j).filter(|&c| matches!(p.deps[c], Dep::Conj | Dep::Appos) && !p.is_verb(c)));
        k += 1;
    }
    out
}

/// The subject of the clause verb `v` complements ("Arnor is about to restore …" →
/// Arnor), climbing as [`clause_start`] does, with the words coordinated with it.
fn climbed_subject(p: &Parse, v: usize) -> Vec<usize> {
    let mut top = v;
    for _ in 0..=MAX_CLIMB {
        // every subject the parse gives the verb ("Old foes Gondor and Osgiliath": two)
        let subjects: Vec<usize> = p
            .children(top)
            .filter(|&s| p.deps[s].is_subject() && !matches!(p.deps[s], Dep::Expl) && !p.tags[s].is_pronoun())
            .flat_map(|s| conjuncts(p, s))
            .collect();
        if !subjects.is_empty() {
            return subjects;
        }
        match p.head(top) {
            Some(h) if matches!(p.deps[top], Dep::Xcomp | Dep::Conj | Dep::Pcomp | Dep::Aux | Dep::Acomp | Dep::Prep | Dep::Ccomp) => {
                top = h
            }
            _ => break,
        }
    }
    vec![]
}

/// The lower-case words of the sentence `at` stands in.
fn sentence_words(a: &Art, at: &At) -> Vec<String> {
    (0..at.p.len()).map(|k| a.ctx.lower(at.first + k)).collect()
}

impl EventCoder {
    /// The reverse coding of a team event whose verb gives one (`[032:033]`: the host of a
    /// visit), as an event of its own: target and source swapped, the reverse code, its category
    /// from the crosswalk. Only with `coded_only_events` (it is an act no team trigger names).
    pub(crate) fn reverse(&self, ev: &Event, alt: &str) -> Option<Event> {
        if !self.coded_only || ev.actor.is_empty() || ev.recipient.is_empty() {
            return None;
        }
        let ti = *self.cameo_triggers.get(alt).or_else(|| self.cameo_triggers.get(alt.get(..2)?))?;
        let t = &self.data.trigger[ti];
        let mut r = ev.clone();
        std::mem::swap(&mut r.actor, &mut r.recipient);
        r.category = t.category.clone();
        r.mode = t.mode.clone();
        r.context = t.context.clone();
        r.cameo = Some(sitrep_core::Cameo::new(alt));
        r.rule = format!("{}+{}:reverse", ev.rule, t.id);
        Some(r)
    }

    /// "Gondor and Osgiliath have postponed their meeting": a coded event whose coordinated
    /// actors (two or more distinct codes) have no recipient is each actor acting on the others
    /// (PETRARCH's compound actors), one event per actor. Only with `coded_only_events`; the
    /// event itself stands as it is.
    pub(crate) fn reciprocal(&self, ev: &Event) -> Vec<Event> {
        let codes: std::collections::BTreeSet<&str> = ev.actor.iter().filter_map(|e| e.cameo.as_deref()).collect();
        if !self.coded_only || ev.cameo.is_none() || !ev.recipient.is_empty() || codes.len() < 2 {
            return vec![];
        }
        ev.actor
            .iter()
            .filter(|one| one.cameo.is_some())
            .map(|one| {
                let mut d = ev.clone();
                d.actor = vec![one.clone()];
                d.recipient = ev.actor.iter().filter(|e| e.cameo.is_some() && e.cameo != one.cameo).cloned().collect();
                d.rule = format!("{}:reciprocal", ev.rule);
                d
            })
            .collect()
    }

    /// Sets the CAMEO code of an event and, where the event's parties have none, the code the
    /// dictionaries give them: the code of the noun phrase their words head, or modify
    /// ("Osgiliath" in "Osgiliath soldiers", "Gondor" in "soldiers from Gondor": the phrase's
    /// head and its agent code count).
    pub(crate) fn set_code(&self, a: &Art, ev: &mut Event, code: &str) {
        ev.cameo = Some(sitrep_core::Cameo::new(code));
        let syn = a.input.doc.syntax;
        for e in ev.actor.iter_mut().chain(ev.recipient.iter_mut()) {
            let at = syn.locate_byte(e.span.1.saturating_sub(1)).filter(|&(s, _)| s == ev.sentence.index);
            let Some((s, mut i)) = at else {
                e.cameo = e.cameo.clone().or_else(|| self.entity_code(a, e));
                continue;
            };
            let p = syn.sentence(s);
            let at = At { p, first: syn.token_index(s, 0), lo: 0, hi: 0, head: 0 };
            for _ in 0..MAX_CLIMB {
                let Some(h) = p.head(i) else { break };
                let up = match p.deps[i] {
                    Dep::Compound | Dep::Amod | Dep::Poss | Dep::Nmod => p.is_noun(h),
                    Dep::Pobj => {
                        self.words.actor_preps.contains(&a.ctx.lower(at.first + h))
                            && p.head(h).is_some_and(|g| p.is_noun(g) && self.cameo().agent(&[a.ctx.lower(at.first + g)]).is_some())
                    }
                    _ => false,
                };
                if !up {
                    break;
                }
                i = if p.deps[i] == Dep::Pobj { p.head(h).unwrap_or(h) } else { h };
            }
            // the phrase's code where it says more than the mention's own ("Osgiliath soldiers": OSGMIL)
            // (coordinated modifiers give a code each, "Lawmakers in Fornost and Gondor":
            // FORLEG/GONLEG, the dictionaries' notation for a party of several codes)
            let mut codes: Vec<String> = Vec::new();
            for (_, c) in self.phrase_codes(a, &at, i) {
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
            let phrase = (!codes.is_empty()).then(|| codes.join("/"));
            e.cameo = match (e.cameo.take(), phrase) {
                (Some(own), Some(ph)) if ph.len() > own.len() && ph.contains(own.as_str()) => Some(ph),
                (Some(own), _) => Some(own),
                (None, ph) => ph.or_else(|| self.entity_code(a, e)),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lexicon::petrarch::{AgentsFile, Pattern, Synset, Verb, VerbGroup};
    use sitrep_syntax::Parser;

    fn coder(groups: Vec<VerbGroup>, synsets: Vec<Synset>) -> Cameo {
        let lex = sitrep_lexicon::Lexicon::builtin();
        Cameo::new(&VerbsFile { synset: synsets, group: groups, transformation: vec![] }, &AgentsFile::default(), &lex.morphology, false)
    }

    fn pat(before: &str, after: &str, code: &str) -> Pattern {
        Pattern { before: before.into(), after: after.into(), code: (code != "---").then(|| code.into()), alt: None }
    }

    fn group(code: Option<&str>, verbs: &[&str], patterns: Vec<Pattern>) -> VerbGroup {
        VerbGroup {
            name: verbs[0].into(),
            code: code.map(str::to_string),
            alt: None,
            verbs: verbs.iter().map(|v| Verb { lemma: v.to_string(), ..Default::default() }).collect(),
            patterns,
        }
    }

    #[test]
    fn a_written_form_wins_over_a_made_one_and_reverse_codes_are_kept() {
        // "left" is LEAVE's past tense (made) and LEFT's own lemma (written, [032:033])
        let mut left = group(Some("032"), &["LEFT"], vec![]);
        left.alt = Some("033".into());
        let mut pats = vec![pat("", "(WITH +)", "031")];
        pats[0].alt = Some("031".into());
        let c = coder(vec![group(Some("012"), &["LEAVE"], vec![]), left, group(Some("040"), &["TALK"], pats)], vec![]);
        let x = code(&c, "The minister left for the capital .", "left").unwrap();
        assert_eq!((x.code.as_str(), x.alt.as_deref()), ("032", Some("033")), "{x:?}");
        assert_eq!(code(&c, "The minister leaves today .", "leaves").map(|x| x.code), Some("012".into()));
        let x = code(&c, "The envoys talked with the rebels .", "talked").unwrap();
        assert_eq!((x.code.as_str(), x.alt.as_deref()), ("031", Some("031")), "a pattern's own reverse code: {x:?}");
    }

    /// Codes the first word of `sentence` equal to `verb`.
    fn code(c: &Cameo, sentence: &str, verb: &str) -> Option<Coding> {
        let toks: Vec<&str> = sentence.split_whitespace().collect();
        let p = Parser::builtin().parse(&toks);
        let words: Vec<String> = toks.iter().map(|w| w.to_lowercase()).collect();
        let v = words.iter().position(|w| w == verb).expect("verb in sentence");
        c.code(&p, &words, v)
    }

    #[test]
    fn the_verb_code_stands_when_no_pattern_matches_and_a_pattern_wins_when_one_does() {
        let synset = Synset { label: "&MILITARY".into(), nouns: vec!["SOLDIER".into(), "TROOP".into()], fixed: vec![] };
        let c = coder(
            vec![group(
                Some("040"),
                &["SEND"],
                vec![pat("", "&MILITARY (TO +)", "0874"), pat("", "(TO +)", "061"), pat("", "AID", "070"), pat("", "GREETINGS", "---")],
            )],
            vec![synset],
        );
        assert_eq!(code(&c, "The king sent gifts to the queen .", "sent").map(|x| x.code), Some("061".into()));
        let x = code(&c, "The king sent 500 soldiers to the border .", "sent").unwrap();
        assert_eq!(x.code, "0874", "the synset member (a plural) and the prepositional phrase both match");
        assert_eq!(x.target, Some(6), "`+` points after the preposition: {x:?}");
        assert_eq!(code(&c, "The king sent food aid .", "sent").map(|x| x.code), Some("070".into()));
        assert_eq!(code(&c, "The king sent a letter .", "sent").map(|x| x.code), Some("040".into()), "no pattern: the group's code");
        assert_eq!(code(&c, "The king sent greetings .", "sent"), None, "a pattern with the null code: no event");
        assert_eq!(code(&c, "The king sends a letter .", "sends").map(|x| x.code), Some("040".into()), "regular forms are made");
    }

    #[test]
    fn words_before_the_verb_and_multi_word_verbs() {
        let mut cordon = group(None, &["CORDON OFF"], vec![pat("", "ROADS", "1721")]);
        cordon.verbs[0].forms = vec!["CORDONED OFF".into()];
        let c =
            coder(vec![group(Some("190"), &["FIRE"], vec![pat("POLICE", "", "1724"), pat("", "{WARNING SHOTS}", "138")]), cordon], vec![]);
        assert_eq!(code(&c, "Police fired at the crowd .", "fired").map(|x| x.code), Some("1724".into()));
        assert_eq!(code(&c, "Soldiers fired at the crowd .", "fired").map(|x| x.code), Some("190".into()));
        assert_eq!(code(&c, "Soldiers fired two warning shots .", "fired").map(|x| x.code), Some("138".into()));
        assert_eq!(code(&c, "Troops cordoned off the roads .", "cordoned").map(|x| (x.code, x.verb)), Some(("1721".into(), (1, 3))));
        assert_eq!(code(&c, "Troops cordoned the roads .", "cordoned"), None, "without its particle the verb is not this one");
    }

    #[test]
    fn a_caret_skips_one_noun_phrase() {
        let c = coder(vec![group(Some("160"), &["WARN"], vec![pat("", "AT ^ +", "162")])], vec![]);
        // the phrase skipped ends at its head ("town"), not at the noun modifying it ("border")
        let x = code(&c, "The council warned at the border town of the rebel army .", "warned").unwrap();
        assert_eq!((x.code.as_str(), x.target), ("162", Some(7)), "{x:?}");
        let two = coder(vec![group(Some("160"), &["WARN"], vec![pat("", "AT ^ ^ +", "163")])], vec![]);
        let x = code(&two, "The council warned at the border town with the elders of the rebel army .", "warned").unwrap();
        assert_eq!((x.code.as_str(), x.target), ("163", Some(10)), "two phrases skipped: {x:?}");
        assert_eq!(code(&two, "The council warned at the border town .", "warned").map(|x| x.code), Some("160".into()));
        // no noun phrase to skip: the pattern does not match
        assert_eq!(code(&c, "The council warned at once .", "warned").map(|x| x.code), Some("160".into()));
    }

    #[test]
    fn a_proper_name_of_several_words_is_coordinated_at_its_last_word() {
        let toks: Vec<&str> = "Kenya welcomed talks between Costa Rica and Panama .".split_whitespace().collect();
        let p = Parser::builtin().parse(&toks);
        assert_eq!(name_head(&p, 3), 3, "not a name: stays");
        let costa = 4;
        assert_eq!(name_head(&p, costa), 5, "{:?} {:?}", p.deps, p.heads);
        assert_eq!(conjuncts(&p, name_head(&p, costa)), vec![5, 7]);
    }

    #[test]
    fn an_underscore_next_to_the_star_joins_the_words_to_the_verb() {
        let c = coder(
            vec![
                group(Some("080"), &["ALLOW"], vec![pat("RECENTLY_", "", "025")]),
                group(Some("070"), &["PULL"], vec![pat("", "_OUT", "074")]),
            ],
            vec![],
        );
        assert_eq!(code(&c, "The council recently allowed the vote .", "allowed").map(|x| x.code), Some("025".into()));
        assert_eq!(code(&c, "The council recently did allow the vote .", "allow").map(|x| x.code), Some("080".into()), "a word between");
        assert_eq!(code(&c, "The troops pulled out of the town .", "pulled").map(|x| x.code), Some("074".into()));
        assert_eq!(code(&c, "The troops pulled the wounded out of the town .", "pulled").map(|x| x.code), Some("070".into()));
    }

    #[test]
    fn coding_petrarchs_way_a_pattern_word_matches_as_written_and_a_synset_noun_with_its_plural() {
        let synset = Synset { label: "&PLAN".into(), nouns: vec!["SCHEME".into()], fixed: vec![] };
        let groups = vec![group(Some("345"), &["DROP"], vec![pat("", "EFFORT", "987"), pat("", "&PLAN", "988")])];
        let verbs = VerbsFile { synset: vec![synset], group: groups, transformation: vec![] };
        let lex = sitrep_lexicon::Lexicon::builtin();
        let (team, petrarch) = (
            Cameo::new(&verbs, &AgentsFile::default(), &lex.morphology, false),
            Cameo::new(&verbs, &AgentsFile::default(), &lex.morphology, true),
        );
        for c in [&team, &petrarch] {
            assert_eq!(code(c, "The council dropped its effort .", "dropped").map(|x| x.code), Some("987".into()));
            assert_eq!(code(c, "The council dropped its schemes .", "dropped").map(|x| x.code), Some("988".into()));
        }
        assert_eq!(code(&team, "The council dropped its efforts .", "dropped").map(|x| x.code), Some("987".into()));
        assert_eq!(code(&petrarch, "The council dropped its efforts .", "dropped").map(|x| x.code), Some("345".into()), "no plural");
    }

    #[test]
    fn a_separate_negation_is_glued_to_its_word() {
        let w = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(glue_negation(&w("did n't")), Some(w("didn't")));
        assert_eq!(glue_negation(&w("really did n't ever")), Some(w("really didn't ever")));
        assert_eq!(glue_negation(&w("will not")), None);
        let synset = Synset { label: "&NEGATED".into(), nouns: vec![], fixed: vec!["DID N'T".into(), "WILL NOT".into()] };
        let c = coder(vec![group(Some("120"), &["CLASH"], vec![pat("&NEGATED", "", "904")])], vec![synset]);
        assert_eq!(code(&c, "The minister didn't clash with them .", "clash").map(|x| x.code), Some("904".into()));
        assert_eq!(code(&c, "The minister will not clash with them .", "clash").map(|x| x.code), Some("904".into()));
        assert_eq!(code(&c, "The minister clashed with them .", "clashed").map(|x| x.code), Some("120".into()));
    }

    #[test]
    fn patterns_compile_joins_groups_and_unknown_synsets() {
        let lex = sitrep_lexicon::Lexicon::builtin();
        let syn = HashMap::new();
        let els = compile("WOULD_NOT (WITH +) {HEAVY ARMS}", &syn, Some(&lex.morphology), &mut WordCache::new()).unwrap();
        assert!(matches!(&els[0], El::Words { alts, joined: false } if alts[0] == vec!["would".to_string()]), "{els:?}");
        assert!(matches!(&els[1], El::Words { alts, joined: true } if alts[0] == vec!["not".to_string()]), "`_` joins: {els:?}");
        assert!(matches!(&els[2], El::Prep { prep, inner, .. } if prep == "with" && inner == &vec![El::Target]), "{els:?}");
        assert!(matches!(&els[3], El::Phrase(inner) if inner.len() == 2), "{els:?}");
        assert_eq!(compile("&NOSUCHSET", &syn, Some(&lex.morphology), &mut WordCache::new()), None);
    }

    #[test]
    fn the_shipped_dictionary_compiles_and_codes_a_plain_sentence() {
        let lex = sitrep_lexicon::Lexicon::builtin();
        let c = Cameo::new(lex.petrarch_verbs(), lex.petrarch_agents(), &lex.morphology, false);
        assert!(c.forms.len() > 3_000, "{}", c.forms.len());
        let compiled: usize = c.groups.iter().map(|g| g.patterns.len()).sum();
        assert!(compiled >= 4_500, "{compiled}");
        let x = code(&c, "Government troops arrested two opposition leaders on Monday .", "arrested").expect("arrest is coded");
        assert!(x.code.starts_with("17") || x.code.starts_with("11"), "{x:?}");
        assert!(lex.crosswalk.code.iter().any(|e| e.cameo == x.code), "{x:?} has a crosswalk entry");
        let w: Vec<String> = ["the", "foreign", "minister"].iter().map(|s| s.to_string()).collect();
        assert!(c.agent(&w).is_some_and(|a| a.0.contains("GOV")), "{:?}", c.agent(&w));
    }
}
