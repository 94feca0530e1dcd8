//! Exports: stored events and incidents in the formats analysts load — ACLED's CSV columns,
//! PLOVER's JSON field names, GeoJSON for QGIS, and the flat columns of every field as CSV or as
//! typed Parquet (pandas, DuckDB, polars).
//!
//! What goes where:
//! - `csv` and `geojson` carry every event, with its modality, so nothing is hidden; GeoJSON
//!   only those with coordinates (a feature needs a point).
//! - `acled-csv` and `plover-jsonl` carry only what happened as told: asserted events (not
//!   requested, planned, predicted, hypothetical or denied), since both datasets record acts
//!   that took place; `acled-csv` further only events with an ACLED view.
//! - Incident-level exports carry one row per incident, with the reconciled counts and every
//!   source.

use serde_json::{json, Value};
use sitrep_core::{Entity, Event, Incident, Modality, Place, Precision};
use std::io::Write;

/// An event with the text of its sentence (the evidence: `notes`, `sentence`, `text`).
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub event: &'a Event,
    pub sentence: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    AcledCsv,
    PloverJsonl,
    Geojson,
    Csv,
    /// The columns of `Csv`, typed, in Parquet.
    Parquet,
}

mod parquet;

/// Writes events; returns how many were written.
pub fn write_events(format: Format, rows: &[Row], w: &mut (dyn Write + Send)) -> anyhow::Result<usize> {
    match format {
        Format::Parquet => parquet::write(w, EVENT_COLUMNS, rows.iter().map(event_flat)),
        Format::Csv => flat_csv(w, EVENT_COLUMNS, rows.iter().map(event_flat)),
        Format::Geojson => geojson(w, rows.iter().map(|r| (point(r.event.location.as_ref()), event_flat(r)))),
        Format::AcledCsv => {
            flat_csv(w, ACLED_COLUMNS, rows.iter().filter(|r| happened(r.event) && r.event.acled.is_some()).map(acled_event))
        }
        Format::PloverJsonl => json_lines(w, rows.iter().filter(|r| happened(r.event)).map(plover_event)),
    }
}

/// Writes incidents; returns how many were written.
pub fn write_incidents(format: Format, incidents: &[Incident], w: &mut (dyn Write + Send)) -> anyhow::Result<usize> {
    match format {
        Format::Parquet => parquet::write(w, INCIDENT_COLUMNS, incidents.iter().map(incident_flat)),
        Format::Csv => flat_csv(w, INCIDENT_COLUMNS, incidents.iter().map(incident_flat)),
        Format::Geojson => geojson(w, incidents.iter().map(|i| (point(i.location.as_ref()), incident_flat(i)))),
        Format::AcledCsv => flat_csv(w, ACLED_COLUMNS, incidents.iter().filter(|i| i.acled.is_some()).map(acled_incident)),
        Format::PloverJsonl => json_lines(w, incidents.iter().map(plover_incident)),
    }
}

fn happened(e: &Event) -> bool {
    e.modality == Modality::Asserted
}

fn point(p: Option<&Place>) -> Option<(f64, f64)> {
    p.and_then(|p| p.lat.zip(p.lon))
}

