//! Pages of stored events and incidents (what `sitrep serve` answers with): filters bound as
//! parameters, never formatted into SQL; newest first, undated last; keyset pagination (a cursor
//! names the sort key of a page's last row and the next page seeks past it, so page 1,000 of a
//! million events costs what page 1 does).
//!
//! Events are ordered by `coalesce(date, '') DESC, rowid`: the date as stored (a partial date
//! such as "2015-05" sorts before the days of its month), then storage order, which within an
//! article is the order of its events. Each equality filter has an index in that order
//! (migration 3), so a filtered page is one index seek. A full-text or bounding-box filter is
//! first counted (up to [`SMALL_SET`]): a small match is read whole and sorted; a large one is
//! checked row by row along the date index, where matches are dense enough to fill a page soon
//! (a large full-text match is read into a set once, ~30 ms for 150,000 rows here: a seek in
//! the search index per row, tried, cost more).

use crate::{Filter, Store};
use anyhow::Context;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use sitrep_core::{ArticleOutput, Event};
use std::collections::HashMap;

/// The most rows one page holds.
pub const MAX_PAGE: usize = 10_000;

/// Matches of a full-text or bounding-box filter at most this many are read whole and sorted.
/// (Tiny in unit tests, so their few rows take every path.)
const SMALL_SET: usize = if cfg!(test) { 1 } else { 4096 };

/// The sort key of events and incidents: undated rows sort last (the empty string is least).
const EVENT_KEY: &str = "coalesce(date, '')";
const INCIDENT_KEY: &str = "coalesce(date_start, '')";

/// A query the store cannot answer as asked (a cursor it never gave): the caller's mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadQuery(pub String);

impl std::fmt::Display for BadQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadQuery {}

/// Which events one page holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// Date range, country, category, bounding box (as `sitrep export` reads them).
    pub filter: Filter,
    /// ACLED event type and sub-event type, exactly as stored ("Battles", "Armed clash").
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    /// Words that must all be in the event's sentence or its article's title (any other
    /// character only separates words: nothing in it is query syntax).
    pub q: Option<String>,
    /// Only events with coordinates (the points of a map).
    pub located: bool,
    /// Rows on the page (clamped to 1..=[`MAX_PAGE`]).
    pub limit: usize,
    /// The `next` of the page before.
    pub cursor: Option<String>,
}

/// Which incidents one page holds: the filters apply to the incident's start date, place,
/// category and ACLED view; `q` to its member events' sentences and titles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentQuery {
    pub filter: Filter,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub q: Option<String>,
    pub limit: usize,
    pub cursor: Option<String>,
}

/// One stored event: its article's id and hash, the event as the article output has it (JSON
/// text, as stored), and the text of its sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub article: String,
    pub hash: String,
    pub json: String,
    pub sentence: String,
}

/// Rows and the cursor of the next page (`None` on the last page).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A stored article with its text and everything read in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRecord {
    pub id: String,
    pub hash: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// The article output as extracted, its events included.
    pub output: ArticleOutput,
}

/// SQL text and the values bound to its numbered parameters.
struct Sql {
    text: String,
    args: Vec<Value>,
}

impl Sql {
    fn new(head: String) -> Sql {
        Sql { text: head, args: Vec::new() }
    }

    /// Binds a value and returns its placeholder (`?3`), to be written into the SQL.
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.args.push(v.into());
        format!("?{}", self.args.len())
    }

    fn and(&mut self, cond: &str) {
        self.text.push_str(" AND ");
        self.text.push_str(cond);
    }

    /// The filters events and incidents share, on their own columns: the date bounds on `key`,
    /// country and category (upper-cased, as stored), the ACLED view (`acled`: the expressions of
    /// event type and sub-event type) and the exact bounding box.
    fn common(&mut self, key: &str, f: &Filter, event_type: Option<&String>, sub_event_type: Option<&String>, acled: [&str; 2]) {
        self.dates(key, f);
        let wanted = [
            ("country", f.country.as_ref().map(|c| c.to_ascii_uppercase())),
            ("category", f.category.as_ref().map(|c| c.to_ascii_uppercase())),
            (acled[0], event_type.cloned()),
            (acled[1], sub_event_type.cloned()),
        ];
        for (column, value) in wanted {
            if let Some(v) = value {
                let p = self.bind(v);
                self.and(&format!("{column} = {p}"));
            }
        }
        if let Some([x0, y0, x1, y1]) = f.bbox {
            let (x0, y0, x1, y1) = (self.bind(x0), self.bind(y0), self.bind(x1), self.bind(y1));
            self.and(&format!("lon BETWEEN {x0} AND {x1} AND lat BETWEEN {y0} AND {y1}"));
        }
    }

    /// The date bounds on `key`. A partial date is inside a bound when it overlaps it, as
    /// [`Filter::admits`] has it: "2015-05" is on or after 2015-05-10.
    fn dates(&mut self, key: &str, f: &Filter) {
        if let Some(s) = &f.since {
            let s = self.bind(s.clone());
            // The first term alone bounds the index range; the rest are checked per row.
            self.and(&format!("{key} >= substr({s}, 1, 4) AND ({key} >= {s} OR {key} = substr({s}, 1, 4) OR {key} = substr({s}, 1, 7))"));
        }
        if let Some(u) = &f.until {
            let u = self.bind(u.clone());
            self.and(&format!("{key} <= {u} AND {key} <> ''"));
        }
    }
}

