//! The pipeline: one article in, one [`ArticleOutput`] out.
//!
//! Stages run forward only — normalize → segment → recognize → (events, resolve: later
//! stages) — and each works on the normalized text. The last step maps every span back to
//! character offsets of the input and takes each `text` from the input itself, so a span
//! always slices the input to exactly its text.

use chrono::NaiveDate;
use sitrep_core::{ArticleOutput, Span, Spanned};
use sitrep_events::{Coded, EventCoder, EventInput};
use sitrep_lexicon::Lexicon;
use sitrep_normalize::normalize;
use sitrep_recognize::{Doc, Recognizer};
use sitrep_resolve::Resolver;
use sitrep_segment::Segmenter;
use sitrep_syntax::{Parser, Syntax};

pub use sitrep_core::ArticleInput;

pub mod batch;
pub mod write;

pub use batch::{run_batch, BatchOptions, Sink, Summary};
pub use write::{JsonFormat, JsonWriter};

/// Counts for throughput reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub bytes: usize,
    pub sentences: usize,
    /// Sentences the stages asked the parser for (the rest were never parsed).
    pub parsed: usize,
}

/// The compiled stages; build once, share across threads.
pub struct Pipeline {
    segmenter: Segmenter,
    recognizer: Recognizer,
    resolver: Resolver,
    events: EventCoder,
    parser: &'static Parser,
    code_events: bool,
    resolve_places: bool,
    /// The version stamp every output carries ([`engine_stamp`]).
    engine: String,
}

/// Parses a publication date: `YYYY-MM-DD`, or the date part of an ISO 8601 timestamp.
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

impl Pipeline {
    pub fn new(lex: &Lexicon) -> Pipeline {
        Pipeline {
            segmenter: Segmenter::new(&lex.segment),
            recognizer: Recognizer::new(lex),
            resolver: Resolver::new(lex),
            events: EventCoder::new(lex),
            parser: Parser::builtin(),
            code_events: true,
            resolve_places: true,
            engine: engine_stamp(None),
        }
    }

    /// The stamp of an engine reading with a `--dict` directory ([`engine_stamp`]).
    pub fn with_engine(mut self, stamp: String) -> Pipeline {
        self.engine = stamp;
        self
    }

    /// The version stamp every output of this pipeline carries.
    pub fn engine(&self) -> &str {
        &self.engine
    }

    /// Reads syntax with another model (a `--dict` directory's `syntax.bin`) instead of the
    /// built-in one.
    pub fn with_parser(mut self, parser: &'static Parser) -> Pipeline {
        self.parser = parser;
        self
    }

