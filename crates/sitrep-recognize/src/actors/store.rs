//! The mention store: every entity mention of one article while it is recognized, its
//! coreference chains (the same canonical actor named again links to its first mention) and
//! the indexes that keep every lookup logarithmic (by start, by end, persons by end, surnames,
//! the last mention of each agent); [`ActorSet::finish`] sorts the mentions into text order
//! and turns links into `refers_to`.

use sitrep_core::{Entity, EntityKind, Place};
use std::collections::{BTreeMap, HashMap};

/// One entity mention during recognition; `link` is the mention id of its chain head.
#[derive(Debug, Clone)]
pub struct Mention {
    pub entity: Entity,
    pub link: Option<usize>,
}

type ChainKey = (String, EntityKind, Option<String>);

/// Mentions under construction: ids are positions in `mentions` until [`ActorSet::finish`].
/// Indexes keep every lookup logarithmic, so a 50 MB article stays linear overall.
#[derive(Debug, Clone, Default)]
pub struct ActorSet {
    pub mentions: Vec<Mention>,
    pub places: Vec<Place>,
    pub main_country: Option<String>,
    pub dateline_place: Option<usize>,
    by_start: BTreeMap<usize, Vec<usize>>,
    pub(super) by_end: BTreeMap<usize, Vec<usize>>,
    chains: HashMap<ChainKey, usize>,
    persons_by_end: BTreeMap<usize, usize>,
    /// Lower-cased endings of person names ("kerry", "abdullah") → latest mention.
    pub(super) surnames: HashMap<String, usize>,
    /// Agent type → latest mention of it with a country.
    pub(super) last_agent: HashMap<usize, usize>,
    /// Where speech verbs start, sorted.
    pub(super) speech_starts: Vec<usize>,
}

impl ActorSet {
    /// An empty set; `speech_starts` are where speech verbs start, sorted.
    pub(super) fn new(speech_starts: Vec<usize>) -> ActorSet {
        ActorSet { speech_starts, ..Default::default() }
    }

    pub fn push(&mut self, entity: Entity, link: Option<usize>, agent: Option<usize>) -> usize {
        let id = self.mentions.len();
        // Same canonical actor named again: link to its first mention.
        let key: ChainKey = (entity.name.clone(), entity.kind, entity.country.clone());
        let link = link.or_else(|| (entity.kind != EntityKind::Unknown).then(|| self.chains.get(&key).copied()).flatten());
        self.chains.entry(key).or_insert(link.unwrap_or(id));
        self.by_start.entry(entity.span.0).or_default().push(id);
        self.by_end.entry(entity.span.1).or_default().push(id);
        if entity.kind == EntityKind::Person {
            self.persons_by_end.insert(entity.span.1, id);
        }
        if let (Some(a), Some(_)) = (agent, &entity.country) {
            self.last_agent.insert(a, id);
        }
        self.mentions.push(Mention { entity, link });
        id
    }

    pub(super) fn head(&self, id: usize) -> usize {
        self.mentions[id].link.unwrap_or(id)
    }

    pub(super) fn sort(&mut self) {
        let d = self.dateline_place.map(|i| self.places[i].span);
        self.places.sort_by_key(|p| (p.span.0, p.span.1));
        self.dateline_place = d.and_then(|sp| self.places.iter().position(|p| p.span == sp));
    }

    /// The mention whose span ends at `end`, if any.
    pub fn mention_ending(&self, end: usize) -> Option<usize> {
        self.by_end.get(&end).and_then(|v| v.last().copied())
    }

    pub fn mention_starting(&self, start: usize) -> Option<usize> {
        self.by_start.get(&start).and_then(|v| v.first().copied())
    }

    /// Whether any mention overlaps `[s, e)`.
    pub fn overlaps(&self, s: usize, e: usize) -> bool {
        self.by_start.range(s..e).next().is_some()
            || self.by_start.range(..s).next_back().is_some_and(|(_, ids)| ids.iter().any(|&i| self.mentions[i].entity.span.1 > s))
    }

    /// Mentions lying inside `[s, e)`, in text order.
    pub fn inside(&self, s: usize, e: usize) -> Vec<usize> {
        self.by_start.range(s..e).flat_map(|(_, ids)| ids.iter().copied()).filter(|&i| self.mentions[i].entity.span.1 <= e).collect()
    }

    /// The last person mentioned before `byte` (for "he said"), as its chain head.
    pub fn last_person_before(&self, byte: usize) -> Option<usize> {
        self.persons_by_end.range(..=byte).next_back().map(|(_, &i)| self.head(i))
    }

    /// Sorts mentions by position and turns links into `refers_to` indexes.
    /// Returns the entities and, for each old mention id, its new index.
    pub fn finish(self) -> (Vec<Entity>, Vec<Place>, Vec<usize>) {
        let mut order: Vec<usize> = (0..self.mentions.len()).collect();
        order.sort_by_key(|&i| (self.mentions[i].entity.span.0, self.mentions[i].entity.span.1, i));
        let mut new_of = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = new;
        }
        // A chain points at its earliest mention in text order.
        let mut earliest: HashMap<usize, usize> = HashMap::new();
        for (i, m) in self.mentions.iter().enumerate() {
            let head = m.link.unwrap_or(i);
            let e = earliest.entry(head).or_insert(new_of[i]);
            *e = (*e).min(new_of[i]);
        }
        let mut out: Vec<Entity> = Vec::with_capacity(order.len());
        for &old in &order {
            let m = &self.mentions[old];
            let head = m.link.unwrap_or(old);
            let first = earliest[&head];
            let mut e = m.entity.clone();
            e.refers_to = (first != new_of[old]).then_some(first);
            out.push(e);
        }
        (out, self.places, new_of)
    }
}
