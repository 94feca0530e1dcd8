//! Quotes: who said what, each with its speaker resolved to an entity mention.
//!
//! - **Direct** quotes are the text between quote marks (`"…"`, and the `''…''` of some
//!   newswires). The speech verb next to the marks in the same sentence ("…," he said;
//!   "…," said X; X said: "…") attributes them, and its grammatical subject is the speaker. A
//!   quote the writer interrupted with its attribution ("…," X said, "…") is one quote: its
//!   span runs from the first part to the last, and its cue is the interrupting verb. An
//!   unattributed quote right after an attributed one continues it.
//! - **Indirect** speech comes from the dependency parse: a verb of `reporting` in
//!   `quotes.toml` with a clausal complement (spaCy's `ccomp`: "X said (that) …", "X told
//!   reporters …", "…, the ministry said." where the clause before is the complement) reports
//!   that clause; a reporting verb inserted as a parenthetical ("The rebels, X said, withdrew")
//!   reports the clause it interrupts; "according to X" reports the rest of the clause it
//!   modifies. The speaker is the verb's subject (through coordination, "…, saying …" and
//!   relative "who"), or the object of "according to".
//!
//! - **Positions taken** are reported apart ([`PendingStance`], `Recognized::stances`): the
//!   object or open clause of a `stance` verb ("X endorsed Y", "X wants to …", "X called for
//!   …"), the rest of a clause after "in" + a `source_nouns` noun ("In a new poll, …"), and a
//!   line opening "Speaker: …". The event coder does not read them and their speakers add no
//!   mentions; [`merge_stances`] puts them among the output's quotes.
//!
//! A speaker is the entity mention covering the subject's head word (or the name in apposition
//! closing a subject headed by a common noun: "A nurse at the hospital, Leila Farouk, said"),
//! else one inside the subject phrase; "he"/"she" is linked to the last person; any other
//! subject becomes a new mention of its own (a name the dictionaries do not know, "the
//! ministry", "they").
//!
//! Parsing: only a sentence with a cue outside quotation marks (a `reporting` or `stance`
//! form, an `according` phrase, a source noun after a source preposition), or with quotation
//! marks and a speech cue within reach of them, is parsed — and of those only the ones its
//! words and tags (`Syntax::tags`, a quarter of the cost of a parse) do not settle: a cue the
//! tagger calls no verb reports nothing, nor one followed by "to" ("expected to"); the plain
//! shapes of a form of "say" or "tell" ("X said (that) …", "…, X said.", `"…," said X.`,
//! `X said: "…"`; see `Finder::plain`) are read without the tree, the way the parse reads them;
//! a cue inside the report just read in its sentence, and a stance verb inside a quote that
//! runs to its sentence's last word, need no parse of their own. On the BBC corpus the whole
//! pipeline now parses 38% of the sentences (56% before these readings).

use crate::actors::{ActorRecognizer, ActorSet};
use crate::{set, Ctx, Phrases};
use sitrep_core::{DateMention, Entity, EntityKind, Quote, Span};
use sitrep_lexicon::{morph, MorphologyData, PhraseMatch, PhraseMatcherBuilder, QuotesData};
use sitrep_syntax::{Dep, Parse, Syntax, Tag};
use std::collections::HashSet;

/// Payloads of the cue phrases (a word may carry several).
const VERB: u32 = 0;
const GERUND: u32 = 1;
const ACCORDING: u32 = 2;
const REPORTING: u32 = 3;
const STANCE: u32 = 4;
const SOURCE: u32 = 5;

/// How far, in bytes, an attribution reaches from its cue or quote mark: a speech verb stands
/// within this distance of the quote it attributes, and a reported clause or a speaker is
/// cut to this distance of its verb. The segmenter bounds sentences already; this bounds the
/// work per cue on its own, so quotes cost O(cues × reach).
const ATTRIBUTION_REACH: usize = 1_000;

pub struct QuoteRecognizer {
    source_preps: HashSet<String>,
    colon_labels: HashSet<String>,
}

/// A quote whose speaker is still a mention id of the [`ActorSet`].
#[derive(Debug, Clone)]
pub struct PendingQuote {
    pub speaker: Option<usize>,
    pub cue: Option<(usize, usize)>,
    pub span: (usize, usize),
    pub direct: bool,
}

/// A position someone takes ("X endorsed Y", "X wants to …"): a report the event coder does
/// not read, whose speaker is never added to the [`ActorSet`] (see [`merge_stances`]).
#[derive(Debug, Clone)]
pub struct PendingStance {
    pub speaker: Speaker,
    pub cue: (usize, usize),
    pub span: (usize, usize),
}

/// Who holds a position: a mention id of the [`ActorSet`], or an entity of its own.
#[derive(Debug, Clone)]
pub enum Speaker {
    Mention(usize),
    New(Box<Entity>),
}

impl QuoteRecognizer {
    /// Adds the speech cues to `b` (set `set::QUOTE_CUES`): `verbs` and `gerunds` as written,
    /// every form of each `reporting` lemma, and the `according` phrases.
    pub fn new(data: &QuotesData, m: &MorphologyData, b: &mut PhraseMatcherBuilder) -> QuoteRecognizer {
        b.set(set::QUOTE_CUES);
        for v in &data.verbs {
            b.add(v, VERB);
        }
        for v in &data.gerunds {
            b.add(v, GERUND);
        }
        for lemma in &data.reporting {
            for f in morph::phrase_forms(lemma, false, m) {
                b.add(&f, REPORTING);
            }
        }
        for v in &data.according {
            b.add(v, ACCORDING);
        }
        for lemma in &data.stance {
            for f in morph::phrase_forms(lemma, false, m) {
                b.add(&f, STANCE);
            }
        }
        for noun in &data.source_nouns {
            for f in morph::phrase_forms(noun, true, m) {
                b.add(&f, SOURCE);
            }
        }
        let lower = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect();
        QuoteRecognizer { source_preps: lower(&data.source_preps), colon_labels: lower(&data.colon_labels) }
    }

    pub fn find(
        &self,
        ctx: &Ctx,
        syn: &Syntax,
        phrases: &mut Phrases,
        dates: &[DateMention],
        actors: &mut ActorSet,
        rec: &ActorRecognizer,
    ) -> (Vec<PendingQuote>, Vec<PendingStance>) {
        let mut cues = phrases.take(set::QUOTE_CUES);
        // one hit per span and payload, in text order
        cues.sort_by_key(|c| (c.start, c.end, c.payload));
        cues.dedup_by_key(|c| (c.start, c.end, c.payload));
        let places: HashSet<String> = actors.places.iter().map(|p| p.text.to_lowercase()).collect();
        let mut f = Finder {
            ctx,
            syn,
            trees: Trees::new(syn),
            speakers: Speakers { ctx, syn, rec, dates, places },
            direct: direct_spans(ctx.text),
            cues,
            source_preps: &self.source_preps,
            colon_labels: &self.colon_labels,
        };
        let indirect = f.indirect(actors);
        let mut out = f.direct(&indirect, actors);
        out.extend(indirect.into_iter().map(|r| r.quote));
        out.sort_by_key(|q| q.span);
        let stances = f.stances(&out, actors);
        (out, stances)
    }
}

/// The forms of "say" read without the parse where the sentence is plain ([`Finder::plain`]).
const SAY_FORMS: [&str; 25] = [
    "said",
    "says",
    "say",
    "added",
    "adds",
    "warned",
    "warns",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "admitted",
    "admits",
    "argued",
    "argues",
    "stressed",
    "explained",
    "noted",
    "confirmed",
    "believes",
    "believed",
    "thinks",
    "suggested",
    "denied",
    "acknowledged",
];
/// The forms of "tell" read so: with the listener after them.
const TELL_FORMS: [&str; 2] = ["told", "tells"];

/// An attribution read without the parse: the speech verb, its subject's head word, and the
/// clause it reports (none for a bare "X said.").
struct Plain {
    sentence: usize,
    verb: usize,
    subject: usize,
    /// Where the subject's phrase starts.
    phrase: usize,
    clause: Option<(usize, usize)>,
}

/// An indirect quote with the start of its cue and its sentence.
struct Reported {
    quote: PendingQuote,
    cue: usize,
    sentence: usize,
}

/// One article's quotation marks, speech cues and parses, while quotes are found.
struct Finder<'c, 'a> {
    ctx: &'c Ctx<'a>,
    syn: &'c Syntax<'a>,
    trees: Trees<'c, 'a>,
    speakers: Speakers<'c, 'a>,
    direct: Vec<DirectSpan>,
    cues: Vec<PhraseMatch>,
    source_preps: &'c HashSet<String>,
    colon_labels: &'c HashSet<String>,
}

impl Finder<'_, '_> {
    /// Whether byte `b` lies inside a pair of quote marks.
    fn inside_direct(&self, b: usize) -> bool {
        let k = self.direct.partition_point(|q| q.close <= b);
        self.direct.get(k).is_some_and(|q| q.open < b)
    }

