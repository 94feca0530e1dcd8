use super::*;
use sitrep_pipeline::{run_batch, BatchOptions, Pipeline};

fn pipeline() -> Pipeline {
    Pipeline::new(&sitrep_lexicon::Lexicon::builtin())
}

fn input(id: &str, published: &str, text: &str) -> ArticleInput {
    ArticleInput { meta: ArticleMeta { id: id.into(), published: Some(published.into()), ..Default::default() }, text: text.into() }
}

const SHELLING: &str = "Troops shelled the town of Marib on Monday, killing four civilians.";
const ARRESTS: &str = "Police in Lagos arrested 12 protesters on Tuesday.";

fn source(items: Vec<ArticleInput>) -> Vec<Result<sitrep_ingest::Parsed, IngestError>> {
    items
        .into_iter()
        .map(|article| Ok(sitrep_ingest::Parsed { input: article.meta.id.clone(), article, warnings: vec![], position: None }))
        .collect()
}

fn ingest(store: &mut Store, p: &Pipeline, items: Vec<ArticleInput>) -> Summary {
    let engine = p.engine().to_string();
    let mut sink = StoreSink::new(store, &engine, false, |_| Ok(()));
    run_batch(source(items), p, BatchOptions { threads: 1, chunk: 2 }, &mut sink).unwrap()
}

#[test]
fn a_new_database_is_at_the_latest_schema_and_a_newer_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("sitrep-store-mig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.db");
    {
        let s = Store::open(&path).unwrap();
        let v: i64 = s.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, Store::schema_version());
        s.conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let e = Store::open(&path).err().expect("a newer schema must be refused");
    let msg = format!("{e:#}");
    assert!(msg.contains("schema version 99") && msg.contains("s.db"), "{msg}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_same_text_is_stored_once_and_a_rerun_adds_nothing() {
    let p = pipeline();
    let mut store = Store::in_memory().unwrap();
    let items = vec![input("a", "2024-03-04", SHELLING), input("b", "2024-03-05", ARRESTS), input("copy-of-a", "2024-03-06", SHELLING)];
    let first = ingest(&mut store, &p, items.clone());
    assert_eq!((first.articles, first.skipped), (2, 1));
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, 2);
    assert!(counts.events >= 2, "{counts:?}");
    let before = store.dump().unwrap();
    // The text is kept under the id it was first read with.
    assert!(before.iter().any(|l| l.starts_with("articles:") && l.contains("Text(\"a\")")), "{before:?}");
    assert!(!before.iter().any(|l| l.contains("copy-of-a")), "{before:?}");
    let again = ingest(&mut store, &p, items);
    assert_eq!((again.articles, again.skipped), (0, 3));
    assert_eq!(store.dump().unwrap(), before);
}

#[test]
fn a_newer_engine_replaces_an_articles_events() {
    let p = pipeline();
    let mut store = Store::in_memory().unwrap();
    ingest(&mut store, &p, vec![input("a", "2024-03-04", SHELLING)]);
    let n = store.counts().unwrap().events;
    assert!(n >= 1);
    assert!(store.articles_to_reextract(Some(p.engine())).unwrap().is_empty());
    // Pretend the stored events came from an older engine: they are wanted again and replaced.
    store.conn.execute("UPDATE articles SET engine = 'old'", []).unwrap();
    let stale = store.articles_to_reextract(Some(p.engine())).unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0].meta.id.as_str(), stale[0].text.as_str()), ("a", SHELLING));
    let s = ingest(&mut store, &p, stale);
    assert_eq!(s.articles, 1);
    assert_eq!(store.counts().unwrap().events, n);
    assert!(store.articles_to_reextract(Some(p.engine())).unwrap().is_empty());
}

