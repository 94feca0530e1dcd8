//! Person names: the cues that make a capitalised name a person (a title before or after it,
//! an honorific, a news outlet's possessive, speech next to it, a surname named before) and
//! the person it gives: name, role, sector and whose person it is.

use super::{last_ending_by, title_case, ActorRecognizer, ActorSet, Hit};
use crate::Ctx;
use sitrep_core::{Entity, EntityKind, Span};
use sitrep_lexicon::PhraseMatch;

/// What a title of `roles.toml` gives the person holding it.
pub(super) struct RoleInfo {
    pub(super) sector: Vec<String>,
    pub(super) media: bool,
}

/// What around a capitalised name says it names a person.
#[derive(Debug, Clone, Copy)]
pub(super) struct PersonCues<'a> {
    /// A title right before: "President Hassan", "the UN envoy, Volker Perthes".
    role_before: Option<&'a PhraseMatch>,
    /// A title in apposition after: "Ali Hassan, the secretary-general".
    role_after: Option<&'a PhraseMatch>,
    /// "Mr Hassan", "Dr. Nur".
    honorific: bool,
    /// A news outlet's reporter: "Al Jazeera's Zeina Khodr".
    media_owner: bool,
    /// The surname (or last part) of a person named before, as that mention.
    surname_of: Option<usize>,
    /// "said Halima Nur".
    speech_before: bool,
    /// "Hassan said".
    speech_after: bool,
    /// "Shekau, who pledged …".
    who_after: bool,
    /// Two or more words, the first a listed given name and the last no feature word ("Pavel
    /// Kasyanchyk", not "Jordan Valley"): `names.toml`.
    given_name: bool,
}

impl PersonCues<'_> {
    /// Whether the cues make the name a person. Speech next to it counts only for a name
    /// that is not all capitals (an acronym), has no place cue before it and is not a place
    /// named before; speech after it also needs `two_words_or_mid_sentence` (a single word
    /// opening a sentence before "said" may be anything).
    pub(super) fn person(&self, all_caps: bool, place_before: bool, known_place: bool, two_words_or_mid_sentence: bool) -> bool {
        self.role_before.is_some()
            || self.honorific
            || self.media_owner
            || (self.role_after.is_some() && !place_before)
            || self.surname_of.is_some()
            || ((self.speech_before || self.who_after) && !all_caps && !place_before && !known_place)
            || (self.speech_after && !all_caps && !place_before && !known_place && two_words_or_mid_sentence)
            || (self.given_name && !all_caps && !place_before && !known_place)
    }
}

/// How far after a title its affiliation may end ("spokesman for the provincial police").
const AFFILIATION_REACH: usize = 48;

impl ActorRecognizer {
    /// The body a title right before `from` serves, read in `[from, to)`: " for|of|at|with",
    /// then the first dictionary hit — an agent, group or organisation (its sectors and
    /// country; a national adjective before an agent gives its country), or a country alone.
    fn affiliation(&self, ctx: &Ctx, spans: &[(usize, usize, Hit)], from: usize, to: usize) -> Option<(Option<String>, Vec<String>)> {
        let rest = ctx.text.get(from..to)?.to_lowercase();
        // The preposition follows the title, or ends it ("spokesman for" is one title).
        let title_end = ctx.text[..from].rsplit(' ').next().unwrap_or("").to_lowercase();
        if !self.affiliation_preps.iter().any(|p| rest.starts_with(&format!(" {p} ")) || *p == title_end) {
            return None;
        }
        let k = spans.partition_point(|x| x.0 < from);
        let mut country = None;
        for &(_, _, h) in spans[k..].iter().take_while(|x| x.1 <= to) {
            match h {
                Hit::Country(ci) | Hit::Adjective(ci) | Hit::Capital(ci) => {
                    country.get_or_insert_with(|| self.countries[ci].iso3.clone());
                }
                Hit::Agent(ai) => return Some((country, self.agents[ai].sector.clone())),
                Hit::Group(gi) | Hit::GroupContext(gi) => {
                    let g = &self.groups[gi];
                    return Some((g.countries.first().cloned().or(country), g.sector.clone()));
                }
                Hit::Org(oi) => {
                    let o = &self.orgs[oi];
                    return Some((o.country.clone().or(country), o.sector.clone()));
                }
                Hit::Demonym(_) => {}
            }
        }
        country.map(|c| (Some(c), vec![]))
    }