    /// Indirect speech, from the parse: every reporting verb's clause and every "according
    /// to", in text order; a report inside another one's clause is part of it.
    fn indirect(&mut self, actors: &mut ActorSet) -> Vec<Reported> {
        let text = self.ctx.text;
        let mut out: Vec<Reported> = Vec::new();
        for ci in 0..self.cues.len() {
            let c = self.cues[ci];
            if self.inside_direct(c.start) {
                continue;
            }
            // a cue inside the report just found in its sentence is part of that report (the
            // outer one is kept, below): its sentence is not parsed for it
            let held = |r: &Reported| r.quote.span.0 <= c.start && c.start < r.quote.span.1;
            if out.last().is_some_and(|r| held(r) && !self.syn.is_parsed(r.sentence)) {
                continue;
            }
            let plain = match c.payload {
                REPORTING => self.plain(&c, actors),
                ACCORDING => self.plain_according(&c, actors),
                _ => None,
            };
            let phrase = plain.as_ref().map(|p| p.phrase);
            let found = match c.payload {
                // "X said." alone reports nothing
                _ if phrase.is_some() => plain.and_then(|p| Some((p.sentence, p.clause?, p.subject))),
                REPORTING => reported_clause(self.syn, &mut self.trees, &c),
                ACCORDING => according_to(self.syn, &mut self.trees, &c),
                _ => None,
            };
            let Some((si, (lo, hi), subj)) = found else { continue };
            let Some((qs, qe)) = trimmed_span(self.ctx, self.syn, si, lo, hi) else { continue };
            let (qs, mut qe) = self.ctx.within_reach(qs, qe, c.start, c.end, ATTRIBUTION_REACH);
            // a clause opening with a quotation attributes that quotation, and the direct quote
            // is the record ("…," X said; X said: "…")
            let k = self.direct.partition_point(|d| d.close + d.mark <= qs);
            if qe <= qs || text[qs..qe].split_whitespace().count() < 2 || self.direct.get(k).is_some_and(|d| d.open <= qs) {
                continue;
            }
            // a quotation closing the clause closes it with its mark: X said it was "a disgrace."
            let k = self.direct.partition_point(|d| d.close < qe);
            if let Some(d) = self.direct.get(k).filter(|d| qs < d.open && d.open < qe) {
                qe = (d.close + d.mark).min(c.end.max(qe) + ATTRIBUTION_REACH);
            }
            let speaker = match phrase {
                Some(lo) => self.speakers.mention_in(si, subj, lo, actors),
                None => self.speakers.mention(&mut self.trees, si, subj, actors),
            };
            let Some(speaker) = speaker else { continue };
            let quote = PendingQuote { speaker: Some(speaker), cue: Some((c.start, c.end)), span: (qs, qe), direct: false };
            out.push(Reported { quote, cue: c.start, sentence: si });
        }
        // "X said he believed that …": the outer report holds the inner one. Both lie in one
        // sentence, so the comparison runs within a sentence.
        let mut keep = vec![true; out.len()];
        let mut first = 0;
        while first < out.len() {
            let end = first + out[first..].iter().take_while(|r| r.sentence == out[first].sentence).count();
            for i in first..end {
                let cue = out[i].cue;
                keep[i] = !(first..end).any(|j| j != i && out[j].quote.span.0 <= cue && cue < out[j].quote.span.1);
            }
            first = end;
        }
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(true));
        out
    }

    /// The commonest attributions, read from the words and their tags alone, without the
    /// parse: a form of "say" or "tell" ([`SAY_FORMS`], [`TELL_FORMS`]) whose subject is a
    /// noun phrase right before or after it (a name may have an apposition: "X, a spokesman
    /// for Y, said"), in a sentence of one of these shapes, where a quotation may stand for
    /// the clause (`"…," X said.`, `X said: "…"`):
    ///
    /// - "X said (that) CLAUSE." and "X told Y that CLAUSE." — the rest of the sentence, when
    ///   at most a conjunction or adverb stands before X, the clause has a finite verb, and it
    ///   has no comma, colon, dash or bracket that could end it early ("…, adding …") and does
    ///   not open with an adjunct ("said on Monday …", "said yesterday …");
    /// - "CLAUSE, X said.", "CLAUSE, X told Y." and "CLAUSE, said X." — the sentence before
    ///   the comma, when nothing but the noun phrases and a full stop follow it;
    /// - "X said." and "said X." alone (the attribution of the quotation before them).
    ///
    /// `None` sends the cue to the parse, whose reading of these shapes is the same.
    fn plain(&self, c: &PhraseMatch, actors: &ActorSet) -> Option<Plain> {
        let (ctx, syn) = (self.ctx, self.syn);
        let (si, v) = syn.locate_byte(c.start)?;
        let sent = &ctx.sentences[si];
        let word = ctx.lower(sent.first_token + v);
        let tell = TELL_FORMS.contains(&word.as_str());
        if syn.is_parsed(si) || ctx.tokens[sent.first_token + v].end != c.end || !(tell || SAY_FORMS.contains(&word.as_str())) {
            return None;
        }
        let tags = syn.tags(si);
        let n = tags.len();
        // where the subject ends: before the verb, an adverb ("also said") and the auxiliary
        // of a perfect ("has said")
        let mut sv = v;
        if sv > 0 && tags[sv - 1] == Tag::RB {
            sv -= 1;
        }
        match tags[v] {
            Tag::VBD | Tag::VBZ | Tag::VBP => {}
            Tag::VBN if sv > 0 && matches!(ctx.lower(sent.first_token + sv - 1).as_str(), "has" | "have" | "had") => sv -= 1,
            _ => return None,
        }
        let np = |i: usize| {
            matches!(tags[i], Tag::NNP | Tag::NNPS | Tag::NN | Tag::NNS | Tag::DT | Tag::JJ | Tag::PRP | Tag::PRPS | Tag::POS | Tag::CD)
        };
        let name = |i: usize| matches!(tags[i], Tag::NNP | Tag::NNPS);
        let noun = |i: usize| tags[i].is_noun() || tags[i] == Tag::CD;
        // where the run of noun-phrase words ending before token `to` starts
        let np_from = |to: usize| (0..to).rev().find(|&i| !np(i)).map_or(0, |i| i + 1);
        // an apposition `[a, b)`: no verb, comma or quotation mark, at most twelve words
        let appos = |a: usize, b: usize| {
            a < b
                && b - a <= 12
                && (a..b).all(|i| !tags[i].is_verb() && !matches!(tags[i], Tag::Comma | Tag::OpenQuote | Tag::CloseQuote | Tag::Colon))
        };
        // the end of a clause before the subject: a comma, or a closing mark after one (`," X said`)
        let closes =
            |i: usize| tags[i] == Tag::Comma || (i > 0 && tags[i] == Tag::CloseQuote && matches!(tags[i - 1], Tag::Comma | Tag::Period));
        // what may stand before the subject: nothing, a conjunction or adverb ("But", "However,"),
        // or an adverbial phrase closed by a comma ("Speaking on Tuesday, X said …", "In a
        // speech, X said …"), with no quotation mark — not a noun phrase, which the comma may
        // only interrupt ("A couple from Regina, Sask., say …")
        let lead = |from: usize| {
            from == 0
                || (from <= 2 && matches!(tags[0], Tag::CC | Tag::RB) && (from == 1 || tags[1] == Tag::Comma))
                || (from >= 3
                    && tags[from - 1] == Tag::Comma
                    && matches!(tags[0], Tag::IN | Tag::VBG | Tag::RB | Tag::CC)
                    && (0..from).all(|i| !matches!(tags[i], Tag::OpenQuote | Tag::CloseQuote)))
        };
        let at = |i: usize| if i < n { ctx.tokens[sent.first_token + i].start } else { sent.end };
        // quotation marks only where the shape has them: every pair touching the sentence lies
        // within tokens `[a, b)`, or may open before the sentence (`early`) or close after it
        // (`late`), and so does every mark the tagger saw
        let marks = |a: usize, b: usize, early: bool, late: bool| {
            let k = self.direct.partition_point(|d| d.close + d.mark <= sent.start);
            self.direct[k..].iter().take_while(|d| d.open < sent.end).all(|d| {
                ((early && d.open < sent.start) || at(a) <= d.open) && ((late && d.close + d.mark > sent.end) || d.close + d.mark <= at(b))
            }) && (0..n).filter(|&i| matches!(tags[i], Tag::OpenQuote | Tag::CloseQuote)).all(|i| a <= i && i < b)
        };
        // the subject ending right before the verb: (head, phrase start), the phrase a noun
        // phrase or a name with an apposition after it
        let subject_before = || -> Option<(usize, usize)> {
            let from = np_from(sv);
            if from < sv {
                return Some((sv - 1, from));
            }
            let comma = (0..sv.checked_sub(1)?).rev().find(|&i| tags[i] == Tag::Comma)?;
            let from = np_from(comma);
            (tags[sv - 1] == Tag::Comma && from < comma && name(comma - 1) && appos(comma + 1, sv - 1)).then_some((comma - 1, from))
        };
        // the verb's listener ("told reporters"): the words after it
        let after = if tell {
            let k = (v + 1..n).find(|&i| !np(i)).unwrap_or(n);
            (k > v + 1).then_some(k)?
        } else {
            v + 1
        };
        // the words before the closing full stop
        let mut end = n;
        while end > after && tags[end - 1] == Tag::Period {
            end -= 1;
        }
        // an adjunct of the verb at token `a` ("on Monday", "in a statement", "yesterday"):
        // where it ends
        let adjunct = |a: usize| -> Option<usize> {
            let w = ctx.lower(sent.first_token + a);
            if tags[a] == Tag::IN && w != "that" {
                let k = (a + 1..n).find(|&i| !np(i)).unwrap_or(n);
                (k > a + 1).then_some(k)
            } else {
                const DAYS: [&str; 10] =
                    ["yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
                DAYS.contains(&w.as_str()).then_some(a + 1)
            }
        };
        // "…, the ministry said on Monday.": after the subject, the clause before it
        let trailing = after < end && adjunct(after) == Some(end) && subject_before().is_some_and(|(_, lo)| lo > 0);
        let (s, lo, clause) = if after == end || trailing {
            // "…, X said." / "X said."
            let (s, lo) = subject_before()?;
            if lo == 0 {
                if !marks(0, 0, false, false) {
                    return None;
                }
                (s, lo, None)
            } else {
                // "…, the bank's economist said" may be the apposition of a noun before it:
                // then only a known speaker is read without the parse
                if !closes(lo - 1) || lo < 3 || !marks(0, lo, true, false) || !(0..lo).any(|i| tags[i].is_verb()) {
                    return None;
                }
                if noun(lo - 2) && !matches!(self.speakers.at_head(si, s, actors), Some(Some(_))) {
                    return None;
                }
                (s, lo, Some((0, lo)))
            }
        } else if let Some(s) = (!tell && sv == v && v >= 3 && closes(v - 1) && np(v + 1))
            .then(|| {
                // "…, said X." / "…, said X, a spokesman for Y."
                let k = (v + 1..end).find(|&i| !np(i)).unwrap_or(end);
                match k {
                    _ if k == end => Some(end - 1),
                    _ if tags[k] == Tag::Comma && name(k - 1) && appos(k + 1, end) => Some(k - 1),
                    _ => None,
                }
            })
            .flatten()
        {
            if !marks(0, v, true, false) || !(0..v).any(|i| tags[i].is_verb()) {
                return None;
            }
            (s, v + 1, Some((0, v)))
        } else {
            // "X said (that) CLAUSE." / "X told Y that CLAUSE." / "X said: \"…\""
            let (s, lo) = subject_before()?;
            if !lead(lo) {
                return None;
            }
            // "said on Monday that …": the clause opens at "that"
            let after = match adjunct(after) {
                Some(k) if k < end && ctx.lower(sent.first_token + k) == "that" => k,
                _ => after,
            };
            let mut first = after;
            if matches!(tags[first], Tag::Colon | Tag::Comma) && first + 1 < end && tags[first + 1] == Tag::OpenQuote {
                first += 1;
            }
            if tags[first] == Tag::OpenQuote {
                if !marks(first, n, false, true) {
                    return None;
                }
            } else {
                let that = ctx.lower(sent.first_token + first) == "that";
                first += that as usize;
                // an adjective opens a noun phrase ("such questions"), not a time ("last week")
                let time =
                    |i: usize| matches!(ctx.lower(sent.first_token + i).as_str(), "last" | "next" | "earlier" | "later" | "previous");
                let opens = first < end
                    && (matches!(
                        tags[first],
                        Tag::PRP | Tag::DT | Tag::NNP | Tag::NNPS | Tag::NNS | Tag::NN | Tag::PRPS | Tag::EX | Tag::CD
                    ) || (tags[first] == Tag::JJ && !time(first)));
                // a dash between spaces, not a hyphen inside a word ("anti-gun")
                let spaced = |i: usize| {
                    let t = ctx.tokens[sent.first_token + i];
                    ctx.text[..t.start].ends_with(char::is_whitespace) || ctx.text[t.end..].starts_with(char::is_whitespace)
                };
                let breaks = |i: usize| {
                    matches!(tags[i], Tag::Comma | Tag::Colon | Tag::NFP | Tag::LeftBracket | Tag::RightBracket)
                        || (tags[i] == Tag::HYPH && spaced(i))
                };
                // "warned the minister that …": a listener before the clause is for the parse
                let listener = (first..end).find(|&i| !np(i)).is_some_and(|k| k > first && ctx.lower(sent.first_token + k) == "that");
                // a quotation inside the clause is part of it, not at its start
                if !opens
                    || (tell && !that)
                    || listener
                    || (first..end).any(breaks)
                    || !(first + 1..end).any(|i| tags[i].is_finite_verb())
                    || !marks(first + 1, n, false, false)
                {
                    return None;
                }
            }
            (s, lo, Some((after, n)))
        };
        // the subject's head word, a word; a common noun heads no apposition here (no comma in
        // its phrase)
        if !matches!(tags[s], Tag::NNP | Tag::NNPS | Tag::PRP | Tag::NN | Tag::NNS)
            || !ctx.word(sent.first_token + s).chars().any(char::is_alphanumeric)
            || (lo..s).any(|i| tags[i] == Tag::Comma)
        {
            return None;
        }
        // a speaker is found (not a date)
        self.speakers.find_in(si, s, lo, actors)?;
        Some(Plain { sentence: si, verb: v, subject: s, phrase: lo, clause })
    }

    /// "According to X, CLAUSE." and "CLAUSE, according to X." read from the words and tags
    /// alone, as [`according_to`] reads them from the parse: X a noun phrase (its head the last
    /// word) between the phrase and the comma or the full stop, the clause the rest of the
    /// sentence, with a verb, in a sentence with no quotation mark.
    fn plain_according(&self, c: &PhraseMatch, actors: &ActorSet) -> Option<Plain> {
        let (ctx, syn) = (self.ctx, self.syn);
        let (si, first) = syn.locate_byte(c.start)?;
        let (sj, last) = syn.locate_byte(c.end.checked_sub(1)?)?;
        let sent = &ctx.sentences[si];
        if si != sj || syn.is_parsed(si) || ctx.lower(sent.first_token + first) != "according" || last != first + 1 {
            return None;
        }
        let k = self.direct.partition_point(|d| d.close + d.mark <= sent.start);
        if self.direct.get(k).is_some_and(|d| d.open < sent.end) {
            return None;
        }
        let tags = syn.tags(si);
        let n = tags.len();
        let np =
            |i: usize| matches!(tags[i], Tag::NNP | Tag::NNPS | Tag::NN | Tag::NNS | Tag::DT | Tag::JJ | Tag::PRPS | Tag::POS | Tag::CD);
        let lo = last + 1;
        let hi = (lo..n).find(|&i| !np(i)).unwrap_or(n);
        let mut end = n;
        while end > 0 && tags[end - 1] == Tag::Period {
            end -= 1;
        }
        if hi == lo
            || !matches!(tags[hi - 1], Tag::NNP | Tag::NNPS | Tag::NN | Tag::NNS)
            || (0..n).any(|i| matches!(tags[i], Tag::OpenQuote | Tag::CloseQuote))
        {
            return None;
        }
        let verb = |a: usize, b: usize| (a..b).any(|i| tags[i].is_verb());
        let clause = if first == 0 && hi < end && tags[hi] == Tag::Comma && verb(hi + 1, end) {
            (hi + 1, n)
        } else if hi == end && first >= 3 && tags[first - 1] == Tag::Comma && verb(0, first - 1) {
            (0, first - 1)
        } else {
            return None;
        };
        let s = hi - 1;
        self.speakers.find_in(si, s, lo, actors)?;
        Some(Plain { sentence: si, verb: first, subject: s, phrase: lo, clause: Some(clause) })
    }

    /// Direct quotes, attributed by the speech verb beside their marks; an unattributed one
    /// continues the attributed quote just before it.
    fn direct(&mut self, indirect: &[Reported], actors: &mut ActorSet) -> Vec<PendingQuote> {
        let (ctx, text) = (self.ctx, self.ctx.text);
        // the reports of sentence `si`, as a range of `indirect`
        let of_sentence = |si: usize| indirect.partition_point(|r| r.sentence < si)..indirect.partition_point(|r| r.sentence <= si);
        let mut quotes: Vec<PendingQuote> = Vec::new();
        // where the previous pair of marks ended, when it made (or grew) the last quote
        let mut prev_end: Option<usize> = None;
        for qi in 0..self.direct.len() {
            let q = self.direct[qi];
            let (cs, ce) = q.content(text);
            let si = ctx.sentence_of_byte(q.open);
            // X said the plan would "bring change": the quoted words are part of the reported clause
            if cs >= ce || of_sentence(si).any(|j| indirect[j].quote.span.0 <= cs && ce <= indirect[j].quote.span.1) {
                prev_end = None;
                continue;
            }
            let same_paragraph = |e: usize| !text[e.min(q.open)..q.open].contains('\n');
            let found = self.attribute_direct(&q, actors);
            let speaker = found.and_then(|(si, v, s, plain)| {
                let m = match plain {
                    Some(lo) => self.speakers.mention_in(si, s, lo, actors)?,
                    None => self.speakers.mention(&mut self.trees, si, s, actors)?,
                };
                Some((m, self.speakers.token_span(si, v)))
            });
            if let Some((m, cue)) = speaker {
                // "…," X said "…": two parts around the verb that attributes both are one quote
                let around = prev_end.filter(|&e| e <= cue.0 && cue.1 <= q.open && same_paragraph(e)).is_some();
                match quotes.last_mut().filter(|l| around && l.cue == Some(cue)) {
                    Some(l) => l.span.1 = ce,
                    None => quotes.push(PendingQuote { speaker: Some(m), cue: Some(cue), span: (cs, ce), direct: true }),
                }
                prev_end = Some(q.close + q.mark);
                continue;
            }
            // Unattributed: the last attributed quote before it, direct or indirect, ending in
            // this sentence or the one before, in this paragraph ("…," X said. "…") or, when this
            // quote opens a paragraph, just before it ("…," said X.¶"…").
            let last_direct = quotes.last().filter(|l| l.speaker.is_some()).and(prev_end);
            let last_indirect = indirect[of_sentence(si.saturating_sub(1)).start..of_sentence(si).end]
                .iter()
                .map(|r| &r.quote)
                .filter(|r| r.span.1 <= q.open)
                .max_by_key(|r| r.span.1);
            let last = match (last_direct, last_indirect) {
                (Some(e), Some(r)) if r.span.1 > e => Some((r.span.1, r.speaker, r.cue, false)),
                (Some(e), _) => quotes.last().map(|l| (e, l.speaker, l.cue, true)),
                (None, r) => r.map(|r| (r.span.1, r.speaker, r.cue, false)),
            };
            prev_end = None;
            let opens_paragraph = q.open == 0 || text[..q.open].trim_end_matches([' ', '\t']).ends_with('\n');
            let continued = last.filter(|&(end, _, _, is_direct)| {
                let gap = &text[end.min(q.open)..q.open];
                si <= ctx.sentence_of_byte(end.saturating_sub(1)) + 1
                    && gap.len() <= ATTRIBUTION_REACH
                    && (same_paragraph(end) || (is_direct && opens_paragraph && !gap.trim().contains('\n')))
            });
            match continued {
                // "…," X said, "…": the writer interrupted one quote with its attribution
                Some((end, _, _, true)) if same_paragraph(end) => {
                    quotes.last_mut().expect("the last direct quote").span.1 = ce;
                }
                Some((_, speaker, cue, _)) => quotes.push(PendingQuote { speaker, cue, span: (cs, ce), direct: true }),
                None if text[cs..ce].split_whitespace().count() < 4 => continue, // scare quotes, titles
                None => quotes.push(PendingQuote { speaker: None, cue: None, span: (cs, ce), direct: true }),
            }
            prev_end = Some(q.close + q.mark);
        }
        quotes
    }

    /// Positions taken, from the parse: the object of every `stance` verb outside quote marks
    /// that no quote with a speaker overlaps (the report already says it), each with its
    /// speaker found without adding mentions. A verb with a clause of its own ("announced that
    /// …") has been read as reporting it.
    fn stances(&mut self, quotes: &[PendingQuote], actors: &ActorSet) -> Vec<PendingStance> {
        let text = self.ctx.text;
        let cued: HashSet<usize> = quotes.iter().filter_map(|q| q.cue.map(|c| c.0)).collect();
        let held = SpanIndex::new(quotes.iter().filter(|q| q.speaker.is_some()).map(|q| q.span));
        let mut out: Vec<PendingStance> = Vec::new();
        for ci in 0..self.cues.len() {
            let c = self.cues[ci];
            if !matches!(c.payload, STANCE | SOURCE) || self.inside_direct(c.start) || out.last().is_some_and(|x| x.cue.0 == c.start) {
                continue;
            }
            if cued.contains(&c.start) {
                continue;
            }
            // a source noun with no preposition of `source_preps` in the six words before it
            // is left unparsed ("the report found", "a video showed")
            if c.payload == SOURCE && !self.after_source_prep(c.start) {
                continue;
            }
            // a stance verb inside a quote with a speaker that runs to its sentence's last word
            // has its object (after the verb, in the sentence) inside that quote: it would be
            // dropped below as held, so it is not parsed for
            if c.payload == STANCE && self.held_to_sentence_end(&held, c.start) {
                continue;
            }
            let found = match c.payload {
                STANCE => stance_object(self.syn, &mut self.trees, &c),
                _ => source_phrase(self.syn, &mut self.trees, &c, self.source_preps)
                    .filter(|&(si, _, _, verb)| {
                        // "In a statement, X said …": the verb reports, with X its speaker
                        let (vs, _) = self.speakers.token_span(si, verb);
                        let k = self.cues.partition_point(|x| x.start < vs);
                        self.cues.get(k).is_none_or(|x| x.start != vs)
                    })
                    .map(|(si, clause, source, _)| (si, clause, source)),
            };
            let Some((si, (lo, hi), subj)) = found else { continue };
            let Some((qs, qe)) = trimmed_span(self.ctx, self.syn, si, lo, hi) else { continue };
            let (qs, qe) = self.ctx.within_reach(qs, qe, c.start, c.end, ATTRIBUTION_REACH);
            if qe <= qs || text[qs..qe].trim().is_empty() {
                continue;
            }
            if held.overlaps(qs, qe) {
                continue;
            }
            let Some(found) = self.speakers.find(&mut self.trees, si, subj, actors) else { continue };
            let speaker = match found {
                Found::Known(m) => Speaker::Mention(m),
                Found::New(e, _) => Speaker::New(e),
            };
            out.push(PendingStance { speaker, cue: (c.start, c.end), span: (qs, qe) });
        }
        out.extend(self.colon_lines(&held, actors));
        out.sort_by_key(|x| x.span);
        out
    }

    /// Whether one span of `held` runs from byte `start` or before it to the last word of its
    /// sentence (the last token with a letter or digit).
    fn held_to_sentence_end(&self, held: &SpanIndex, start: usize) -> bool {
        let ctx = self.ctx;
        let sent = &ctx.sentences[ctx.sentence_of_byte(start)];
        let last =
            ctx.tokens[sent.first_token..sent.end_token].iter().rev().find(|t| ctx.text[t.start..t.end].chars().any(char::is_alphanumeric));
        last.is_some_and(|t| t.start >= start && held.contains(start, t.start + 1))
    }

    /// Whether a word of `source_preps` stands among the six words before byte `start`, in its
    /// sentence (a test on words, before any parse).
    fn after_source_prep(&self, start: usize) -> bool {
        let ctx = self.ctx;
        let Some(i) = ctx.tok_starting(start) else { return false };
        let first = ctx.sentences[ctx.sentence_of_byte(start)].first_token;
        (first.max(i.saturating_sub(6))..i).any(|j| self.source_preps.contains(&ctx.lower(j)))
    }

    /// "Speaker: what was said" opening a sentence (a headline, a transcript): up to six words
    /// before the colon, the first capitalised, that are neither a label of `colon_labels`, a
    /// place nor a number, then at least three words. The speaker is a mention in those words,
    /// else the words themselves. No parse is needed.
    fn colon_lines(&self, held: &SpanIndex, actors: &ActorSet) -> Vec<PendingStance> {
        let (ctx, text) = (self.ctx, self.ctx.text);
        let mut out = Vec::new();
        for sent in ctx.sentences {
            let line = &text[sent.start..sent.end];
            let Some(colon) = line.find(": ").filter(|&k| k > 0 && k <= 60) else { continue };
            let (ps, pe) = (sent.start, sent.start + colon);
            let prefix = text[ps..pe].trim();
            let words: Vec<&str> = prefix.split_whitespace().collect();
            let cap = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
            if words.is_empty()
                || words.len() > 6
                || !cap(&words[0])
                || prefix.chars().any(|c| c.is_ascii_digit() || "\"“”()[],".contains(c))
            {
                continue;
            }
            let lower = prefix.to_lowercase();
            if self.colon_labels.contains(lower.trim_end_matches(['.', '!'])) || self.speakers.places.contains(&lower) {
                continue;
            }
            let rest = &text[pe + 1..sent.end];
            let (qs, qe) = (pe + 1 + (rest.len() - rest.trim_start().len()), pe + 1 + rest.trim_end_matches([' ', '.', ',', '\n']).len());
            if qe <= qs || text[qs..qe].split_whitespace().count() < 3 || self.inside_direct(pe) {
                continue;
            }
            if held.overlaps(qs, qe) {
                continue;
            }
            let inside = actors.inside(ps, pe);
            let known = inside
                .iter()
                .copied()
                .find(|&m| actors.mentions[m].entity.kind == EntityKind::Person)
                .or_else(|| inside.iter().copied().find(|&m| actors.mentions[m].entity.kind != EntityKind::Unknown));
            // a name ("Wash Post Fact-Check") or words around one ("Clinton camp"), not a
            // sentence leading up to a colon ("Still to come: …")
            if known.is_none() && !words.iter().all(cap) {
                continue;
            }
            let speaker = match known {
                Some(m) => Speaker::Mention(m),
                None => Speaker::New(Box::new(Entity {
                    text: prefix.to_string(),
                    name: prefix.to_string(),
                    span: Span(ps, ps + prefix.len()),
                    ..Default::default()
                })),
            };
            out.push(PendingStance { speaker, cue: (pe, pe + 1), span: (qs, qe) });
        }
        out
    }

    /// The speech verb that attributes direct quote `q`, as (sentence, verb, speaker): the
    /// nearest one after the closing mark in its sentence ("…," she said), or in the next
    /// sentence when that is a bare attribution ("…." she said.), else the nearest before the
    /// opening mark in its sentence (She said: "…"); a verb whose subject stands inside the
    /// quote does not attribute it. "According to X" attributes the quote to X.
    /// The last field is where the subject's phrase starts when it was read without the parse.
    fn attribute_direct(&mut self, q: &DirectSpan, actors: &ActorSet) -> Option<(usize, usize, usize, Option<usize>)> {
        let (ctx, syn) = (self.ctx, self.syn);
        let after = q.close + q.mark;
        let si = ctx.sentence_of_byte(q.close);
        let sent = ctx.sentences.get(si)?;
        let next = ctx
            .sentences
            .get(si + 1)
            .filter(|n| ctx.text[after.min(sent.end)..sent.end].trim().is_empty() && !ctx.text[after.min(n.start)..n.start].contains('\n'));
        let limit = next.map_or(sent.end, |n| n.end).min(after + ATTRIBUTION_REACH);
        let from = self.cues.partition_point(|c| c.start < after);
        let later = from..from + self.cues[from..].iter().take_while(|c| c.start < limit).count();
        let open_sent = ctx.sentences.get(ctx.sentence_of_byte(q.open))?;
        let limit = open_sent.start.max(q.open.saturating_sub(ATTRIBUTION_REACH));
        let to = self.cues.partition_point(|c| c.end <= q.open);
        let earlier = (to - self.cues[..to].iter().rev().take_while(|c| c.start >= limit).count()..to).rev();
        for ci in later.chain(earlier) {
            let c = self.cues[ci];
            let in_next = next.is_some_and(|n| c.start >= n.start);
            // a position taken is no attribution ("X backed the plan: \"…\"")
            if c.payload == STANCE || self.inside_direct(c.start) {
                continue;
            }
            if c.payload == ACCORDING {
                match according_source(syn, &mut self.trees, &c) {
                    Some((si, v, s)) if !in_next => return Some((si, v, s, None)),
                    _ => continue,
                }
            }
            // read without the parse: a bare "X said." after the quotation, or its verb's subject
            // where the sentence is plain (a clause of its own in the next sentence is its own report)
            if let Some(p) = self.plain(&c, actors) {
                if in_next && p.clause.is_some() {
                    continue;
                }
                let t = ctx.tokens[syn.token_index(p.sentence, p.subject)];
                if q.open <= t.start && t.end <= q.close {
                    continue;
                }
                return Some((p.sentence, p.verb, p.subject, Some(p.phrase)));
            }
            let Some((si, v)) = syn.locate_byte(c.start) else { continue };
            if !syn.tags(si)[v].is_verb() {
                continue;
            }
            let p = syn.sentence(si);
            let tree = self.trees.get(si);
            if in_next && tree.kids(v).iter().any(|&k| matches!(p.deps[k as usize], Dep::Ccomp | Dep::Dobj)) {
                continue; // the next sentence reports something of its own
            }
            let Some(s) = subject(p, tree, v) else { continue };
            let t = ctx.tokens[syn.token_index(si, s)];
            if q.open <= t.start && t.end <= q.close {
                continue;
            }
            return Some((si, v, s, None));
        }
        None
    }
}

