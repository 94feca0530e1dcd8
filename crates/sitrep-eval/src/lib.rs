//! `sitrep eval`: gold files in, scores out, by the rules of SPEC §3.
//!
//! Scoring is a pure function of (gold article, predicted [`ArticleOutput`]), so tests feed
//! hand-made predictions; [`evaluate_files`] runs the pipeline over gold files and aggregates.

pub mod geo;

use serde::de::Error as _;
use serde::Deserialize;
use serde_json::{json, Value};
use sitrep_core::{taxonomy, ArticleInput, ArticleMeta, ArticleOutput, Entity, Event, Modality, Place};
use sitrep_pipeline::Pipeline;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Unreadable or malformed gold: the only things that make `sitrep eval` fail.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: cannot read: {message}")]
    Io { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Gold { path: String, line: usize, message: String },
    /// Every problem of one gold file, each naming its line and key.
    #[error("{}", problems.iter().map(|p| format!("{path}:{}: {}", p.line, p.message)).collect::<Vec<_>>().join("\n"))]
    Invalid { path: String, problems: Vec<GoldProblem> },
}

/// One problem of a gold file: its line (from 1) and what is wrong, key first
/// ("events[2].category: unknown PLOVER category `NOPE` …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldProblem {
    pub line: usize,
    pub message: String,
}

/// One gold article (SPEC §3). Unknown keys are errors at every level, so a misspelt key
/// ("catgory") is reported instead of silently scoring nothing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default, deserialize_with = "day")]
    pub published: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub text_file: Option<String>,
    #[serde(default)]
    pub exhaustive: bool,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub traps: Vec<GoldTrap>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEvent {
    pub evidence: String,
    /// Any of these PLOVER categories (a string or a list in the file).
    #[serde(default, deserialize_with = "plover_categories")]
    pub category: Vec<String>,
    #[serde(default)]
    pub acled: Option<GoldAcled>,
    /// Any of these modalities (a string or a list in the file).
    #[serde(default, deserialize_with = "one_or_many")]
    pub modality: Vec<Modality>,
    #[serde(default)]
    pub actor: Option<GoldEntity>,
    #[serde(default)]
    pub recipient: Option<GoldEntity>,
    /// Any of these places (an object or a list in the file).
    #[serde(default, deserialize_with = "one_or_many")]
    pub location: Vec<GoldLocation>,
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY": the gold precision.
    #[serde(default, deserialize_with = "gold_date")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "count")]
    pub killed: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub injured: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub arrested: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub displaced: Option<u64>,
}

/// A gold "acled": an event type of SPEC §2, and its sub-event type when the gold gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAcled {
    pub event_type: String,
    pub sub_event_type: Option<String>,
}

impl<'de> Deserialize<'de> for GoldAcled {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let (t, sub) = taxonomy::check_acled(&s).map_err(D::Error::custom)?;
        Ok(GoldAcled { event_type: t.to_string(), sub_event_type: sub.map(str::to_string) })
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GoldEntity {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldLocation {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuote {
    pub speaker: String,
    pub contains: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldTrap {
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub no_asserted_event: bool,
    #[serde(default)]
    pub no_event_location: Option<String>,
}

/// A value or a list of values (`null`, like a missing key, is none).
fn one_or_many<'de, D: serde::Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let items = match Value::deserialize(d)? {
        Value::Null => vec![],
        Value::Array(a) => a,
        x => vec![x],
    };
    items.into_iter().map(|x| serde_json::from_value(x).map_err(D::Error::custom)).collect()
}

fn plover_categories<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let cats: Vec<String> = one_or_many(d)?;
    for c in &cats {
        taxonomy::check_plover(c).map_err(D::Error::custom)?;
    }
    Ok(cats)
}

/// A count: a non-negative integer (`4`, not `-1`, `2.5` or `"4"`).
fn count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| D::Error::custom(format!("{v} is not a count: expected a non-negative integer"))),
    }
}

/// Whether `s` is a calendar date at one of the given precisions (3: YYYY-MM-DD, 2: YYYY-MM, 1: YYYY).
fn is_date(s: &str, parts_allowed: &[usize]) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let widths = [4, 2, 2];
    if !parts_allowed.contains(&parts.len())
        || parts.iter().zip(widths).any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let (year, month) = (n[0], n.get(1).copied().unwrap_or(1));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    n.get(2).is_none_or(|d| (1..=days).contains(d))
}

/// "YYYY-MM-DD" (a `published` date).
fn day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s {
        Some(s) if !is_date(&s, &[3]) => Err(D::Error::custom(format!("bad date `{s}`: expected a calendar date as YYYY-MM-DD"))),
        s => Ok(s),
    }
}

/// "YYYY-MM-DD", "YYYY-MM" or "YYYY" (an event date at the gold's precision).
fn gold_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s {
        Some(s) if !is_date(&s, &[1, 2, 3]) => {
            Err(D::Error::custom(format!("bad date `{s}`: expected a calendar date as YYYY-MM-DD, YYYY-MM or YYYY")))
        }
        s => Ok(s),
    }
}

