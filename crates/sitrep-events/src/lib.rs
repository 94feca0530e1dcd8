//! Code events: from recognized mentions to the `events` of SPEC §1.
//!
//! Input spans are byte offsets into the normalized text, like every stage before the
//! pipeline re-bases them.

use chrono::NaiveDate;
use sitrep_core::{ArticleMeta, Event};
use sitrep_lexicon::Lexicon;
use sitrep_recognize::Recognized;
use sitrep_segment::Segmented;

/// What the event coder reads: the normalized text, its segmentation and the mentions.
pub struct EventInput<'a> {
    pub text: &'a str,
    pub seg: &'a Segmented,
    pub rec: &'a Recognized,
    pub meta: &'a ArticleMeta,
    pub published: Option<NaiveDate>,
    pub caseless: bool,
}

/// The compiled triggers and patterns.
pub struct EventCoder {}

impl EventCoder {
    pub fn new(_lex: &Lexicon) -> EventCoder {
        EventCoder {}
    }

    /// Events of one article, in text order. `id` is left empty: the pipeline sets it from
    /// the re-based spans.
    pub fn code(&self, _input: &EventInput) -> Vec<Event> {
        Vec::new()
    }
}