/// A reporting verb's clausal complement, or the clause it is a parenthetical in, with the
/// verb's subject: (sentence, token range, subject).
fn reported_clause(syn: &Syntax, trees: &mut Trees, c: &PhraseMatch) -> Option<(usize, (usize, usize), usize)> {
    let (si, v) = syn.locate_byte(c.start)?;
    // the tags alone say whether the cue is a verb (they are the parse's tags): a noun ("the
    // report", "a charge") costs no parse
    let tags = syn.tags(si);
    if !tags[v].is_verb() {
        return None;
    }
    // "expected to …", "agreed to …": an open clause, no report (the parse hangs it as `xcomp`)
    if !syn.is_parsed(si) && tags.get(v + 1) == Some(&Tag::TO) {
        return None;
    }
    let p = syn.sentence(si);
    let tree = trees.get(si);
    let mut s = subject(p, tree, v)?;
    let ccomp = tree.kids(v).iter().map(|&k| k as usize).filter(|&k| p.deps[k] == Dep::Ccomp).min_by_key(|&k| k.abs_diff(v));
    if let Some(k) = ccomp.filter(|&k| s < k && k < v) {
        // "…, a provincial official said" with a subject found before the clause it reports:
        // a misparse; the speaker is the noun phrase between the clause and the verb
        let (_, khi) = tree.range(k);
        s = (khi..v).rev().find(|&i| p.is_noun(i) || p.tags[i] == Tag::PRP)?;
    }
    let clause = match ccomp {
        // "…, X said": everything of the verb's phrase before its subject is the report, so
        // that a word misattached to the verb does not cut the clause short
        Some(k) if k < s && s < v => (tree.range(v).0, tree.range(s).0),
        // "said on Monday (that) …": adjuncts between the verb and the clause's subject are the
        // verb's ("on Monday" is when it was said), however the parser attached them
        Some(k) if v < k => {
            let (mut lo, hi) = tree.range(k);
            let kids = tree.kids(k);
            while let Some(&a) =
                kids.iter().find(|&&a| tree.range(a as usize).0 == lo && matches!(p.deps[a as usize], Dep::Prep | Dep::Npadvmod))
            {
                if !kids.iter().any(|&x| p.deps[x as usize] == Dep::Nsubj && x > a) {
                    break;
                }
                lo = tree.range(a as usize).1;
                while lo < hi && p.tags[lo] == Tag::Comma {
                    lo += 1;
                }
            }
            (lo, hi)
        }
        Some(k) => tree.range(k),
        // "The rebels, X said, withdrew": the clause around the parenthetical
        None if p.deps[v] == Dep::Parataxis => {
            let (lo, hi) = tree.range(p.head(v)?);
            let (vlo, vhi) = tree.range(v);
            if !(lo < vlo && vhi < hi) {
                return None;
            }
            (lo, hi)
        }
        None => return None,
    };
    if p.deps[v] != Dep::Parataxis && clause.0 <= v && v < clause.1 {
        return None; // a clause holding its own verb is a misparse
    }
    Some((si, clause, s))
}