/// One line as a gold article: its shape through serde (unknown keys, names of SPEC §2, dates,
/// counts), the message naming the key's path ("events[0].category").
fn parse_gold_line(line: &str) -> Result<GoldArticle, String> {
    // serde_json's "at line 1 column N" counts inside the record; the file line is ours.
    let message = |e: &serde_json::Error| {
        let msg = e.to_string();
        match msg.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())) {
            Some(m) => format!("{m} (column {})", e.column()),
            None => msg,
        }
    };
    let mut de = serde_json::Deserializer::from_str(line);
    let g: GoldArticle = serde_path_to_error::deserialize(&mut de).map_err(|e| match e.path().to_string().as_str() {
        "." => message(e.inner()),
        p => format!("{p}: {}", message(e.inner())),
    })?;
    de.end().map_err(|e| message(&e))?;
    Ok(g)
}

/// What serde cannot see: evidence and quotes must be in the text, traps must say what they
/// trap, locations must be places. `text` is the article's (inline or from `text_file`).
fn gold_problems(g: &GoldArticle, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let folded = fold_quotes(text);
    let mut in_text = |key: String, s: &str, what: &str| {
        if s.is_empty() {
            out.push(format!("{key}: empty"));
        } else if !text.contains(s) && (what == "evidence" || !folded.contains(&fold_quotes(s))) {
            out.push(format!("{key}: {s:?} is not a verbatim substring of the text"));
        }
    };
    for (i, e) in g.events.iter().enumerate() {
        in_text(format!("events[{i}].evidence"), &e.evidence, "evidence");
    }
    for (i, q) in g.quotes.iter().enumerate() {
        in_text(format!("quotes[{i}].contains"), &q.contains, "contains");
    }
    for (i, t) in g.traps.iter().enumerate() {
        if let Some(ev) = &t.evidence {
            in_text(format!("traps[{i}].evidence"), ev, "evidence");
        }
    }
    for (i, t) in g.traps.iter().enumerate() {
        match (&t.evidence, t.no_asserted_event, &t.no_event_location) {
            (Some(_), false, _) => out.push(format!("traps[{i}].evidence: needs \"no_asserted_event\": true")),
            (None, true, _) => out.push(format!("traps[{i}].no_asserted_event: needs an \"evidence\"")),
            (None, false, None) => {
                out.push(format!("traps[{i}]: neither \"evidence\" with \"no_asserted_event\" nor \"no_event_location\""))
            }
            _ => {}
        }
    }
    for (i, e) in g.events.iter().enumerate() {
        for (j, l) in e.location.iter().enumerate() {
            let key = if e.location.len() > 1 { format!("events[{i}].location[{j}]") } else { format!("events[{i}].location") };
            match (l.lat, l.lon) {
                (Some(lat), Some(lon)) => {
                    if !(-90.0..=90.0).contains(&lat) {
                        out.push(format!("{key}.lat: {lat} is not a latitude"));
                    }
                    if !(-180.0..=180.0).contains(&lon) {
                        out.push(format!("{key}.lon: {lon} is not a longitude"));
                    }
                }
                (Some(_), None) => out.push(format!("{key}.lat: given without \"lon\"")),
                (None, Some(_)) => out.push(format!("{key}.lon: given without \"lat\"")),
                (None, None) if l.name.is_none() => out.push(format!("{key}: needs a \"name\" or \"lat\" and \"lon\"")),
                (None, None) => {}
            }
        }
    }
    out
}

/// Checks one gold line as `read_gold` does, for a record with inline `text`: every problem,
/// or none. Never panics on any input (fuzzed and property-tested).
pub fn gold_line_problems(line: &str) -> Vec<String> {
    match parse_gold_line(line) {
        Err(m) => vec![format!("invalid gold record: {m}")],
        Ok(g) => match g.text.as_deref() {
            Some(t) => gold_problems(&g, t),
            None => vec!["text: no inline \"text\"".into()],
        },
    }
}

/// Reads and checks a gold file; `text_file` paths resolve against the gold file's folder.
/// Every problem of the file is reported (each with its line and key), not only the first.
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    let p = path.display().to_string();
    let body = std::fs::read_to_string(path).map_err(|e| EvalError::Io { path: p.clone(), message: e.to_string() })?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut problem = |message: String| problems.push(GoldProblem { line: i + 1, message });
        let mut g = match parse_gold_line(line) {
            Ok(g) => g,
            Err(m) => {
                problem(format!("invalid gold record: {m}"));
                continue;
            }
        };
        if let Some(first) = ids.insert(g.id.clone(), i + 1) {
            problem(format!("id: {:?} is also the id of line {first}", g.id));
        }
        if g.text.is_none() {
            let Some(tf) = &g.text_file else {
                problem("text: no \"text\" or \"text_file\"".into());
                continue;
            };
            let tp = path.parent().unwrap_or(Path::new(".")).join(tf);
            match std::fs::read_to_string(&tp) {
                Ok(t) => g.text = Some(t),
                Err(e) => {
                    problem(format!("text_file: {}: {e}", tp.display()));
                    continue;
                }
            }
        }
        for m in gold_problems(&g, g.text.as_deref().unwrap_or("")) {
            problem(m);
        }
        out.push(g);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(EvalError::Invalid { path: p, problems })
    }
}

