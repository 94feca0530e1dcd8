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
            if self.naming_links.iter().any(|p| named(p)) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{actors, actors_with, fixture, mention, mention_texts, span_of, with_text};
    use super::*;
    use crate::set::ANAPHORS;
    use sitrep_core::{Entity, Place};

    fn ent(text: &str, whole: &str, kind: EntityKind, name: &str) -> Entity {
        let (s, e) = span_of(text, name);
        Entity { text: name.to_string(), name: whole.to_string(), kind, span: Span(s, e), ..Default::default() }
    }

    #[test]
    fn a_particle_is_no_part_of_the_surname() {
        let particles = &fixture().rec.particles;
        assert_eq!(strip_particle("al-Nuri", particles), "nuri");
        assert_eq!(strip_particle("Bin-Tahir", particles), "tahir");
        assert_eq!(strip_particle("Abu-Dhabi-Nur", particles), "dhabi-nur");
        assert_eq!(strip_particle("Wadi-Nur", particles), "wadi-nur", "no particle before the hyphen");
    }

    #[test]
    fn every_ending_of_a_person_name_is_indexed() {
        let mut set = ActorSet::default();
        let text = "Sara Nur al-Tahir";
        let id = set.push(ent(text, text, EntityKind::Person, text), None, None);
        set.index_surnames(id, &fixture().rec.particles);
        let mut keys: Vec<&str> = set.surnames.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, vec!["al-tahir", "nur al-tahir", "tahir"]);
    }

    #[test]
    fn a_surname_links_to_the_person_named_in_full() {
        let text = "Ali Hassan spoke. They met Hassan. They met Ali Hassan.";
        with_text(text, false, |rec, ctx, _| {
            let mut set = ActorSet::default();
            let id = set.push(ent(text, "Ali Hassan", EntityKind::Person, "Ali Hassan"), None, None);
            set.index_surnames(id, &rec.particles);
            let run = |s: usize, e: usize| (ctx.tok_starting(s).expect("token"), ctx.tok_ending(e).expect("token") + 1);
            let later = text.match_indices("Hassan").nth(1).expect("the surname").0;
            let (ti, tj) = run(later, later + 6);
            assert_eq!(rec.surname_link(ctx, &set, ti, tj), Some(id));
            // the full name again is the same name, not a surname of it
            let again = text.rfind("Ali Hassan").expect("again");
            let (ti, tj) = run(again, again + 10);
            assert_eq!(rec.surname_link(ctx, &set, ti, tj), None);
        });
    }

    #[test]
    fn a_later_surname_is_the_same_person() {
        let set = actors("Ali Hassan said the road was shut. Later the envoy met Hassan.");
        assert_eq!(mention_texts(&set), vec!["Ali Hassan", "Hassan"]);
        assert_eq!((set.mentions[1].entity.name.as_str(), set.mentions[1].link), ("Ali Hassan", Some(0)));
    }

    #[test]
    fn an_acronym_in_brackets_becomes_an_alias_and_later_uses_link_back() {
        let text = "Then WNC fighters came. The Wadi Nur Council (WNC) met. Later WNC members and (Nur) left.";
        let set = with_text(text, false, |rec, ctx, _| {
            let mut set = ActorSet::default();
            set.push(ent(text, "Wadi Nur Council", EntityKind::Group, "Wadi Nur Council"), None, None);
            rec.acronyms(ctx, &mut set);
            set
        });
        assert_eq!(set.mentions[0].entity.aliases, vec!["WNC".to_string()]);
        let wnc: Vec<_> = set.mentions[1..].iter().map(|m| (m.entity.span.0, m.entity.name.as_str(), m.link)).collect();
        let uses: Vec<usize> = text.match_indices("WNC").map(|(i, _)| i).skip(1).collect();
        assert_eq!(
            wnc,
            vec![(uses[0], "Wadi Nur Council", Some(0)), (uses[1], "Wadi Nur Council", Some(0))],
            "not the use before the definition"
        );
    }

    #[test]
    fn a_definite_description_refers_to_the_last_fitting_actor_or_place() {
        let text = "The Wadi Nur Brigade attacked Dala. The armed group later withdrew from the town, and the province was calm.";
        let set = with_text(text, false, |rec, ctx, phrases| {
            let mut set = ActorSet::default();
            set.push(ent(text, "Wadi Nur Brigade", EntityKind::ArmedGroup, "Wadi Nur Brigade"), None, None);
            let (s, e) = span_of(text, "Dala");
            set.places.push(Place { text: "Dala".into(), name: "Dala".into(), span: Span(s, e), ..Default::default() });
            rec.anaphora(ctx, &mut set, &phrases.take(ANAPHORS));
            set
        });
        let group = mention(&set, "The armed group").expect("an anaphor");
        assert_eq!((group.entity.name.as_str(), group.entity.kind, group.link), ("Wadi Nur Brigade", EntityKind::ArmedGroup, Some(0)));
        let places: Vec<_> = set.places.iter().map(|p| (p.text.as_str(), p.name.as_str())).collect();
        assert_eq!(places, vec![("Dala", "Dala"), ("the town", "Dala")], "no province was named before");
    }

    #[test]
    fn a_description_that_names_its_referent_is_no_anaphor() {
        let text = "Fighting reached Dala. Then the town of Bama and the town, Konduga, fell.";
        let set = with_text(text, false, |rec, ctx, phrases| {
            let mut set = ActorSet::default();
            let (s, e) = span_of(text, "Dala");
            set.places.push(Place { text: "Dala".into(), name: "Dala".into(), span: Span(s, e), ..Default::default() });
            rec.anaphora(ctx, &mut set, &phrases.take(ANAPHORS));
            set
        });
        assert_eq!(set.places.len(), 1);
    }

    #[test]
    fn naming_links_come_from_coref_toml() {
        let text = "Fighting in Dala stopped. Then the town of Bama fell.";
        let anaphors = |set: &ActorSet| set.places.iter().filter(|p| p.text == "the town").count();
        let mut lex = fixture().lex.clone();
        assert_eq!(anaphors(&actors_with(&lex, text)), 0);
        lex.coref.naming_links = vec![", ".into()];
        assert_eq!(anaphors(&actors_with(&lex, text)), 1, "without ' of ' the town is Dala again");
    }

    #[test]
    fn he_refers_to_the_last_person_as_a_quote_speaker() {
        let lex = &fixture().lex;
        let text = "Ali Hassan said the road was shut. \"We will wait,\" he said.";
        let seg = sitrep_segment::Segmenter::new(&lex.segment).segment(text, false);
        let syn = crate::Syntax::new(crate::Parser::builtin(), text, &seg);
        let rec = crate::Recognizer::new(lex).recognize(text, &seg, &syn, false, None);
        let quote = rec.quotes.iter().find(|q| q.direct).expect("the direct quote");
        let speaker = quote.speaker.as_ref().expect("its speaker");
        assert_eq!((speaker.text.as_str(), speaker.name.as_str(), speaker.kind), ("he", "Ali Hassan", EntityKind::Person));
        let he = rec.entities.iter().find(|e| e.text == "he").expect("the pronoun as a mention");
        assert_eq!(he.refers_to.map(|i| rec.entities[i].text.as_str()), Some("Ali Hassan"));
    }
}