    /// What around the name run `[ti, tj)` says it names a person.
    pub(super) fn person_cues<'a>(
        &self,
        ctx: &Ctx,
        set: &ActorSet,
        roles: &'a [PhraseMatch],
        spans: &[(usize, usize, Hit)],
        ti: usize,
        tj: usize,
    ) -> PersonCues<'a> {
        let text = ctx.text;
        let (s, e) = (ctx.tokens[ti].start, ctx.tokens[tj - 1].end);
        // "President Hassan …", "the UN envoy, Volker Perthes,"
        // "A spokesman for the junta, Fodéba Kalissa": the title's affiliation may stand between.
        let role_before = last_ending_by(roles, s).filter(|r| {
            matches!(&text[r.end..s], " " | ", ") || {
                let gap = &text[r.end..s];
                gap.len() <= AFFILIATION_REACH + 2
                    && gap.ends_with(", ")
                    && !gap[..gap.len() - 2].contains([',', '.', ';'])
                    && self.affiliation(ctx, spans, r.end, s - 2).is_some()
            }
        });
        // "Dr. Hassan": the tokenizer splits the abbreviation's full stop off, so look past it.
        let dotted = ti >= 2 && ctx.word(ti - 1) == "." && ctx.tokens[ti - 2].end == ctx.tokens[ti - 1].start;
        let h = if dotted { ti - 2 } else { ti.saturating_sub(1) };
        let honorific = ti > 0 && self.honorifics.contains(ctx.lower(h).trim_end_matches('.')) && ctx.adjacent(ti - 1);
        // "Al Jazeera's Zeina Khodr"
        let media_owner = ti >= 1 && ctx.word(ti - 1) == "'s" && {
            let k = spans.partition_point(|x| x.1 < ctx.tokens[ti - 1].start);
            spans
                .get(k)
                .is_some_and(|x| x.1 == ctx.tokens[ti - 1].start && matches!(x.2, Hit::Org(oi) if self.orgs[oi].kind == EntityKind::Media))
        };
        // "Tarik al-Abdullah, secretary-general of …"
        let role_after = roles[roles.partition_point(|r| r.start <= e)..].iter().take(1).find(|r| {
            // a title followed by a name belongs to that name ("…, police spokesman Abdirahman Osman")
            let titles_next = ctx.tok_starting(r.end + 1).is_some_and(|k| ctx.is_cap(k));
            !titles_next && r.start > e && r.start - e <= self.appositive_reach && {
                let gap = text[e..r.start].to_lowercase();
                gap == ", " || gap.strip_prefix(", ").and_then(|g| g.strip_suffix(' ')).is_some_and(|w| self.appositive_words.contains(w))
            }
        });
        let surname_of = self.surname_link(ctx, set, ti, tj);
        let speech_after = self.is_speech_after(ctx, set, e);
        // "said Halima Nur", "Shekau, who pledged …"
        let speech_before = ti > 0 && ctx.adjacent(ti - 1) && set.speech_starts.binary_search(&ctx.tokens[ti - 1].start).is_ok();
        let who_after = text[e..].starts_with(", who ");
        let given_name = tj - ti >= 2
            && self.names.is_given(ctx.word(ti))
            && !self.place_after.contains_key(&ctx.lower(tj - 1))
            && !self.org_heads.contains(&ctx.lower(tj - 1));
        PersonCues { role_before, role_after, honorific, media_owner, surname_of, speech_before, speech_after, who_after, given_name }
    }

    /// The person the name `[s, e)` names, with its cues: the name (the head's, for a
    /// surname), role, sector and country; and the mention it links to.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn person_entity(
        &self,
        ctx: &Ctx,
        set: &ActorSet,
        cues: &PersonCues,
        spans: &[(usize, usize, Hit)],
        main: Option<usize>,
        s: usize,
        e: usize,
    ) -> (Entity, Option<usize>) {
        let text = ctx.text;
        let name_text = &text[s..e];
        let PersonCues { role_before, role_after, media_owner, surname_of, .. } = *cues;
        let mut ent = Entity {
            text: name_text.to_string(),
            // caseless text: "john kerry" is named "John Kerry"
            name: if ctx.caseless { title_case(name_text) } else { name_text.to_string() },
            span: Span(s, e),
            kind: EntityKind::Person,
            ..Default::default()
        };
        let mut link = None;
        if let Some(mi) = surname_of {
            let head = set.mentions[mi].link.unwrap_or(mi);
            let h = &set.mentions[head].entity;
            ent.name = h.name.clone();
            ent.country = h.country.clone();
            ent.sector = h.sector.clone();
            ent.role = h.role.clone();
            link = Some(head);
        }
        let role = role_before.or(role_after);
        if let Some(r) = role {
            let info = &self.role_info[r.payload as usize];
            ent.role = Some(text[r.start..r.end].to_string());
            for sct in &info.sector {
                if !ent.sector.contains(sct) {
                    ent.sector.push(sct.clone());
                }
            }
            if info.media && !ent.sector.contains(&self.journalist) {
                ent.sector.push(self.journalist.clone());
            }
        }
        // "a spokesman for the provincial police", "head of the Norwegian charity": the body
        // the title serves gives the person's sectors (over the title's own) and country.
        if let Some(r) = role {
            let to = text[r.end..].find([',', '.', ';']).map_or(text.len(), |k| r.end + k).min(r.end + AFFILIATION_REACH);
            if let Some((country, sector)) = self.affiliation(ctx, spans, r.end, to) {
                if !sector.is_empty() {
                    ent.sector = sector;
                }
                if ent.country.is_none() {
                    ent.country = country;
                }
            }
        }
        if media_owner && !ent.sector.contains(&self.journalist) {
            ent.sector.push(self.journalist.clone());
            ent.role.get_or_insert_with(|| "journalist".into());
        }
        // Whose person: a country or organisation right before the title ("US Secretary
        // of State"), else, for office holders, the article's country.
        if ent.country.is_none() {
            if let Some(r) = role_before {
                let k = spans.partition_point(|x| x.1 <= r.start);
                if let Some(&(_, _, h)) = k.checked_sub(1).map(|k| &spans[k]).filter(|x| r.start - x.1 <= 1) {
                    match h {
                        Hit::Country(ci) | Hit::Adjective(ci) | Hit::Capital(ci) => ent.country = Some(self.countries[ci].iso3.clone()),
                        Hit::Org(oi) => {
                            if self.orgs[oi].kind == EntityKind::Media {
                                ent.sector.push(self.journalist.clone());
                            } else {
                                ent.country = self.orgs[oi].country.clone();
                            }
                        }
                        Hit::Group(gi) | Hit::GroupContext(gi) => {
                            ent.country = self.groups[gi].countries.first().cloned();
                            ent.sector.extend(self.groups[gi].sector.iter().cloned());
                        }
                        _ => {}
                    }
                }
            }
        }
        if ent.country.is_none() && self.takes_main_country(&ent) {
            ent.country = main.map(|ci| self.countries[ci].iso3.clone());
        }
        ent.sector.dedup();
        (ent, link)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{actors, actors_with, fixture, mention, span_of, with_text};
    use super::*;
    use crate::set::{DICT, ROLES, SPEECH};
    use std::collections::HashSet;

    /// The cues that fire around `name` in `text`, in words.
    fn cues(text: &str, name: &str) -> Vec<String> {
        with_text(text, false, |rec, ctx, phrases| {
            let raw = phrases.take(DICT);
            let roles = phrases.take(ROLES);
            let set = ActorSet::new(phrases.take(SPEECH).iter().map(|m| m.start).collect());
            let spans = rec.readings(ctx, &raw, &[], &HashSet::new());
            let (s, e) = span_of(text, name);
            let (ti, tj) = (ctx.tok_starting(s).expect("a token"), ctx.tok_ending(e).expect("a token") + 1);
            let c = rec.person_cues(ctx, &set, &roles, &spans, ti, tj);
            let mut out = Vec::new();
            if let Some(r) = c.role_before {
                out.push(format!("role before: {}", &text[r.start..r.end]));
            }
            if let Some(r) = c.role_after {
                out.push(format!("role after: {}", &text[r.start..r.end]));
            }
            for (fired, what) in [
                (c.honorific, "honorific"),
                (c.media_owner, "media owner"),
                (c.surname_of.is_some(), "surname"),
                (c.speech_before, "speech before"),
                (c.speech_after, "speech after"),
                (c.who_after, "who after"),
            ] {
                if fired {
                    out.push(what.to_string());
                }
            }
            out
        })
    }

    #[test]
    fn titles_and_honorifics_before_a_name() {
        assert_eq!(cues("Then Mr Hassan arrived.", "Hassan"), vec!["honorific"]);
        assert_eq!(cues("Then Mrs Hassan arrived.", "Hassan"), vec!["honorific"]);
        assert_eq!(cues("Then Dr. Hassan arrived.", "Hassan"), vec!["honorific"], "the split-off full stop is skipped");
        assert_eq!(cues("Then President Omar Tahir arrived.", "Omar Tahir"), vec!["role before: President"]);
        assert_eq!(cues("Then Omar Tahir arrived.", "Omar Tahir"), Vec::<String>::new());
    }

    #[test]
    fn a_title_in_apposition_after_a_name() {
        assert_eq!(cues("Then Omar Tahir, the spokesman, arrived.", "Omar Tahir"), vec!["role after: spokesman"]);
        // a title followed by a name is that name's
        let text = "They met Omar Tahir, police spokesman Ali Nur and others.";
        assert_eq!(cues(text, "Omar Tahir"), Vec::<String>::new());
        assert_eq!(cues(text, "Ali Nur").len(), 1, "{:?}", cues(text, "Ali Nur"));
        assert!(cues(text, "Ali Nur")[0].starts_with("role before: ") && cues(text, "Ali Nur")[0].ends_with("spokesman"));
    }

    #[test]
    fn speech_and_relative_clauses_around_a_name() {
        assert_eq!(cues("\"We left,\" said Sara Nur.", "Sara Nur"), vec!["speech before"]);
        assert_eq!(cues("Then Sara Nur said it.", "Sara Nur"), vec!["speech after"]);
        assert_eq!(cues("They met Sara Nur, who left.", "Sara Nur"), vec!["who after"]);
    }

    #[test]
    fn a_news_outlet_owns_its_reporter() {
        assert!(cues("Al Jazeera's Omar Tahir reported it.", "Omar Tahir").contains(&"media owner".to_string()));
        assert!(!cues("Iraq's Omar Tahir reported it.", "Omar Tahir").contains(&"media owner".to_string()));
    }

    fn no_cues() -> PersonCues<'static> {
        PersonCues {
            role_before: None,
            role_after: None,
            honorific: false,
            media_owner: false,
            surname_of: None,
            speech_before: false,
            speech_after: false,
            who_after: false,
            given_name: false,
        }
    }

    #[test]
    fn speech_makes_a_person_only_of_a_plain_name() {
        let said = PersonCues { speech_after: true, ..no_cues() };
        // (all capitals, place cue before, a place named before, two words or mid-sentence)
        assert!(said.person(false, false, false, true));
        assert!(!said.person(true, false, false, true), "an acronym");
        assert!(!said.person(false, true, false, true), "\"in Dala said\"");
        assert!(!said.person(false, false, true, true), "a place named before");
        assert!(!said.person(false, false, false, false), "one word opening a sentence");
        let said_before = PersonCues { speech_before: true, ..no_cues() };
        assert!(said_before.person(false, false, false, false), "\"said Nur\" needs no second word");
        assert!(!no_cues().person(false, false, false, true));
    }

    #[test]
    fn a_listed_given_name_makes_a_person_of_a_plain_name() {
        let set = actors("Police in Minsk jailed Pavel Kasyanchyk and Jordan Valley farmers.");
        assert_eq!(mention(&set, "Pavel Kasyanchyk").map(|m| m.entity.kind), Some(EntityKind::Person));
        assert!(mention(&set, "Jordan Valley").is_none_or(|m| m.entity.kind != EntityKind::Person), "a feature word ends a place");
        let given = PersonCues { given_name: true, ..no_cues() };
        assert!(given.person(false, false, false, true));
        assert!(!given.person(true, false, false, true), "an acronym");
        assert!(!given.person(false, true, false, true), "a place cue before it: \"in Georgia Town\"");
    }

    #[test]
    fn a_title_or_honorific_makes_a_person_even_of_capitals() {
        let title = PhraseMatch { start: 0, end: 9, payload: 0 };
        assert!(PersonCues { role_before: Some(&title), ..no_cues() }.person(true, true, true, false));
        assert!(PersonCues { honorific: true, ..no_cues() }.person(true, true, true, false));
        // a title after a name that follows a place cue: "in Dala, the capital"
        assert!(!PersonCues { role_after: Some(&title), ..no_cues() }.person(false, true, false, true));
    }

    #[test]
    fn the_country_before_a_title_is_the_persons() {
        let set = actors("US Secretary of State Jane Doral visited.");
        let m = &mention(&set, "Jane Doral").expect("a person").entity;
        assert_eq!(
            (m.kind, m.role.as_deref(), m.country.as_deref(), m.sector.clone()),
            (EntityKind::Person, Some("Secretary of State"), Some("USA"), vec!["GOV".to_string()])
        );
    }

    #[test]
    fn the_body_a_title_serves_gives_sectors_and_country() {
        // After the name: the affiliation's sectors replace the title's ("spokesman" alone is GOV).
        let set = actors("Omar Tahir, a spokesman for the Afghan police, said it.");
        let m = &mention(&set, "Omar Tahir").expect("a person").entity;
        assert_eq!((m.country.as_deref(), m.sector.clone()), (Some("AFG"), vec!["COP".to_string()]));
        // A national adjective before the body gives the country.
        let set = actors("Sara Lind, head of a Norwegian charity, said it.");
        let m = &mention(&set, "Sara Lind").expect("a person").entity;
        assert_eq!((m.country.as_deref(), m.sector.clone()), (Some("NOR"), vec!["NGO".to_string()]));
        // Before the name, with the affiliation between title and name.
        let set = actors("A spokesman for the junta, Fodeba Kalissa, said it.");
        let m = &mention(&set, "Fodeba Kalissa").expect("a person").entity;
        assert_eq!((m.kind, m.sector.clone()), (EntityKind::Person, vec!["GOV".to_string(), "MIL".to_string()]));
    }

    #[test]
    fn an_office_holder_takes_the_main_country_but_a_journalist_does_not() {
        let set = actors("Iraq denied it. The minister Omar Tahir spoke. Al Jazeera's Sara Nur reported it.");
        let minister = &mention(&set, "Omar Tahir").expect("a person").entity;
        assert_eq!((minister.role.as_deref(), minister.country.as_deref()), (Some("minister"), Some("IRQ")));
        let reporter = &mention(&set, "Sara Nur").expect("a person").entity;
        assert_eq!((reporter.role.as_deref(), reporter.country.as_deref()), (Some("journalist"), None));
        assert_eq!(reporter.sector, vec!["JRN".to_string()]);
    }

    #[test]
    fn a_media_title_gives_the_journalist_code() {
        let text = "Iraq denied it. The correspondent Sara Nur said so.";
        let mut lex = fixture().lex.clone();
        lex.agents.sector_codes.journalist = "PRS".into();
        let set = actors_with(&lex, text);
        let m = &mention(&set, "Sara Nur").expect("a person").entity;
        assert_eq!((m.role.as_deref(), m.country.as_deref()), (Some("correspondent"), None), "a journalist is nobody's office holder");
        assert_eq!(m.sector, vec!["JRN".to_string(), "PRS".to_string()], "the role's sectors, then the journalist code");
    }

    #[test]
    fn a_surname_takes_the_name_and_role_of_the_person_before() {
        let set = actors("President Omar Tahir spoke. Later the aide met Tahir.");
        let first = set.mentions.iter().position(|m| m.entity.text == "Omar Tahir").expect("the full name");
        let later = mention(&set, "Tahir").expect("the surname");
        assert_eq!((later.entity.name.as_str(), later.entity.role.as_deref()), ("Omar Tahir", Some("President")));
        assert_eq!(later.link, Some(first));
    }

    #[test]
    fn a_caseless_name_is_title_cased() {
        let text = "secretary of state jane doral said on monday.";
        let set = with_text(text, true, |rec, ctx, phrases| rec.find(ctx, phrases, &[], None));
        let m = &mention(&set, "jane doral").expect("a person after a title").entity;
        assert_eq!((m.name.as_str(), m.kind), ("Jane Doral", EntityKind::Person));
    }
}
