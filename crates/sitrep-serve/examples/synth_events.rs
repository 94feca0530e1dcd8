//! Fills a store with synthetic events, fast: the database `bench/serve` queries.
//!
//!     cargo run --release -p sitrep-serve --example synth_events -- DB EVENTS
//!
//! Not real data: each article is eight sentences from a few templates written for this, with
//! places, dates (2015–2024, a few by month only or undated), counts and categories drawn with a
//! fixed seed, so every run makes the same database. Stored through `Store::put_article`, the
//! path an ingest takes (indexes, search table, R-tree), committed every 1,000 articles.
//! Incidents are not clustered.

use sitrep_core::{
    Acled, ArticleInput, ArticleMeta, ArticleOutput, Count, Event, EventDate, Place, Precision, SentenceRef, Size, Span, TextSpan,
};
use std::time::Instant;

/// Country, place, latitude, longitude.
const PLACES: &[(&str, &str, f64, f64)] = &[
    ("NGA", "Maiduguri", 11.85, 13.16),
    ("YEM", "Marib", 15.46, 45.32),
    ("SYR", "Aleppo", 36.20, 37.15),
    ("AFG", "Kandahar", 31.61, 65.71),
    ("SOM", "Mogadishu", 2.04, 45.34),
    ("SDN", "Khartoum", 15.50, 32.56),
    ("MLI", "Gao", 16.27, -0.04),
    ("COD", "Goma", -1.68, 29.22),
    ("IRQ", "Mosul", 36.34, 43.13),
    ("UKR", "Kharkiv", 49.99, 36.23),
    ("MMR", "Lashio", 22.93, 97.75),
    ("ETH", "Gondar", 12.60, 37.47),
    ("BFA", "Djibo", 14.10, -1.63),
    ("PAK", "Peshawar", 34.01, 71.58),
    ("COL", "Cali", 3.45, -76.53),
    ("MEX", "Culiacan", 24.80, -107.39),
];

/// Category, ACLED event type and sub-event type, trigger, sentence ({p}: place, {n}: count).
const KINDS: &[(&str, &str, &str, &str, &str)] = &[
    ("ASSAULT", "Violence against civilians", "Attack", "attacked", "Gunmen attacked a village near {p}, killing {n} people."),
    ("FIGHT", "Battles", "Armed clash", "clashed", "Soldiers clashed with militants outside {p}, leaving {n} dead."),
    (
        "FIGHT",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "shelled",
        "Artillery shelled districts of {p}, killing {n} residents.",
    ),
    ("PROTEST", "Protests", "Peaceful protest", "marched", "Thousands marched through {p} against rising food prices, organisers said."),
    ("COERCE", "Strategic developments", "Arrests", "arrested", "Police in {p} arrested {n} people after the unrest."),
    (
        "ASSAULT",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "exploded",
        "A roadside bomb exploded near {p}, killing {n} soldiers.",
    ),
];

const PER_ARTICLE: usize = 8;

/// xorshift64*: a fixed sequence, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn jitter(&mut self) -> f64 {
        (self.below(10_000) as f64 / 10_000.0 - 0.5) * 0.8
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        anyhow::bail!("usage: synth_events DB EVENTS");
    };
    let started = Instant::now();
    let mut store = sitrep_store::Store::open(std::path::Path::new(db))?;
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let articles = n.div_ceil(PER_ARTICLE);
    let mut made = 0usize;
    for a in 0..articles {
        let year = 2015 + rng.below(10);
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let published = format!("{year}-{month:02}-{day:02}");
        let id = format!("synth-{a}");
        let meta = ArticleMeta {
            id: id.clone(),
            source: Some("synthetic".into()),
            url: None,
            title: Some(format!("Report {a} from the wires")),
            published: Some(published.clone()),
        };
        let mut text = format!("Report {a}.");
        let mut events = Vec::new();
        for k in 0..PER_ARTICLE.min(n - made) {
            let (country, place, lat, lon) = PLACES[rng.below(PLACES.len())];
            let (category, event_type, sub_event_type, trigger, template) = KINDS[rng.below(KINDS.len())];
            let count = 1 + rng.below(40) as u64;
            let sentence = template.replace("{p}", place).replace("{n}", &count.to_string());
            text.push(' ');
            let start = text.len(); // ASCII: bytes are characters
            text.push_str(&sentence);
            let end = text.len();
            let t = start + sentence.find(trigger).unwrap_or(0);
            // Mostly the day; some by month only, some undated.
            let date = match rng.below(100) {
                0..=2 => None,
                3..=5 => {
                    Some(EventDate { value: Some(published[..7].to_string()), precision: Some(Precision::Month), ..Default::default() })
                }
                _ => Some(EventDate { value: Some(published.clone()), precision: Some(Precision::Day), ..Default::default() }),
            };
            let located = rng.below(100) >= 5;
            let location = Place {
                text: place.into(),
                name: place.into(),
                lat: located.then(|| lat + rng.jitter()),
                lon: located.then(|| lon + rng.jitter()),
                country: Some(country.into()),
                precision: Some(4),
                resolved: located,
                ..Default::default()
            };
            let killed = (category != "PROTEST").then(|| Count { count, text: count.to_string(), ..Default::default() });
            events.push(Event {
                id: format!("{:016x}", sitrep_core::fnv1a64(format!("{id}/{k}").bytes())),
                article: meta.clone(),
                category: category.into(),
                acled: Some(Acled { event_type: event_type.into(), sub_event_type: sub_event_type.into() }),
                location: Some(location),
                date,
                size: Size { killed, ..Default::default() },
                trigger: TextSpan { text: trigger.into(), span: Span(t, t + trigger.len()) },
                sentence: SentenceRef { index: k + 1, span: Span(start, end) },
                confidence: 0.8,
                rule: "synthetic".into(),
                ..Default::default()
            });
            made += 1;
        }
        let out = ArticleOutput { article: meta.clone(), engine: "synthetic".into(), events, ..Default::default() };
        store.put_article(&ArticleInput { meta, text }, &out)?;
        if a % 1000 == 999 {
            store.commit()?;
        }
    }
    store.commit()?;
    let c = store.counts()?;
    eprintln!("synth_events: {} articles, {} events in {:.1} s", c.articles, c.events, started.elapsed().as_secs_f64());
    Ok(())
}