/// Lower-case, no diacritics, punctuation as spaces, no leading article.
pub fn normalize_name(s: &str) -> String {
    let folded: String = s.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect::<String>().to_lowercase();
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") | Some(&"a") | Some(&"an") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// A gold name matches a predicted one when equal or present as whole words inside it.
pub fn name_matches(gold: &str, predicted: &str) -> bool {
    let g = normalize_name(gold);
    let p = normalize_name(predicted);
    !g.is_empty() && (g == p || format!(" {p} ").contains(&format!(" {g} ")))
}

fn entity_names(e: &Entity) -> impl Iterator<Item = &str> {
    std::iter::once(e.name.as_str()).chain(std::iter::once(e.text.as_str())).chain(e.aliases.iter().map(String::as_str))
}

/// A predicted entity as a miss line shows it: name, then country and sectors when known, so a
/// miss on country or sector alone reads as such ("Armed gangs HTI/UAF").
fn entity_brief(e: &Entity) -> String {
    let mut s = e.name.clone();
    if let Some(c) = &e.country {
        s.push(' ');
        s.push_str(c);
    }
    if !e.sector.is_empty() {
        s.push_str(if e.country.is_some() { "/" } else { " /" });
        s.push_str(&e.sector.join(","));
    }
    s
}

/// Whether some predicted entity in the role satisfies every key the gold gives.
pub fn entity_matches(gold: &GoldEntity, role: &[Entity]) -> bool {
    role.iter().any(|e| {
        gold.name.as_ref().is_none_or(|n| entity_names(e).any(|p| name_matches(n, p)))
            && gold.country.as_ref().is_none_or(|c| e.country.as_deref() == Some(c.as_str()))
            && gold.sector.as_ref().is_none_or(|s| e.sector.iter().any(|x| x == s))
    })
}

/// Great-circle distance in km (the gazetteer's, so scoring and resolution agree).
pub use sitrep_gazetteer::distance_km as haversine_km;

fn location_matches(gold: &GoldLocation, p: &Place) -> bool {
    if let (Some(glat), Some(glon), Some(plat), Some(plon)) = (gold.lat, gold.lon, p.lat, p.lon) {
        return haversine_km(glat, glon, plat, plon) <= 50.0;
    }
    gold.name.as_ref().is_some_and(|n| name_matches(n, &p.name) || name_matches(n, &p.text))
        && gold.country.as_ref().is_none_or(|c| p.country.as_deref() == Some(c.as_str()))
}

fn modality_str(e: &Event) -> String {
    serde_json::to_value(e.modality).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Whether the predicted event agrees on every type key the gold gives.
fn types_agree(g: &GoldEvent, e: &Event) -> bool {
    if !g.category.is_empty() && !g.category.contains(&e.category) {
        return false;
    }
    if let Some(a) = &g.acled {
        let Some(pa) = &e.acled else { return false };
        if pa.event_type != a.event_type || a.sub_event_type.as_ref().is_some_and(|s| *s != pa.sub_event_type) {
            return false;
        }
    }
    g.modality.is_empty() || g.modality.contains(&e.modality)
}

/// `[start, end)` in chars.
type CharSpan = (usize, usize);

/// Char offset of `needle` in `text`, if present.
fn char_find(text: &str, needle: &str) -> Option<(usize, usize)> {
    let b = text.find(needle)?;
    let s = text[..b].chars().count();
    Some((s, s + needle.chars().count()))
}

fn char_slice(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e.saturating_sub(s)).collect()
}

/// Straight quotes for "contains" comparisons.
fn fold_quotes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub correct: usize,
    pub total: usize,
}

impl Tally {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += ok as usize;
    }
    pub fn accuracy(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
}

/// Counts for precision/recall: recall over all gold, precision over exhaustive articles.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub gold: usize,
    pub matched: usize,
    pub predicted_exhaustive: usize,
    pub matched_exhaustive: usize,
}

impl Prf {
    pub fn recall(&self) -> Option<f64> {
        (self.gold > 0).then(|| self.matched as f64 / self.gold as f64)
    }
    pub fn precision(&self) -> Option<f64> {
        (self.predicted_exhaustive > 0).then(|| self.matched_exhaustive as f64 / self.predicted_exhaustive as f64)
    }
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    }
    fn merge(&mut self, o: &Prf) {
        self.gold += o.gold;
        self.matched += o.matched;
        self.predicted_exhaustive += o.predicted_exhaustive;
        self.matched_exhaustive += o.matched_exhaustive;
    }
    fn to_json(self) -> Value {
        json!({"precision": self.precision(), "recall": self.recall(), "f1": self.f1(), "gold": self.gold, "matched": self.matched,
               "predicted": self.predicted_exhaustive, "matched_exhaustive": self.matched_exhaustive})
    }
}

