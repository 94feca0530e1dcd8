//! Capitalised names: the runs of words that form a name (or, in caseless text, the words
//! after a title), and what each names — a person (see `persons`), an organisation ("…
//! Council") or a place (a cue before it, a feature word after it, a place named before, or
//! coordination with a cued place).

use super::{last_ending_by, ActorRecognizer, ActorSet, Found, Hit};
use crate::Ctx;
use sitrep_core::{Entity, EntityKind, Place, Span};
use sitrep_lexicon::PhraseMatch;
use sitrep_segment::TokenKind;
use std::collections::HashMap;

impl ActorRecognizer {
    /// People, organisations and places written as capitalised names.
    pub(super) fn names(
        &self,
        ctx: &Ctx,
        set: &mut ActorSet,
        claimed: &[(usize, usize)],
        found: &Found,
        spans: &[(usize, usize, Hit)],
        main: Option<usize>,
    ) {
        let text = ctx.text;
        let roles = &found.roles;
        let runs = if ctx.caseless { self.caseless_runs(ctx, roles, claimed) } else { self.cap_runs(ctx, claimed, roles) };
        let (preps, befores) = (&found.place_preps, &found.place_before);
        let mut known_places: HashMap<String, usize> = HashMap::new();
        for (pi, p) in set.places.iter().enumerate() {
            known_places.entry(p.text.to_lowercase()).or_insert(pi);
        }
        let mut pending_coord: Option<usize> = None; // end byte of the last cued place, for "X and Y"
        for (ti, tj) in runs {
            let (s, e) = (ctx.tokens[ti].start, ctx.tokens[tj - 1].end);
            let name_text = &text[s..e];
            let cues = self.person_cues(ctx, set, roles, spans, ti, tj);
            let last_lower = ctx.lower(tj - 1);
            let org_head = self.org_heads.contains(&last_lower);
            let after_word = ctx.tokens.get(tj).filter(|_| ctx.adjacent(tj - 1)).map(|_| ctx.lower(tj));
            let place_after = after_word.as_ref().and_then(|w| self.place_after.get(w)).cloned();
            let place_before = last_ending_by(preps, s).is_some_and(|p| matches!(&text[p.end..s], " " | " the "))
                || last_ending_by(befores, s).is_some_and(|p| s - p.end <= 1);
            let coordinated = pending_coord.is_some_and(|pe| self.coordination_joins.contains(&text[pe..s]));
            let known_place = known_places.contains_key(&name_text.to_lowercase());

            let all_caps = name_text.chars().all(|c| !c.is_lowercase());
            let person = !org_head && cues.person(all_caps, place_before, known_place, tj - ti >= 2 || !ctx.is_sentence_start(ti));
            if person {
                let (ent, link) = self.person_entity(ctx, set, &cues, spans, main, s, e);
                let id = set.push(ent, link, None);
                set.index_surnames(id, &self.particles);
                continue;
            }
            if org_head && tj - ti >= 2 {
                let (sector, state) = self.org_head_sectors.get(&last_lower).cloned().unwrap_or_default();
                set.push(
                    Entity {
                        text: name_text.to_string(),
                        name: name_text.to_string(),
                        span: Span(s, e),
                        kind: EntityKind::Group,
                        country: if state { main.map(|ci| self.countries[ci].iso3.clone()) } else { None },
                        sector,
                        ..Default::default()
                    },
                    None,
                    None,
                );
                continue;
            }
            // Places: cued, "X province", coordinated with a cued place, or named before.
            let mut run_end = e;
            let mut feature = place_after.clone();
            if tj - ti >= 2 {
                if let Some(f) = self.place_after.get(&last_lower) {
                    // "Anbar Province": the last word is the feature
                    run_end = ctx.tokens[tj - 2].end;
                    feature = Some(f.clone());
                }
            }
            // acronyms ("TV", "UKIP") are rarely places unless a feature word says so
            let cued = (place_before || coordinated) && !all_caps;
            if cued || feature.is_some() || known_place {
                let name = text[s..run_end].to_string();
                let mut p = Place { text: text[s..e].to_string(), name: name.clone(), span: Span(s, e), ..Default::default() };
                if let Some(&pi) = known_places.get(&name.to_lowercase()) {
                    let k = &set.places[pi];
                    p.name = k.name.clone();
                    p.country = k.country.clone();
                    p.feature = k.feature.clone();
                    p.precision = k.precision;
                }
                if let Some(f) = &feature {
                    p.feature = Some(f.clone());
                    p.precision = Some(match f.as_str() {
                        "admin1" => 2,
                        "district" => 3,
                        "city" => 4,
                        "region" => 2,
                        _ => 5,
                    });
                }
                if feature.is_some() && run_end == e {
                    // include the feature word in the mention when it follows ("Anbar province")
                    let fe = ctx.tokens[tj].end;
                    p.span = Span(s, fe);
                    p.text = text[s..fe].to_string();
                }
                known_places.entry(name.to_lowercase()).or_insert(set.places.len());
                pending_coord = Some(p.span.1);
                set.places.push(p);
            }
        }
    }

