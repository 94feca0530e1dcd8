//! The record types of SPEC §1, shared by every stage.
//!
//! Field names are a contract: exporters and scorers read them. Spans are
//! `[start, end)` offsets in Unicode scalar values into the article text *as given*.
//! Inside the pipeline, stages fill spans with byte offsets into the normalized text;
//! the pipeline converts every span once, at the end, through [`Spanned::visit_spans`].

use serde::{Deserialize, Serialize};

pub mod taxonomy;

/// `[start, end)`; serialized as a two-element array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span(pub usize, pub usize);

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span(start, end)
    }
    pub fn start(&self) -> usize {
        self.0
    }
    pub fn end(&self) -> usize {
        self.1
    }
    pub fn len(&self) -> usize {
        self.1.saturating_sub(self.0)
    }
    pub fn is_empty(&self) -> bool {
        self.1 <= self.0
    }
    pub fn contains(&self, other: Span) -> bool {
        self.0 <= other.0 && other.1 <= self.1
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.0 < other.1 && other.0 < self.1
    }
}

/// Who published the article and when.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or null.
    pub published: Option<String>,
}

/// FNV-1a 64 over bytes: the one hash of stable ids and fingerprints (event ids, incident ids,
/// the engine stamp of a `--dict` directory). Change detection and ids, not security.
pub fn fnv1a64(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One article to read: its metadata and its text exactly as given.
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    pub meta: ArticleMeta,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    State,
    StateAgent,
    ArmedGroup,
    Igo,
    Ngo,
    Person,
    Group,
    Media,
    #[default]
    Unknown,
}

/// One mention of an actor. Every mention is listed; later mentions of the same
/// actor carry the canonical `name` and point back with `refers_to`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Entity {
    pub text: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub span: Span,
    pub country: Option<String>,
    #[serde(default)]
    pub sector: Vec<String>,
    pub religion: Option<String>,
    pub ethnicity: Option<String>,
    pub role: Option<String>,
    pub kind: EntityKind,
    /// Index (into the article's `entities`) of the mention this one links back to.
    pub refers_to: Option<usize>,
    /// The CAMEO actor code the PETRARCH dictionaries give this actor ("IRQGOV"), for the
    /// article's publication date when the code is date-bounded; absent when they give none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// On a party of an event or a quote's speaker: the index of the same mention in the
    /// article's `entities`, so a store (or a reader) can refer to it rather than copy it.
    /// Absent in `entities` itself, and for a party that is no mention (a state a capital stands for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceUse {
    #[default]
    Literal,
    Adjective,
    Demonym,
    Metonym,
}

/// A candidate considered for an unresolved place.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Candidate {
    pub name: String,
    pub geonameid: Option<u64>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Place {
    pub text: String,
    pub name: String,
    pub span: Span,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub admin1: Option<String>,
    pub country: Option<String>,
    /// city | admin1 | country | region | …
    pub feature: Option<String>,
    /// 5 sub-city | 4 city | 3 district | 2 province | 1 country
    pub precision: Option<u8>,
    #[serde(rename = "use")]
    pub use_: PlaceUse,
    pub resolved: bool,
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    /// For a place the gazetteer does not know (a district, a square, a road): the resolved
    /// place the text puts it in ("the Bab al-Tabbaneh district *of Tripoli*").
    #[serde(default)]
    pub within: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

/// A date mention, resolved against the publication date when there is one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub span: Span,
    /// `YYYY-MM-DD` | `YYYY-MM` | `YYYY`; null when it cannot be resolved without guessing.
    pub value: Option<String>,
    /// Last day of a range ("last week"), when the mention names one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<String>,
    pub precision: Option<Precision>,
    /// True when the mention is relative ("on Sunday", "last week").
    #[serde(default)]
    pub relative: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    AtLeast,
    About,
    MoreThan,
    UpTo,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Quantity {
    pub text: String,
    pub span: Span,
    pub count: u64,
    pub qualifier: Qualifier,
    /// The noun counted ("people", "soldiers") when it follows the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker's mention at the cue ("he", "Kerry"), its `name` resolved through coreference.
    pub speaker: Option<Entity>,
    pub cue: Option<TextSpan>,
    pub text: String,
    pub span: Span,
    pub direct: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Acled {
    pub event_type: String,
    pub sub_event_type: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    Negated,
    Requested,
    Planned,
    Predicted,
    Hypothetical,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventDate {
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<String>,
    pub precision: Option<Precision>,
    pub text: String,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Count {
    pub count: u64,
    pub qualifier: Qualifier,
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Size {
    pub killed: Option<Count>,
    pub injured: Option<Count>,
    pub arrested: Option<Count>,
    pub displaced: Option<Count>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SentenceRef {
    pub index: usize,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub article: ArticleMeta,
    pub category: String,
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
    pub acled: Option<Acled>,
    pub modality: Modality,
    #[serde(default)]
    pub historical: bool,
    #[serde(default)]
    pub actor: Vec<Entity>,
    #[serde(default)]
    pub recipient: Vec<Entity>,
    pub location: Option<Place>,
    pub date: Option<EventDate>,
    #[serde(default)]
    pub size: Size,
    #[serde(default)]
    pub reported_by: Vec<Entity>,
    pub trigger: TextSpan,
    pub sentence: SentenceRef,
    pub confidence: f64,
    pub rule: String,
    /// Fields taken from the context, not from the event's own sentence: "location" (from the
    /// paragraph), "date" (from the paragraph, or the publication date at week precision),
    /// "actor" (the agent a passive trigger implies when the text names none).
    #[serde(default)]
    pub inferred: Vec<String>,
    /// The CAMEO event code a PETRARCH verb pattern gives this act, when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<Cameo>,
}

/// A CAMEO event code ("1121") and its two-digit root ("11") (SPEC §1 `cameo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cameo {
    pub code: String,
    pub root: String,
}

impl Cameo {
    /// The code and its root (the first two characters).
    pub fn new(code: &str) -> Cameo {
        Cameo { code: code.to_string(), root: code.chars().take(2).collect() }
    }
}

/// One real-world event, however many reports describe it: the events of several articles
/// clustered by `sitrep-incidents` (ARCHITECTURE.md "Incidents").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Incident {
    /// Stable: derived from the first member event (by article hash and event id).
    pub id: String,
    pub category: String,
    /// The ACLED view most member events give (ties: the earliest report's).
    pub acled: Option<Acled>,
    /// Canonical names of the actors and recipients any member gives, first report first.
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
    /// The most precise resolved place the members give.
    pub location: Option<Place>,
    /// The earliest and latest dates the members give the act (`YYYY-MM-DD`).
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    #[serde(default)]
    pub size: ReconciledSize,
    /// Member event ids and the ids of the articles they came from.
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub articles: Vec<String>,
    /// Publication dates of the first and the latest report.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// Counts of an incident as its reports give them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReconciledSize {
    pub killed: Option<Reconciled>,
    pub injured: Option<Reconciled>,
    pub arrested: Option<Reconciled>,
    pub displaced: Option<Reconciled>,
}

/// One count reconciled across reports: `count` is the latest report's (by publication date;
/// among reports of one day, the largest), `min`/`max` the range all reports span.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reconciled {
    pub count: u64,
    pub min: u64,
    pub max: u64,
    #[serde(default)]
    pub sources: Vec<SourceCount>,
}

/// The count one report gave.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SourceCount {
    pub article: String,
    pub event: String,
    pub published: Option<String>,
    pub count: u64,
}

/// Everything sitrep read in one article (SPEC §1 "article output").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ArticleOutput {
    pub article: ArticleMeta,
    /// SHA-256 of the article's text exactly as given (hex): the same text read twice, under
    /// any id or from any feed, has the same hash, which is how a store keeps it once.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Which engine read it: the sitrep version and a fingerprint of the dictionaries and
    /// models ("0.1.0+data.1a2b…", plus ".dict.…" with a `--dict` directory). A store
    /// re-extracts articles whose stamp differs from the running engine's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub engine: String,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub dates: Vec<DateMention>,
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Sentence spans, so consumers (and `sitrep eval`) can place evidence.
    #[serde(default)]
    pub sentences: Vec<Span>,
}

/// Walks every (span, text) pair of a record so one pass can re-base all spans.
pub trait Spanned {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String));
}