/// Scores of one article, or of many merged.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub events: Prf,
    pub categories: BTreeMap<String, Prf>,
    pub fields: BTreeMap<String, Tally>,
    /// Per ACLED type of the gold ("Riots/Mob violence"): gold events of it found with it.
    pub acled: BTreeMap<String, Tally>,
    pub quotes: Prf,
    pub traps_sprung: usize,
    pub traps_total: usize,
    pub misses: Vec<String>,
}

impl Scores {
    fn merge(&mut self, o: &Scores) {
        self.events.merge(&o.events);
        for (k, v) in &o.categories {
            self.categories.entry(k.clone()).or_default().merge(v);
        }
        for (mine, theirs) in [(&mut self.fields, &o.fields), (&mut self.acled, &o.acled)] {
            for (k, v) in theirs {
                let t = mine.entry(k.clone()).or_default();
                t.correct += v.correct;
                t.total += v.total;
            }
        }
        self.quotes.merge(&o.quotes);
        self.traps_sprung += o.traps_sprung;
        self.traps_total += o.traps_total;
        self.misses.extend(o.misses.iter().cloned());
    }

    pub fn to_json(&self) -> Value {
        let fields: serde_json::Map<String, Value> = self
            .fields
            .iter()
            .map(|(k, t)| (k.clone(), json!({"accuracy": t.accuracy(), "correct": t.correct, "total": t.total})))
            .collect();
        let cats: serde_json::Map<String, Value> = self.categories.iter().map(|(k, p)| (k.clone(), p.to_json())).collect();
        let acled: serde_json::Map<String, Value> =
            self.acled.iter().map(|(k, t)| (k.clone(), json!({"recall": t.accuracy(), "matched": t.correct, "gold": t.total}))).collect();
        json!({
            "events": self.events.to_json(),
            "categories": cats,
            "acled": acled,
            "fields": fields,
            "quotes": self.quotes.to_json(),
            "traps": {"sprung": self.traps_sprung, "total": self.traps_total},
        })
    }
}

