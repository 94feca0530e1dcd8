//! Incidents: one record per real-world event, however many reports describe it.
//!
//! GDELT's machine coding counted one mass kidnapping as ~150 kidnappings a day, once per
//! report. Here the events of all articles are clustered: two events are **compatible** when
//!
//! - they are both asserted and not historical (what did happen, told as news; requested,
//!   planned, predicted or denied acts, and history, get no incident),
//! - they have the same PLOVER category,
//! - their dates lie within [`Params::window_days`] of each other (a date is a day interval:
//!   the event's day, its week or month when the text gives no day, else the three days before
//!   the article's publication),
//! - their places agree: both precise (a district, city or finer) and within
//!   [`Params::max_km`]; or, when either place is coarse (a province, a country) or missing,
//!   the same country where both give one — and then they must also share a party to be tied,
//!   since a country and a day alone say little,
//! - their actors are on the same side where both sides are known: state forces (a state, its
//!   agents, or a sector of [`Params::state_sectors`]) or non-state armed groups (an armed group,
//!   or a sector of [`Params::nonstate_sectors`] — the `[cues.sectors]` groups of `events.toml`,
//!   which the event coder's ACLED rules read too). Names are not compared, since reports name one act's actors
//!   differently ("gunmen", "suspected Boko Haram militants", "the group"); a shared name or
//!   country-and-sector only makes a match better,
//! - their counts are compatible: where both give a count of one kind, the larger is at most
//!   [`Params::count_ratio`] times the smaller plus [`Params::count_slack`] (tolls grow as
//!   reports come in; 4 against 300 is another event).
//!
//! An incident is a set of events no pair of which is ruled out (complete link, so no chain of
//! near neighbours drags far-apart events together), each tied to at least one other member (a
//! coarse place with no shared party rules nothing out but ties nothing either). Events are taken in date order; each joins the
//! best-matching compatible incident among those **blocked** with it — same category, a day in
//! its window, the same place cell (0.5°, with its neighbours) or the same country — or starts
//! a new one. The work per event is bounded by the size of its blocks, so clustering is
//! near-linear in the number of events, never all pairs.
//!
//! Counts are reconciled by the **latest report** (by publication date; among reports of one
//! day, the largest count), with the range of all reports and each report's count kept.

use chrono::NaiveDate;
use sitrep_core::{Event, Incident, Modality, Place, Reconciled, ReconciledSize, SourceCount};
use std::collections::HashMap;

/// The thresholds of compatibility (module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub window_days: i64,
    pub max_km: f64,
    pub count_ratio: f64,
    pub count_slack: f64,
    /// Members compared per candidate incident (the earliest ones): bounds the work on huge
    /// incidents.
    pub max_compared: usize,
    /// Sectors of state forces and of non-state armed groups: pass the `[cues.sectors]` groups
    /// of the lexicon (`state`, `nonstate`); empty, only entity kinds tell the sides.
    pub state_sectors: Vec<String>,
    pub nonstate_sectors: Vec<String>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            window_days: 2,
            max_km: 40.0,
            count_ratio: 3.0,
            count_slack: 10.0,
            max_compared: 64,
            state_sectors: Vec::new(),
            nonstate_sectors: Vec::new(),
        }
    }
}

/// An event to cluster and the hash of the article it came from (its identity in a store).
#[derive(Debug, Clone)]
pub struct Member<'a> {
    pub article: &'a str,
    pub event: &'a Event,
}

/// One incident and its members as (article hash, event id).
pub type Clustered = (Incident, Vec<(String, String)>);

/// Places finer than a province are precise enough to compare by distance.
const PRECISE: u8 = 3;
/// Size of a place cell, in degrees.
const CELL: f64 = 0.5;