#[test]
fn stored_events_read_back_whole_and_filtered() {
    let p = pipeline();
    let mut store = Store::in_memory().unwrap();
    ingest(&mut store, &p, vec![input("a", "2024-03-04", SHELLING), input("b", "2024-03-05", ARRESTS)]);
    let all = store.events(&Filter::default()).unwrap();
    let shelling = all.iter().find(|(_, e)| e.category == "ASSAULT").expect("the shelling");
    assert_eq!(shelling.1.size.killed.as_ref().map(|c| c.count), Some(4));
    assert_eq!(shelling.1.date.as_ref().and_then(|d| d.value.as_deref()), Some("2024-03-04"));
    let coerce = Filter { category: Some("coerce".into()), ..Default::default() };
    let arrests = store.events(&coerce).unwrap();
    assert!(!arrests.is_empty() && arrests.iter().all(|(_, e)| e.category == "COERCE"), "{arrests:?}");
    let later = Filter { since: Some("2024-03-05".into()), ..Default::default() };
    assert!(store.events(&later).unwrap().iter().all(|(_, e)| e.date.as_ref().and_then(|d| d.value.as_deref()) >= Some("2024-03-05")));
    let yemen = Filter { country: Some("YEM".into()), ..Default::default() };
    let y = store.events(&yemen).unwrap();
    assert!(y.iter().any(|(_, e)| e.category == "ASSAULT") && y.iter().all(|(_, e)| e.category != "COERCE"), "{y:?}");
    // A box around Lagos holds the arrests and not the shelling in Yemen.
    let lagos = Filter { bbox: Some([2.5, 5.5, 4.5, 7.5]), ..Default::default() };
    let l = store.events(&lagos).unwrap();
    assert!(l.iter().all(|(_, e)| e.category != "ASSAULT"), "{l:?}");
}

#[test]
fn filters_compare_partial_dates_by_prefix_and_need_coordinates_for_a_box() {
    let f = Filter { since: Some("2024-03-01".into()), until: Some("2024-03-31".into()), ..Default::default() };
    assert!(f.admits("ASSAULT", Some("2024-03"), None, None, None));
    assert!(f.admits("ASSAULT", Some("2024-03-31"), None, None, None));
    assert!(!f.admits("ASSAULT", Some("2024-04-01"), None, None, None));
    assert!(!f.admits("ASSAULT", None, None, None, None));
    let b = Filter { bbox: Some([0.0, 0.0, 10.0, 10.0]), ..Default::default() };
    assert!(b.admits("X", None, None, Some(5.0), Some(5.0)));
    assert!(!b.admits("X", None, None, Some(5.0), Some(11.0)));
    assert!(!b.admits("X", None, None, None, None));
}