/// Scores one gold article against one prediction (SPEC §3).
pub fn score_article(gold: &GoldArticle, pred: &ArticleOutput) -> Scores {
    let text = gold.text.as_deref().unwrap_or("");
    let mut sc = Scores::default();
    let id = &gold.id;

    // Gold events in text order, matched greedily and one-to-one.
    let mut order: Vec<(usize, &GoldEvent, Option<CharSpan>)> = gold
        .events
        .iter()
        .map(|g| char_find(text, &g.evidence))
        .zip(&gold.events)
        .map(|(pos, g)| (pos.map_or(usize::MAX, |p| p.0), g, pos))
        .collect();
    order.sort_by_key(|x| x.0);
    let mut used = vec![false; pred.events.len()];
    for (_, g, pos) in order {
        let cats = &g.category;
        let cat_key = cats.first().cloned().unwrap_or_else(|| "(none)".into());
        sc.events.gold += 1;
        sc.categories.entry(cat_key.clone()).or_default().gold += 1;
        let found = pos.and_then(|(s, e)| {
            (0..pred.events.len()).find(|&i| {
                let ev = &pred.events[i];
                !used[i] && ev.sentence.span.0 <= s && e <= ev.sentence.span.1 && types_agree(g, ev)
            })
        });
        if let Some(a) = &g.acled {
            let key = a.sub_event_type.as_ref().map_or(a.event_type.clone(), |sub| format!("{}/{sub}", a.event_type));
            sc.acled.entry(key).or_default().add(found.is_some());
        }
        let Some(i) = found else {
            let near: Vec<String> = pos
                .map(|(s, e)| {
                    pred.events
                        .iter()
                        .filter(|ev| ev.sentence.span.0 <= s && e <= ev.sentence.span.1)
                        .map(|ev| format!("{} {} ({})", ev.category, modality_str(ev), ev.trigger.text))
                        .collect()
                })
                .unwrap_or_default();
            sc.misses.push(format!(
                "{id}: missed {} \"{}\"{}",
                cats.join("|"),
                g.evidence,
                if near.is_empty() { String::new() } else { format!(" — predicted in that sentence: {}", near.join("; ")) }
            ));
            continue;
        };
        used[i] = true;
        sc.events.matched += 1;
        sc.categories.entry(cat_key).or_default().matched += 1;
        let ev = &pred.events[i];
        let mut field = |name: &str, ok: bool, detail: String| {
            sc.fields.entry(name.to_string()).or_default().add(ok);
            if !ok {
                sc.misses.push(format!("{id}: {name} wrong for \"{}\": {detail}", g.evidence));
            }
        };
        if let Some(a) = &g.actor {
            field(
                "actor",
                entity_matches(a, &ev.actor),
                format!("gold {a:?}, predicted {:?}", ev.actor.iter().map(entity_brief).collect::<Vec<_>>()),
            );
        }
        if let Some(r) = &g.recipient {
            field(
                "recipient",
                entity_matches(r, &ev.recipient),
                format!("gold {r:?}, predicted {:?}", ev.recipient.iter().map(entity_brief).collect::<Vec<_>>()),
            );
        }
        let locs = &g.location;
        if !locs.is_empty() {
            let ok = ev.location.as_ref().is_some_and(|p| locs.iter().any(|l| location_matches(l, p)));
            field("location", ok, format!("predicted {:?}", ev.location.as_ref().map(|p| &p.name)));
        }
        if let Some(d) = &g.date {
            let got = ev.date.as_ref().and_then(|x| x.value.clone()).unwrap_or_default();
            field("date", got.len() >= d.len() && got.starts_with(d.as_str()), format!("gold {d}, predicted {got:?}"));
        }
        let sizes = [
            ("killed", g.killed, &ev.size.killed),
            ("injured", g.injured, &ev.size.injured),
            ("arrested", g.arrested, &ev.size.arrested),
            ("displaced", g.displaced, &ev.size.displaced),
        ];
        for (name, want, got) in sizes {
            if let Some(w) = want {
                field(name, got.as_ref().is_some_and(|c| c.count == w), format!("gold {w}, predicted {:?}", got.as_ref().map(|c| c.count)));
            }
        }
        if gold.exhaustive {
            sc.events.matched_exhaustive += 1;
        }
    }
    if gold.exhaustive {
        sc.events.predicted_exhaustive += pred.events.len();
        for (i, ev) in pred.events.iter().enumerate() {
            let c = sc.categories.entry(ev.category.clone()).or_default();
            c.predicted_exhaustive += 1;
            if used[i] {
                c.matched_exhaustive += 1;
            } else {
                sc.misses.push(format!("{id}: extra {} {} \"{}\"", ev.category, modality_str(ev), ev.trigger.text));
            }
        }
    }

    // Quotes: speaker name and containment, one-to-one.
    let mut qused = vec![false; pred.quotes.len()];
    for gq in &gold.quotes {
        sc.quotes.gold += 1;
        let want = fold_quotes(&gq.contains);
        let hit = (0..pred.quotes.len()).find(|&i| {
            let q = &pred.quotes[i];
            !qused[i]
                && fold_quotes(&q.text).contains(&want)
                && q.speaker.as_ref().is_some_and(|s| entity_names(s).any(|n| name_matches(&gq.speaker, n)))
        });
        match hit {
            Some(i) => {
                qused[i] = true;
                sc.quotes.matched += 1;
                if gold.exhaustive {
                    sc.quotes.matched_exhaustive += 1;
                }
            }
            None => sc.misses.push(format!("{id}: missed quote by {}: \"{}\"", gq.speaker, gq.contains)),
        }
    }
    if gold.exhaustive {
        sc.quotes.predicted_exhaustive += pred.quotes.len();
    }

    // Traps.
    for t in &gold.traps {
        sc.traps_total += 1;
        let sprung = if let Some(ev) = t.evidence.as_ref().filter(|_| t.no_asserted_event) {
            pred.events.iter().any(|e| {
                e.modality == sitrep_core::Modality::Asserted
                    && char_slice(text, e.sentence.span.0, e.sentence.span.1).contains(ev.as_str())
            })
        } else if let Some(place) = &t.no_event_location {
            let n = normalize_name(place);
            pred.events.iter().any(|e| e.location.as_ref().is_some_and(|p| normalize_name(&p.name) == n))
        } else {
            false
        };
        if sprung {
            sc.traps_sprung += 1;
            sc.misses.push(format!("{id}: trap sprung: {}", t.evidence.clone().or(t.no_event_location.clone()).unwrap_or_default()));
        }
    }
    sc
}

/// Per-file and overall scores.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: Vec<(String, Scores)>,
    pub overall: Scores,
}