impl Spanned for Entity {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for Place {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for DateMention {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for Quantity {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for TextSpan {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for Count {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for Quote {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        if let Some(s) = &mut self.speaker {
            s.visit_spans(f);
        }
        if let Some(c) = &mut self.cue {
            c.visit_spans(f);
        }
        f(&mut self.span, &mut self.text);
    }
}
impl Spanned for Event {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        for e in self.actor.iter_mut().chain(&mut self.recipient).chain(&mut self.reported_by) {
            e.visit_spans(f);
        }
        if let Some(p) = &mut self.location {
            p.visit_spans(f);
        }
        if let Some(d) = &mut self.date {
            if let Some(span) = &mut d.span {
                f(span, &mut d.text);
            }
        }
        for c in [&mut self.size.killed, &mut self.size.injured, &mut self.size.arrested, &mut self.size.displaced].into_iter().flatten() {
            c.visit_spans(f);
        }
        self.trigger.visit_spans(f);
        let mut none = String::new();
        f(&mut self.sentence.span, &mut none);
    }
}
impl Spanned for ArticleOutput {
    fn visit_spans(&mut self, f: &mut dyn FnMut(&mut Span, &mut String)) {
        self.events.iter_mut().for_each(|x| x.visit_spans(f));
        self.entities.iter_mut().for_each(|x| x.visit_spans(f));
        self.places.iter_mut().for_each(|x| x.visit_spans(f));
        self.dates.iter_mut().for_each(|x| x.visit_spans(f));
        self.quantities.iter_mut().for_each(|x| x.visit_spans(f));
        self.quotes.iter_mut().for_each(|x| x.visit_spans(f));
        let mut none = String::new();
        for s in &mut self.sentences {
            f(s, &mut none);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_serializes_as_pair() {
        assert_eq!(serde_json::to_string(&Span(3, 9)).unwrap(), "[3,9]");
    }

    #[test]
    fn cameo_is_written_only_when_present() {
        let mut e = Event::default();
        assert!(serde_json::to_value(&e).unwrap().get("cameo").is_none());
        e.cameo = Some(Cameo::new("1121"));
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!((v["cameo"]["code"].as_str(), v["cameo"]["root"].as_str()), (Some("1121"), Some("11")));
        let back: Event = serde_json::from_value(v).unwrap();
        assert_eq!(back.cameo, Some(Cameo { code: "1121".into(), root: "11".into() }));
    }

    #[test]
    fn place_use_field_is_named_use() {
        let p = Place { use_: PlaceUse::Metonym, ..Default::default() };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["use"], "metonym");
    }

    #[test]
    fn visit_reaches_quote_speaker_and_cue() {
        let mut q = Quote {
            speaker: Some(Entity { span: Span(1, 2), ..Default::default() }),
            cue: Some(TextSpan { text: String::new(), span: Span(3, 4) }),
            text: String::new(),
            span: Span(5, 6),
            direct: true,
        };
        let mut seen = vec![];
        q.visit_spans(&mut |s, _| seen.push(*s));
        assert_eq!(seen, vec![Span(1, 2), Span(3, 4), Span(5, 6)]);
    }
}