#[test]
fn a_version_1_database_is_migrated_with_its_events_given_their_days() {
    let dir = std::env::temp_dir().join(format!("sitrep-store-v1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v1.db");
    {
        // A database as version 1 left it: no day columns.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let p = pipeline();
        let a = input("a", "2024-03-04", SHELLING);
        let out = p.extract(&a).0;
        let s = Store { conn, in_tx: false };
        // Written with the version-1 columns only.
        s.conn
            .execute("INSERT INTO articles (hash, id, text, engine, output) VALUES (?1, 'a', ?2, 'old', '{}')", params![out.hash, SHELLING])
            .unwrap();
        for (seq, e) in out.events.iter().enumerate() {
            s.conn
                .execute(
                    "INSERT INTO events (article, id, seq, category, modality, historical, actors, recipients, confidence, json)
                     VALUES (?1, ?2, ?3, ?4, 'asserted', 0, '', '', 0.5, ?5)",
                    params![out.hash, e.id, seq as i64, e.category, serde_json::to_string(e).unwrap()],
                )
                .unwrap();
        }
    }
    let mut store = Store::open(&path).unwrap();
    let v: i64 = store.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, Store::schema_version());
    let days: Option<i64> = store.conn.query_row("SELECT day_lo FROM events WHERE category = 'ASSAULT'", [], |r| r.get(0)).unwrap();
    // 2024-03-04 is day 19,786 after 1970-01-01.
    assert_eq!(days, Some(19_786));
    assert_eq!(store.recluster(sitrep_incidents::Params::default()).unwrap(), store.counts().unwrap().incidents);
    assert!(store.counts().unwrap().incidents >= 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A made-up event: date, country, category, lat/lon.
type MadeUp<'a> = (Option<&'a str>, &'a str, &'a str, Option<(f64, f64)>);

/// An article of made-up events.
fn made_up(id: &str, events: &[MadeUp]) -> (ArticleInput, ArticleOutput) {
    let mut text = String::new();
    let mut evs = Vec::new();
    for (k, (date, country, category, point)) in events.iter().enumerate() {
        let start = text.chars().count();
        text.push_str(&format!("Sentence {k} of {id} tells of a {} in {country}. ", category.to_lowercase()));
        let end = text.chars().count() - 1;
        evs.push(Event {
            id: format!("{id}-{k}"),
            category: category.to_string(),
            date: date.map(|d| sitrep_core::EventDate { value: Some(d.to_string()), ..Default::default() }),
            location: Some(sitrep_core::Place {
                name: "somewhere".into(),
                country: Some(country.to_string()),
                lat: point.map(|p| p.0),
                lon: point.map(|p| p.1),
                ..Default::default()
            }),
            sentence: sitrep_core::SentenceRef { index: k, span: sitrep_core::Span(start, end) },
            ..Default::default()
        });
    }
    let meta = ArticleMeta { id: id.into(), title: Some(format!("Title of {id}")), ..Default::default() };
    let out = ArticleOutput { article: meta.clone(), engine: "test".into(), events: evs, ..Default::default() };
    (ArticleInput { meta, text }, out)
}

fn page_keys(store: &Store, q: &EventQuery) -> Vec<(String, String)> {
    let page = store.event_page(q).unwrap();
    page.items.iter().map(|r| (r.hash.clone(), serde_json::from_str::<Event>(&r.json).unwrap().id)).collect()
}

#[test]
fn pages_are_newest_first_agree_with_the_filters_and_visit_every_event_once() {
    let mut store = Store::in_memory().unwrap();
    let articles = [
        made_up("a", &[(Some("2024-03-04"), "NGA", "ASSAULT", Some((11.8, 13.1))), (Some("2024-03"), "NGA", "PROTEST", None)]),
        made_up("b", &[(None, "YEM", "ASSAULT", Some((15.4, 45.3))), (Some("2024-03-10"), "YEM", "FIGHT", Some((15.5, 45.2)))]),
        made_up("c", &[(Some("2023-12-31"), "SYR", "FIGHT", Some((36.2, 37.1))), (Some("2024-03-10"), "NGA", "ASSAULT", None)]),
    ];
    for (input, out) in &articles {
        store.put_article(input, out).unwrap();
    }
    store.commit().unwrap();
    let all = store.event_page(&EventQuery { limit: 100, ..Default::default() }).unwrap();
    let dates: Vec<String> =
        all.items.iter().map(|r| serde_json::from_str::<Event>(&r.json).unwrap().date.and_then(|d| d.value).unwrap_or_default()).collect();
    assert_eq!(dates, ["2024-03-10", "2024-03-10", "2024-03-04", "2024-03", "2023-12-31", ""]);
    assert_eq!(all.next, None);
    let first = &all.items[2];
    assert_eq!((first.article.as_str(), first.sentence.as_str()), ("a", "Sentence 0 of a tells of a assault in NGA."));
    // Every filter gives what `Filter::admits` (the export's reading) gives.
    let filters = [
        Filter { since: Some("2024-03-05".into()), ..Default::default() },
        Filter { until: Some("2024-03-04".into()), ..Default::default() },
        Filter { since: Some("2024-01-01".into()), until: Some("2024-03-09".into()), ..Default::default() },
        Filter { country: Some("nga".into()), ..Default::default() },
        Filter { category: Some("Assault".into()), ..Default::default() },
        Filter { bbox: Some([40.0, 10.0, 50.0, 20.0]), ..Default::default() },
        Filter { bbox: Some([13.1, 11.8, 13.1, 11.8]), ..Default::default() },
        Filter { country: Some("YEM".into()), since: Some("2024-03-10".into()), ..Default::default() },
    ];
    for f in filters {
        let mut want: Vec<(String, String)> = store.events(&f).unwrap().into_iter().map(|(h, e)| (h, e.id)).collect();
        let mut got = page_keys(&store, &EventQuery { filter: f.clone(), limit: 100, ..Default::default() });
        want.sort();
        got.sort();
        assert_eq!(got, want, "{f:?}");
        assert!(!got.is_empty() || f.bbox.is_some(), "{f:?}");
    }
    // Pages of two, then one, in the order of the whole list.
    let whole = page_keys(&store, &EventQuery { limit: 100, ..Default::default() });
    for limit in [1, 2, 4] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.event_page(&EventQuery { limit, cursor: cursor.clone(), ..Default::default() }).unwrap();
            seen.extend(page.items.iter().map(|r| (r.hash.clone(), serde_json::from_str::<Event>(&r.json).unwrap().id)));
            match page.next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen, whole, "limit {limit}");
    }
    // Words of the sentence or the title; query syntax is only words.
    let q = |s: &str| page_keys(&store, &EventQuery { q: Some(s.into()), limit: 100, ..Default::default() });
    assert_eq!(q("protest").len(), 1);
    assert_eq!(q("title of b").len(), 2);
    assert_eq!(q("\"a\" OR NOT x*").len(), 0);
    assert_eq!(q("fight syr").len(), 1);
    // Small and large matches (read whole and sorted, or checked along the date index) agree.
    assert_eq!(q("sentence tells").len(), 6);
    assert_eq!(q("sentence tells").iter().filter(|k| k.1.starts_with("b-")).count(), 2);
    let nga_q = page_keys(
        &store,
        &EventQuery {
            q: Some("sentence".into()),
            filter: Filter { country: Some("NGA".into()), ..Default::default() },
            limit: 100,
            ..Default::default()
        },
    );
    assert_eq!(nga_q.len(), 3);
    // A cursor the store never gave is the caller's error.
    let e = store.event_page(&EventQuery { cursor: Some("zz.1".into()), limit: 1, ..Default::default() }).unwrap_err();
    assert!(e.downcast_ref::<BadQuery>().is_some(), "{e}");
    // An article by id or hash, its events in order.
    let a = store.article("b").unwrap().expect("stored");
    assert_eq!(a.output.events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["b-0", "b-1"]);
    assert_eq!(store.article(&a.hash).unwrap().map(|x| x.id), Some("b".to_string()));
    assert_eq!(store.article("x' OR 1=1 --").unwrap(), None);
    // Replacing an article's events leaves no stale search or map rows.
    let (input, mut out) = made_up("b", &[(Some("2024-01-01"), "YEM", "FIGHT", None)]);
    out.hash = a.hash.clone();
    store.put_article(&ArticleInput { text: a.text.clone(), ..input }, &out).unwrap();
    store.commit().unwrap();
    let n = |sql: &str| store.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(n("SELECT count(*) FROM events_fts"), n("SELECT count(*) FROM events"));
    assert_eq!(n("SELECT count(*) FROM events_geo"), n("SELECT count(*) FROM events WHERE lat IS NOT NULL"));
    assert_eq!(n("SELECT count(*) FROM events_geo"), 2);
}