impl Report {
    pub fn to_json(&self) -> Value {
        let mut v = self.overall.to_json();
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|(p, s)| {
                let mut f = s.to_json();
                f["path"] = json!(p);
                f
            })
            .collect();
        v["files"] = json!(files);
        v
    }

    pub fn render_table(&self, show_misses: bool) -> String {
        let mut out = String::new();
        let pct = |x: Option<f64>| x.map_or("    -".to_string(), |v| format!("{:5.3}", v));
        let block = |title: &str, s: &Scores, out: &mut String| {
            out.push_str(&format!("== {title}\n"));
            let e = &s.events;
            out.push_str(&format!(
                "events   P {}  R {}  F1 {}   (gold {}, matched {}, predicted in exhaustive {})\n",
                pct(e.precision()),
                pct(e.recall()),
                pct(e.f1()),
                e.gold,
                e.matched,
                e.predicted_exhaustive
            ));
            for (c, p) in &s.categories {
                out.push_str(&format!(
                    "  {c:<12} P {}  R {}  F1 {}  (gold {}, matched {})\n",
                    pct(p.precision()),
                    pct(p.recall()),
                    pct(p.f1()),
                    p.gold,
                    p.matched
                ));
            }
            for (f, t) in &s.fields {
                out.push_str(&format!("field {f:<10} {}  ({}/{})\n", pct(t.accuracy()), t.correct, t.total));
            }
            for (k, t) in &s.acled {
                out.push_str(&format!("acled    R {}  ({}/{})  {k}\n", pct(t.accuracy()), t.correct, t.total));
            }
            let q = &s.quotes;
            out.push_str(&format!(
                "quotes   P {}  R {}  F1 {}   (gold {}, matched {})\n",
                pct(q.precision()),
                pct(q.recall()),
                pct(q.f1()),
                q.gold,
                q.matched
            ));
            out.push_str(&format!("traps sprung {} of {}\n", s.traps_sprung, s.traps_total));
            if show_misses {
                for m in &s.misses {
                    out.push_str(&format!("  - {m}\n"));
                }
            }
            out.push('\n');
        };
        for (p, s) in &self.files {
            block(p, s, &mut out);
        }
        if self.files.len() > 1 {
            let mut overall = self.overall.clone();
            overall.misses.clear();
            block("overall", &overall, &mut out);
        }
        out
    }
}

