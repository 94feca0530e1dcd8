//! Scoring place resolution on a toponym dev set (`eval/geo/toponyms.jsonl`): Acc@161 km —
//! a toponym is right when a resolved place over its words lies within 161 km (100 miles) of
//! the gold point; a `not_place` toponym ("Jordan Henderson") is right when no place over its
//! words is resolved.

use crate::{haversine_km, EvalError};
use serde::Deserialize;
use serde_json::{json, Value};
use sitrep_core::{ArticleInput, ArticleMeta, Place};
use sitrep_pipeline::Pipeline;
use std::collections::BTreeMap;
use std::path::Path;

/// The Acc@k radius, km.
pub const RADIUS_KM: f64 = 161.0;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldToponym {
    pub id: String,
    pub text: String,
    pub toponym: String,
    /// Character offset (Unicode scalar values) of the toponym in `text`.
    pub start: usize,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// city | admin1 | country | region | not_place
    pub feature: String,
    #[serde(default)]
    pub ambiguous_with: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub struct GeoReport {
    pub total: usize,
    pub correct: usize,
    /// Toponyms read as a place at all (resolved or not).
    pub found: usize,
    pub ambiguous: (usize, usize),
    pub by_feature: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<String>,
}

impl GeoReport {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }

    pub fn to_json(&self) -> Value {
        let acc = |(c, t): (usize, usize)| if t == 0 { Value::Null } else { json!(c as f64 / t as f64) };
        json!({
            "acc161": self.accuracy(),
            "total": self.total,
            "correct": self.correct,
            "found": self.found,
            "ambiguous": {"acc161": acc(self.ambiguous), "total": self.ambiguous.1},
            "by_feature": self.by_feature.iter().map(|(k, &(c, t))| (k.clone(), json!({"acc161": acc((c, t)), "total": t}))).collect::<serde_json::Map<_, _>>(),
        })
    }

    pub fn render(&self, show_misses: bool) -> String {
        let mut s = format!(
            "toponyms {}  Acc@161km {:.3} ({} of {})  read as places {}\n",
            self.total,
            self.accuracy(),
            self.correct,
            self.total,
            self.found
        );
        let (c, t) = self.ambiguous;
        s += &format!("  ambiguous names  {:.3} ({c} of {t})\n", if t == 0 { 0.0 } else { c as f64 / t as f64 });
        for (k, &(c, t)) in &self.by_feature {
            s += &format!("  {k:<15}  {:.3} ({c} of {t})\n", c as f64 / t as f64);
        }
        if show_misses {
            for m in &self.misses {
                s += &format!("  - {m}\n");
            }
        }
        s
    }
}

pub fn read_toponyms(path: &Path) -> Result<Vec<GoldToponym>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io { path: path.display().to_string(), message: e.to_string() })?;
    let mut v = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let t: GoldToponym = serde_json::from_str(line).map_err(|e| EvalError::Gold {
            path: path.display().to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        v.push(t);
    }
    Ok(v)
}

/// Runs the pipeline on every toponym's text and scores Acc@161 km.
pub fn evaluate(items: &[GoldToponym], pipeline: &Pipeline) -> GeoReport {
    let mut r = GeoReport::default();
    for t in items {
        let input = ArticleInput { meta: ArticleMeta { id: t.id.clone(), ..Default::default() }, text: t.text.clone() };
        let (out, _) = pipeline.extract(&input);
        let end = t.start + t.toponym.chars().count();
        let over: Vec<&Place> = out.places.iter().filter(|p| p.span.0 < end && t.start < p.span.1).collect();
        let resolved: Vec<&Place> = over.iter().copied().filter(|p| p.resolved).collect();
        let ok = if t.feature == "not_place" {
            resolved.is_empty()
        } else {
            match (t.lat, t.lon) {
                (Some(la), Some(lo)) => {
                    resolved.iter().any(|p| p.lat.zip(p.lon).is_some_and(|(a, b)| haversine_km(a, b, la, lo) <= RADIUS_KM))
                }
                _ => false,
            }
        };
        r.total += 1;
        r.found += usize::from(!over.is_empty());
        r.correct += usize::from(ok);
        let f = r.by_feature.entry(t.feature.clone()).or_default();
        f.0 += usize::from(ok);
        f.1 += 1;
        if !t.ambiguous_with.is_empty() {
            r.ambiguous.0 += usize::from(ok);
            r.ambiguous.1 += 1;
        }
        if !ok {
            let got = match resolved.first() {
                Some(p) => format!(
                    "{} ({}, {:.2}, {:.2})",
                    p.name,
                    p.country.as_deref().unwrap_or("?"),
                    p.lat.unwrap_or(0.0),
                    p.lon.unwrap_or(0.0)
                ),
                None if over.is_empty() => "not read as a place".to_string(),
                None => "unresolved".to_string(),
            };
            r.misses.push(format!("{}: \"{}\" gold {} {}, got {got}", t.id, t.toponym, t.feature, t.country.as_deref().unwrap_or("-")));
        }
    }
    r
}