/// The words of a search as an FTS5 query: each one quoted, all required. `None` when it has no
/// word at all.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> =
        q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(32).map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn hex(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        let _ = write!(out, "{b:02x}"); // into a String: cannot fail
    }
    out
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect();
    String::from_utf8(bytes?).ok()
}

fn bad_cursor(c: &str) -> anyhow::Error {
    anyhow::Error::new(BadQuery(format!("cursor {c:?} is not one this server gave")))
}

/// An events cursor: the sort key and rowid of a page's last row.
fn event_cursor(key: &str, rowid: i64) -> String {
    format!("{}.{rowid}", hex(key))
}

fn parse_event_cursor(c: &str) -> anyhow::Result<(String, i64)> {
    let (k, r) = c.split_once('.').ok_or_else(|| bad_cursor(c))?;
    Ok((unhex(k).ok_or_else(|| bad_cursor(c))?, r.parse().map_err(|_| bad_cursor(c))?))
}

/// An incidents cursor: the sort key and id of a page's last row.
fn incident_cursor(key: &str, id: &str) -> String {
    format!("{}.{}", hex(key), hex(id))
}

fn parse_incident_cursor(c: &str) -> anyhow::Result<(String, String)> {
    let (k, i) = c.split_once('.').ok_or_else(|| bad_cursor(c))?;
    Ok((unhex(k).ok_or_else(|| bad_cursor(c))?, unhex(i).ok_or_else(|| bad_cursor(c))?))
}

impl Store {
    /// How many rows a query of rowids gives, counting no further than past `cap`.
    fn count_upto(&self, sub: &str, args: &[Value], cap: usize) -> anyhow::Result<usize> {
        let sql = format!("SELECT count(*) FROM ({sub} LIMIT {})", cap + 1);
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// One page of stored events, newest first.
    pub fn event_page(&self, q: &EventQuery) -> anyhow::Result<Page<EventRow>> {
        let f = &q.filter;
        let limit = q.limit.clamp(1, MAX_PAGE);
        let fts = q.q.as_deref().and_then(fts_query);
        let bbox = f.bbox.map(|b| b.map(Value::Real));
        const GEO: &str = "SELECT id FROM events_geo WHERE maxlon >= ?1 AND minlon <= ?3 AND maxlat >= ?2 AND minlat <= ?4";
        let text_n = match &fts {
            Some(m) => self.count_upto("SELECT rowid FROM events_fts WHERE events_fts MATCH ?1", &[Value::Text(m.clone())], SMALL_SET)?,
            None => 0,
        };
        let small_text = fts.is_some() && text_n <= SMALL_SET;
        let small_geo = match &bbox {
            Some(b) => self.count_upto(GEO, b, SMALL_SET)? <= SMALL_SET,
            None => false,
        };
        // The index whose order is the page's and whose first column an equality filter fixes;
        // none (rowid look-ups, then a sort) when a small match is read whole.
        let index = if small_text || small_geo {
            "NOT INDEXED"
        } else if q.sub_event_type.is_some() {
            "INDEXED BY events_subtype_page"
        } else if f.country.is_some() {
            "INDEXED BY events_country_page"
        } else if q.event_type.is_some() {
            "INDEXED BY events_type_page"
        } else if f.category.is_some() {
            "INDEXED BY events_category_page"
        } else {
            "INDEXED BY events_page"
        };
        let mut sql = Sql::new(format!("SELECT rowid, article, json, {EVENT_KEY} FROM events {index} WHERE 1"));
        // The exact box of `common` also checks the R-tree's superset (32-bit bounds, rounded outwards).
        sql.common(EVENT_KEY, f, q.event_type.as_ref(), q.sub_event_type.as_ref(), ["event_type", "sub_event_type"]);
        if q.located {
            sql.and("lat IS NOT NULL AND lon IS NOT NULL");
        }
        if let Some([x0, y0, x1, y1]) = f.bbox.filter(|_| small_geo) {
            let (x0, y0, x1, y1) = (sql.bind(x0), sql.bind(y0), sql.bind(x1), sql.bind(y1));
            sql.and(&format!(
                "rowid IN (SELECT id FROM events_geo WHERE maxlon >= {x0} AND minlon <= {x1} AND maxlat >= {y0} AND minlat <= {y1})"
            ));
        }
        if let Some(m) = fts {
            let p = sql.bind(m);
            sql.and(&format!("rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH {p})"));
        }
        if let Some(c) = &q.cursor {
            let (key, rowid) = parse_event_cursor(c)?;
            let (k, r) = (sql.bind(key), sql.bind(rowid));
            sql.and(&format!("{EVENT_KEY} <= {k} AND ({EVENT_KEY} < {k} OR rowid > {r})"));
        }
        sql.text.push_str(&format!(" ORDER BY {EVENT_KEY} DESC, rowid LIMIT {}", limit + 1));
        let mut st = self.conn.prepare_cached(&sql.text)?;
        let mut rows: Vec<(i64, String, String, String)> = st
            .query_map(rusqlite::params_from_iter(&sql.args), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|(rowid, _, _, key)| event_cursor(key, *rowid))
        } else {
            None
        };
        let mut id_of = self.conn.prepare_cached("SELECT id FROM articles WHERE hash = ?1")?;
        let mut sentence_of = self.conn.prepare_cached("SELECT sentence FROM events_fts WHERE rowid = ?1")?;
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut items = Vec::with_capacity(rows.len());
        for (rowid, hash, json, _) in rows {
            let article = match ids.get(&hash) {
                Some(id) => id.clone(),
                None => {
                    let id: String = id_of.query_row([&hash], |r| r.get(0)).with_context(|| format!("article {hash}"))?;
                    ids.insert(hash.clone(), id.clone());
                    id
                }
            };
            let sentence: String = sentence_of.query_row([rowid], |r| r.get(0)).optional()?.unwrap_or_default();
            items.push(EventRow { article, hash, json, sentence });
        }
        Ok(Page { items, next })
    }