/// The object of a `stance` verb with the verb's subject, (sentence, token range, subject):
/// its direct object or open clause, up to the last of its complements ("described the plan as
/// a failure", "wants Smith to win"); for a phrase ending in a preposition ("called for"), that
/// preposition's object.
fn stance_object(syn: &Syntax, trees: &mut Trees, c: &PhraseMatch) -> Option<(usize, (usize, usize), usize)> {
    let (si, v) = syn.locate_byte(c.start)?;
    let (sj, last) = syn.locate_byte(c.end.checked_sub(1)?)?;
    if si != sj || !syn.tags(si)[v].is_verb() {
        return None;
    }
    if !syn.is_parsed(si) && plain_passive(syn, si, v) {
        return None;
    }
    let p = syn.sentence(si);
    let tree = trees.get(si);
    let s = subject(p, tree, v)?;
    let object = if last != v {
        let k = tree.kids(last).iter().map(|&k| k as usize).find(|&k| matches!(p.deps[k], Dep::Pobj | Dep::Pcomp))?;
        tree.range(k)
    } else {
        let after = || tree.kids(v).iter().map(|&k| k as usize).filter(|&k| k > v);
        let first = after().find(|&k| matches!(p.deps[k], Dep::Dobj | Dep::Xcomp | Dep::Ccomp | Dep::Oprd))?;
        let (lo, mut hi) = tree.range(first);
        for k in after().filter(|&k| k > first) {
            let more = matches!(p.deps[k], Dep::Xcomp | Dep::Ccomp | Dep::Oprd)
                || (p.deps[first] == Dep::Dobj && p.deps[k] == Dep::Prep && syn.word(si, k).eq_ignore_ascii_case("as"));
            if more {
                hi = hi.max(tree.range(k).1);
            }
        }
        (lo, hi)
    };
    if object.0 <= s && s < object.1 {
        return None;
    }
    Some((si, object, s))
}