#[test]
fn a_version_2_database_gains_its_search_rows_and_points() {
    let dir = std::env::temp_dir().join(format!("sitrep-store-v2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v2.db");
    let (input, out) = made_up("old", &[(Some("2024-03-04"), "NGA", "ASSAULT", Some((11.8, 13.1))), (None, "NGA", "PROTEST", None)]);
    {
        // A database as version 2 left it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(MIGRATIONS[1]).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO articles (hash, id, title, text, engine, output) VALUES ('h', 'old', 'Old title', ?1, 'old', '{}')",
            [&input.text],
        )
        .unwrap();
        for (seq, e) in out.events.iter().enumerate() {
            let loc = e.location.as_ref().unwrap();
            conn.execute(
                "INSERT INTO events (article, id, seq, category, modality, historical, actors, recipients, confidence, json, date, lat, lon)
                 VALUES ('h', ?1, ?2, ?3, 'asserted', 0, '', '', 0.5, ?4, ?5, ?6, ?7)",
                params![e.id, seq as i64, e.category, serde_json::to_string(e).unwrap(), e.date.as_ref().and_then(|d| d.value.clone()), loc.lat, loc.lon],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let page = store.event_page(&EventQuery { q: Some("protest".into()), limit: 10, ..Default::default() }).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].sentence, "Sentence 1 of old tells of a protest in NGA.");
    let titled = store.event_page(&EventQuery { q: Some("old title".into()), limit: 10, ..Default::default() }).unwrap();
    assert_eq!(titled.items.len(), 2);
    let boxed = store.event_page(&EventQuery {
        filter: Filter { bbox: Some([13.0, 11.0, 14.0, 12.0]), ..Default::default() },
        limit: 10,
        ..Default::default()
    });
    assert_eq!(boxed.unwrap().items.len(), 1);
    drop(store);
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.counts().unwrap().events, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
