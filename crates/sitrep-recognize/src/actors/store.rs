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

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::Span;

    fn ent(name: &str, kind: EntityKind, country: Option<&str>, s: usize, e: usize) -> Entity {
        Entity {
            text: name.to_string(),
            name: name.to_string(),
            kind,
            country: country.map(str::to_string),
            span: Span(s, e),
            ..Default::default()
        }
    }

    fn place(name: &str, s: usize, e: usize) -> Place {
        Place { text: name.to_string(), name: name.to_string(), span: Span(s, e), ..Default::default() }
    }

    #[test]
    fn the_same_actor_named_again_joins_the_chain_of_its_first_mention() {
        let mut set = ActorSet::default();
        let first = set.push(ent("Wadi Nur Council", EntityKind::Group, None, 0, 16), None, None);
        let again = set.push(ent("Wadi Nur Council", EntityKind::Group, None, 40, 56), None, None);
        let third = set.push(ent("Wadi Nur Council", EntityKind::Group, None, 60, 76), None, None);
        // the same name of another country or kind is another actor
        let abroad = set.push(ent("Wadi Nur Council", EntityKind::Group, Some("IRQ"), 80, 96), None, None);
        let person = set.push(ent("Wadi Nur Council", EntityKind::Person, None, 100, 116), None, None);
        assert_eq!(set.mentions[first].link, None);
        assert_eq!(set.mentions[again].link, Some(first));
        assert_eq!(set.mentions[third].link, Some(first));
        assert_eq!((set.mentions[abroad].link, set.mentions[person].link), (None, None));
    }

    #[test]
    fn unknown_mentions_never_chain_and_an_explicit_link_wins() {
        let mut set = ActorSet::default();
        let a = set.push(ent("Dala", EntityKind::Unknown, None, 0, 4), None, None);
        let b = set.push(ent("Dala", EntityKind::Unknown, None, 10, 14), None, None);
        assert_eq!(set.mentions[b].link, None);
        let g = set.push(ent("Nur Brigade", EntityKind::ArmedGroup, None, 20, 31), None, None);
        let h = set.push(ent("Nur Brigade", EntityKind::ArmedGroup, None, 40, 51), Some(a), None);
        assert_eq!(set.mentions[h].link, Some(a), "a given link is kept, not replaced by the chain's");
        assert_eq!(set.head(h), a);
        assert_eq!(set.head(g), g);
    }

    #[test]
    fn mentions_are_found_by_start_end_and_overlap() {
        // "Ali Hassan met Sara Nur": [0, 10) and [15, 23)
        let mut set = ActorSet::default();
        let ali = set.push(ent("Ali Hassan", EntityKind::Person, None, 0, 10), None, None);
        let sara = set.push(ent("Sara Nur", EntityKind::Person, None, 15, 23), None, None);
        assert_eq!(set.mention_ending(10), Some(ali));
        assert_eq!(set.mention_starting(15), Some(sara));
        assert_eq!((set.mention_ending(9), set.mention_starting(1)), (None, None));
        assert!(set.overlaps(4, 6), "inside a mention that starts before");
        assert!(set.overlaps(12, 16), "reaching into a later mention");
        assert!(!set.overlaps(10, 15), "the gap between them");
        assert_eq!(set.inside(0, 23), vec![ali, sara]);
        assert_eq!(set.inside(0, 20), vec![ali], "a mention running past the end is not inside");
    }

    #[test]
    fn last_person_before_is_the_chain_head() {
        let mut set = ActorSet::default();
        let ali = set.push(ent("Ali Hassan", EntityKind::Person, None, 0, 10), None, None);
        set.push(ent("Ali Hassan", EntityKind::Person, None, 30, 36), None, None);
        set.push(ent("Nur Brigade", EntityKind::ArmedGroup, None, 40, 51), None, None);
        assert_eq!(set.last_person_before(5), None, "a person ending after the byte does not count");
        assert_eq!(set.last_person_before(20), Some(ali));
        assert_eq!(set.last_person_before(60), Some(ali), "the later mention's head, past the group");
    }

    #[test]
    fn an_agent_is_remembered_only_with_a_country() {
        let mut set = ActorSet::default();
        let iraqi = set.push(ent("Iraqi military", EntityKind::StateAgent, Some("IRQ"), 0, 12), None, Some(3));
        set.push(ent("military", EntityKind::StateAgent, None, 20, 28), None, Some(3));
        assert_eq!(set.last_agent.get(&3), Some(&iraqi));
        assert_eq!(set.last_agent.get(&4), None);
    }

    #[test]
    fn finish_orders_by_position_and_points_at_the_earliest_mention() {
        let mut set = ActorSet::default();
        // pushed out of text order: the head comes after a mention linked to it
        let head = set.push(ent("Nur Brigade", EntityKind::ArmedGroup, None, 50, 61), None, None);
        set.push(ent("Nur Brigade", EntityKind::ArmedGroup, None, 0, 5), Some(head), None);
        set.push(ent("Sara Nur", EntityKind::Person, None, 20, 28), None, None);
        let (ents, _, new_of) = set.finish();
        assert_eq!(ents.iter().map(|e| e.span.0).collect::<Vec<_>>(), vec![0, 20, 50]);
        assert_eq!(new_of, vec![2, 0, 1]);
        assert_eq!(ents.iter().map(|e| e.refers_to).collect::<Vec<_>>(), vec![None, None, Some(0)]);
    }

    #[test]
    fn sorting_places_keeps_the_dateline_place() {
        let mut set = ActorSet::default();
        set.places.push(place("Dala", 30, 34));
        set.places.push(place("Bama", 0, 4));
        set.dateline_place = Some(1);
        set.sort();
        assert_eq!(set.places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["Bama", "Dala"]);
        assert_eq!(set.dateline_place, Some(0));
    }
}