/// Whether verb `v` of sentence `si` is a plain passive, from the words and tags: a participle
/// right after a form of "be" (an adverb may stand between), with no "by" after it and no
/// conjunction before it. Its subject is no holder of a position ("the plan was backed", "he
/// was dubbed X"): [`subject`] finds none, so a stance verb so used needs no parse.
fn plain_passive(syn: &Syntax, si: usize, v: usize) -> bool {
    let tags = syn.tags(si);
    let word = |i: usize| syn.word(si, i).to_lowercase();
    let mut b = v;
    if b > 0 && tags[b - 1] == Tag::RB {
        b -= 1;
    }
    tags[v] == Tag::VBN
        && b > 0
        && matches!(word(b - 1).as_str(), "is" | "are" | "was" | "were" | "be" | "been" | "being")
        && !(v + 1..tags.len()).any(|i| word(i) == "by")
        && !(0..v).any(|i| tags[i] == Tag::CC)
}

/// "according to X, …" / "…, according to X": X and the rest of the clause the phrase
/// modifies.
fn according_to(syn: &Syntax, trees: &mut Trees, c: &PhraseMatch) -> Option<(usize, (usize, usize), usize)> {
    let (si, first, source) = according_source(syn, trees, c)?;
    phrase_clause(syn, trees, si, first, source)
}

/// "In a statement, …" / "…, in a new poll": a noun of `source_nouns` as the object of a
/// preposition of `preps`, and the rest of the clause the phrase modifies; with the word the
/// preposition hangs from, (sentence, clause, noun, that word).
fn source_phrase(
    syn: &Syntax,
    trees: &mut Trees,
    c: &PhraseMatch,
    preps: &HashSet<String>,
) -> Option<(usize, (usize, usize), usize, usize)> {
    let (si, n) = syn.locate_byte(c.end.checked_sub(1)?)?;
    let p = syn.sentence(si);
    if p.deps[n] != Dep::Pobj {
        return None;
    }
    let prep = p.head(n)?;
    if !preps.contains(&syn.word(si, prep).to_lowercase()) {
        return None;
    }
    let verb = p.head(prep)?;
    let (si, clause, n) = phrase_clause(syn, trees, si, prep, n)?;
    Some((si, clause, n, verb))
}

/// The clause a phrase starting at token `first` modifies, without the phrase, with `source`:
/// opening or closing its sentence, the whole of it; inside, the nearest clause above it.
fn phrase_clause(syn: &Syntax, trees: &mut Trees, si: usize, first: usize, source: usize) -> Option<(usize, (usize, usize), usize)> {
    let p = syn.sentence(si);
    let tree = trees.get(si);
    let (alo, ahi) = tree.range(first);
    // opening or closing its sentence, the phrase modifies the whole of it; inside, the
    // nearest clause above it
    let words = |a: usize, b: usize| (a..b).any(|i| !is_edge(p.tags[i]));
    let clause = if !words(0, alo) {
        (ahi, p.len())
    } else if !words(ahi, p.len()) {
        (0, alo)
    } else {
        let head = p.ancestors(first).find(|&h| p.is_verb(h))?;
        let (lo, hi) = tree.range(head);
        if alo <= lo {
            (ahi, hi)
        } else {
            (lo, alo)
        }
    };
    Some((si, clause, source))
}

/// The phrase "according to X": (sentence, its first word, X), X being the object of its
/// last word.
fn according_source(syn: &Syntax, trees: &mut Trees, c: &PhraseMatch) -> Option<(usize, usize, usize)> {
    let (si, first) = syn.locate_byte(c.start)?;
    let (sj, last) = syn.locate_byte(c.end.checked_sub(1)?)?;
    if si != sj {
        return None;
    }
    let p = syn.sentence(si);
    let source = trees.get(si).kids(last).iter().map(|&k| k as usize).find(|&k| p.deps[k] == Dep::Pobj)?;
    Some((si, first, source))
}

/// Who the subject token `s` of sentence `si` is, as a mention id.
struct Speakers<'c, 'a> {
    ctx: &'c Ctx<'a>,
    syn: &'c Syntax<'a>,
    rec: &'c ActorRecognizer,
    dates: &'c [DateMention],
    /// The places the actor pass found, lower-cased: a subject named like one is that place
    /// (the place resolver's to read), not a new speaker.
    places: HashSet<String>,
}

impl Speakers<'_, '_> {
    fn token_span(&self, si: usize, pos: usize) -> (usize, usize) {
        let t = self.ctx.tokens[self.syn.token_index(si, pos)];
        (t.start, t.end)
    }

    /// The entity mention covering the subject's head word, else a known one inside the
    /// subject phrase; "he"/"she" → the last person; else a new mention of the phrase up to
    /// its head word ("Another commenter", "they", a name no dictionary knows).
    fn mention(&mut self, trees: &mut Trees, si: usize, s: usize, actors: &mut ActorSet) -> Option<usize> {
        match self.find(trees, si, s, actors)? {
            Found::Known(m) => Some(m),
            Found::New(e, link) => Some(actors.push(*e, link, None)),
        }
    }

    /// The mentions within reach of the subject's head word `[hs, he)` in sentence `si`.
    fn near(&self, si: usize, hs: usize, he: usize, actors: &ActorSet) -> Vec<usize> {
        let sent = &self.ctx.sentences[si];
        let (ws, we) = self.ctx.within_reach(sent.start, sent.end, hs, he, ATTRIBUTION_REACH);
        actors.inside(ws, we)
    }

    /// What the head word `s` of a subject alone tells (no tree needed): `Some(None)` when it
    /// is a date (never a speaker), `Some(Some(_))` for the mention covering it or a person
    /// pronoun's, `None` when the rest of its phrase must be read.
    fn at_head(&self, si: usize, s: usize, actors: &ActorSet) -> Option<Option<Found>> {
        let (hs, he) = self.token_span(si, s);
        // "said Wednesday": a date is never the speaker
        let k = self.dates.partition_point(|d| d.span.1 <= hs);
        if self.dates.get(k).is_some_and(|d| d.span.0 < he) {
            return Some(None);
        }
        let covering = self
            .near(si, hs, he, actors)
            .into_iter()
            .filter(|&m| {
                let sp = actors.mentions[m].entity.span;
                sp.0 <= hs && he <= sp.1
            })
            .max_by_key(|&m| {
                let sp = actors.mentions[m].entity.span;
                (sp.1 - sp.0, usize::MAX - m)
            });
        if let Some(m) = covering {
            return Some(Some(Found::Known(m)));
        }
        pronoun_mention(self.ctx, actors, self.rec, hs).map(Some)
    }

    /// [`Speakers::mention`] for a subject read without the parse: headed by token `s`, its
    /// phrase starting at token `lo`.
    fn mention_in(&self, si: usize, s: usize, lo: usize, actors: &mut ActorSet) -> Option<usize> {
        match self.find_in(si, s, lo, actors)? {
            Found::Known(m) => Some(m),
            Found::New(e, link) => Some(actors.push(*e, link, None)),
        }
    }

    /// What [`Speakers::mention`] finds, without adding it to `actors`.
    fn find(&mut self, trees: &mut Trees, si: usize, s: usize, actors: &ActorSet) -> Option<Found> {
        let ctx = self.ctx;
        let p = self.syn.sentence(si);
        let tree = trees.get(si);
        // "A doctor at the clinic, Samer Haj Omar, said": a name in apposition closing a subject
        // headed by a common noun is who the noun is (the parser may hang it from any noun of
        // the phrase)
        let s = if matches!(p.tags[s], Tag::NNP | Tag::NNPS | Tag::PRP) {
            s
        } else {
            let (lo, mut hi) = tree.range(s);
            while hi > lo && is_edge(p.tags[hi - 1]) {
                hi -= 1;
            }
            // a name: a proper noun ("the reporter Elnur Tagizade"), or words with one and no
            // determiner ("Salem al-Dhaheri", tagged NN); neither a place nor a place's
            // apposition ("a couple from Regina, Sask.")
            let text_of = |a: usize, b: usize| ctx.text[self.token_span(si, a).0..self.token_span(si, b - 1).1].to_lowercase();
            let name = |k: usize| {
                let (a, b) = tree.range(k);
                let proper = matches!(p.tags[k], Tag::NNP | Tag::NNPS)
                    || (b >= a + 2 && (a..b).any(|i| matches!(p.tags[i], Tag::NNP | Tag::NNPS)) && !(a..b).any(|i| p.tags[i] == Tag::DT));
                let of_place = p.head(k).is_some_and(|h| self.places.contains(&text_of(h, h + 1)));
                proper && !of_place && !self.places.contains(&text_of(a, b))
            };
            (lo..hi).find(|&k| p.deps[k] == Dep::Appos && tree.range(k).1 == hi && name(k)).unwrap_or(s)
        };
        let (lo, _) = tree.range(s);
        self.find_in(si, s, lo, actors)
    }