    /// The syntax model every stage parses with.
    pub fn parser(&self) -> &'static Parser {
        self.parser
    }

    /// Skips event coding, e.g. to measure the core stages alone.
    pub fn without_events(mut self) -> Pipeline {
        self.code_events = false;
        self
    }

    /// Skips place resolution: places keep `resolved: false` and no coordinates.
    pub fn without_resolution(mut self) -> Pipeline {
        self.resolve_places = false;
        self
    }

    /// The first stages alone: the normalized text and its tokens and sentences (what
    /// `sitrep parse` prints and what the syntax model is trained on).
    pub fn segment(&self, input: &ArticleInput) -> (sitrep_normalize::Normalized, sitrep_segment::Segmented) {
        let norm = normalize(&input.text);
        let seg = self.segmenter.segment(&norm.text, norm.caseless);
        (norm, seg)
    }

    pub fn extract(&self, input: &ArticleInput) -> (ArticleOutput, Stats) {
        self.extract_hashed(input, content_hash(&input.text))
    }

    /// [`Pipeline::extract`] with the content hash already computed (the batch driver hashes
    /// first, to ask its sink whether the article is needed at all).
    pub fn extract_hashed(&self, input: &ArticleInput, hash: String) -> (ArticleOutput, Stats) {
        let norm = normalize(&input.text);
        let seg = self.segmenter.segment(&norm.text, norm.caseless);
        let published = input.meta.published.as_deref().and_then(parse_published);
        // One lazily parsed view for every stage: a sentence is parsed once, the first time the
        // quote finder or the event coder asks for it, and never if neither does.
        let syntax = Syntax::new(self.parser, &norm.text, &seg);
        // The article as every later stage reads it, built once.
        let doc = Doc::new(&norm.text, &seg, &syntax, norm.caseless, published);
        let mut rec = self.recognizer.read(&doc);
        if self.resolve_places {
            let gone = self.resolver.resolve_in(&doc.ctx, &mut rec);
            // "Macon, Georgia" named a US state, not the country the recognizer took as the
            // article's: it is about where its places lie after all.
            if let Some(old) = rec.main_country.clone().filter(|c| gone.contains(c)) {
                self.recognizer.drop_main_country(&mut rec, &old);
            }
            // An article that names no country ("riots in Almaty") is about where its places lie.
            if rec.main_country.is_none() {
                if let Some(c) = Resolver::main_country_of_places(&rec.places) {
                    self.recognizer.adopt_main_country(&mut rec, &c);
                }
            }
        }
        let mut meta = input.meta.clone();
        meta.published = published.map(|d| d.format("%Y-%m-%d").to_string());
        let coded = if self.code_events { self.events.code(&EventInput { doc: &doc, rec: &rec, meta: &meta }) } else { Coded::default() };
        let (mut events, mut entities) = (coded.events, rec.entities);
        // Parties the coder found in no mention ("a peasant") are mentions too.
        sitrep_events::list_parties(&mut entities, &mut events, coded.parties);
        let mut quotes = sitrep_recognize::quotes::merge_stances(rec.quotes, rec.stances);
        link_mentions(&entities, &mut events, &mut quotes);
        let mut out = ArticleOutput {
            article: meta,
            hash,
            engine: self.engine.clone(),
            events,
            entities,
            places: rec.places,
            dates: rec.dates,
            quantities: rec.quantities,
            quotes,
            sentences: seg.sentences.iter().map(|s| Span(s.start, s.end)).collect(),
        };
        // Re-base spans: normalized bytes → input chars, and texts from the input.
        let starts = char_starts(&input.text);
        out.visit_spans(&mut |span, text| {
            let o = norm.orig_span(*span);
            *span = o;
            text.clear();
            text.push_str(&input.text[starts[o.0]..starts[o.1]]);
        });
        // Two events of one trigger (one act with two recipients coded apart) would share an id:
        // the second and later take their rank too, so ids stay unique within the article.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for e in &mut out.events {
            let mut id = event_id(&e.article.id, e.sentence.span.0, &e.category, e.trigger.span.0);
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                id = event_id(&format!("{}\u{1f}{n}", e.article.id), e.sentence.span.0, &e.category, e.trigger.span.0);
            }
            e.id = id;
        }
        let stats = Stats { bytes: input.text.len(), sentences: seg.sentences.len(), parsed: syntax.parsed() };
        (out, stats)
    }
}

/// Points every party of an event and every quote's speaker at its mention in `entities`
/// (`Entity::index`): the same span, the first such mention.
fn link_mentions(entities: &[sitrep_core::Entity], events: &mut [sitrep_core::Event], quotes: &mut [sitrep_core::Quote]) {
    let mut at: std::collections::HashMap<Span, usize> = std::collections::HashMap::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        at.entry(e.span).or_insert(i);
    }
    let link = |e: &mut sitrep_core::Entity| e.index = at.get(&e.span).copied();
    for ev in events.iter_mut() {
        ev.actor.iter_mut().chain(ev.recipient.iter_mut()).chain(ev.reported_by.iter_mut()).for_each(link);
    }
    quotes.iter_mut().filter_map(|q| q.speaker.as_mut()).for_each(link);
}

/// SHA-256 of an article's text as given, in hex: its identity in a store.
pub fn content_hash(text: &str) -> String {
    use sha2::Digest;
    use std::fmt::Write;
    let digest = sha2::Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}"); // into a String: cannot fail, no allocation per byte
    }
    s
}

