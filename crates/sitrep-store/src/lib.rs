//! The embedded store: articles, their events and the incidents they cluster into, in SQLite.
//!
//! - **Articles are keyed by content hash** (`ArticleOutput::hash`): the same text read twice,
//!   under any id, is stored once, under the id it was first read with.
//! - **Events are keyed by (article hash, event id)**; an article's events are replaced as a whole
//!   when it is re-extracted, so an upsert never leaves a stale event behind.
//! - **Writes are idempotent and atomic per chunk**: a [`StoreSink`] commits every
//!   [`COMMIT_EVERY`] articles; an ingest killed at any point loses at most the uncommitted
//!   chunk, and a re-run (which skips the articles already stored by the same engine) ends with
//!   the same rows as one clean run. Nothing stored depends on the wall clock.
//! - **Migrations are versioned** by SQLite's `user_version`; a database from a newer sitrep is
//!   refused rather than damaged.
//! - Incidents are derived data: [`Store::replace_incidents`] rewrites them all from the events.

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension};
use sitrep_core::{ArticleInput, ArticleMeta, ArticleOutput, Event, Incident};
use sitrep_ingest::IngestError;
use sitrep_pipeline::{Sink, Stats, Summary};
use std::path::Path;

/// The schema, one migration per entry; entry `i` takes `user_version` from `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: articles, events, incidents
    "CREATE TABLE articles (
        hash      TEXT PRIMARY KEY,
        id        TEXT NOT NULL,
        source    TEXT,
        url       TEXT,
        title     TEXT,
        published TEXT,
        text      TEXT NOT NULL,
        engine    TEXT NOT NULL,
        -- the article's output without its events (entities, places, dates, quantities, quotes, sentences)
        output    TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE events (
        article    TEXT NOT NULL REFERENCES articles(hash) ON DELETE CASCADE,
        id         TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        category   TEXT NOT NULL,
        event_type TEXT,
        sub_event_type TEXT,
        modality   TEXT NOT NULL,
        historical INTEGER NOT NULL,
        date       TEXT,
        date_end   TEXT,
        country    TEXT,
        admin1     TEXT,
        place      TEXT,
        lat        REAL,
        lon        REAL,
        killed     INTEGER,
        injured    INTEGER,
        arrested   INTEGER,
        displaced  INTEGER,
        actors     TEXT NOT NULL,
        recipients TEXT NOT NULL,
        confidence REAL NOT NULL,
        json       TEXT NOT NULL,
        PRIMARY KEY (article, id)
    );
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_category ON events(category);
    CREATE TABLE incidents (
        id         TEXT PRIMARY KEY,
        category   TEXT NOT NULL,
        date_start TEXT,
        date_end   TEXT,
        country    TEXT,
        lat        REAL,
        lon        REAL,
        sources    INTEGER NOT NULL,
        json       TEXT NOT NULL
    );
    CREATE TABLE incident_events (
        incident TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        article  TEXT NOT NULL,
        event    TEXT NOT NULL,
        PRIMARY KEY (article, event)
    );
    CREATE INDEX incident_events_incident ON incident_events(incident);",
    // 2: the day interval each event is clustered on, so incidents are built streaming in date
    // order (backfilled from the stored events by `migrate`)
    "ALTER TABLE events ADD COLUMN day_lo INTEGER;
    ALTER TABLE events ADD COLUMN day_hi INTEGER;
    CREATE INDEX events_days ON events(day_lo, day_hi, article, id);",
    // 3: what `sitrep serve` pages through: events newest first (undated last) and by the
    // filters it takes, each index in that order so a filtered page is a seek, not a scan; the
    // text of each event's sentence and its article's title for full-text search (the sentence
    // is also what a page shows); an R-tree of event points for bounding boxes; articles by id.
    // (backfilled from the stored events by `migrate`)
    "CREATE INDEX events_page ON events(coalesce(date, '') DESC);
    CREATE INDEX events_country_page ON events(country, coalesce(date, '') DESC);
    CREATE INDEX events_category_page ON events(category, coalesce(date, '') DESC);
    CREATE INDEX events_type_page ON events(event_type, coalesce(date, '') DESC);
    CREATE INDEX events_subtype_page ON events(sub_event_type, coalesce(date, '') DESC);
    CREATE VIRTUAL TABLE events_fts USING fts5(sentence, title);
    CREATE VIRTUAL TABLE events_geo USING rtree(id, minlon, maxlon, minlat, maxlat);
    INSERT INTO events_geo SELECT rowid, lon, lon, lat, lat FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL;
    CREATE TRIGGER events_geo_add AFTER INSERT ON events WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
        INSERT INTO events_geo VALUES (new.rowid, new.lon, new.lon, new.lat, new.lat);
    END;
    CREATE TRIGGER events_gone AFTER DELETE ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid;
        DELETE FROM events_geo WHERE id = old.rowid;
    END;
    CREATE INDEX incidents_page ON incidents(coalesce(date_start, '') DESC, id);
    CREATE INDEX incidents_country_page ON incidents(country, coalesce(date_start, '') DESC, id);
    CREATE INDEX incidents_category_page ON incidents(category, coalesce(date_start, '') DESC, id);
    CREATE INDEX articles_id ON articles(id);",
];