    /// What [`Speakers::find`] finds for the subject headed by token `s` whose phrase starts
    /// at token `lo` (the parse's subtree of `s`, or a plain noun phrase).
    fn find_in(&self, si: usize, s: usize, lo: usize, actors: &ActorSet) -> Option<Found> {
        let ctx = self.ctx;
        let tags = self.syn.tags(si);
        if let Some(found) = self.at_head(si, s, actors) {
            return found;
        }
        let (hs, he) = self.token_span(si, s);
        let (ps, _) = self.token_span(si, lo);
        let sent = &ctx.sentences[si];
        let (ws, _) = ctx.within_reach(sent.start, sent.end, hs, he, ATTRIBUTION_REACH);
        let near = self.near(si, hs, he, actors);
        // known mentions in the phrase up to its head word ("a Peshmerga commander"), not in
        // what follows it ("X, wearing a T-shirt of Y, said")
        let within: Vec<usize> =
            near.iter().copied().filter(|&m| ps <= actors.mentions[m].entity.span.0 && actors.mentions[m].entity.span.1 <= he).collect();
        let known = within
            .iter()
            .copied()
            .find(|&m| actors.mentions[m].entity.kind == EntityKind::Person)
            .or_else(|| within.iter().copied().find(|&m| actors.mentions[m].entity.kind != EntityKind::Unknown));
        if let Some(m) = known {
            return Some(Found::Known(m));
        }
        // the phrase up to its head word, without punctuation before it
        let mut first = lo;
        while first < s && matches!(tags[first], Tag::Comma | Tag::OpenQuote | Tag::CloseQuote | Tag::Colon | Tag::LeftBracket | Tag::HYPH)
        {
            first += 1;
        }
        // a common noun keeps the names before it free for the place resolver: "A Texas
        // woman" is "woman", and Texas stays a place
        let name_word = |i: usize| matches!(tags[i], Tag::NNP | Tag::NNPS) || (i > 0 && ctx.is_cap(self.syn.token_index(si, i)));
        if !name_word(s) {
            if let Some(i) = (first..s).rev().find(|&i| name_word(i)) {
                first = i + 1;
            }
        }
        // a place known in the article leading the phrase is not part of the speaker's name:
        // "Manitoba Premier X" is "Premier X", and Manitoba stays a place
        while first < s {
            let run = (first..s.min(first + 4))
                .rev()
                .find(|&j| self.places.contains(&ctx.text[self.token_span(si, first).0..self.token_span(si, j).1].to_lowercase()));
            match run {
                Some(j) => first = j + 1,
                None => break,
            }
        }
        let (start, _) = self.token_span(si, first);
        let start = start.max(ws);
        if start >= he {
            return None;
        }
        // a dateline ("AUSTIN, Texas (AP) -") or an acronym alone is no person
        let words = &ctx.text[start..he];
        let dateline = ctx.seg.dateline.as_ref().is_some_and(|d| start < d.end && d.start < he);
        if dateline || (first == s && words.len() > 1 && !words.chars().any(char::is_lowercase)) {
            return None;
        }
        let proper = !ctx.caseless && (first..=s).all(|i| matches!(tags[i], Tag::NNP | Tag::NNPS));
        let ent = Entity {
            text: words.to_string(),
            name: words.to_string(),
            span: Span(start, he),
            kind: if proper { EntityKind::Person } else { EntityKind::Unknown },
            ..Default::default()
        };
        Some(Found::New(Box::new(ent), None))
    }
}

/// A speaker: a mention of the article, or a new mention to add (linked to a mention).
enum Found {
    Known(usize),
    New(Box<Entity>, Option<usize>),
}

/// The subject of verb `v`: its `nsubj` (or the `pobj` of its passive `agent`), else that of
/// the verb it hangs from when it is coordinated ("… and said"), an adverbial or open clause
/// ("…, saying …"), or the participle of a noun ("a statement saying …"); relative "who" and
/// "which" stand for the noun the clause modifies.
fn subject(p: &Parse, tree: &Tree, v: usize) -> Option<usize> {
    let mut x = v;
    for _ in 0..4 {
        let kids = tree.kids(x);
        if let Some(&s) = kids.iter().find(|&&k| p.deps[k as usize] == Dep::Nsubj) {
            let s = s as usize;
            if matches!(p.tags[s], Tag::WP | Tag::WDT) && p.deps[x] == Dep::Relcl {
                return p.head(x);
            }
            return Some(s);
        }
        if let Some(&a) = kids.iter().find(|&&k| p.deps[k as usize] == Dep::Agent) {
            return tree.kids(a as usize).iter().map(|&k| k as usize).find(|&k| p.deps[k] == Dep::Pobj);
        }
        match p.deps[x] {
            Dep::Conj | Dep::Advcl | Dep::Xcomp | Dep::Acl | Dep::Dobj => x = p.head(x)?,
            _ => return None,
        }
    }
    None
}

/// Punctuation trimmed from the edges of a reported clause.
fn is_edge(t: Tag) -> bool {
    matches!(t, Tag::Comma | Tag::Period | Tag::Colon | Tag::HYPH | Tag::NFP | Tag::OpenQuote | Tag::CloseQuote)
}

/// Tokens `[lo, hi)` of sentence `si` as a byte span, without punctuation at either end.
fn trimmed_span(ctx: &Ctx, syn: &Syntax, si: usize, mut lo: usize, mut hi: usize) -> Option<(usize, usize)> {
    let tags = syn.tags(si);
    while lo < hi && is_edge(tags[lo]) {
        lo += 1;
    }
    while hi > lo && is_edge(tags[hi - 1]) {
        hi -= 1;
    }
    (lo < hi).then(|| (ctx.tokens[syn.token_index(si, lo)].start, ctx.tokens[syn.token_index(si, hi - 1)].end))
}

/// Children lists and subtree ranges of one sentence's tree, built once per sentence in
/// linear time (every lookup after that is constant).
struct Tree {
    first: Vec<u32>,
    kids: Vec<u16>,
    lo: Vec<u16>,
    hi: Vec<u16>,
}

impl Tree {
    fn new(p: &Parse) -> Tree {
        let n = p.len();
        let mut first = vec![0u32; n + 1];
        for i in 0..n {
            if let Some(h) = p.head(i) {
                first[h + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut kids = vec![0u16; first[n] as usize];
        for i in 0..n {
            if let Some(h) = p.head(i) {
                kids[fill[h] as usize] = i as u16;
                fill[h] += 1;
            }
        }
        let mut lo: Vec<u16> = (0..n as u16).collect();
        let mut hi: Vec<u16> = (1..=n as u16).collect();
        // post-order from the root: a node's range is settled after its children's
        let mut stack: Vec<(usize, usize)> = p.root().map(|r| vec![(r, 0)]).unwrap_or_default();
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let (a, b) = (first[node] as usize, first[node + 1] as usize);
            if a + *next < b {
                let child = kids[a + *next] as usize;
                *next += 1;
                stack.push((child, 0));
            } else {
                stack.pop();
                if let Some(&(parent, _)) = stack.last() {
                    lo[parent] = lo[parent].min(lo[node]);
                    hi[parent] = hi[parent].max(hi[node]);
                }
            }
        }
        Tree { first, kids, lo, hi }
    }

    fn kids(&self, i: usize) -> &[u16] {
        &self.kids[self.first[i] as usize..self.first[i + 1] as usize]
    }

    /// The tokens of the subtree of `i`, `[lo, hi)` (contiguous: the trees are projective).
    fn range(&self, i: usize) -> (usize, usize) {
        (self.lo[i] as usize, self.hi[i] as usize)
    }
}

/// The trees of the sentences looked at so far.
struct Trees<'s, 'a> {
    syn: &'s Syntax<'a>,
    trees: Vec<Option<Tree>>,
}

impl<'s, 'a> Trees<'s, 'a> {
    fn new(syn: &'s Syntax<'a>) -> Self {
        Trees { syn, trees: (0..syn.len()).map(|_| None).collect() }
    }

    fn get(&mut self, si: usize) -> &Tree {
        let syn = self.syn;
        self.trees[si].get_or_insert_with(|| Tree::new(syn.sentence(si)))
    }
}

/// A pronoun at `start` ("he", "she") as a new person mention linked to the last person.
fn pronoun_mention(ctx: &Ctx, actors: &ActorSet, rec: &ActorRecognizer, start: usize) -> Option<Found> {
    let i = ctx.tok_starting(start)?;
    let w = ctx.lower(i);
    if !rec.person_pronouns.contains(&w) {
        return None;
    }
    if let Some(mi) = actors.mention_starting(start) {
        return Some(Found::Known(mi));
    }
    let ante = actors.last_person_before(start)?;
    let t = ctx.tokens[i];
    let a = &actors.mentions[ante].entity;
    let ent = Entity {
        text: ctx.text[t.start..t.end].to_string(),
        name: a.name.clone(),
        aliases: a.aliases.clone(),
        span: Span(t.start, t.end),
        country: a.country.clone(),
        sector: a.sector.clone(),
        role: a.role.clone(),
        kind: EntityKind::Person,
        ..Default::default()
    };
    Some(Found::New(Box::new(ent), Some(ante)))
}

/// The quotes of an article with its positions taken, in text order: a quote without a speaker
/// inside a position is part of it ("denounced the move as \"an insult\"").
pub fn merge_stances(mut quotes: Vec<Quote>, stances: Vec<Quote>) -> Vec<Quote> {
    let held = SpanIndex::new(stances.iter().map(|p| (p.span.0, p.span.1)));
    quotes.retain(|q| q.speaker.is_some() || !held.contains(q.span.0, q.span.1));
    quotes.extend(stances);
    quotes.sort_by_key(|q| (q.span.0, q.span.1));
    quotes
}

/// Byte spans sorted by start with the running maximum of their ends: whether one overlaps or
/// contains a span, in logarithmic time (a linear scan per query would make long texts
/// quadratic).
struct SpanIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> SpanIndex {
        let mut v: Vec<(usize, usize)> = spans.collect();
        v.sort_unstable();
        let mut m = 0;
        let max_end = v
            .iter()
            .map(|&(_, e)| {
                m = m.max(e);
                m
            })
            .collect();
        SpanIndex { starts: v.iter().map(|&(s, _)| s).collect(), max_end }
    }

    /// Whether a span starting before `e` ends after `s`.
    fn overlaps(&self, s: usize, e: usize) -> bool {
        let k = self.starts.partition_point(|&x| x < e);
        k > 0 && self.max_end[k - 1] > s
    }

    /// Whether a span starting at or before `s` ends at or after `e`.
    fn contains(&self, s: usize, e: usize) -> bool {
        let k = self.starts.partition_point(|&x| x <= s);
        k > 0 && self.max_end[k - 1] >= e
    }
}

/// A pair of quote marks: the opening mark at `open`, the closing one at `close`, each `mark`
/// bytes long (1 for `"`, 2 for `''`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DirectSpan {
    open: usize,
    close: usize,
    mark: usize,
}

impl DirectSpan {
    /// The quoted words: inside the marks, without spaces and a trailing comma.
    fn content(&self, text: &str) -> (usize, usize) {
        let b = text.as_bytes();
        let (mut cs, mut ce) = (self.open + self.mark, self.close);
        while ce > cs && matches!(b[ce - 1], b',' | b' ') {
            ce -= 1;
        }
        while cs < ce && b[cs] == b' ' {
            cs += 1;
        }
        (cs, ce)
    }
}