/// The engine's version stamp: `<version>+data.<fingerprint of the built-in dictionaries and
/// models>`, and with a `--dict` directory `.dict.<fingerprint of the files in it that replace
/// built-in ones>`. Stored articles whose stamp differs are re-extracted by `sitrep reextract`.
/// The fingerprint covers data, not code: a code change between releases needs a version bump
/// (or `reextract --all`) to be picked up.
pub fn engine_stamp(dict: Option<&std::path::Path>) -> String {
    let mut stamp = format!("{}+data.{}", env!("CARGO_PKG_VERSION"), env!("SITREP_DATA_HASH"));
    if let Some(dir) = dict {
        let mut names: Vec<String> = sitrep_lexicon::FILES.iter().map(|f| f.to_string()).collect();
        names.extend(["petrarch/actors.toml", "petrarch/verbs.toml", "petrarch/agents.toml", "syntax.bin"].map(String::from));
        let mut fed: Vec<u8> = Vec::new();
        for name in &names {
            let Ok(bytes) = std::fs::read(dir.join(name)) else { continue };
            fed.extend(name.bytes().chain((bytes.len() as u64).to_le_bytes()).chain(bytes));
        }
        let h = sitrep_core::fnv1a64(fed);
        stamp.push_str(&format!(".dict.{h:016x}"));
    }
    stamp
}

/// Stable id of an event: FNV-1a 64 of (article id, sentence start, category, trigger start),
/// over input character offsets — the same input always gives the same id.
pub fn event_id(article: &str, sentence_start: usize, category: &str, trigger_start: usize) -> String {
    let key = format!("{article}\u{1f}{sentence_start}\u{1f}{category}\u{1f}{trigger_start}");
    format!("{:016x}", sitrep_core::fnv1a64(key.bytes()))
}

