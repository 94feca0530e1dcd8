//! Recognize: who, where, when, how many, and who said so.
//!
//! Input is the normalized text and its segmentation; output is every mention with a byte
//! span into that text (the pipeline re-bases spans onto the input). Each recognizer is a
//! module with one entry point and can be tested alone on a string:
//! - [`dates`]: absolute and relative dates, resolved against the publication date;
//! - [`quantities`]: digits, number words, vague amounts, with qualifiers;
//! - [`actors`]: countries, groups, organisations, state agents, people, places, and the
//!   links between mentions (acronyms, surnames, "the armed group", "the city");
//! - [`quotes`]: direct and indirect speech with its speaker.

pub mod actors;
pub mod ctx;
pub mod dates;
pub mod quantities;
pub mod quotes;

use chrono::NaiveDate;
use sitrep_core::{DateMention, Entity, Place, Quantity, Quote, Span, TextSpan};
use sitrep_lexicon::Lexicon;
use sitrep_segment::Segmented;

pub use ctx::Ctx;

/// Everything recognized in one article; spans are byte offsets into the normalized text.
#[derive(Debug, Clone, Default)]
pub struct Recognized {
    pub entities: Vec<Entity>,
    pub places: Vec<Place>,
    pub dates: Vec<DateMention>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    /// ISO3 of the country the article is mostly about, if any.
    pub main_country: Option<String>,
    /// Index into `places` of the dateline place (never an event location).
    pub dateline_place: Option<usize>,
}

/// The compiled recognizers, built once from the lexicon and shared across threads.
pub struct Recognizer {
    dates: dates::DateRecognizer,
    quantities: quantities::QuantityRecognizer,
    actors: actors::ActorRecognizer,
    quotes: quotes::QuoteRecognizer,
}

impl Recognizer {
    pub fn new(lex: &Lexicon) -> Recognizer {
        Recognizer {
            dates: dates::DateRecognizer::new(&lex.dates),
            quantities: quantities::QuantityRecognizer::new(&lex.quantities),
            actors: actors::ActorRecognizer::new(lex),
            quotes: quotes::QuoteRecognizer::new(&lex.quotes),
        }
    }

    pub fn recognize(&self, text: &str, seg: &Segmented, caseless: bool, published: Option<NaiveDate>) -> Recognized {
        let ctx = Ctx::new(text, seg, caseless);
        let dates = self.dates.find(&ctx, published);
        let quantities = self.quantities.find(&ctx, &dates);
        let mut actors = self.actors.find(&ctx, &dates);
        let pending = self.quotes.find(&ctx, &mut actors, &self.actors);
        let main_country = actors.main_country.clone();
        let dateline_place = actors.dateline_place;
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
        Recognized { entities, places, dates, quantities, quotes, main_country, dateline_place }
    }
}