/// Articles written between commits by a [`StoreSink`].
pub const COMMIT_EVERY: usize = 32;

/// Row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    pub articles: usize,
    pub events: usize,
    pub incidents: usize,
}

/// Which stored events to read (every bound optional; all given must hold).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Event dates (`YYYY-MM-DD`) from and to, inclusive; events without a date never match a
    /// date bound.
    pub since: Option<String>,
    pub until: Option<String>,
    /// ISO 3166 alpha-3 code of the event's place.
    pub country: Option<String>,
    /// PLOVER category.
    pub category: Option<String>,
    /// min lon, min lat, max lon, max lat; events without coordinates never match it.
    pub bbox: Option<[f64; 4]>,
}

impl Filter {
    /// Whether an event (or an incident's date, place, category) passes.
    pub fn admits(&self, category: &str, date: Option<&str>, country: Option<&str>, lat: Option<f64>, lon: Option<f64>) -> bool {
        if self.category.as_deref().is_some_and(|c| !c.eq_ignore_ascii_case(category)) {
            return false;
        }
        if self.country.as_deref().is_some_and(|c| !country.is_some_and(|x| x.eq_ignore_ascii_case(c))) {
            return false;
        }
        // A partial date ("2015-05") compares by its prefix: inside a bound when it overlaps it.
        if let Some(s) = &self.since {
            match date {
                Some(d) if d >= s.get(..d.len()).unwrap_or(s) => {}
                _ => return false,
            }
        }
        if let Some(u) = &self.until {
            match date {
                Some(d) if d <= u.get(..d.len()).unwrap_or(u) => {}
                _ => return false,
            }
        }
        if let Some([x0, y0, x1, y1]) = self.bbox {
            match (lat, lon) {
                (Some(la), Some(lo)) if lo >= x0 && lo <= x1 && la >= y0 && la <= y1 => {}
                _ => return false,
            }
        }
        true
    }
}