/// Byte offset of each char of `s`, plus `s.len()` at the end.
fn char_starts(s: &str) -> Vec<usize> {
    let mut v: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
    v.push(s.len());
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::ArticleMeta;

    fn run(text: &str, published: Option<&str>) -> ArticleOutput {
        let p = Pipeline::new(&Lexicon::builtin());
        let input = ArticleInput {
            meta: ArticleMeta { id: "t".into(), published: published.map(str::to_string), ..Default::default() },
            text: text.into(),
        };
        p.extract(&input).0
    }

    fn slice(s: &str, sp: Span) -> String {
        s.chars().skip(sp.0).take(sp.1 - sp.0).collect()
    }

    #[test]
    fn outputs_carry_the_content_hash_and_the_engine_stamp() {
        let a = run("Troops shelled the town.", None);
        // SHA-256 of the text as given (checked against `printf %s … | sha256sum`)
        assert_eq!(a.hash, "b1ec1488d1449b65f8cb64997898c73822528fc8b260816e8a4493ffa126f2d2");
        assert_ne!(run("Troops shelled the town. ", None).hash, a.hash);
        assert!(a.engine.starts_with(concat!(env!("CARGO_PKG_VERSION"), "+data.")), "{}", a.engine);
        assert_eq!(a.engine.len(), env!("CARGO_PKG_VERSION").len() + 6 + 16);
        let dir = std::env::temp_dir().join(format!("sitrep-stamp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = engine_stamp(Some(&dir));
        std::fs::write(dir.join("events.toml"), "trigger = []\n").unwrap();
        let with_events = engine_stamp(Some(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(empty.starts_with(&a.engine) && empty.contains(".dict."), "{empty}");
        assert_ne!(empty, with_events);
    }

    #[test]
    fn parties_and_speakers_point_at_their_mentions() {
        let out = run("Police arrested 12 protesters in Lagos on Monday, the governor said.", None);
        let e = out.events.iter().find(|e| e.category == "COERCE").unwrap_or_else(|| panic!("{:?}", out.events));
        let mut linked = 0;
        for p in e.actor.iter().chain(&e.recipient).chain(&e.reported_by) {
            if let Some(i) = p.index {
                assert_eq!((out.entities[i].span, &out.entities[i].text), (p.span, &p.text));
                linked += 1;
            }
        }
        assert!(linked >= 2, "{e:?}");
        let q = out.quotes.iter().find_map(|q| q.speaker.as_ref()).expect("a speaker");
        assert_eq!(out.entities[q.index.expect("linked")].span, q.span);
        assert!(out.entities.iter().all(|x| x.index.is_none()), "the list itself carries no index");
    }

    #[test]
    fn spans_index_the_input_even_through_mojibake() {
        let text = "Iraq\u{e2}\u{20ac}\u{2122}s government said \u{e2}\u{20ac}\u{153}we will fight\u{e2}\u{20ac}\u{9d}, officials said.";
        let mut out = run(text, None);
        out.visit_spans(&mut |sp, t| {
            if !t.is_empty() {
                assert_eq!(&slice(text, *sp), t);
            }
        });
        assert!(out.entities.iter().any(|e| e.country.as_deref() == Some("IRQ") && e.sector == vec!["GOV".to_string()]));
    }

    #[test]
    fn an_article_naming_no_country_takes_the_country_of_its_places() {
        let out = run("Riot police fired tear gas at protesters in Almaty on Monday. The police said 40 people were detained.", None);
        let police: Vec<_> = out.entities.iter().filter(|e| e.sector.contains(&"COP".to_string())).collect();
        assert!(!police.is_empty(), "{:?}", out.entities);
        for e in &police {
            assert_eq!((e.country.as_deref(), e.name.as_str()), (Some("KAZ"), "Kazakh police"), "{e:?}");
        }
        // Named countries still decide: the police here are Kyrgyz, though the city is Kazakh.
        let out = run("Kyrgyzstan said its police had detained two men near Almaty.", None);
        assert!(
            out.entities.iter().filter(|e| e.sector.contains(&"COP".to_string())).all(|e| e.country.as_deref() == Some("KGZ")),
            "{:?}",
            out.entities
        );
    }

    #[test]
    fn lowercase_text_is_still_read() {
        let out = run("the islamic state group attacked ramadi on sunday, killing 15 iraqi soldiers. secretary of state john kerry said the attack would be reversed.", Some("2015-05-18"));
        assert!(out.entities.iter().any(|e| e.name == "Islamic State" || e.aliases.iter().any(|a| a == "ISIL")), "{:?}", out.entities);
        assert!(out.dates.iter().any(|d| d.value.as_deref() == Some("2015-05-17")));
        assert!(out.quantities.iter().any(|q| q.count == 15));
        assert!(out.entities.iter().any(|e| e.kind == sitrep_core::EntityKind::Person && e.name == "John Kerry"), "{:?}", out.entities);
        assert!(out.entities.iter().any(|e| e.country.as_deref() == Some("IRQ") && e.sector.contains(&"MIL".to_string())));
    }

    #[test]
    fn a_verb_between_a_country_and_an_agent_word_is_not_a_modifier() {
        let out = run("North Korea threatened military action against the United States.", None);
        assert!(out.entities.iter().all(|e| !e.text.contains("threatened")), "{:?}", out.entities);
        assert_eq!(out.events.iter().filter(|e| e.category == "THREATEN").count(), 1);
        let out = run("Iraqi elite forces entered the city. Allied forces and US-backed fighters followed.", None);
        assert!(out.entities.iter().any(|e| e.text == "Iraqi elite forces" && e.country.as_deref() == Some("IRQ")), "{:?}", out.entities);
    }

    #[test]
    fn capitals_acting_are_governments_and_named_towns_are_not_anaphors() {
        let out = run("He said Washington would announce sanctions. Kabul was hit by a bombing. Troops entered the town of Bama.", None);
        let use_of = |t: &str| out.places.iter().find(|p| p.text == t).map(|p| p.use_);
        assert_eq!(use_of("Washington"), Some(sitrep_core::PlaceUse::Metonym));
        assert_eq!(use_of("Kabul"), Some(sitrep_core::PlaceUse::Literal));
        assert!(out.places.iter().all(|p| p.text != "the town"), "{:?}", out.places);
        assert!(out.places.iter().any(|p| p.text == "Bama"));
    }

    #[test]
    fn generic_parties_are_listed_among_the_entities_in_text_order() {
        let text = "Gunmen kidnapped two Colombian engineers near the border.";
        let out = run(text, None);
        let p = out.entities.iter().find(|e| e.text == "two Colombian engineers").unwrap_or_else(|| panic!("{:?}", out.entities));
        assert_eq!(slice(text, p.span), "two Colombian engineers");
        assert!(out.events.iter().any(|e| e.recipient.iter().any(|r| r.span == p.span)), "{:?}", out.events);
        assert!(out.entities.windows(2).all(|w| w[0].span.0 <= w[1].span.0), "{:?}", out.entities);
    }

    #[test]
    fn civilians_with_no_country_of_their_own_are_of_the_country_where_the_act_happened() {
        // Russia is named most, but the shelling happened in Ukraine, which the article confirms.
        let text = "Russia said on Monday that Russian forces had hit military targets. Russian artillery pounded Nikopol in Ukraine's Dnipropetrovsk region overnight, killing two pensioners.";
        let out = run(text, None);
        let e = out.events.iter().find(|e| e.trigger.text == "pounded").unwrap_or_else(|| panic!("{:?}", out.events));
        let r = e.recipient.iter().find(|r| r.text.contains("pensioners")).unwrap_or_else(|| panic!("{:?}", e.recipient));
        assert_eq!(r.country.as_deref(), Some("UKR"), "{r:?}");
        assert!(out.entities.iter().any(|p| p.span == r.span && p.country.as_deref() == Some("UKR")), "{:?}", out.entities);
        // With no place for the act, the article's main country.
        let out = run("Kenyan police said a mob beat two men to death on Sunday.", None);
        let e = out.events.iter().find(|e| e.trigger.text == "beat").unwrap_or_else(|| panic!("{:?}", out.events));
        assert!(e.recipient.iter().any(|r| r.text.contains("men") && r.country.as_deref() == Some("KEN")), "{:?}", e.recipient);
    }

    #[test]
    fn a_us_state_named_like_a_country_is_the_state() {
        let out = run("Hundreds marched through Macon, Georgia, on Sunday after the police shot a man.", None);
        let ga = out.places.iter().find(|p| p.text == "Georgia").unwrap_or_else(|| panic!("{:?}", out.places));
        assert_eq!((ga.country.as_deref(), ga.feature.as_deref()), (Some("USA"), Some("admin1")));
        // The police inherit the country the article is about, not the one its name misled to.
        let police = out.entities.iter().find(|e| e.text == "police").unwrap_or_else(|| panic!("{:?}", out.entities));
        assert_eq!(police.country.as_deref(), Some("USA"), "{police:?}");
        // The country itself stays the country.
        let out = run("Protesters marched through Tbilisi, Georgia, on Sunday.", None);
        let ga = out.places.iter().find(|p| p.text == "Georgia").unwrap_or_else(|| panic!("{:?}", out.places));
        assert_eq!(ga.country.as_deref(), Some("GEO"));
    }

    #[test]
    fn event_ids_are_stable_and_distinct() {
        assert_eq!(event_id("a", 10, "ASSAULT", 12), event_id("a", 10, "ASSAULT", 12));
        assert_ne!(event_id("a", 10, "ASSAULT", 12), event_id("a", 10, "COERCE", 12));
        assert_ne!(event_id("a", 10, "ASSAULT", 12), event_id("b", 10, "ASSAULT", 12));
        assert_eq!(event_id("a", 10, "ASSAULT", 12).len(), 16);
    }

    #[test]
    fn published_timestamps_are_accepted() {
        assert_eq!(parse_published("2015-05-18T10:22:00Z"), NaiveDate::from_ymd_opt(2015, 5, 18));
        assert_eq!(parse_published("18/05/2015"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn every_span_slices_the_input_to_its_text(text in "(\\PC|[\"'’“”\\.\\n ]|â€œ|&amp;|U\\.S\\.|Iraq|Kerry said|\\(ISIL\\)|at least 5| Washington Square| Ky\\.| B\\.C\\.|, Laos| Mr Jackson| Michael Smith| Northern Ireland Assembly| Turkish Embassy|: “We){0,60}") {
            let mut out = run(&text, Some("2015-05-18"));
            let n = text.chars().count();
            let mut bad = None;
            out.visit_spans(&mut |sp, t| {
                if sp.0 > sp.1 || sp.1 > n || (!t.is_empty() && slice(&text, *sp) != *t) {
                    bad = Some((*sp, t.clone()));
                }
            });
            proptest::prop_assert!(bad.is_none(), "{:?}", bad);
        }
    }
}
