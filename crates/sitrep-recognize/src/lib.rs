//! Recognize: who, where, when, how many, and who said so.
//!
//! Input is the normalized text and its segmentation; output is every mention with a byte
//! span into that text (the pipeline re-bases spans onto the input). Each recognizer is a
//! module with one entry point and can be tested alone on a string:
//! - [`dates`]: absolute and relative dates, resolved against the publication date;
//! - [`quantities`]: digits, number words, vague amounts, with qualifiers;
//! - [`actors`]: countries, groups, organisations, state agents, people, places, and the
//!   links between mentions (acronyms, surnames, "the armed group", "the city");
//! - [`quotes`]: direct and indirect speech with its speaker, read from the dependency parse
//!   ([`Syntax`], parsed lazily: only the sentences a recognizer asks for).

pub mod actors;
pub mod ctx;
pub mod dates;
pub mod quantities;
pub mod quotes;

use chrono::NaiveDate;
use sitrep_core::{DateMention, Entity, Place, Quantity, Quote, Span, TextSpan};
use sitrep_lexicon::{Lexicon, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
use sitrep_segment::Segmented;

pub use ctx::{Ctx, Doc};
pub use sitrep_syntax::{Parser, Syntax};

/// Everything recognized in one article; spans are byte offsets into the normalized text.
#[derive(Debug, Clone, Default)]
pub struct Recognized {
    pub entities: Vec<Entity>,
    pub places: Vec<Place>,
    pub dates: Vec<DateMention>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    /// Positions taken ("X endorsed Y", "X wants to …"), reported apart from `quotes`: the
    /// event coder reads speech only. Output merges both (`quotes::merge_stances`).
    pub stances: Vec<Quote>,
    /// ISO3 of the country the article is mostly about, if any.
    pub main_country: Option<String>,
}

/// The dictionary sets of the one phrase automaton every recognizer shares.
pub(crate) mod set {
    pub const DICT: usize = 0;
    pub const ROLES: usize = 1;
    pub const ANAPHORS: usize = 2;
    pub const PLACE_PREPS: usize = 3;
    pub const PLACE_BEFORE: usize = 4;
    pub const SPEECH: usize = 5;
    pub const RELATIVE_DATES: usize = 6;
    pub const NUMBER_WORDS: usize = 7;
    pub const QUALIFIERS: usize = 8;
    pub const QUOTE_CUES: usize = 9;
}

/// The dictionary hits of one article, per set; each recognizer takes its own.
///
/// An overlapping automaton pass costs a few nanoseconds per byte whatever the number of
/// phrases, so all dictionaries are found in one pass rather than one pass each.
pub struct Phrases(Vec<Vec<PhraseMatch>>);

impl Phrases {
    /// Every set of `matcher` in the text of `ctx`, in one pass.
    pub fn find(matcher: &PhraseMatcher, ctx: &Ctx) -> Phrases {
        Phrases(matcher.find_sets(ctx.text, ctx.caseless))
    }

    /// The leftmost-longest hits of `set` (empty if taken before).
    pub fn take(&mut self, set: usize) -> Vec<PhraseMatch> {
        self.0.get_mut(set).map(std::mem::take).unwrap_or_default()
    }
}

/// The compiled recognizers, built once from the lexicon and shared across threads.
pub struct Recognizer {
    /// Every recognizer's dictionaries, one set each (see `set`).
    phrases: PhraseMatcher,
    dates: dates::DateRecognizer,
    quantities: quantities::QuantityRecognizer,
    actors: actors::ActorRecognizer,
    quotes: quotes::QuoteRecognizer,
}

impl Recognizer {
    pub fn new(lex: &Lexicon) -> Recognizer {
        let mut b = PhraseMatcherBuilder::new();
        let dates = dates::DateRecognizer::new(&lex.dates, &mut b);
        let quantities = quantities::QuantityRecognizer::new(&lex.quantities, &mut b);
        let actors = actors::ActorRecognizer::new(lex, &mut b);
        let quotes = quotes::QuoteRecognizer::new(&lex.quotes, &lex.morphology, &mut b);
        Recognizer { phrases: b.build(), dates, quantities, actors, quotes }
    }

    /// Gives `rec` the main country `iso3` that a later stage found (from resolved places) when
    /// the text named none: the mentions that inherit the main country — agents such as "the
    /// police", office holders — and had none take it, with the national name ("Kazakh
    /// police"), and so do quote speakers that are those mentions.
    /// Takes back a main country the text turned out not to name: the mentions that had
    /// inherited it ("the police" → "Georgian police") have none again, ready for
    /// [`Recognizer::adopt_main_country`].
    pub fn drop_main_country(&self, rec: &mut Recognized, iso3: &str) {
        if rec.main_country.as_deref() != Some(iso3) {
            return;
        }
        rec.main_country = None;
        let mut changed: std::collections::HashMap<Span, usize> = std::collections::HashMap::new();
        for (i, e) in rec.entities.iter_mut().enumerate() {
            if e.country.as_deref() == Some(iso3) && self.actors.take_back_country(e, iso3) {
                changed.insert(e.span, i);
            }
        }
        for q in &mut rec.quotes {
            if let Some(sp) = q.speaker.as_mut() {
                if let Some(&i) = changed.get(&sp.span) {
                    *sp = rec.entities[i].clone();
                }
            }
        }
    }

    pub fn adopt_main_country(&self, rec: &mut Recognized, iso3: &str) {
        if rec.main_country.is_some() {
            return;
        }
        rec.main_country = Some(iso3.to_string());
        // Changed mentions by span: one look-up per quote keeps a long article linear.
        let mut changed: std::collections::HashMap<Span, usize> = std::collections::HashMap::new();
        for (i, e) in rec.entities.iter_mut().enumerate().filter(|(_, e)| e.country.is_none() && self.actors.takes_main_country(e)) {
            self.actors.give_country(e, iso3);
            changed.insert(e.span, i);
        }
        for q in &mut rec.quotes {
            if let Some(sp) = q.speaker.as_mut() {
                if let Some(&i) = changed.get(&sp.span) {
                    *sp = rec.entities[i].clone();
                }
            }
        }
    }

    /// Recognizes everything in `text` (normalized) segmented as `seg`; `syntax` is the lazily
    /// parsed view of the same text and segmentation.
    pub fn recognize(&self, text: &str, seg: &Segmented, syntax: &Syntax, caseless: bool, published: Option<NaiveDate>) -> Recognized {
        self.read(&Doc::new(text, seg, syntax, caseless, published))
    }

    /// Recognizes everything in one article's [`Doc`] (what the pipeline calls).
    pub fn read(&self, doc: &Doc) -> Recognized {
        let (ctx, syntax, published, text) = (&doc.ctx, doc.syntax, doc.published, doc.text());
        let mut phrases = Phrases::find(&self.phrases, ctx);
        let dates = self.dates.find(ctx, &mut phrases, published);
        let quantities = self.quantities.find(ctx, &mut phrases, &dates);
        let mut actors = self.actors.find(ctx, &mut phrases, &dates, published);
        let (pending, held) = self.quotes.find(ctx, syntax, &mut phrases, &dates, &mut actors, &self.actors);
        let main_country = actors.main_country.clone();
        let (entities, places, new_index) = actors.finish();
        let quotes = pending
            .into_iter()
            .map(|q| Quote {
                speaker: q.speaker.map(|id| entities[new_index[id]].clone()),
                cue: q.cue.map(|(s, e)| TextSpan { text: text[s..e].to_string(), span: Span(s, e) }),
                text: text[q.span.0..q.span.1].to_string(),
                span: Span(q.span.0, q.span.1),
                direct: q.direct,
            })
            .collect();
        let stances = held
            .into_iter()
            .map(|q| Quote {
                speaker: Some(match q.speaker {
                    quotes::Speaker::Mention(id) => entities[new_index[id]].clone(),
                    quotes::Speaker::New(e) => *e,
                }),
                cue: Some(TextSpan { text: text[q.cue.0..q.cue.1].to_string(), span: Span(q.cue.0, q.cue.1) }),
                text: text[q.span.0..q.span.1].to_string(),
                span: Span(q.span.0, q.span.1),
                direct: false,
            })
            .collect();
        Recognized { entities, places, dates, quantities, quotes, stances, main_country }
    }
}