fn flat_csv(w: &mut dyn Write, columns: &[&str], rows: impl Iterator<Item = Vec<(&'static str, Value)>>) -> anyhow::Result<usize> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(columns)?;
    let mut n = 0;
    for row in rows {
        let cell = |c: &str| row.iter().find(|(k, _)| *k == c).map(|(_, v)| text(v)).unwrap_or_default();
        out.write_record(columns.iter().map(|c| cell(c)))?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

/// A JSON value as a CSV cell: strings bare, null empty, lists `; `-joined.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn json_lines(w: &mut dyn Write, rows: impl Iterator<Item = Value>) -> anyhow::Result<usize> {
    let mut n = 0;
    for v in rows {
        serde_json::to_writer(&mut *w, &v)?;
        w.write_all(b"\n")?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// One event as a GeoJSON Feature (its point; the flat columns as properties), as the
/// `geojson` export writes it; `None` for an event without coordinates.
pub fn event_feature(row: &Row) -> Option<Value> {
    feature(point(row.event.location.as_ref()), event_flat(row))
}

fn feature(pt: Option<(f64, f64)>, props: Vec<(&'static str, Value)>) -> Option<Value> {
    let (lat, lon) = pt?;
    let properties: serde_json::Map<String, Value> = props.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Some(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}))
}

/// A FeatureCollection of the rows with a point; properties are the flat columns.
fn geojson(w: &mut dyn Write, rows: impl Iterator<Item = (Option<(f64, f64)>, Vec<(&'static str, Value)>)>) -> anyhow::Result<usize> {
    let features: Vec<Value> = rows.filter_map(|(pt, props)| feature(pt, props)).collect();
    let n = features.len();
    serde_json::to_writer(&mut *w, &json!({"type": "FeatureCollection", "features": features}))?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(n)
}

fn name(e: &Entity) -> String {
    if e.name.is_empty() {
        e.text.clone()
    } else {
        e.name.clone()
    }
}

fn names(v: &[Entity]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in v {
        let n = name(e);
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn countries(v: &[Entity]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in v.iter().filter_map(|e| e.country.clone()) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn precision_name(p: Option<Precision>) -> Value {
    p.map(|p| serde_json::to_value(p).unwrap_or(Value::Null)).unwrap_or(Value::Null)
}

const EVENT_COLUMNS: &[&str] = &[
    "id",
    "article",
    "url",
    "source",
    "published",
    "date",
    "date_end",
    "date_precision",
    "category",
    "mode",
    "context",
    "acled_event_type",
    "acled_sub_event_type",
    "modality",
    "historical",
    "actors",
    "actor_countries",
    "recipients",
    "recipient_countries",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "place_precision",
    "killed",
    "injured",
    "arrested",
    "displaced",
    "reported_by",
    "trigger",
    "sentence",
    "confidence",
    "rule",
    "cameo",
];

fn event_flat(r: &Row) -> Vec<(&'static str, Value)> {
    let e = r.event;
    let loc = e.location.as_ref();
    let date = e.date.as_ref();
    let count = |c: &Option<sitrep_core::Count>| c.as_ref().map(|c| json!(c.count)).unwrap_or(Value::Null);
    vec![
        ("id", json!(e.id)),
        ("article", json!(e.article.id)),
        ("url", json!(e.article.url)),
        ("source", json!(e.article.source)),
        ("published", json!(e.article.published)),
        ("date", json!(date.and_then(|d| d.value.clone()))),
        ("date_end", json!(date.and_then(|d| d.end.clone()))),
        ("date_precision", precision_name(date.and_then(|d| d.precision))),
        ("category", json!(e.category)),
        ("mode", json!(e.mode)),
        ("context", json!(e.context)),
        ("acled_event_type", json!(e.acled.as_ref().map(|a| &a.event_type))),
        ("acled_sub_event_type", json!(e.acled.as_ref().map(|a| &a.sub_event_type))),
        ("modality", serde_json::to_value(e.modality).unwrap_or(Value::Null)),
        ("historical", json!(e.historical)),
        ("actors", json!(names(&e.actor))),
        ("actor_countries", json!(countries(&e.actor))),
        ("recipients", json!(names(&e.recipient))),
        ("recipient_countries", json!(countries(&e.recipient))),
        ("place", json!(loc.map(|p| &p.name))),
        ("admin1", json!(loc.and_then(|p| p.admin1.clone()))),
        ("country", json!(loc.and_then(|p| p.country.clone()))),
        ("lat", json!(loc.and_then(|p| p.lat))),
        ("lon", json!(loc.and_then(|p| p.lon))),
        ("place_precision", json!(loc.and_then(|p| p.precision))),
        ("killed", count(&e.size.killed)),
        ("injured", count(&e.size.injured)),
        ("arrested", count(&e.size.arrested)),
        ("displaced", count(&e.size.displaced)),
        ("reported_by", json!(names(&e.reported_by))),
        ("trigger", json!(e.trigger.text)),
        ("sentence", json!(r.sentence)),
        ("confidence", json!(e.confidence)),
        ("rule", json!(e.rule)),
        ("cameo", json!(e.cameo.as_ref().map(|c| &c.code))),
    ]
}

const INCIDENT_COLUMNS: &[&str] = &[
    "id",
    "category",
    "acled_event_type",
    "acled_sub_event_type",
    "actors",
    "recipients",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "date_start",
    "date_end",
    "killed",
    "killed_min",
    "killed_max",
    "injured",
    "injured_min",
    "injured_max",
    "arrested",
    "arrested_min",
    "arrested_max",
    "displaced",
    "displaced_min",
    "displaced_max",
    "sources",
    "articles",
    "events",
    "first_seen",
    "last_seen",
];

fn incident_flat(i: &Incident) -> Vec<(&'static str, Value)> {
    let loc = i.location.as_ref();
    let mut row = vec![
        ("id", json!(i.id)),
        ("category", json!(i.category)),
        ("acled_event_type", json!(i.acled.as_ref().map(|a| &a.event_type))),
        ("acled_sub_event_type", json!(i.acled.as_ref().map(|a| &a.sub_event_type))),
        ("actors", json!(i.actors)),
        ("recipients", json!(i.recipients)),
        ("place", json!(loc.map(|p| &p.name))),
        ("admin1", json!(loc.and_then(|p| p.admin1.clone()))),
        ("country", json!(loc.and_then(|p| p.country.clone()))),
        ("lat", json!(loc.and_then(|p| p.lat))),
        ("lon", json!(loc.and_then(|p| p.lon))),
        ("date_start", json!(i.date_start)),
        ("date_end", json!(i.date_end)),
        ("sources", json!(i.articles.len())),
        ("articles", json!(i.articles)),
        ("events", json!(i.events)),
        ("first_seen", json!(i.first_seen)),
        ("last_seen", json!(i.last_seen)),
    ];
    let s = &i.size;
    let three = |c: &Option<sitrep_core::Reconciled>| match c {
        Some(r) => [json!(r.count), json!(r.min), json!(r.max)],
        None => [Value::Null, Value::Null, Value::Null],
    };
    let [k, k0, k1] = three(&s.killed);
    let [j, j0, j1] = three(&s.injured);
    let [a, a0, a1] = three(&s.arrested);
    let [d, d0, d1] = three(&s.displaced);
    row.extend([
        ("killed", k),
        ("killed_min", k0),
        ("killed_max", k1),
        ("injured", j),
        ("injured_min", j0),
        ("injured_max", j1),
        ("arrested", a),
        ("arrested_min", a0),
        ("arrested_max", a1),
        ("displaced", d),
        ("displaced_min", d0),
        ("displaced_max", d1),
    ]);
    row
}

/// ACLED's column names (the public ACLED export, 2024).
const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// ACLED's disorder type of an event type (Excessive force against protesters is both).
fn disorder(event_type: &str, sub: &str) -> &'static str {
    match (event_type, sub) {
        ("Protests", "Excessive force against protesters") => "Political violence; Demonstrations",
        ("Protests", _) => "Demonstrations",
        ("Strategic developments", _) => "Strategic developments",
        _ => "Political violence",
    }
}

/// ACLED's actor category ("inter") of a party, as far as sitrep's kind and sector tell it.
fn inter(e: &Entity, event_type: &str) -> &'static str {
    let has = |s: &str| e.sector.iter().any(|x| x == s);
    use sitrep_core::EntityKind as K;
    if has("REB") || has("UAF") || e.kind == K::ArmedGroup {
        "Rebel groups"
    } else if matches!(e.kind, K::State | K::StateAgent) || has("GOV") || has("MIL") || has("COP") || has("SPY") {
        "State forces"
    } else if e.kind == K::Igo || has("IGO") {
        "External/Other forces"
    } else if event_type == "Protests" {
        "Protesters"
    } else if event_type == "Riots" {
        "Rioters"
    } else {
        "Civilians"
    }
}

/// ACLED's time precision: 1 a day, 2 a week or a few days, 3 a month or more.
fn time_precision(p: Option<Precision>) -> u8 {
    match p {
        Some(Precision::Day) => 1,
        Some(Precision::Week) => 2,
        _ => 3,
    }
}

/// ACLED's geo precision: 1 the town itself, 2 a district near it, 3 a province or country.
fn geo_precision(p: Option<&Place>) -> Value {
    match p.and_then(|p| p.precision) {
        Some(n) if n >= 4 => json!(1),
        Some(3) => json!(2),
        Some(_) => json!(3),
        None => Value::Null,
    }
}

fn country_name(code: Option<&str>) -> Value {
    let Some(code) = code else { return Value::Null };
    json!(sitrep_gazetteer::Gazetteer::builtin().country_by_code(code).map(|c| c.name.to_string()).unwrap_or_else(|| code.to_string()))
}

#[allow(clippy::too_many_arguments)]
fn acled_row(
    id: &str,
    date: Option<&str>,
    precision: u8,
    acled: &sitrep_core::Acled,
    actors: &[Entity],
    recipients: &[Entity],
    loc: Option<&Place>,
    source: String,
    notes: String,
    fatalities: u64,
) -> Vec<(&'static str, Value)> {
    let (t, s) = (acled.event_type.as_str(), acled.sub_event_type.as_str());
    let i1 = actors.first().map(|e| inter(e, t));
    // The victims of violence against civilians are civilians whatever their sector says.
    let i2 = recipients.first().map(|e| if t == "Violence against civilians" { "Civilians" } else { inter(e, t) });
    let assoc = |v: &[Entity]| json!(names(v).into_iter().skip(1).collect::<Vec<_>>());
    let targeting = t == "Violence against civilians" || i2 == Some("Civilians") && t != "Protests" && t != "Riots";
    vec![
        ("event_id_cnty", json!(id)),
        ("event_date", json!(date)),
        ("year", json!(date.and_then(|d| d.get(..4)).and_then(|y| y.parse::<i32>().ok()))),
        ("time_precision", json!(precision)),
        ("disorder_type", json!(disorder(t, s))),
        ("event_type", json!(t)),
        ("sub_event_type", json!(s)),
        ("actor1", json!(actors.first().map(name))),
        ("assoc_actor_1", assoc(actors)),
        ("inter1", json!(i1)),
        ("actor2", json!(recipients.first().map(name))),
        ("assoc_actor_2", assoc(recipients)),
        ("inter2", json!(i2)),
        (
            "interaction",
            json!(match (i1, i2) {
                (Some(a), Some(b)) => format!("{a}-{b}"),
                (Some(a), None) => format!("{a} only"),
                _ => String::new(),
            }),
        ),
        ("civilian_targeting", json!(if targeting { "Civilian targeting" } else { "" })),
        ("country", country_name(loc.and_then(|p| p.country.as_deref()))),
        ("admin1", json!(loc.and_then(|p| p.admin1.clone()))),
        ("location", json!(loc.map(|p| &p.name))),
        ("latitude", json!(loc.and_then(|p| p.lat))),
        ("longitude", json!(loc.and_then(|p| p.lon))),
        ("geo_precision", geo_precision(loc)),
        ("source", json!(source)),
        ("notes", json!(notes)),
        ("fatalities", json!(fatalities)),
    ]
}

fn acled_event(r: &Row) -> Vec<(&'static str, Value)> {
    let e = r.event;
    let a = &e.article;
    let source = a.source.clone().or_else(|| a.url.clone()).unwrap_or_else(|| a.id.clone());
    let date = e.date.as_ref().and_then(|d| d.value.as_deref()).or(a.published.as_deref());
    acled_row(
        &e.id,
        date,
        time_precision(e.date.as_ref().and_then(|d| d.precision)),
        e.acled.as_ref().expect("filtered"),
        &e.actor,
        &e.recipient,
        e.location.as_ref(),
        source,
        r.sentence.to_string(),
        e.size.killed.as_ref().map(|c| c.count).unwrap_or(0),
    )
}

fn acled_incident(i: &Incident) -> Vec<(&'static str, Value)> {
    let ent = |n: &String| Entity { name: n.clone(), text: n.clone(), ..Default::default() };
    let actors: Vec<Entity> = i.actors.iter().map(ent).collect();
    let recipients: Vec<Entity> = i.recipients.iter().map(ent).collect();
    let precision = if i.date_start.is_some() && i.date_start == i.date_end { 1 } else { 2 };
    acled_row(
        &i.id,
        i.date_start.as_deref(),
        precision,
        i.acled.as_ref().expect("filtered"),
        &actors,
        &recipients,
        i.location.as_ref(),
        i.articles.join("; "),
        format!("{} report(s): {}", i.articles.len(), i.events.join(", ")),
        i.size.killed.as_ref().map(|r| r.count).unwrap_or(0),
    )
}

/// PLOVER's quad category of a sitrep category (REQUEST counted with DEMAND, SANCTION with the
/// verbal conflicts, as in PLOVER's table).
fn quad(category: &str) -> Value {
    match category {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => json!(1),
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => json!(2),
        "REQUEST" | "DEMAND" | "ACCUSE" | "REJECT" | "SANCTION" | "THREATEN" => json!(3),
        "PROTEST" | "MOBILIZE" | "COERCE" | "ASSAULT" => json!(4),
        _ => Value::Null,
    }
}

/// PLOVER's entity object.
fn plover_entity(e: &Entity) -> Value {
    json!({
        "code": e.country,
        "sector": e.sector.first(),
        "entity_text": e.text,
        "identifier_text": name(e),
        "religion": e.religion,
        "ethnicity": e.ethnicity,
        "office": e.role,
    })
}

/// PLOVER's location object.
fn plover_loc(p: &Place) -> Value {
    json!({
        "extracted_place": p.text,
        "resolved_place": p.name,
        "geonameid": p.geonameid,
        "lat": p.lat,
        "lon": p.lon,
        "province": p.admin1,
        "country": country_name(p.country.as_deref()),
        "country_code": p.country,
        "resolution": p.precision,
    })
}

fn plover_event(r: &Row) -> Value {
    let e = r.event;
    let a = &e.article;
    let date = e.date.as_ref().and_then(|d| d.value.clone()).or(a.published.clone());
    json!({
        "id": e.id,
        "date": date,
        "enddate": e.date.as_ref().and_then(|d| d.end.clone()),
        "actor": e.actor.iter().map(plover_entity).collect::<Vec<_>>(),
        "recipient": e.recipient.iter().map(plover_entity).collect::<Vec<_>>(),
        "event": [e.category],
        "event_loc": e.location.as_ref().map(plover_loc),
        "event_text": [e.trigger.text],
        "quad_code": quad(&e.category),
        "mode": e.mode,
        "context": e.context,
        "size": {
            "dead": e.size.killed.as_ref().map(|c| c.count),
            "injured": e.size.injured.as_ref().map(|c| c.count),
            "arrested": e.size.arrested.as_ref().map(|c| c.count),
        },
        "text": r.sentence,
        "text_info": {"sequence": e.sentence.index, "start": e.sentence.span.0, "end": e.sentence.span.1},
        "cite_info": {"citation": a.id, "url": a.url, "title": a.title, "publication": a.source, "coder": "sitrep", "codebook": "plover"},
    })
}

fn plover_incident(i: &Incident) -> Value {
    let ent = |n: &String| json!({"identifier_text": n});
    json!({
        "id": i.id,
        "date": i.date_start,
        "enddate": i.date_end,
        "actor": i.actors.iter().map(ent).collect::<Vec<_>>(),
        "recipient": i.recipients.iter().map(ent).collect::<Vec<_>>(),
        "event": [i.category],
        "event_loc": i.location.as_ref().map(plover_loc),
        "quad_code": quad(&i.category),
        "size": {
            "dead": i.size.killed.as_ref().map(|r| r.count),
            "injured": i.size.injured.as_ref().map(|r| r.count),
            "arrested": i.size.arrested.as_ref().map(|r| r.count),
        },
        "link": i.id,
        "cite_info": {"citation": i.articles.join("; "), "coder": "sitrep", "codebook": "plover"},
    })
}

#[cfg(test)]
mod tests;