    /// Maximal runs of capitalised words not claimed by dictionaries, dates or roles.
    fn cap_runs(&self, ctx: &Ctx, claimed: &[(usize, usize)], roles: &[PhraseMatch]) -> Vec<(usize, usize)> {
        let mut claimed: Vec<(usize, usize)> = claimed.to_vec();
        // A title claims its words, except a one-word title inside a name ("Hassan Sheikh Mohamud").
        claimed.extend(
            roles
                .iter()
                .filter(|r| {
                    let inside_name = ctx.tok_starting(r.start).is_some_and(|k| {
                        k > 0 && ctx.is_cap(k - 1) && ctx.adjacent(k - 1) && !ctx.word(k - 1).chars().all(|c| c.is_uppercase())
                    }) && !ctx.text[r.start..r.end].contains(' ');
                    !inside_name
                })
                .map(|r| (r.start, r.end)),
        );
        claimed.sort_unstable();
        let is_claimed = |s: usize, e: usize| {
            let k = claimed.partition_point(|c| c.1 <= s);
            k < claimed.len() && claimed[k].0 < e
        };
        let n = ctx.tokens.len();
        let namey = |i: usize| -> bool {
            let t = ctx.tokens[i];
            if t.kind != TokenKind::Word || is_claimed(t.start, t.end) {
                return false;
            }
            let w = ctx.word(i);
            if w == "'s" {
                return false;
            }
            if ctx.is_cap(i) {
                return !w.chars().all(|c| c.is_uppercase()) || w.chars().count() > 1;
            }
            // "al-Abdullah", "bin-Laden": particle + capitalised name
            if let Some((p, rest)) = w.split_once('-') {
                return self.particles.contains(&p.to_lowercase()) && rest.chars().next().is_some_and(|c| c.is_uppercase());
            }
            false
        };
        let mut runs = Vec::new();
        let mut i = 0;
        while i < n {
            if !namey(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n && ctx.adjacent(j - 1) {
                if namey(j) {
                    j += 1;
                } else if ctx.is_cap(j)
                    && ctx.word(j).chars().count() == 1
                    && ctx.word(j + 1) == "."
                    && ctx.tokens[j + 1].start == ctx.tokens[j].end
                    && j + 2 < n
                    && ctx.adjacent(j + 1)
                    && namey(j + 2)
                {
                    // a middle initial: "George W. Bush"
                    j += 3;
                } else if self.particles.contains(&ctx.lower(j)) && j + 1 < n && ctx.adjacent(j) && namey(j + 1) {
                    j += 2;
                } else {
                    break;
                }
            }
            // drop capitalised function words at the front ("The", "Meanwhile", "Following")
            let mut a = i;
            while a < j
                && (self.not_places.contains(&ctx.lower(a))
                    || (ctx.is_sentence_start(a) && j - a > 1 && self.is_function_word(&ctx.lower(a))))
            {
                a += 1;
            }
            if a < j {
                runs.push((a, j));
            }
            i = j;
        }
        runs
    }

    /// Caseless text has no capitals: names are only read after a title ("secretary of state john kerry").
    fn caseless_runs(&self, ctx: &Ctx, roles: &[PhraseMatch], claimed: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        for r in roles {
            let i = ctx.tok_at_or_after(r.end);
            if i >= ctx.tokens.len() || ctx.tokens[i].start != r.end + 1 {
                continue;
            }
            let mut j = i;
            while j < ctx.tokens.len() && j - i < 3 && ctx.tokens[j].kind == TokenKind::Word && (j == i || ctx.adjacent(j - 1)) {
                let w = ctx.lower(j);
                let t = ctx.tokens[j];
                if self.is_function_word(&w)
                    || self.speech.find(&w, true).first().is_some_and(|m| m.end == w.len())
                    || claimed.iter().any(|c| c.0 < t.end && t.start < c.1)
                {
                    break;
                }
                j += 1;
            }
            if j > i {
                runs.push((i, j));
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{actors, actors_with, fixture, mention, mention_texts, span_of, with_text};
    use super::*;
    use crate::set::ROLES;

    #[test]
    fn an_organisations_head_word_gives_its_sectors() {
        // A state body takes the article's country; a union does not.
        let set = actors("Kenya's Financial Services Authority fined a bank. The Matatu Drivers Union objected.");
        let fsa = &mention(&set, "Financial Services Authority").unwrap_or_else(|| panic!("{:?}", mention_texts(&set))).entity;
        assert_eq!((fsa.country.as_deref(), fsa.sector.clone()), (Some("KEN"), vec!["GOV".to_string()]));
        let union = &mention(&set, "Matatu Drivers Union").unwrap_or_else(|| panic!("{:?}", mention_texts(&set))).entity;
        assert_eq!((union.country.as_deref(), union.sector.clone()), (None, vec!["LAB".to_string()]));
    }

    /// The name runs of `text`, `claimed` spans left out.
    fn runs(text: &str, caseless: bool, claimed: &[(usize, usize)]) -> Vec<String> {
        with_text(text, caseless, |rec, ctx, phrases| {
            let roles = phrases.take(ROLES);
            let runs = if caseless { rec.caseless_runs(ctx, &roles, claimed) } else { rec.cap_runs(ctx, claimed, &roles) };
            runs.into_iter().map(|(i, j)| text[ctx.tokens[i].start..ctx.tokens[j - 1].end].to_string()).collect()
        })
    }

    fn places(set: &ActorSet) -> Vec<(&str, &str, Option<&str>, Option<u8>)> {
        set.places.iter().map(|p| (p.text.as_str(), p.name.as_str(), p.feature.as_deref(), p.precision)).collect()
    }

    #[test]
    fn a_run_keeps_initials_and_particles_and_drops_an_opening_function_word() {
        let text = "Meanwhile Ali K. Hassan met Sara al-Nuri and Omar bin Tahir in Dala.";
        assert_eq!(runs(text, false, &[]), vec!["Ali K. Hassan", "Sara al-Nuri", "Omar bin Tahir", "Dala"]);
        assert_eq!(runs(text, false, &[span_of(text, "Dala")]), vec!["Ali K. Hassan", "Sara al-Nuri", "Omar bin Tahir"]);
    }

    #[test]
    fn a_title_is_no_part_of_the_name_after_it() {
        assert_eq!(runs("Then Secretary of State Jane Doral left.", false, &[]), vec!["Jane Doral"]);
    }

    #[test]
    fn caseless_names_are_the_words_after_a_title() {
        // up to three words, stopping at a speech verb
        assert_eq!(runs("then secretary of state jane doral said no.", true, &[]), vec!["jane doral"]);
        assert_eq!(runs("then jane doral said no.", true, &[]), Vec::<String>::new());
    }

    #[test]
    fn places_are_cued_coordinated_or_named_by_a_feature_word() {
        let set = actors("Fighting spread in Bama and Konduga, while in Anbar province and BXL the council met.");
        assert_eq!(
            places(&set),
            vec![("Bama", "Bama", None, None), ("Konduga", "Konduga", None, None), ("Anbar province", "Anbar", Some("admin1"), Some(2)),],
            "an all-capitals word is no place without a feature word"
        );
        let set = actors("Rockets hit Dala District overnight.");
        assert_eq!(places(&set), vec![("Dala District", "Dala", Some("district"), Some(3))]);
    }

    #[test]
    fn the_object_of_an_attack_on_is_a_place() {
        // An unknown name after "an attack on" is where the attack fell, not a party.
        let set = actors("Gunmen killed nine people in an attack on Dalawa overnight.");
        assert_eq!(places(&set).iter().map(|p| p.0).collect::<Vec<_>>(), vec!["Dalawa"]);
    }

    #[test]
    fn coordination_joins_come_from_places_toml() {
        let text = "Fighting spread in Bama or Konduga and Dala.";
        let names = |set: &ActorSet| set.places.iter().map(|p| p.text.clone()).collect::<Vec<_>>();
        let mut lex = fixture().lex.clone();
        assert_eq!(names(&actors_with(&lex, text)), vec!["Bama", "Konduga", "Dala"]);
        lex.places.coordination_joins = vec![" and ".into()];
        assert_eq!(names(&actors_with(&lex, text)), vec!["Bama"], "the chain breaks at ' or '");
    }

    #[test]
    fn a_place_named_before_is_a_place_again_without_a_cue() {
        let set = actors("Fighting in Dala stopped. Later Dala was calm. Dalaville was not.");
        assert_eq!(places(&set).iter().map(|p| p.0).collect::<Vec<_>>(), vec!["Dala", "Dala"]);
    }

    #[test]
    fn an_organisation_head_word_makes_a_group() {
        let set = actors("Then the Wadi Nur Council met.");
        let kinds: Vec<_> = set.mentions.iter().map(|m| (m.entity.text.as_str(), m.entity.kind)).collect();
        assert_eq!(kinds, vec![("Wadi Nur Council", EntityKind::Group)]);
        assert!(set.places.is_empty());
    }

    #[test]
    fn a_name_with_a_title_is_a_person_even_after_a_place_cue() {
        let set = actors("Gunmen fled from President Omar Tahir.");
        assert!(set.mentions.iter().any(|m| m.entity.text == "Omar Tahir" && m.entity.kind == EntityKind::Person));
        assert!(set.places.iter().all(|p| p.text != "Omar Tahir"));
    }
}