/// Pairs of quote marks, `"` or a doubled apostrophe `''`. Quotes close at the end of a
/// paragraph.
fn direct_spans(text: &str) -> Vec<DirectSpan> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < b.len() {
        let mark = match b[i] {
            b'"' => 1,
            b'\'' if b.get(i + 1) == Some(&b'\'') => 2,
            b'\n' => {
                if let Some((o, m)) = open.take() {
                    // a quote running on into the next paragraph: keep this part
                    out.push(DirectSpan { open: o, close: i, mark: m });
                }
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        match open {
            None => {
                let prev = if i == 0 { b' ' } else { b[i - 1] };
                if prev.is_ascii_whitespace() || matches!(prev, b'(' | b'[' | b'-' | b':' | b',') {
                    open = Some((i, mark));
                }
            }
            Some((o, m)) if m == mark => {
                out.push(DirectSpan { open: o, close: i, mark });
                open = None;
            }
            Some(_) => {}
        }
        i += mark;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(t: &str) -> Vec<(usize, usize)> {
        direct_spans(t).iter().map(|d| (d.open, d.close)).collect()
    }

    #[test]
    fn quote_marks_pair_and_close_at_paragraph_end() {
        assert_eq!(pairs("He said \"a b\" and \"c\nd\" e"), vec![(8, 12), (18, 20)]);
    }

    #[test]
    fn a_span_index_finds_overlaps_and_containers() {
        let ix = SpanIndex::new([(10, 20), (30, 60), (35, 40)].into_iter());
        assert!(ix.overlaps(15, 25) && ix.overlaps(55, 70) && !ix.overlaps(20, 30) && !ix.overlaps(0, 10));
        assert!(ix.contains(36, 39) && ix.contains(30, 60) && !ix.contains(25, 35) && !ix.contains(5, 12));
    }

    #[test]
    fn inch_marks_do_not_open_quotes() {
        assert!(direct_spans("a 5\" pipe").is_empty());
    }

    #[test]
    fn doubled_apostrophes_pair_as_quote_marks() {
        let t = "He said ''we will stay,'' and left.";
        let d = direct_spans(t);
        assert_eq!(d.len(), 1);
        let (cs, ce) = d[0].content(t);
        assert_eq!(&t[cs..ce], "we will stay");
        // an apostrophe alone is not a mark
        assert!(direct_spans("the rebels' base and the army's post").is_empty());
    }
}

#[cfg(test)]
mod parse_tests {
    use crate::{Parser, Recognizer, Syntax};
    use sitrep_core::Quote;
    use sitrep_lexicon::Lexicon;
    use sitrep_segment::Segmenter;

    fn quotes(text: &str, caseless: bool) -> Vec<Quote> {
        let lex = Lexicon::builtin();
        let seg = Segmenter::new(&lex.segment).segment(text, caseless);
        let syn = Syntax::new(Parser::builtin(), text, &seg);
        Recognizer::new(&lex).recognize(text, &seg, &syn, caseless, None).quotes
    }

    /// Quotes and positions taken, as output has them.
    fn reports(text: &str) -> Vec<Quote> {
        let lex = Lexicon::builtin();
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        let syn = Syntax::new(Parser::builtin(), text, &seg);
        let r = Recognizer::new(&lex).recognize(text, &seg, &syn, false, None);
        super::merge_stances(r.quotes, r.stances)
    }

    /// The quote whose text is `text`, with its speaker's text and canonical name.
    fn said<'a>(qs: &'a [Quote], text: &str) -> (&'a Quote, String, String) {
        let q = qs.iter().find(|q| q.text == text).unwrap_or_else(|| panic!("no quote {text:?} in {qs:#?}"));
        let sp = q.speaker.as_ref().unwrap_or_else(|| panic!("no speaker for {text:?}"));
        (q, sp.text.clone(), sp.name.clone())
    }

    #[test]
    fn a_that_clause_is_reported_by_the_subject() {
        let qs = quotes("The interior ministry warned that the convoy would be stopped at the border.", false);
        let (q, who, _) = said(&qs, "that the convoy would be stopped at the border");
        assert!(!q.direct);
        assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("warned"));
        assert!(who.contains("ministry"), "{who}");
    }

    #[test]
    fn a_bare_clause_is_reported_too() {
        let qs = quotes("Colonel Nadia Ferreira said the bridge had been repaired overnight.", false);
        let (_, _, name) = said(&qs, "the bridge had been repaired overnight");
        assert_eq!(name, "Nadia Ferreira");
    }

    #[test]
    fn told_reporters_skips_the_listeners() {
        let qs = quotes("The mayor told reporters on Tuesday that the curfew would end next week.", false);
        let (_, who, _) = said(&qs, "that the curfew would end next week");
        assert!(who.contains("mayor"), "{who}");
    }

    #[test]
    fn a_trailing_attribution_reports_the_clause_before_it() {
        let qs = quotes("Two soldiers were wounded when their patrol hit a mine, the ministry said.", false);
        let (_, who, _) = said(&qs, "Two soldiers were wounded when their patrol hit a mine");
        assert!(who.contains("ministry"), "{who}");
    }

    #[test]
    fn according_to_names_the_source_of_the_rest_of_the_clause() {
        let qs = quotes("According to the regional health office, nine people died in the floods.", false);
        let (_, who, _) = said(&qs, "nine people died in the floods");
        assert!(who.contains("health office"), "{who}");
        let qs = quotes("The dam burst before dawn, according to the regional health office.", false);
        let (_, who, _) = said(&qs, "The dam burst before dawn");
        assert!(who.contains("health office"), "{who}");
    }

    #[test]
    fn a_pronoun_speaker_is_the_last_person() {
        let text = "Governor Tomas Rivera visited the camp on Monday. He said the families would be moved before the rains.";
        let qs = quotes(text, false);
        let (_, who, name) = said(&qs, "the families would be moved before the rains");
        assert_eq!((who.as_str(), name.as_str()), ("He", "Tomas Rivera"));
    }

    #[test]
    fn lower_case_text_is_read_the_same_way() {
        let qs = quotes("the army said its units had left the village after the talks.", true);
        let (_, who, _) = said(&qs, "its units had left the village after the talks");
        assert!(who.contains("army"), "{who}");
    }

    #[test]
    fn a_direct_quote_takes_the_subject_of_its_verb() {
        let qs = quotes("\"We will not leave our homes,\" said Amina Yusuf, a teacher in the town.", false);
        let (q, who, _) = said(&qs, "We will not leave our homes");
        assert!(q.direct);
        assert_eq!(who, "Amina Yusuf");
    }

    #[test]
    fn an_interrupted_quote_is_one_quote() {
        let text = "\"The road is open,\" the governor said. \"Trucks can reach the camp again.\"";
        let qs = quotes(text, false);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        let (q, who, _) = said(&qs, "The road is open,\" the governor said. \"Trucks can reach the camp again.");
        assert!(q.direct);
        assert!(who.contains("governor"), "{who}");
    }

    #[test]
    fn an_unattributed_quote_opening_the_next_paragraph_continues_the_last() {
        let text = "\"We have no water,\" said Amina Yusuf, a teacher.\n\n\"The children are sick and the clinic is closed.\"";
        let qs = quotes(text, false);
        let (_, who, _) = said(&qs, "The children are sick and the clinic is closed.");
        assert_eq!(who, "Amina Yusuf");
    }

    #[test]
    fn quoted_words_inside_a_reported_clause_belong_to_it() {
        let qs = quotes("The minister said the attack was \"a cowardly act\" by the rebels.", false);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        let (q, who, _) = said(&qs, "the attack was \"a cowardly act\" by the rebels");
        assert!(!q.direct);
        assert!(who.contains("minister"), "{who}");
    }

    #[test]
    fn a_name_in_apposition_is_the_speaker() {
        let qs = quotes("A nurse at the district hospital, Leila Farouk, said the wards were full of wounded men.", false);
        let (_, who, _) = said(&qs, "the wards were full of wounded men");
        assert_eq!(who, "Leila Farouk");
        let qs = quotes("The ministry's spokesman, Idris Kane, said the border crossing would reopen on Friday.", false);
        let (_, who, _) = said(&qs, "the border crossing would reopen on Friday");
        assert_eq!(who, "Idris Kane");
    }

    #[test]
    fn the_object_of_a_stance_verb_is_the_position_its_subject_takes() {
        let qs = reports("The village council endorsed the new water plan on Monday.");
        let (q, who, _) = said(&qs, "the new water plan");
        assert!(!q.direct);
        assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("endorsed"));
        assert!(who.contains("council"), "{who}");
        let qs = reports("Governor Tomas Rivera wants to rebuild the bridge before winter.");
        let (_, _, name) = said(&qs, "to rebuild the bridge before winter");
        assert_eq!(name, "Tomas Rivera");
        let qs = reports("The minister described the ceasefire as fragile.");
        let (_, who, _) = said(&qs, "the ceasefire as fragile");
        assert!(who.contains("minister"), "{who}");
    }

    #[test]
    fn seeing_as_and_requests_are_positions() {
        let qs = reports("Most traders in the port see the curfew as a failure.");
        let (_, who, _) = said(&qs, "the curfew as a failure");
        assert!(who.contains("traders"), "{who}");
        // a request is no speech for the event coder, but a position in the output
        let qs = reports("The governor asked residents to stay indoors.");
        let (_, who, _) = said(&qs, "residents to stay indoors");
        assert!(who.contains("governor"), "{who}");
    }

    #[test]
    fn a_source_noun_after_in_reports_the_rest_of_its_clause() {
        let qs = reports("In a new survey, two thirds of the growers had lost money this year.");
        let (_, who, _) = said(&qs, "two thirds of the growers had lost money this year");
        assert!(who.contains("survey"), "{who}");
        // the verb reports when it can: one report, by the ministry
        let qs = reports("In a statement, the ministry said the convoy had reached the camp.");
        assert_eq!(qs.len(), 1, "{qs:#?}");
        let (_, who, _) = said(&qs, "the convoy had reached the camp");
        assert!(who.contains("ministry"), "{who}");
    }

    #[test]
    fn a_name_and_a_colon_opening_a_line_attribute_the_rest() {
        let qs = reports("Governor Tomas Rivera: The bridge will reopen before winter\n\nThe governor visited the site.");
        let (_, _, name) = said(&qs, "The bridge will reopen before winter");
        assert_eq!(name, "Tomas Rivera");
        // labels and sentences leading up to a colon name no speaker
        assert!(reports("Update: The bridge reopened on Friday after repairs.").is_empty());
        assert!(reports("Still to come: results from the northern districts tonight.").is_empty());
    }

    #[test]
    fn a_stance_phrase_ending_in_a_preposition_takes_its_object() {
        let qs = reports("The opposition called for an independent inquiry into the shooting.");
        let (_, who, _) = said(&qs, "an independent inquiry into the shooting");
        assert!(who.contains("opposition"), "{who}");
    }

    #[test]
    fn the_target_of_a_material_act_is_no_position() {
        let qs = reports("Rebels attacked the village on Monday. The army blasted rebel positions with artillery.");
        assert!(qs.is_empty(), "{qs:#?}");
    }

    #[test]
    fn positions_stay_apart_from_speech_and_add_no_mentions() {
        let lex = Lexicon::builtin();
        let recognize = |text: &str| {
            let seg = Segmenter::new(&lex.segment).segment(text, false);
            let syn = Syntax::new(Parser::builtin(), text, &seg);
            Recognizer::new(&lex).recognize(text, &seg, &syn, false, None)
        };
        let r = recognize("Another commenter endorsed the new water plan on Monday.");
        assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
        assert_eq!(r.stances.len(), 1, "{:#?}", r.stances);
        assert_eq!(r.stances[0].speaker.as_ref().map(|s| s.text.as_str()), Some("Another commenter"));
        // the same entities as with a verb that is no cue
        let plain = recognize("Another commenter studied the new water plan on Monday.");
        assert_eq!(r.entities, plain.entities);
    }

    #[test]
    fn a_position_inside_reported_speech_is_part_of_it() {
        let qs = reports("The mayor said the council backed the new curfew.");
        assert_eq!(qs.len(), 1, "{qs:#?}");
        said(&qs, "the council backed the new curfew");
    }

    #[test]
    fn only_sentences_with_a_cue_are_parsed() {
        // no cue; a plain "X said CLAUSE" (read without the parse); quote marks with no cue
        // near them; a stance verb; a source noun with no preposition before it
        let text = "Floods cut the road near the town. The army said the bridge was shut. \
                    Traders at the market shrugged at \"the worst week in years.\" The union backed the strike. \
                    A video of the flood spread quickly online.";
        let lex = Lexicon::builtin();
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        let syn = Syntax::new(Parser::builtin(), text, &seg);
        let r = Recognizer::new(&lex).recognize(text, &seg, &syn, false, None);
        assert_eq!(syn.len(), 5);
        assert_eq!((0..5).map(|s| syn.is_parsed(s)).collect::<Vec<_>>(), [false, false, false, true, false]);
        assert!(r.quotes.iter().any(|q| &text[q.span.0..q.span.1] == "the bridge was shut"), "{:?}", r.quotes);
    }

    #[test]
    fn a_hyphenated_name_in_apposition_is_the_speaker() {
        let qs = quotes("A border police officer, Yusuf al-Hashimi, said the crossing had been closed since dawn.", false);
        let (_, who, _) = said(&qs, "the crossing had been closed since dawn");
        assert_eq!(who, "Yusuf al-Hashimi");
    }

    #[test]
    fn a_place_in_apposition_is_no_speaker() {
        let qs = quotes("A couple from Leeds, England, said the flight had been cancelled twice.", false);
        let (_, who, _) = said(&qs, "the flight had been cancelled twice");
        assert_ne!(who, "England");
        // a title before the name does not hide it
        let qs = quotes("One of those released, the teacher Omar Haddad, said the guards had beaten him.", false);
        let (_, who, _) = said(&qs, "the guards had beaten him");
        assert!(who.contains("Omar Haddad"), "{who}");
    }

    #[test]
    fn a_request_reports_nothing() {
        let qs = quotes("The governor asked residents to stay indoors.", false);
        assert!(qs.is_empty(), "{qs:#?}");
    }
}