/// Runs the pipeline over every article of each gold file and scores it.
/// Every file is read and checked before any is scored: a malformed last file fails at once.
pub fn evaluate_files(paths: &[PathBuf], pipeline: &Pipeline) -> Result<Report, EvalError> {
    let golds = paths.iter().map(|p| read_gold(p)).collect::<Result<Vec<_>, _>>()?;
    let mut report = Report::default();
    for (path, gold) in paths.iter().zip(golds) {
        let mut file = Scores::default();
        for g in &gold {
            let input = ArticleInput {
                meta: ArticleMeta { id: g.id.clone(), source: g.source.clone(), published: g.published.clone(), ..Default::default() },
                text: g.text.clone().unwrap_or_default(),
            };
            let (pred, _) = pipeline.extract(&input);
            file.merge(&score_article(g, &pred));
        }
        report.overall.merge(&file);
        report.files.push((path.display().to_string(), file));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{Count, EventDate, Modality, Quote, SentenceRef, Size, Span, TextSpan};

    const TEXT: &str = "Rebels seized the town of Kidal on Sunday, killing 4 soldiers. Officials in Seoul said talks would resume. \"We will return,\" said Ali Musa.";

    fn gold() -> GoldArticle {
        serde_json::from_value(json!({
            "id": "t1", "published": "2020-03-02", "text": TEXT, "exhaustive": true,
            "events": [
                {"evidence": "seized the town of Kidal", "category": "ASSAULT", "acled": "Battles/Non-state actor overtakes territory",
                 "modality": "asserted", "actor": {"name": "rebels", "sector": "REB"}, "location": {"name": "Kidal", "country": "MLI", "lat": 18.44, "lon": 1.41},
                 "date": "2020-03-01", "killed": 4},
                {"evidence": "talks would resume", "category": ["CONSULT", "AGREE"], "modality": ["predicted", "planned"]}
            ],
            "quotes": [{"speaker": "Ali Musa", "contains": "We will return"}],
            "traps": [{"evidence": "talks would resume", "no_asserted_event": true}, {"no_event_location": "Seoul"}]
        }))
        .unwrap()
    }

    fn sentence(n: usize) -> Span {
        let starts = [0, 63, 107];
        let ends = [62, 106, TEXT.chars().count()];
        Span(starts[n], ends[n])
    }

    fn event(cat: &str, sent: usize, modality: Modality) -> Event {
        Event {
            category: cat.into(),
            modality,
            sentence: SentenceRef { index: sent, span: sentence(sent) },
            trigger: TextSpan::default(),
            ..Default::default()
        }
    }

    fn perfect() -> ArticleOutput {
        let mut a = event("ASSAULT", 0, Modality::Asserted);
        a.acled = Some(sitrep_core::Acled { event_type: "Battles".into(), sub_event_type: "Non-state actor overtakes territory".into() });
        a.actor = vec![Entity { name: "rebels".into(), text: "Rebels".into(), sector: vec!["REB".into()], ..Default::default() }];
        a.location =
            Some(Place { name: "Kidal".into(), country: Some("MLI".into()), lat: Some(18.44), lon: Some(1.41), ..Default::default() });
        a.date = Some(EventDate { value: Some("2020-03-01".into()), ..Default::default() });
        a.size = Size { killed: Some(Count { count: 4, ..Default::default() }), ..Default::default() };
        let b = event("CONSULT", 1, Modality::Predicted);
        let q = Quote {
            speaker: Some(Entity { name: "Ali Musa".into(), ..Default::default() }),
            text: "We will return,".into(),
            direct: true,
            ..Default::default()
        };
        ArticleOutput { events: vec![a, b], quotes: vec![q], ..Default::default() }
    }

    #[test]
    fn miss_lines_show_country_and_sector() {
        let e = Entity { name: "Armed gangs".into(), country: Some("HTI".into()), sector: vec!["UAF".into()], ..Default::default() };
        assert_eq!(entity_brief(&e), "Armed gangs HTI/UAF");
        let bare = Entity { name: "men".into(), ..Default::default() };
        assert_eq!(entity_brief(&bare), "men");
        let sec = Entity { name: "police".into(), sector: vec!["COP".into(), "GOV".into()], ..Default::default() };
        assert_eq!(entity_brief(&sec), "police /COP,GOV");
    }

    #[test]
    fn the_sentence_spans_used_here_are_right() {
        assert!(char_slice(TEXT, sentence(1).0, sentence(1).1).starts_with("Officials"));
        assert!(char_slice(TEXT, sentence(2).0, sentence(2).1).starts_with("\"We"));
    }

    #[test]
    fn a_perfect_prediction_scores_one_everywhere() {
        let s = score_article(&gold(), &perfect());
        assert_eq!(s.events.recall(), Some(1.0));
        assert_eq!(s.events.precision(), Some(1.0));
        for (f, t) in &s.fields {
            assert_eq!(t.accuracy(), Some(1.0), "{f}");
        }
        assert_eq!(s.fields.keys().collect::<Vec<_>>(), vec!["actor", "date", "killed", "location"]);
        assert_eq!(s.quotes.recall(), Some(1.0));
        assert_eq!(s.traps_sprung, 0);
        assert_eq!(s.traps_total, 2);
    }

    #[test]
    fn a_missing_event_lowers_recall() {
        let mut p = perfect();
        p.events.pop();
        let s = score_article(&gold(), &p);
        assert_eq!(s.events.recall(), Some(0.5));
        assert_eq!(s.events.precision(), Some(1.0));
    }

    #[test]
    fn a_wrong_date_lowers_the_date_field_only() {
        let mut p = perfect();
        p.events[0].date = Some(EventDate { value: Some("2020-03-02".into()), ..Default::default() });
        let s = score_article(&gold(), &p);
        assert_eq!(s.fields["date"].accuracy(), Some(0.0));
        assert_eq!(s.fields["killed"].accuracy(), Some(1.0));
        assert_eq!(s.events.recall(), Some(1.0));
    }

    #[test]
    fn a_seoul_location_springs_the_trap() {
        let mut p = perfect();
        p.events[1].location = Some(Place { name: "Seoul".into(), ..Default::default() });
        assert_eq!(score_article(&gold(), &p).traps_sprung, 1);
    }

    #[test]
    fn an_asserted_prediction_springs_the_modality_trap() {
        let mut p = perfect();
        p.events[1].modality = Modality::Asserted;
        let s = score_article(&gold(), &p);
        assert_eq!(s.traps_sprung, 1);
        // and no longer matches the gold modality
        assert_eq!(s.events.recall(), Some(0.5));
    }

    #[test]
    fn a_wrong_category_or_acled_type_does_not_match() {
        let mut p = perfect();
        p.events[0].category = "COERCE".into();
        assert_eq!(score_article(&gold(), &p).events.recall(), Some(0.5));
        let mut p = perfect();
        p.events[0].acled.as_mut().unwrap().sub_event_type = "Armed clash".into();
        assert_eq!(score_article(&gold(), &p).events.recall(), Some(0.5));
    }

    #[test]
    fn recall_is_kept_per_acled_type_of_the_gold() {
        let key = "Battles/Non-state actor overtakes territory";
        let s = score_article(&gold(), &perfect());
        assert_eq!((s.acled[key].correct, s.acled[key].total), (1, 1));
        let mut p = perfect();
        p.events[0].acled.as_mut().unwrap().sub_event_type = "Armed clash".into();
        let s = score_article(&gold(), &p);
        assert_eq!((s.acled[key].correct, s.acled[key].total), (0, 1));
        assert_eq!(s.to_json()["acled"][key]["recall"], serde_json::json!(0.0));
    }

    #[test]
    fn extra_events_in_exhaustive_articles_lower_precision_and_otherwise_not() {
        let mut p = perfect();
        p.events.push(event("PROTEST", 2, Modality::Asserted));
        let s = score_article(&gold(), &p);
        assert_eq!(s.events.precision(), Some(2.0 / 3.0));
        let mut g = gold();
        g.exhaustive = false;
        assert_eq!(score_article(&g, &p).events.precision(), None);
    }

    #[test]
    fn location_within_50_km_matches_and_far_does_not() {
        let mut p = perfect();
        p.events[0].location.as_mut().unwrap().lat = Some(18.7); // ~29 km north
        assert_eq!(score_article(&gold(), &p).fields["location"].accuracy(), Some(1.0));
        p.events[0].location.as_mut().unwrap().lat = Some(19.5); // ~118 km
        assert_eq!(score_article(&gold(), &p).fields["location"].accuracy(), Some(0.0));
    }

    #[test]
    fn names_compare_as_whole_words_without_diacritics() {
        assert!(name_matches("militias", "Shia-led militias"));
        assert!(name_matches("The Government", "government"));
        assert!(name_matches("Cote d'Ivoire", "Côte d’Ivoire"));
        assert!(!name_matches("ran", "Iran"));
        let e = Entity { name: "Islamic State".into(), aliases: vec!["ISIL".into()], ..Default::default() };
        assert!(entity_matches(&GoldEntity { name: Some("ISIL".into()), ..Default::default() }, &[e]));
    }

    #[test]
    fn null_is_a_missing_key_and_lists_are_any_of() {
        let e: GoldEvent =
            serde_json::from_value(json!({"evidence": "x", "category": null, "modality": null, "location": null, "killed": null})).unwrap();
        assert!(e.category.is_empty() && e.modality.is_empty() && e.location.is_empty() && e.killed.is_none());
        let e: GoldEvent =
            serde_json::from_value(json!({"evidence": "x", "modality": ["planned", "predicted"], "location": {"name": "Kidal"}})).unwrap();
        assert_eq!(e.modality, vec![Modality::Planned, Modality::Predicted]);
        assert_eq!(e.location.len(), 1);
    }

    #[test]
    fn gold_acled_strings_split_after_the_event_type() {
        let a: GoldAcled = serde_json::from_value(json!("Explosions/Remote violence/Air/drone strike")).unwrap();
        assert_eq!(a, GoldAcled { event_type: "Explosions/Remote violence".into(), sub_event_type: Some("Air/drone strike".into()) });
        let a: GoldAcled = serde_json::from_value(json!("Battles")).unwrap();
        assert_eq!(a.sub_event_type, None);
        assert!(serde_json::from_value::<GoldAcled>(json!("Battles/Skirmish")).is_err());
        assert!(serde_json::from_value::<GoldAcled>(json!("Fights")).is_err());
    }

    #[test]
    fn haversine_is_right_for_a_known_pair() {
        // Baghdad to Ramadi is about 100 km
        let d = haversine_km(33.3152, 44.3661, 33.4206, 43.3078);
        assert!((95.0..105.0).contains(&d), "{d}");
    }

    #[test]
    fn gold_files_read_text_files_and_report_bad_lines() {
        let dir = std::env::temp_dir().join(format!("sitrep-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "Some text.").unwrap();
        std::fs::write(dir.join("g.jsonl"), "{\"id\":\"x\",\"text_file\":\"a.txt\",\"events\":[]}\n").unwrap();
        let g = read_gold(&dir.join("g.jsonl")).unwrap();
        assert_eq!(g[0].text.as_deref(), Some("Some text."));
        std::fs::write(dir.join("bad.jsonl"), "{\"id\":\"x\",\"events\":[]}\nnot json\n").unwrap();
        let e = read_gold(&dir.join("bad.jsonl")).unwrap_err().to_string();
        assert!(e.contains("bad.jsonl:1"), "{e}");
        assert!(read_gold(&dir.join("missing.jsonl")).is_err());
    }

    #[test]
    fn the_shared_example_has_all_stable_keys() {
        let Some(path) = sitrep_test_support::shared_file("examples/ramadi.gold.jsonl") else { return };
        let p = Pipeline::new(&sitrep_lexicon::Lexicon::builtin());
        let r = evaluate_files(&[path], &p).unwrap();
        let v = r.to_json();
        for k in ["events", "fields", "quotes", "traps", "files"] {
            assert!(v.get(k).is_some(), "{k}");
        }
        assert_eq!(v["events"]["gold"], 13);
        assert_eq!(v["traps"]["total"], 3);
        assert_eq!(v["quotes"]["gold"], 4);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any line, JSON or not, gets a verdict and no panic.
        #[test]
        fn any_line_is_checked_without_panic(line in "\\PC{0,300}") {
            let _ = gold_line_problems(&line);
        }

        /// Evidence that is not in the text is always reported, whatever the text.
        #[test]
        fn evidence_outside_the_text_is_reported(text in "[a-z ]{1,80}", evidence in "[A-Z]{3,12}") {
            let line = json!({"id": "p", "published": "2020-01-01", "text": text, "exhaustive": false,
                              "events": [{"evidence": evidence}]}).to_string();
            let problems = gold_line_problems(&line);
            proptest::prop_assert!(problems.iter().any(|p| p.contains("evidence")), "{problems:?}");
        }

        /// A well-formed record with its evidence inside the text has no problem.
        #[test]
        fn a_valid_record_passes(words in proptest::collection::vec("[a-z]{2,8}", 3..20), pick in 0usize..3) {
            let text = words.join(" ");
            let evidence = words[pick..pick + 1].join(" ");
            let line = json!({"id": "p", "published": "2020-01-01", "text": text, "exhaustive": true,
                              "events": [{"evidence": evidence, "category": "ASSAULT", "modality": "asserted"}]}).to_string();
            proptest::prop_assert_eq!(gold_line_problems(&line), Vec::<String>::new());
        }
    }
}
