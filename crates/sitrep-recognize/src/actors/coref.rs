//! Coreference: links from a later mention to an earlier one — a surname to the person named
//! in full ("Kerry" → "John Kerry"), an acronym defined in brackets to its name ("(ISIL)"),
//! and definite descriptions to the last fitting actor or place ("the armed group", "our
//! correspondent", "the city"). Pronouns ("he said") are linked by `quotes` through
//! [`ActorSet::last_person_before`].

use super::{ActorRecognizer, ActorSet};
use crate::Ctx;
use sitrep_core::{EntityKind, PlaceUse, Span};
use sitrep_lexicon::PhraseMatch;
use std::collections::{HashMap, HashSet};

/// What one anaphor of `coref.toml` may refer to.
pub(super) struct AnaphorInfo {
    pub(super) kinds: Vec<EntityKind>,
    pub(super) sector: String,
    pub(super) place: String,
}

/// "al-Abdullah" → "abdullah": the part of a surname after a particle.
fn strip_particle(w: &str, particles: &HashSet<String>) -> String {
    let lw = w.to_lowercase();
    match lw.split_once('-') {
        Some((p, rest)) if particles.contains(p) => rest.to_string(),
        _ => lw,
    }
}

impl ActorSet {
    /// Remembers the endings of a person's name for later surname-only mentions.
    pub(super) fn index_surnames(&mut self, id: usize, particles: &HashSet<String>) {
        let name = self.mentions[id].entity.name.clone();
        let parts: Vec<&str> = name.split(' ').collect();
        for k in 1..parts.len() {
            let suffix = parts[parts.len() - k..].join(" ").to_lowercase();
            self.surnames.insert(suffix, id);
        }
        if let Some(last) = parts.last() {
            self.surnames.insert(strip_particle(last, particles), id);
        }
    }
}

impl ActorRecognizer {
    /// A name that is the surname (or last part) of a person named before: "Kerry", "Abdullah".
    pub(super) fn surname_link(&self, ctx: &Ctx, set: &ActorSet, ti: usize, tj: usize) -> Option<usize> {
        let whole = if tj - ti == 1 {
            strip_particle(ctx.word(ti), &self.particles)
        } else {
            ctx.text[ctx.tokens[ti].start..ctx.tokens[tj - 1].end].to_lowercase()
        };
        set.surnames.get(&whole).copied().filter(|&mi| set.mentions[mi].entity.name.to_lowercase() != whole)
    }

    /// "… of Iraq and the Levant (ISIL)": the acronym becomes an alias and later uses link back.
    pub(super) fn acronyms(&self, ctx: &Ctx, set: &mut ActorSet) {
        let text = ctx.text;
        let n = ctx.tokens.len();
        let mut defined: HashMap<&str, (usize, usize)> = HashMap::new(); // acronym → (head, defining token)
        for i in 0..n.saturating_sub(2) {
            if ctx.word(i) != "(" || ctx.word(i + 2) != ")" {
                continue;
            }
            let acr = ctx.word(i + 1);
            if acr.len() < 2
                || !acr.chars().next().is_some_and(|c| c.is_uppercase())
                || acr.chars().filter(|c| c.is_uppercase()).count() < 2
            {
                continue;
            }
            let open = ctx.tokens[i].start;
            // the mention ending right before " ("
            let Some(mi) = set.mention_ending(open.saturating_sub(1)).or_else(|| set.mention_ending(open)) else {
                continue;
            };
            if !set.mentions[mi].entity.aliases.iter().any(|a| a == acr) {
                set.mentions[mi].entity.aliases.push(acr.to_string());
            }
            defined.entry(acr).or_insert((set.head(mi), i + 1));
        }
        if defined.is_empty() {
            return;
        }
        // the definition and every later bare use not yet recognized
        for k in 0..n {
            let Some(&(head, def)) = defined.get(ctx.word(k)) else {
                continue;
            };
            let t = ctx.tokens[k];
            if k < def || set.overlaps(t.start, t.end) {
                continue;
            }
            let mut ent = set.mentions[head].entity.clone();
            ent.text = text[t.start..t.end].to_string();
            ent.span = Span(t.start, t.end);
            set.push(ent, Some(head), None);
        }
    }

    /// "the armed group" → the last armed group; "our correspondent" → the last journalist;
    /// "the city" → the last city.
    pub(super) fn anaphora(&self, ctx: &Ctx, set: &mut ActorSet, hits: &[PhraseMatch]) {
        let text = ctx.text;
        // Places in push order form a few runs sorted by start (dictionary hits, then names,
        // then the anaphors added here). The antecedent search walks them from the last pushed,
        // and per run a binary search skips the places that start after the anaphor instead of
        // filtering them one by one: otherwise every anaphor without an antecedent would read
        // every later place, quadratic in an article of many places.
        let mut runs: Vec<usize> = (0..set.places.len()).filter(|&i| i == 0 || set.places[i].span.0 < set.places[i - 1].span.0).collect();
        for &h in hits {
            let (s, e) = (h.start, h.end);
            if set.overlaps(s, e) {
                continue;
            }
            // "the provincial capital, Ramadi", "the town of Bama" name their referent; not anaphors
            let rest = &text[e..];
            let named = |p: &str| rest.strip_prefix(p).and_then(|r| r.chars().next()).is_some_and(|c| c.is_uppercase());
            if named(", ") || named(" of ") {
                continue;
            }
            let info = &self.anaphor_info[h.payload as usize];
            if !info.place.is_empty() {
                let want = info.place.as_str();
                let places = &set.places;
                let before = (0..runs.len()).rev().flat_map(|r| {
                    let (lo, hi) = (runs[r], runs.get(r + 1).copied().unwrap_or(places.len()));
                    (lo..lo + places[lo..hi].partition_point(|p| p.span.0 < s)).rev()
                });
                let ante = before.map(|i| &places[i]).filter(|p| p.span.1 <= s && p.use_ == PlaceUse::Literal).take(300).find(|p| {
                    let f = p.feature.as_deref().unwrap_or("");
                    match want {
                        "city" => f == "city" || f.is_empty(),
                        "province" => f == "admin1" || f == "region",
                        other => f == other,
                    }
                });
                if let Some(a) = ante.cloned() {
                    let mut p = a;
                    p.text = text[s..e].to_string();
                    p.span = Span(s, e);
                    if set.places.last().is_some_and(|l| s < l.span.0) {
                        runs.push(set.places.len());
                    }
                    set.places.push(p);
                }
                continue;
            }
            // the nearest fitting mention within the last few hundred
            let ante = set.by_end.range(..=s).rev().flat_map(|(_, ids)| ids.iter().rev().copied()).take(300).find(|&mi| {
                let m = &set.mentions[mi].entity;
                info.kinds.contains(&m.kind) && (info.sector.is_empty() || m.sector.contains(&info.sector))
            });
            if let Some(mi) = ante {
                let head = set.head(mi);
                let mut ent = set.mentions[head].entity.clone();
                ent.text = text[s..e].to_string();
                ent.span = Span(s, e);
                set.push(ent, Some(head), None);
            }
        }
    }
}