/// The plain shapes read without the parse ([`Finder::plain`]): each is read as the parse
/// reads it, and its sentence is not parsed; sentences outside the shapes still are.
#[cfg(test)]
mod plain_tests {
    use crate::{Parser, Recognizer, Syntax};
    use sitrep_core::Quote;
    use sitrep_lexicon::Lexicon;
    use sitrep_segment::Segmenter;

    /// Quotes and positions taken of `text`, and which sentences were parsed; with
    /// `parse_all`, every sentence is parsed first, so that every cue is read from the parse.
    fn run(text: &str, parse_all: bool) -> (Vec<Quote>, Vec<bool>) {
        let lex = Lexicon::builtin();
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        let syn = Syntax::new(Parser::builtin(), text, &seg);
        if parse_all {
            (0..syn.len()).for_each(|s| _ = syn.sentence(s));
        }
        let r = Recognizer::new(&lex).recognize(text, &seg, &syn, false, None);
        (super::merge_stances(r.quotes, r.stances), (0..syn.len()).map(|s| syn.is_parsed(s)).collect())
    }

    /// (text, speaker text) of each quote.
    fn pairs(qs: &[Quote]) -> Vec<(String, String)> {
        qs.iter().map(|q| (q.text.clone(), q.speaker.as_ref().map_or(String::new(), |s| s.text.clone()))).collect()
    }

    /// `text` gives `want` read plainly, the same as read from the parse, and the sentences
    /// marked in `parsed` (only those) are parsed.
    fn plain(text: &str, want: &[(&str, &str)], parsed: &[bool]) {
        let (qs, flags) = run(text, false);
        let (from_parse, _) = run(text, true);
        let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(pairs(&qs), want, "{text}");
        assert_eq!(pairs(&from_parse), want, "the parse reads {text:?} the same");
        assert_eq!(flags, parsed, "parsed sentences of {text:?}");
    }

    #[test]
    fn x_said_clause() {
        plain(
            "Colonel Nadia Ferreira said the bridge had been repaired overnight.",
            &[("the bridge had been repaired overnight", "Nadia Ferreira")],
            &[false],
        );
        plain(
            "Dr Amal Haddad runs the clinic. She says that the water supply failed twice this week.",
            &[("that the water supply failed twice this week", "She")],
            &[false, false],
        );
        // a speaker no dictionary knows
        plain("A tired nurse said the curfew would end.", &[("the curfew would end", "A tired nurse")], &[false]);
        // a listener, then "that"
        plain(
            "Colonel Nadia Ferreira told reporters that the curfew would end.",
            &[("that the curfew would end", "Nadia Ferreira")],
            &[false],
        );
        // a name with an apposition
        plain(
            "Tomas Varga, the governor of the province, said the road was open again.",
            &[("the road was open again", "Tomas Varga")],
            &[false],
        );
        // a perfect, an adverb, a hyphenated word in the clause, another verb of saying
        plain(
            "The ministry has also said the anti-tank mines were cleared.",
            &[("the anti-tank mines were cleared", "ministry")],
            &[false],
        );
        plain("Colonel Nadia Ferreira warned that the bridge could fall.", &[("that the bridge could fall", "Nadia Ferreira")], &[false]);
        // an adjunct of the verb before "that", or after the attribution
        plain(
            "Colonel Nadia Ferreira said on Monday that the bridge could fall.",
            &[("that the bridge could fall", "Nadia Ferreira")],
            &[false],
        );
        plain(
            "The bridge could fall within days, Colonel Nadia Ferreira said on Monday.",
            &[("The bridge could fall within days", "Nadia Ferreira")],
            &[false],
        );
        // an adverbial phrase before the subject; a clause opening with an adjective
        plain(
            "Speaking on Tuesday, Colonel Nadia Ferreira said such attacks were rare.",
            &[("such attacks were rare", "Nadia Ferreira")],
            &[false],
        );
        // a conjunction before the subject
        plain(
            "But Colonel Nadia Ferreira said the road would stay closed.",
            &[("the road would stay closed", "Colonel Nadia Ferreira")],
            &[false],
        );
    }

    #[test]
    fn clause_comma_x_said() {
        plain(
            "Dr Amal Haddad runs the clinic. The water supply failed twice this week, she said.",
            &[("The water supply failed twice this week", "she")],
            &[false, false],
        );
        plain(
            "The convoy reached the camp before dark, said Colonel Nadia Ferreira.",
            &[("The convoy reached the camp before dark", "Nadia Ferreira")],
            &[false],
        );
    }

    #[test]
    fn a_quotation_with_a_plain_attribution() {
        plain("\"We will rebuild the school,\" said Governor Tomas Varga.", &[("We will rebuild the school", "Tomas Varga")], &[false]);
        plain(
            "\"We will rebuild the school,\" said Tomas Varga, the governor of the province.",
            &[("We will rebuild the school", "Tomas Varga")],
            &[false],
        );
        plain(
            "Governor Tomas Varga visited the town. \"We will rebuild the school,\" he said.",
            &[("We will rebuild the school", "he")],
            &[false, false],
        );
        plain("Governor Tomas Varga said: \"We will rebuild the school.\"", &[("We will rebuild the school.", "Tomas Varga")], &[false]);
        // the attribution as a sentence of its own after the quotation
        plain(
            "Governor Tomas Varga visited the town. \"We will rebuild the school.\" He said.",
            &[("We will rebuild the school.", "He")],
            &[false, false, false],
        );
    }

    #[test]
    fn according_to_x() {
        plain(
            "According to Colonel Nadia Ferreira, the convoy reached the camp before dark.",
            &[("the convoy reached the camp before dark", "Nadia Ferreira")],
            &[false],
        );
        plain(
            "The convoy reached the camp before dark, according to the provincial governor.",
            &[("The convoy reached the camp before dark", "the provincial governor")],
            &[false],
        );
        // a longer source phrase is read from the parse
        let (_, flags) = run("According to a report published on Monday, the convoy reached the camp.", false);
        assert_eq!(flags, [true]);
    }

    #[test]
    fn a_stance_verb_in_a_plain_passive_is_not_parsed_for() {
        // the same (no position taken) with every sentence parsed first
        for text in ["The new curfew was widely backed.", "The council leader was dubbed the mayor of nowhere."] {
            let (qs, flags) = run(text, false);
            assert!(qs.is_empty(), "{qs:#?}");
            assert_eq!(flags, [false], "{text}");
            assert!(run(text, true).0.is_empty(), "{text}");
        }
        // with an agent, the parse reads it
        let (_, flags) = run("The new curfew was backed by the council.", false);
        assert_eq!(flags, [true]);
    }

    #[test]
    fn other_shapes_are_parsed() {
        // an adjunct after the verb, a clause cut by a comma, a listener, an unknown speaker
        for text in [
            "Colonel Nadia Ferreira said on Tuesday the curfew would end.",
            "Colonel Nadia Ferreira said the curfew would end, adding that shops could reopen.",
            "Colonel Nadia Ferreira told reporters the curfew would end.",
            "The nurse, who had worked all night, said the curfew would end.",
            "Colonel Nadia Ferreira warned the minister that the bridge could fall.",
            "Colonel Nadia Ferreira said the curfew would end - and soon.",
            // a comma inside the subject: no phrase before it
            "A couple from Leeds, England, said the flight had been cancelled twice.",
            "Colonel Nadia Ferreira said last week the curfew would end.",
        ] {
            let (qs, flags) = run(text, false);
            assert_eq!(flags, [true], "{text}: {qs:#?}");
        }
    }
}