pub struct Store {
    conn: Connection,
    in_tx: bool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let conn = Connection::open(path).with_context(|| format!("opening the database {}", path.display()))?;
        Store::init(conn).with_context(|| format!("database {}", path.display()))
    }

    /// Opens an existing database for reading only (the readers of `sitrep serve`, beside one
    /// writer): its schema must be this build's, since a reader cannot migrate it.
    pub fn open_read_only(path: &Path) -> anyhow::Result<Store> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).with_context(|| format!("opening the database {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let have: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if have != Store::schema_version() {
            anyhow::bail!(
                "database {} has schema version {have}, not {}; open it for writing once to migrate it",
                path.display(),
                Store::schema_version()
            );
        }
        Ok(Store { conn, in_tx: false })
    }

    /// A database in memory (tests, dry runs).
    pub fn in_memory() -> anyhow::Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> anyhow::Result<Store> {
        // First: two processes opening one database at once (an ingest and a `sitrep query`)
        // wait for each other's locks instead of failing.
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // WAL: readers (`sitrep query`, a test watching an ingest) never block the writer.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, in_tx: false };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version this build writes.
    pub fn schema_version() -> i64 {
        MIGRATIONS.len() as i64
    }

    fn migrate(&mut self) -> anyhow::Result<()> {
        let have: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let want = Store::schema_version();
        if have > want {
            anyhow::bail!("schema version {have} is newer than this sitrep's ({want}); use a newer sitrep");
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(have as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql).with_context(|| format!("migration {}", i + 1))?;
            if i + 1 == 2 {
                // Events stored before their day interval was a column get it now, a page of
                // rows at a time (a large database is never held in memory).
                let mut after: i64 = 0;
                loop {
                    let page: Vec<(i64, String)> = {
                        let mut st = tx.prepare("SELECT rowid, json FROM events WHERE rowid > ?1 ORDER BY rowid LIMIT 4096")?;
                        let r = st.query_map([after], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
                        r
                    };
                    let Some(last) = page.last().map(|x| x.0) else { break };
                    let mut up = tx.prepare_cached("UPDATE events SET day_lo = ?2, day_hi = ?3 WHERE rowid = ?1")?;
                    for (rowid, json) in page {
                        let e: Event = serde_json::from_str(&json).with_context(|| format!("stored event (row {rowid})"))?;
                        let d = sitrep_incidents::days(&e);
                        up.execute(params![rowid, d.map(|x| x.0), d.map(|x| x.1)])?;
                    }
                    after = last;
                }
            }
            if i + 1 == 3 {
                backfill_search(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn begin(&mut self) -> anyhow::Result<()> {
        if !self.in_tx {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_tx = true;
        }
        Ok(())
    }

    /// Commits what was written since the last commit.
    pub fn commit(&mut self) -> anyhow::Result<()> {
        if self.in_tx {
            self.conn.execute_batch("COMMIT")?;
            self.in_tx = false;
        }
        Ok(())
    }

    /// Drops what was written since the last commit (a batch that failed half-way).
    pub fn rollback(&mut self) {
        if self.in_tx {
            let _ = self.conn.execute_batch("ROLLBACK");
            self.in_tx = false;
        }
    }

    /// The engine stamp an article was stored with, if it is stored.
    pub fn engine_of(&self, hash: &str) -> anyhow::Result<Option<String>> {
        Ok(self.conn.query_row("SELECT engine FROM articles WHERE hash = ?1", [hash], |r| r.get(0)).optional()?)
    }

    /// Stores an article and its events, replacing what an older extraction of the same text
    /// left. The first id an article was read under stays its id.
    pub fn put_article(&mut self, input: &ArticleInput, out: &ArticleOutput) -> anyhow::Result<()> {
        self.begin()?;
        let hash = if out.hash.is_empty() { sitrep_pipeline::content_hash(&input.text) } else { out.hash.clone() };
        let rest = ArticleOutput { events: vec![], ..out.clone() };
        let m = &out.article;
        // The title kept is the first one stored (as the id): it is what the search reads.
        let title: Option<String> = self.conn.query_row(
            "INSERT INTO articles (hash, id, source, url, title, published, text, engine, output)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(hash) DO UPDATE SET engine = excluded.engine, output = excluded.output
             RETURNING title",
            params![hash, m.id, m.source, m.url, m.title, m.published, input.text, out.engine, serde_json::to_string(&rest)?],
            |r| r.get(0),
        )?;
        self.conn.execute("DELETE FROM events WHERE article = ?1", [&hash])?;
        let mut search = self.conn.prepare_cached("INSERT INTO events_fts (rowid, sentence, title) VALUES (?1, ?2, ?3)")?;
        let chars = CharIndex::new(&input.text);
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO events (article, id, seq, category, event_type, sub_event_type, modality, historical, date, date_end,
                country, admin1, place, lat, lon, killed, injured, arrested, displaced, actors, recipients, confidence, json,
                day_lo, day_hi)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
                ?24, ?25)",
        )?;
        for (seq, e) in out.events.iter().enumerate() {
            let loc = e.location.as_ref();
            let count = |c: &Option<sitrep_core::Count>| c.as_ref().map(|c| c.count as i64);
            let days = sitrep_incidents::days(e);
            ins.execute(params![
                hash,
                e.id,
                seq as i64,
                e.category,
                e.acled.as_ref().map(|a| &a.event_type),
                e.acled.as_ref().map(|a| &a.sub_event_type),
                serde_json::to_value(e.modality)?.as_str().unwrap_or_default(),
                e.historical,
                e.date.as_ref().and_then(|d| d.value.as_ref()),
                e.date.as_ref().and_then(|d| d.end.as_ref()),
                loc.and_then(|p| p.country.as_ref()),
                loc.and_then(|p| p.admin1.as_ref()),
                loc.map(|p| &p.name),
                loc.and_then(|p| p.lat),
                loc.and_then(|p| p.lon),
                count(&e.size.killed),
                count(&e.size.injured),
                count(&e.size.arrested),
                count(&e.size.displaced),
                names(&e.actor),
                names(&e.recipient),
                e.confidence,
                serde_json::to_string(e)?,
                days.map(|d| d.0),
                days.map(|d| d.1),
            ])?;
            search.execute(params![self.conn.last_insert_rowid(), chars.slice(e.sentence.span).trim(), title])?;
        }
        Ok(())
    }

    /// Row counts of the three main tables.
    pub fn counts(&self) -> anyhow::Result<Counts> {
        let n = |t: &str| -> anyhow::Result<usize> {
            Ok(self.conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))? as usize)
        };
        Ok(Counts { articles: n("articles")?, events: n("events")?, incidents: n("incidents")? })
    }

    /// Stored events passing `filter`, in (article, position) order, each with the hash of
    /// the article it came from.
    pub fn events(&self, filter: &Filter) -> anyhow::Result<Vec<(String, Event)>> {
        let mut st = self.conn.prepare("SELECT article, json FROM events ORDER BY article, seq")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (article, json) = row?;
            let e: Event = serde_json::from_str(&json).with_context(|| format!("stored event of article {article}"))?;
            let loc = e.location.as_ref();
            let date = e.date.as_ref().and_then(|d| d.value.as_deref());
            if filter.admits(&e.category, date, loc.and_then(|p| p.country.as_deref()), loc.and_then(|p| p.lat), loc.and_then(|p| p.lon)) {
                out.push((article, e));
            }
        }
        Ok(out)
    }

    /// [`Store::events`], each with the text of its sentence (cut from the stored article, the
    /// evidence an analyst reads in an export's `notes`).
    pub fn events_with_sentences(&self, filter: &Filter) -> anyhow::Result<Vec<(String, Event, String)>> {
        let events = self.events(filter)?;
        let mut out = Vec::with_capacity(events.len());
        let mut cached: Option<(String, Vec<char>)> = None;
        for (hash, e) in events {
            if cached.as_ref().is_none_or(|(h, _)| *h != hash) {
                let text: String = self.conn.query_row("SELECT text FROM articles WHERE hash = ?1", [&hash], |r| r.get(0))?;
                cached = Some((hash.clone(), text.chars().collect()));
            }
            let chars = &cached.as_ref().expect("set above").1;
            let sp = e.sentence.span;
            let sentence: String = chars.get(sp.0.min(chars.len())..sp.1.min(chars.len())).map(|c| c.iter().collect()).unwrap_or_default();
            out.push((hash, e, sentence.trim().to_string()));
        }
        Ok(out)
    }

    /// Stored articles whose engine stamp differs from `engine` (all of them with `None`), as
    /// inputs to extract again, in the order of their hashes.
    pub fn articles_to_reextract(&self, engine: Option<&str>) -> anyhow::Result<Vec<ArticleInput>> {
        let mut st = self.conn.prepare("SELECT id, source, url, title, published, text, engine FROM articles ORDER BY hash")?;
        let rows = st.query_map([], |r| {
            Ok((
                ArticleInput {
                    meta: ArticleMeta { id: r.get(0)?, source: r.get(1)?, url: r.get(2)?, title: r.get(3)?, published: r.get(4)? },
                    text: r.get(5)?,
                },
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (a, e) = row?;
            if engine.is_none_or(|want| want != e) {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Rebuilds every incident from the stored events (they are derived from the events as a
    /// whole), streaming: events are read in date order and each incident is written as soon as
    /// no later event can join it, so memory holds only the incidents of a few days. Returns
    /// how many incidents there are.
    pub fn recluster(&mut self, p: sitrep_incidents::Params) -> anyhow::Result<usize> {
        self.begin()?;
        self.conn.execute_batch("DELETE FROM incident_events; DELETE FROM incidents;")?;
        let mut n = 0usize;
        {
            let conn = &self.conn;
            let mut ins = conn.prepare_cached(
                "INSERT INTO incidents (id, category, date_start, date_end, country, lat, lon, sources, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut link = conn.prepare_cached("INSERT INTO incident_events (incident, article, event) VALUES (?1, ?2, ?3)")?;
            let mut failed: Option<anyhow::Error> = None;
            let mut write = |(inc, members): sitrep_incidents::Clustered| {
                if failed.is_some() {
                    return;
                }
                let mut one = || -> anyhow::Result<()> {
                    let loc = inc.location.as_ref();
                    ins.execute(params![
                        inc.id,
                        inc.category,
                        inc.date_start,
                        inc.date_end,
                        loc.and_then(|p| p.country.as_ref()),
                        loc.and_then(|p| p.lat),
                        loc.and_then(|p| p.lon),
                        inc.articles.len() as i64,
                        serde_json::to_string(&inc)?,
                    ])?;
                    for (article, event) in &members {
                        link.execute(params![inc.id, article, event])?;
                    }
                    Ok(())
                };
                match one() {
                    Ok(()) => n += 1,
                    Err(e) => failed = Some(e),
                }
            };
            // The order `sitrep_incidents::order` asks for: undated first, then by days, article, id.
            let mut st = conn.prepare("SELECT article, json FROM events ORDER BY day_lo IS NOT NULL, day_lo, day_hi, article, id")?;
            let mut rows = st.query([])?;
            let mut c = sitrep_incidents::Clusterer::new(p);
            while let Some(r) = rows.next()? {
                let article: String = r.get(0)?;
                let json: String = r.get(1)?;
                let e: Event = serde_json::from_str(&json).with_context(|| format!("stored event of article {article}"))?;
                c.push(article, e, &mut write);
            }
            c.finish(&mut write);
            if let Some(e) = failed {
                return Err(e);
            }
        }
        self.commit()?;
        Ok(n)
    }

    /// Stored incidents passing `filter` (by their start date, place and category), by id.
    pub fn incidents(&self, filter: &Filter) -> anyhow::Result<Vec<Incident>> {
        let mut st = self.conn.prepare("SELECT json FROM incidents ORDER BY date_start, id")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            let inc: Incident = serde_json::from_str(&row?)?;
            let loc = inc.location.as_ref();
            if filter.admits(
                &inc.category,
                inc.date_start.as_deref(),
                loc.and_then(|p| p.country.as_deref()),
                loc.and_then(|p| p.lat),
                loc.and_then(|p| p.lon),
            ) {
                out.push(inc);
            }
        }
        Ok(out)
    }

    /// Every row of every table as text, in key order: what "the same database" means in tests.
    pub fn dump(&self) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for (table, key) in [("articles", "hash"), ("events", "article, id"), ("incidents", "id"), ("incident_events", "article, event")] {
            let mut st = self.conn.prepare(&format!("SELECT * FROM {table} ORDER BY {key}"))?;
            let n = st.column_count();
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let mut line = format!("{table}:");
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!(" {v:?}"));
                }
                out.push(line);
            }
        }
        Ok(out)
    }
}

/// Byte offsets of a text's characters, to cut spans (character offsets) out of it.
struct CharIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CharIndex { text, starts }
    }

    /// The text of a span, clamped to the text (a stored span past its end gives less, never a panic).
    fn slice(&self, sp: sitrep_core::Span) -> &'t str {
        let n = self.starts.len() - 1;
        let (a, b) = (sp.0.min(n), sp.1.min(n));
        if a >= b {
            return "";
        }
        &self.text[self.starts[a]..self.starts[b]]
    }
}