    /// One page of stored incidents, newest first (by start date), then by id.
    pub fn incident_page(&self, q: &IncidentQuery) -> anyhow::Result<Page<sitrep_core::Incident>> {
        let f = &q.filter;
        let limit = q.limit.clamp(1, MAX_PAGE);
        let mut sql = Sql::new(format!("SELECT id, json, {INCIDENT_KEY} FROM incidents WHERE 1"));
        sql.common(
            INCIDENT_KEY,
            f,
            q.event_type.as_ref(),
            q.sub_event_type.as_ref(),
            ["json_extract(json, '$.acled.event_type')", "json_extract(json, '$.acled.sub_event_type')"],
        );
        if let Some(m) = q.q.as_deref().and_then(fts_query) {
            let p = sql.bind(m);
            sql.and(&format!(
                "EXISTS (SELECT 1 FROM incident_events ie JOIN events e ON e.article = ie.article AND e.id = ie.event
                  WHERE ie.incident = incidents.id AND e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH {p}))"
            ));
        }
        if let Some(c) = &q.cursor {
            let (key, id) = parse_incident_cursor(c)?;
            let (k, i) = (sql.bind(key), sql.bind(id));
            sql.and(&format!("{INCIDENT_KEY} <= {k} AND ({INCIDENT_KEY} < {k} OR id > {i})"));
        }
        sql.text.push_str(&format!(" ORDER BY {INCIDENT_KEY} DESC, id LIMIT {}", limit + 1));
        let mut st = self.conn.prepare_cached(&sql.text)?;
        let mut rows: Vec<(String, String, String)> =
            st.query_map(rusqlite::params_from_iter(&sql.args), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|(id, _, key)| incident_cursor(key, id))
        } else {
            None
        };
        let items = rows
            .into_iter()
            .map(|(id, json, _)| serde_json::from_str(&json).with_context(|| format!("stored incident {id}")))
            .collect::<anyhow::Result<_>>()?;
        Ok(Page { items, next })
    }

    /// A stored article by its hash or, failing that, its id (the first stored under it).
    pub fn article(&self, key: &str) -> anyhow::Result<Option<ArticleRecord>> {
        const COLS: &str = "SELECT hash, id, title, published, source, url, text, output FROM articles";
        let read = |r: &rusqlite::Row| -> rusqlite::Result<(ArticleRecord, String)> {
            Ok((
                ArticleRecord {
                    hash: r.get(0)?,
                    id: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    source: r.get(4)?,
                    url: r.get(5)?,
                    text: r.get(6)?,
                    output: ArticleOutput::default(),
                },
                r.get(7)?,
            ))
        };
        let mut found = self.conn.prepare_cached(&format!("{COLS} WHERE hash = ?1"))?.query_row([key], read).optional()?;
        if found.is_none() {
            found = self.conn.prepare_cached(&format!("{COLS} WHERE id = ?1 ORDER BY rowid LIMIT 1"))?.query_row([key], read).optional()?;
        }
        let Some((mut rec, output)) = found else { return Ok(None) };
        rec.output = serde_json::from_str(&output).with_context(|| format!("stored output of article {}", rec.hash))?;
        let mut st = self.conn.prepare_cached("SELECT json FROM events WHERE article = ?1 ORDER BY seq")?;
        let events: Vec<String> = st.query_map([&rec.hash], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rec.output.events = events
            .iter()
            .map(|j| serde_json::from_str::<Event>(j).with_context(|| format!("stored event of article {}", rec.hash)))
            .collect::<anyhow::Result<_>>()?;
        Ok(Some(rec))
    }
}
