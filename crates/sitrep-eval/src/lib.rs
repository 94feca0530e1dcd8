//! `sitrep eval`: gold files in, scores out, by the rules of SPEC §3.
//!
//! Scoring is a pure function of (gold article, predicted [`ArticleOutput`]), so tests feed
//! hand-made predictions; [`evaluate_files`] runs the pipeline over gold files and aggregates.

pub mod geo;

use serde::Deserialize;
use serde_json::{json, Value};
use sitrep_core::{ArticleInput, ArticleMeta, ArticleOutput, Entity, Event, Place};
use sitrep_pipeline::Pipeline;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// ACLED event types; a gold "Type/Sub-type" splits after the longest type that prefixes it.
const ACLED_TYPES: [&str; 6] =
    ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"];

/// Unreadable gold: the only thing that makes `sitrep eval` fail.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: cannot read: {message}")]
    Io { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Gold { path: String, line: usize, message: String },
}

/// One gold article (SPEC §3).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default)]
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
pub struct GoldEvent {
    pub evidence: String,
    #[serde(default)]
    pub category: Option<Value>,
    #[serde(default)]
    pub acled: Option<String>,
    #[serde(default)]
    pub modality: Option<Value>,
    #[serde(default)]
    pub actor: Option<GoldEntity>,
    #[serde(default)]
    pub recipient: Option<GoldEntity>,
    #[serde(default)]
    pub location: Option<Value>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub killed: Option<u64>,
    #[serde(default)]
    pub injured: Option<u64>,
    #[serde(default)]
    pub arrested: Option<u64>,
    #[serde(default)]
    pub displaced: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct GoldEntity {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
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
pub struct GoldQuote {
    pub speaker: String,
    pub contains: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldTrap {
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub no_asserted_event: bool,
    #[serde(default)]
    pub no_event_location: Option<String>,
}

/// Reads a gold file; `text_file` paths resolve against the gold file's folder.
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    let p = path.display().to_string();
    let body = std::fs::read_to_string(path).map_err(|e| EvalError::Io { path: p.clone(), message: e.to_string() })?;
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let gold_err = |message: String| EvalError::Gold { path: p.clone(), line: i + 1, message };
        let mut g: GoldArticle = serde_json::from_str(line).map_err(|e| gold_err(format!("invalid gold record: {e}")))?;
        if g.text.is_none() {
            let Some(tf) = &g.text_file else { return Err(gold_err("no \"text\" or \"text_file\"".into())) };
            let tp = path.parent().unwrap_or(Path::new(".")).join(tf);
            let t = std::fs::read_to_string(&tp).map_err(|e| gold_err(format!("text_file {}: {e}", tp.display())))?;
            g.text = Some(t);
        }
        out.push(g);
    }
    Ok(out)
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

fn strings(v: &Option<Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => vec![],
    }
}

fn gold_locations(v: &Option<Value>) -> Vec<GoldLocation> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| serde_json::from_value(x.clone()).ok()).collect(),
        Some(x @ Value::Object(_)) => serde_json::from_value(x.clone()).ok().into_iter().collect(),
        _ => vec![],
    }
}

/// Splits "Explosions/Remote violence/Air/drone strike" into its type and sub-type.
pub fn split_acled(s: &str) -> (String, Option<String>) {
    for t in ACLED_TYPES.iter().rev() {
        if s == *t {
            return (s.to_string(), None);
        }
        if let Some(rest) = s.strip_prefix(t).and_then(|r| r.strip_prefix('/')) {
            return (t.to_string(), Some(rest.to_string()));
        }
    }
    (s.to_string(), None)
}

fn modality_str(e: &Event) -> String {
    serde_json::to_value(e.modality).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Whether the predicted event agrees on every type key the gold gives.
fn types_agree(g: &GoldEvent, e: &Event) -> bool {
    let cats = strings(&g.category);
    if !cats.is_empty() && !cats.contains(&e.category) {
        return false;
    }
    if let Some(a) = &g.acled {
        let (t, sub) = split_acled(a);
        let Some(pa) = &e.acled else { return false };
        if pa.event_type != t || sub.is_some_and(|s| s != pa.sub_event_type) {
            return false;
        }
    }
    let mods = strings(&g.modality);
    mods.is_empty() || mods.iter().any(|m| *m == modality_str(e))
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
        for (k, v) in &o.fields {
            let t = self.fields.entry(k.clone()).or_default();
            t.correct += v.correct;
            t.total += v.total;
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
        json!({
            "events": self.events.to_json(),
            "categories": cats,
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
        let cats = strings(&g.category);
        let cat_key = cats.first().cloned().unwrap_or_else(|| "(none)".into());
        sc.events.gold += 1;
        sc.categories.entry(cat_key.clone()).or_default().gold += 1;
        let found = pos.and_then(|(s, e)| {
            (0..pred.events.len()).find(|&i| {
                let ev = &pred.events[i];
                !used[i] && ev.sentence.span.0 <= s && e <= ev.sentence.span.1 && types_agree(g, ev)
            })
        });
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
                format!("gold {a:?}, predicted {:?}", ev.actor.iter().map(|e| &e.name).collect::<Vec<_>>()),
            );
        }
        if let Some(r) = &g.recipient {
            field(
                "recipient",
                entity_matches(r, &ev.recipient),
                format!("gold {r:?}, predicted {:?}", ev.recipient.iter().map(|e| &e.name).collect::<Vec<_>>()),
            );
        }
        let locs = gold_locations(&g.location);
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
pub fn evaluate_files(paths: &[PathBuf], pipeline: &Pipeline) -> Result<Report, EvalError> {
    let mut report = Report::default();
    for path in paths {
        let gold = read_gold(path)?;
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
    fn acled_strings_split_after_the_event_type() {
        assert_eq!(
            split_acled("Explosions/Remote violence/Air/drone strike"),
            ("Explosions/Remote violence".into(), Some("Air/drone strike".into()))
        );
        assert_eq!(split_acled("Battles"), ("Battles".into(), None));
        assert_eq!(split_acled("Strategic developments/Change to group/activity").1.as_deref(), Some("Change to group/activity"));
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
}