/// What compatibility reads from one event, computed once; it owns the event, so a streaming
/// [`Clusterer`] holds only the events of incidents still open.
struct Facts {
    article: String,
    event: Event,
    lo: i64,
    hi: i64,
    point: Option<(f64, f64)>,
    country: Option<String>,
    actors: Vec<String>,
    recipients: Vec<String>,
    /// The sides the actors are on (state, non-state), where known.
    sides: Sides,
    counts: [Option<u64>; 4],
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sides {
    state: bool,
    non_state: bool,
}

fn sides(v: &[sitrep_core::Entity], p: &Params) -> Sides {
    use sitrep_core::EntityKind as K;
    let mut s = Sides::default();
    for e in v {
        let has = |x: &[String]| e.sector.iter().any(|c| x.contains(c));
        if e.kind == K::ArmedGroup || has(&p.nonstate_sectors) {
            s.non_state = true;
        } else if matches!(e.kind, K::State | K::StateAgent) || has(&p.state_sectors) {
            s.state = true;
        }
    }
    s
}

fn day(s: &str) -> Option<i64> {
    let d = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(d.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// The day interval an event happened in (module docs), if any.
fn interval(e: &Event) -> Option<(i64, i64)> {
    if let Some(d) = &e.date {
        if let Some(v) = &d.value {
            if let Some(lo) = day(v) {
                let hi = d.end.as_deref().and_then(day).unwrap_or(lo);
                return Some((lo, hi.max(lo)));
            }
            // A month ("2015-05") or a year: its first to its last day.
            if v.len() == 7 {
                let lo = day(&format!("{v}-01"))?;
                return Some((lo, lo + 30));
            }
        }
    }
    let p = day(e.article.published.as_deref()?)?;
    Some((p - 3, p))
}

/// Party keys: canonical names, and country+sector for parties that give both.
fn keys(v: &[sitrep_core::Entity]) -> Vec<String> {
    let mut out = Vec::new();
    for e in v {
        let n = if e.name.is_empty() { &e.text } else { &e.name };
        out.push(n.to_lowercase());
        if let (Some(c), Some(s)) = (&e.country, e.sector.first()) {
            out.push(format!("{c}/{s}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

fn shares(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|x| b.binary_search(x).is_ok()).count()
}

/// Whether an event gets an incident at all: asserted and not historical.
pub fn eligible(e: &Event) -> bool {
    e.modality == Modality::Asserted && !e.historical
}

/// The day interval an event is clustered on (days since 1970-01-01), for a store to sort by;
/// `None` for an undated event (it stays an incident of its own).
pub fn days(e: &Event) -> Option<(i64, i64)> {
    interval(e)
}

impl Facts {
    fn of(article: String, mut event: Event, p: &Params) -> Option<Facts> {
        let e = &event;
        if !eligible(e) {
            return None;
        }
        let (lo, hi) = interval(e).unwrap_or((i64::MIN / 4, i64::MIN / 4));
        let loc = e.location.as_ref().filter(|p| p.resolved);
        let point = loc.filter(|p| p.precision.unwrap_or(0) >= PRECISE).and_then(|p| p.lat.zip(p.lon));
        let country = loc.and_then(|p| p.country.clone());
        let s = &e.size;
        let counts = [&s.killed, &s.injured, &s.arrested, &s.displaced].map(|c| c.as_ref().map(|c| c.count));
        let (actors, recipients, sides) = (keys(&e.actor), keys(&e.recipient), sides(&e.actor, p));
        // What an incident record never reads goes, so open incidents stay small.
        event.reported_by.clear();
        event.mode.clear();
        event.context.clear();
        event.trigger.text.clear();
        event.rule.clear();
        event.inferred.clear();
        event.cameo = None;
        if let Some(p) = event.location.as_mut() {
            p.candidates.clear();
        }
        for x in event.actor.iter_mut().chain(event.recipient.iter_mut()) {
            x.aliases.clear();
        }
        Some(Facts { article, event, actors, recipients, sides, lo, hi, point, country, counts })
    }

    fn dated(&self) -> bool {
        self.lo > i64::MIN / 4
    }

    /// Compatibility (module docs) and, when compatible, a score of how well they match.
    /// `Some(None)`: nothing rules the pair out, but nothing ties it either (a coarse place and
    /// no shared party).
    fn fits(&self, o: &Facts, p: &Params) -> Option<Option<f64>> {
        if self.event.category != o.event.category || !self.dated() || !o.dated() {
            return None;
        }
        let gap = (self.lo - o.hi).max(o.lo - self.hi).max(0);
        if gap > p.window_days {
            return None;
        }
        let parties = shares(&self.actors, &o.actors) + shares(&self.recipients, &o.recipients);
        let mut score = parties as f64 + 1.0 / (1.0 + gap as f64);
        let mut tied = true;
        match (self.point, o.point) {
            (Some((a, b)), Some((c, d))) => {
                let km = sitrep_gazetteer::distance_km(a, b, c, d);
                if km > p.max_km {
                    return None;
                }
                score += 1.0 - km / p.max_km;
            }
            _ => {
                if let (Some(a), Some(b)) = (&self.country, &o.country) {
                    if a != b {
                        return None;
                    }
                }
                if parties == 0 {
                    tied = false;
                }
            }
        }
        // One side against the other: state forces and an armed group acting the same day in one
        // place are two acts (a clash is coded once, with both as actors, on either side).
        let (a, b) = (self.sides, o.sides);
        if (a.state && !a.non_state && b.non_state && !b.state) || (a.non_state && !a.state && b.state && !b.non_state) {
            return None;
        }
        for (a, b) in self.counts.iter().zip(&o.counts) {
            if let (Some(a), Some(b)) = (a, b) {
                let (small, big) = ((*a).min(*b) as f64, (*a).max(*b) as f64);
                if big > small * p.count_ratio + p.count_slack {
                    return None;
                }
            }
        }
        Some(tied.then_some(score))
    }

    /// The blocks an incident holding this event is filed under (`lookup` false), or the
    /// blocks this event looks for incidents in (`lookup` true). A precise event is filed under
    /// its place cell and looks in the cells around it; a coarse or unplaced one is filed under
    /// its country's coarse block (or that of no country). Every event also looks in the coarse
    /// blocks of its country and of no country; a coarse event looks at its whole country, an
    /// unplaced one everywhere, since any place may be its.
    fn blocks(&self, (from, to): (i64, i64), out: &mut Vec<Block>, lookup: bool) {
        if !self.dated() {
            return;
        }
        let category = &self.event.category;
        let cell = self.point.map(|(la, lo)| ((la / CELL).floor() as i32, (lo / CELL).floor() as i32));
        let country = self.country.as_deref().unwrap_or("");
        let mut add = |day: i64, place: Where| out.push(Block { category: category.to_string(), day, place });
        for d in from..=to.min(from + 31 + 2 * 7) {
            match (lookup, cell) {
                (false, Some((y, x))) => {
                    add(d, Where::Cell(y, x));
                    add(d, Where::Country(country.to_string()));
                    add(d, Where::Any);
                }
                (false, None) => {
                    add(d, Where::Coarse(country.to_string()));
                    add(d, Where::Country(country.to_string()));
                    add(d, Where::Any);
                }
                (true, Some((y, x))) => {
                    for dy in -1..=1 {
                        for dx in -1..=1 {
                            add(d, Where::Cell(y + dy, x + dx));
                        }
                    }
                    add(d, Where::Coarse(country.to_string()));
                    add(d, Where::Coarse(String::new()));
                }
                (true, None) if country.is_empty() => add(d, Where::Any),
                (true, None) => {
                    add(d, Where::Country(country.to_string()));
                    add(d, Where::Coarse(String::new()));
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Where {
    /// Precise events of a place cell.
    Cell(i32, i32),
    /// Events placed only by country (or province), or not at all (""), of a country.
    Coarse(String),
    /// Every event of a country.
    Country(String),
    /// Every event.
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Block {
    category: String,
    day: i64,
    place: Where,
}

/// Clusters events into incidents. Deterministic: the same events in any order give the same
/// incidents, with the same ids (in the order they close).
pub fn cluster(members: &[Member], p: &Params) -> Vec<Clustered> {
    let mut owned: Vec<(String, Event)> = members.iter().map(|m| (m.article.to_string(), m.event.clone())).collect();
    owned.sort_by(|a, b| order(&a.0, &a.1).cmp(&order(&b.0, &b.1)));
    let mut out = Vec::new();
    let mut c = Clusterer::new(p.clone());
    for (article, event) in owned {
        c.push(article, event, &mut |x| out.push(x));
    }
    c.finish(&mut |x| out.push(x));
    out
}

/// The order a [`Clusterer`] must be fed in: undated events first, then by day interval, then
/// by article and event id (what a store's `ORDER BY` gives from [`days`]).
pub fn order<'a>(article: &'a str, e: &'a Event) -> (Option<(i64, i64)>, &'a str, &'a str) {
    (interval(e), article, e.id.as_str())
}

struct Group {
    members: Vec<Facts>,
    /// The latest day any member may have happened: past it by more than the window, no later
    /// event can join, and the incident is closed.
    max_hi: i64,
}

/// Streaming clustering: events pushed in [`order`], incidents handed on as soon as no later
/// event can join them, so memory holds only the incidents of the last few days however many
/// events there are.
pub struct Clusterer {
    p: Params,
    groups: Vec<Option<Group>>,
    /// Per day: the blocks filed that day and the groups in them.
    index: std::collections::BTreeMap<i64, HashMap<Block, Vec<usize>>>,
    /// Groups still open, by id.
    open: Vec<usize>,
    /// Per group: the last event that looked at it.
    seen_at: Vec<usize>,
    pushed: usize,
}

impl Clusterer {
    pub fn new(p: Params) -> Clusterer {
        Clusterer { p, groups: Vec::new(), index: Default::default(), open: Vec::new(), seen_at: Vec::new(), pushed: 0 }
    }

    /// Adds one event (in [`order`]); incidents that can no longer grow go to `out`.
    pub fn push(&mut self, article: String, event: Event, out: &mut dyn FnMut(Clustered)) {
        let Some(f) = Facts::of(article, event, &self.p) else { return };
        self.pushed += 1;
        let i = self.pushed;
        if !f.dated() {
            out(incident(&[&f]));
            return;
        }
        let p = &self.p;
        // Close what this event (and every later one, which starts no earlier) cannot reach.
        let lo = f.lo;
        let mut k = 0;
        while k < self.open.len() {
            let g = self.open[k];
            if self.groups[g].as_ref().is_some_and(|gr| gr.max_hi + p.window_days < lo) {
                self.open.swap_remove(k);
                if let Some(gr) = self.groups[g].take() {
                    out(incident(&gr.members.iter().collect::<Vec<_>>()));
                }
            } else {
                k += 1;
            }
        }
        // Days no later lookup reaches are dropped from the index.
        let keep = self.index.split_off(&(lo - p.window_days));
        self.index = keep;
        let mut blocks = Vec::new();
        // Look wider than the event's own days: a neighbour's interval may end up to the window
        // before this one starts.
        f.blocks((f.lo - p.window_days, f.hi + p.window_days), &mut blocks, true);
        let mut best: Option<(f64, usize)> = None;
        for b in &blocks {
            let Some(gs) = self.index.get(&b.day).and_then(|m| m.get(b)) else { continue };
            for &g in gs {
                if self.seen_at[g] == i {
                    continue;
                }
                self.seen_at[g] = i;
                let Some(gr) = self.groups[g].as_ref() else { continue };
                // Nothing may rule the event out against any member (complete link), and at least
                // one member must tie it to the incident.
                let (mut total, mut ties) = (0.0, 0usize);
                let mut ok = true;
                for m in gr.members.iter().take(p.max_compared) {
                    match f.fits(m, p) {
                        Some(Some(s)) => {
                            total += s;
                            ties += 1;
                        }
                        Some(None) => {}
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok && ties > 0 {
                    let score = total / gr.members.len().min(p.max_compared) as f64;
                    if best.is_none_or(|(s, bg)| score > s || (score == s && g < bg)) {
                        best = Some((score, g));
                    }
                }
            }
        }
        blocks.clear();
        f.blocks((f.lo, f.hi), &mut blocks, false);
        let hi = f.hi;
        let g = match best {
            Some((_, g)) => {
                let gr = self.groups[g].as_mut().expect("open");
                gr.members.push(f);
                gr.max_hi = gr.max_hi.max(hi);
                g
            }
            None => {
                self.groups.push(Some(Group { members: vec![f], max_hi: hi }));
                self.seen_at.push(0);
                self.open.push(self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        for b in blocks {
            let v = self.index.entry(b.day).or_default().entry(b).or_default();
            if v.last() != Some(&g) {
                v.push(g);
            }
        }
    }

    /// Hands on every incident still open.
    pub fn finish(mut self, out: &mut dyn FnMut(Clustered)) {
        self.open.sort_unstable();
        for g in self.open {
            if let Some(gr) = self.groups[g].take() {
                out(incident(&gr.members.iter().collect::<Vec<_>>()));
            }
        }
    }
}

fn date_of(d: i64) -> String {
    let base = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
    (base + chrono::Duration::days(d)).format("%Y-%m-%d").to_string()
}

/// The incident record of one cluster (its members in date order).
fn incident(fs: &[&Facts]) -> Clustered {
    let first = &fs[0].event;
    let id = format!("inc-{:016x}", sitrep_core::fnv1a64(format!("{}\u{1f}{}", fs[0].article, first.id).into_bytes()));
    // ACLED view: the most common among members, ties to the earliest.
    let mut acled_votes: Vec<(&sitrep_core::Acled, usize)> = Vec::new();
    for f in fs {
        if let Some(a) = &f.event.acled {
            match acled_votes.iter_mut().find(|(x, _)| *x == a) {
                Some((_, n)) => *n += 1,
                None => acled_votes.push((a, 1)),
            }
        }
    }
    let acled = acled_votes.iter().fold(None::<(&sitrep_core::Acled, usize)>, |b, &(a, n)| match b {
        Some((_, bn)) if bn >= n => b,
        _ => Some((a, n)),
    });
    let names = |pick: fn(&Event) -> &Vec<sitrep_core::Entity>| {
        let mut out: Vec<String> = Vec::new();
        for f in fs {
            for e in pick(&f.event) {
                let n = if e.name.is_empty() { e.text.clone() } else { e.name.clone() };
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    };
    // The most precise resolved place; ties to the earliest report.
    let location: Option<&Place> =
        fs.iter().filter_map(|f| f.event.location.as_ref().filter(|p| p.resolved)).fold(None, |b: Option<&Place>, p| match b {
            Some(b) if b.precision.unwrap_or(0) >= p.precision.unwrap_or(0) => Some(b),
            _ => Some(p),
        });
    let dated: Vec<&&Facts> = fs.iter().filter(|f| f.dated()).collect();
    let date_start = dated.iter().map(|f| f.lo).min().map(date_of);
    let date_end = dated.iter().map(|f| f.hi).max().map(date_of);
    let mut articles: Vec<String> = Vec::new();
    let mut published: Vec<&str> = Vec::new();
    for f in fs {
        let a = &f.event.article;
        if !articles.contains(&a.id) {
            articles.push(a.id.clone());
        }
        if let Some(p) = a.published.as_deref() {
            published.push(p);
        }
    }
    published.sort();
    let reconcile = |k: usize| -> Option<Reconciled> {
        let sources: Vec<SourceCount> = fs
            .iter()
            .filter_map(|f| {
                f.counts[k].map(|count| SourceCount {
                    article: f.event.article.id.clone(),
                    event: f.event.id.clone(),
                    published: f.event.article.published.clone(),
                    count,
                })
            })
            .collect();
        let latest = sources.iter().max_by(|a, b| (a.published.as_deref(), a.count).cmp(&(b.published.as_deref(), b.count)))?;
        Some(Reconciled {
            count: latest.count,
            min: sources.iter().map(|s| s.count).min().unwrap_or(0),
            max: sources.iter().map(|s| s.count).max().unwrap_or(0),
            sources: sources.clone(),
        })
    };
    let inc = Incident {
        id,
        category: first.category.clone(),
        acled: acled.map(|(a, _)| a.clone()),
        actors: names(|e| &e.actor),
        recipients: names(|e| &e.recipient),
        location: location.cloned(),
        date_start,
        date_end,
        size: ReconciledSize { killed: reconcile(0), injured: reconcile(1), arrested: reconcile(2), displaced: reconcile(3) },
        events: fs.iter().map(|f| f.event.id.clone()).collect(),
        articles,
        first_seen: published.first().map(|s| s.to_string()),
        last_seen: published.last().map(|s| s.to_string()),
    };
    (inc, fs.iter().map(|f| (f.article.to_string(), f.event.id.clone())).collect())
}

/// Pairwise precision and recall of a clustering against gold labels: over all pairs of
/// labelled items, a pair is predicted together when both share an incident, gold together
/// when both share a label.
pub fn pairwise(pred: &[usize], gold: &[usize]) -> (f64, f64) {
    let (mut tp, mut pp, mut gp) = (0usize, 0usize, 0usize);
    for i in 0..pred.len() {
        for j in i + 1..pred.len() {
            let p = pred[i] == pred[j];
            let g = gold[i] == gold[j];
            tp += (p && g) as usize;
            pp += p as usize;
            gp += g as usize;
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(tp, pp), ratio(tp, gp))
}

#[cfg(test)]
mod tests;