/// Migration 3: the sentence and title of every stored event into the search table, an article
/// at a time.
fn backfill_search(tx: &rusqlite::Transaction) -> anyhow::Result<()> {
    let mut after: i64 = 0;
    loop {
        let page: Vec<(i64, String, Option<String>, String)> = {
            let mut st = tx.prepare("SELECT rowid, hash, title, text FROM articles WHERE rowid > ?1 ORDER BY rowid LIMIT 256")?;
            let r = st.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
            r
        };
        let Some(last) = page.last().map(|x| x.0) else { break };
        let mut events = tx.prepare_cached("SELECT rowid, json FROM events WHERE article = ?1")?;
        let mut ins = tx.prepare_cached("INSERT INTO events_fts (rowid, sentence, title) VALUES (?1, ?2, ?3)")?;
        for (_, hash, title, text) in &page {
            let chars = CharIndex::new(text);
            let rows: Vec<(i64, String)> = events.query_map([hash], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
            for (rowid, json) in rows {
                let e: Event = serde_json::from_str(&json).with_context(|| format!("stored event (row {rowid})"))?;
                ins.execute(params![rowid, chars.slice(e.sentence.span).trim(), title])?;
            }
        }
        after = last;
    }
    Ok(())
}

/// Canonical names of parties, `; `-joined, for the flat columns.
fn names(v: &[sitrep_core::Entity]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for e in v {
        let n = if e.name.is_empty() { e.text.as_str() } else { e.name.as_str() };
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    seen.join("; ")
}

/// A sink writing each extracted article into the store. Articles the store already holds
/// under the same engine are not extracted again ([`Sink::wants`]); with `replace` set (as
/// `sitrep reextract` does) every article given is stored anew.
pub struct StoreSink<'s, E: FnMut(&IngestError) -> anyhow::Result<()>> {
    pub store: &'s mut Store,
    engine: String,
    replace: bool,
    pending: usize,
    on_error: E,
    /// Hashes taken in this run: a text met twice in one batch is extracted and stored once.
    taken: std::collections::HashSet<String>,
}

impl<'s, E: FnMut(&IngestError) -> anyhow::Result<()>> StoreSink<'s, E> {
    pub fn new(store: &'s mut Store, engine: &str, replace: bool, on_error: E) -> Self {
        StoreSink { store, engine: engine.to_string(), replace, pending: 0, on_error, taken: Default::default() }
    }
}

impl<E: FnMut(&IngestError) -> anyhow::Result<()>> Sink for StoreSink<'_, E> {
    fn wants(&mut self, hash: &str) -> anyhow::Result<bool> {
        if self.taken.contains(hash) {
            return Ok(false);
        }
        let wanted = self.replace || self.store.engine_of(hash)?.is_none_or(|e| e != self.engine);
        if wanted {
            self.taken.insert(hash.to_string());
        }
        Ok(wanted)
    }

    fn article(&mut self, input: &ArticleInput, out: &ArticleOutput, _stats: &Stats) -> anyhow::Result<()> {
        self.store.put_article(input, out)?;
        self.pending += 1;
        if self.pending >= COMMIT_EVERY {
            self.store.commit()?;
            self.pending = 0;
        }
        Ok(())
    }

    fn error(&mut self, err: &IngestError) -> anyhow::Result<()> {
        (self.on_error)(err)
    }

    fn finish(&mut self, _summary: &Summary) -> anyhow::Result<()> {
        self.store.commit()
    }
}

mod page;
pub use page::{ArticleRecord, BadQuery, EventQuery, EventRow, IncidentQuery, Page, MAX_PAGE};

#[cfg(test)]
mod tests;
