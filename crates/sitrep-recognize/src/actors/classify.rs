//! Entity classification: what a dictionary hit names (a country, its adjective, demonym or
//! capital, an armed group, an organisation, a state agent), the one reading kept per span,
//! the article's main country, and the mention each reading gives: its kind, sector and
//! country ("Iraqi special forces" is IRQ's special forces, "Iraqis" a people, "Iraq said" the
//! state, "Moscow denied" the Russian state, "Kabul was hit" the city).

use super::{overlaps_date, title_case, ActorRecognizer, ActorSet};
use crate::Ctx;
use sitrep_core::{DateMention, Entity, EntityKind, Place, PlaceUse, Span};
use sitrep_lexicon::PhraseMatch;
use std::collections::{HashMap, HashSet};

/// What one dictionary phrase names; the index is into the matching `*Info` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hit {
    Country(usize),
    Adjective(usize),
    Demonym(usize),
    Capital(usize),
    Group(usize),
    GroupContext(usize),
    Org(usize),
    Agent(usize),
}

pub(super) struct CountryInfo {
    pub(super) iso3: String,
    pub(super) name: String,
    pub(super) adjective: String,
    pub(super) capital: String,
    pub(super) aliases: Vec<String>,
}

pub(super) struct GroupInfo {
    pub(super) name: String,
    pub(super) aliases: Vec<String>,
    pub(super) countries: Vec<String>,
    pub(super) sector: Vec<String>,
    pub(super) religion: Option<String>,
    pub(super) ethnicity: Option<String>,
}

pub(super) struct OrgInfo {
    pub(super) name: String,
    pub(super) aliases: Vec<String>,
    pub(super) kind: EntityKind,
    pub(super) country: Option<String>,
    pub(super) sector: Vec<String>,
}

pub(super) struct AgentInfo {
    pub(super) label: String,
    pub(super) kind: EntityKind,
    pub(super) sector: Vec<String>,
    pub(super) inherit: bool,
    pub(super) takes_modifier: bool,
}

pub(super) fn opt(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

impl ActorRecognizer {
    fn country_place(&self, ci: usize, s: usize, e: usize, text: &str, use_: PlaceUse) -> Place {
        let c = &self.countries[ci];
        Place {
            text: text[s..e].to_string(),
            name: c.name.clone(),
            span: Span(s, e),
            country: Some(c.iso3.clone()),
            feature: Some("country".into()),
            precision: Some(1),
            use_,
            ..Default::default()
        }
    }

    fn capital_place(&self, ci: usize, s: usize, e: usize, text: &str, use_: PlaceUse) -> Place {
        let c = &self.countries[ci];
        Place {
            text: text[s..e].to_string(),
            name: c.capital.clone(),
            span: Span(s, e),
            country: Some(c.iso3.clone()),
            feature: Some("city".into()),
            precision: Some(4),
            use_,
            ..Default::default()
        }
    }

    fn state_entity(&self, ci: usize, s: usize, e: usize, text: &str) -> Entity {
        let c = &self.countries[ci];
        Entity {
            text: text[s..e].to_string(),
            name: c.name.clone(),
            aliases: c.aliases.clone(),
            span: Span(s, e),
            country: Some(c.iso3.clone()),
            sector: self.state_sector.clone(),
            kind: EntityKind::State,
            ..Default::default()
        }
    }

    fn group_entity(&self, gi: usize, s: usize, e: usize, text: &str) -> Entity {
        let g = &self.groups[gi];
        Entity {
            text: text[s..e].to_string(),
            name: g.name.clone(),
            aliases: g.aliases.clone(),
            span: Span(s, e),
            country: g.countries.first().cloned(),
            sector: g.sector.clone(),
            religion: g.religion.clone(),
            ethnicity: g.ethnicity.clone(),
            kind: EntityKind::ArmedGroup,
            ..Default::default()
        }
    }

    fn org_entity(&self, oi: usize, s: usize, e: usize, text: &str) -> Entity {
        let o = &self.orgs[oi];
        Entity {
            text: text[s..e].to_string(),
            name: o.name.clone(),
            aliases: o.aliases.clone(),
            span: Span(s, e),
            country: o.country.clone(),
            sector: o.sector.clone(),
            kind: o.kind,
            ..Default::default()
        }
    }

    /// The countries a dictionary hit names (`Hit::Country`, adjective, demonym, capital): the
    /// most named one (the earliest on a tie) is the article's main country; all of them, by
    /// ISO3, are `present`, which decides context aliases.
    pub(super) fn countries_present(&self, raw: &[PhraseMatch]) -> (Option<usize>, HashSet<&str>) {
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for m in raw {
            if let Hit::Country(ci) | Hit::Adjective(ci) | Hit::Demonym(ci) | Hit::Capital(ci) = self.hits[m.payload as usize] {
                let e = counts.entry(ci).or_insert((0, m.start));
                e.0 += 1;
            }
        }
        // The last tie-break (the lower country index) keeps the choice independent of the map's
        // iteration order: one name read as two countries ("Congolese") ties on count and start.
        let main = counts.iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)).then(b.0.cmp(a.0))).map(|(ci, _)| *ci);
        let present: HashSet<&str> = counts.keys().map(|ci| self.countries[*ci].iso3.as_str()).collect();
        (main, present)
    }

    /// One reading per dictionary span (see [`Self::choose`]), spans inside a date left out:
    /// `(start, end, hit)` in text order.
    pub(super) fn readings(
        &self,
        ctx: &Ctx,
        raw: &[PhraseMatch],
        dates: &[DateMention],
        present: &HashSet<&str>,
    ) -> Vec<(usize, usize, Hit)> {
        let mut spans: Vec<(usize, usize, Hit)> = Vec::new();
        let mut k = 0;
        while k < raw.len() {
            let (s, e) = (raw[k].start, raw[k].end);
            let mut same: Vec<Hit> = Vec::new();
            while k < raw.len() && raw[k].start == s && raw[k].end == e {
                same.push(self.hits[raw[k].payload as usize]);
                k += 1;
            }
            if overlaps_date(dates, s, e) {
                continue;
            }
            if let Some(mut h) = self.choose(&same, present) {
                // "the French foreign ministry": a word that is both demonym and adjective
                // modifies a following lower-case word
                if let Hit::Demonym(ci) = h {
                    let modifier = same.contains(&Hit::Adjective(ci))
                        && ctx.tok_starting(e + 1).is_some_and(|k| {
                            ctx.word(k).chars().next().is_some_and(|c| c.is_lowercase()) && !self.is_function_word(&ctx.lower(k))
                        });
                    if modifier {
                        h = Hit::Adjective(ci);
                    }
                }
                spans.push((s, e, h));
            }
        }
        spans
    }

    /// The dateline's place ("BAGHDAD —"): the country or capital the dictionary read there,
    /// else the words as a city.
    pub(super) fn dateline_place(&self, ctx: &Ctx, spans: &[(usize, usize, Hit)]) -> Option<Place> {
        let text = ctx.text;
        let d = ctx.seg.dateline.as_ref()?;
        let (s, e) = d.place;
        let dict_hit = spans.iter().find(|x| x.0 == s && x.1 == e).map(|x| x.2);
        let mut p = match dict_hit {
            Some(Hit::Capital(ci)) => self.capital_place(ci, s, e, text, PlaceUse::Literal),
            Some(Hit::Country(ci)) => self.country_place(ci, s, e, text, PlaceUse::Literal),
            _ => Place { text: text[s..e].to_string(), name: title_case(&text[s..e]), span: Span(s, e), ..Default::default() },
        };
        p.feature.get_or_insert_with(|| "city".into());
        Some(p)
    }

    /// The mentions of the dictionary readings: agents composed with the country or group
    /// before them, countries and capitals as places and, where they act, as states, demonyms
    /// as peoples, armed groups and organisations.
    pub(super) fn dictionary_mentions(
        &self,
        ctx: &Ctx,
        set: &mut ActorSet,
        spans: &[(usize, usize, Hit)],
        roles: &[PhraseMatch],
        main: Option<usize>,
    ) {
        let text = ctx.text;
        let mut consumed = vec![false; spans.len()];
        for idx in 0..spans.len() {
            let (s, e, h) = spans[idx];
            match h {
                Hit::Agent(ai) => self.agent_mention(ctx, set, spans, idx, ai, &mut consumed, main),
                Hit::Country(ci) => {
                    if consumed[idx] {
                        continue;
                    }
                    let next_is_agent =
                        spans.get(idx + 1).is_some_and(|n| matches!(n.2, Hit::Agent(_)) && matches!(&text[e..n.0], " " | "'s " | "' "))
                            || roles.iter().any(|r| r.start == e + 1 || r.start == e + 3 && &text[e..e + 3] == "'s ");
                    set.places.push(self.country_place(
                        ci,
                        s,
                        e,
                        text,
                        if next_is_agent { PlaceUse::Adjective } else { PlaceUse::Literal },
                    ));
                    if !next_is_agent && self.acts_after(ctx, set, e) {
                        set.push(self.state_entity(ci, s, e, text), None, None);
                    }
                }
                Hit::Capital(ci) => {
                    let next_is_agent =
                        spans.get(idx + 1).is_some_and(|n| matches!(n.2, Hit::Agent(_)) && matches!(&text[e..n.0], " " | "'s "));
                    if !next_is_agent && (self.is_speech_after(ctx, set, e) || self.capital_acts_after(ctx, e)) {
                        set.places.push(self.capital_place(ci, s, e, text, PlaceUse::Metonym));
                        set.push(self.state_entity(ci, s, e, text), None, None);
                    } else {
                        set.places.push(self.capital_place(ci, s, e, text, PlaceUse::Literal));
                    }
                }
                Hit::Adjective(ci) => {
                    set.places.push(self.country_place(ci, s, e, text, PlaceUse::Adjective));
                }
                Hit::Demonym(ci) => {
                    set.places.push(self.country_place(ci, s, e, text, PlaceUse::Demonym));
                    let c = &self.countries[ci];
                    set.push(
                        Entity {
                            text: text[s..e].to_string(),
                            name: text[s..e].to_string(),
                            span: Span(s, e),
                            country: Some(c.iso3.clone()),
                            sector: self.demonym_sector.clone(),
                            kind: EntityKind::Group,
                            ..Default::default()
                        },
                        None,
                        None,
                    );
                }
                Hit::Group(gi) | Hit::GroupContext(gi) => {
                    set.push(self.group_entity(gi, s, e, text), None, None);
                }
                Hit::Org(oi) => {
                    set.push(self.org_entity(oi, s, e, text), None, None);
                }
            }
        }
    }

    /// The agent reading `spans[idx]` (agent `ai`) as a mention: "Iraqi special forces",
    /// "Iraq's government", "the government of Iraq" (which consumes the country after it),
    /// "ISIL fighters" (which only widens the group's mention), or "the government" alone,
    /// which takes the country of the same agent named before, else the article's.
    #[allow(clippy::too_many_arguments)]
    fn agent_mention(
        &self,
        ctx: &Ctx,
        set: &mut ActorSet,
        spans: &[(usize, usize, Hit)],
        idx: usize,
        ai: usize,
        consumed: &mut [bool],
        main: Option<usize>,
    ) {
        let text = ctx.text;
        let (s, e, _) = spans[idx];
        let a = &self.agents[ai];
        let mut start = s;
        let mut country: Option<usize> = None;
        let mut owner: Option<(usize, Hit)> = None;
        // "Iraqi special forces", "Iraq's government", "ISIL fighters", "UN peacekeepers"
        let modifier = |gap: &str| {
            let w = gap.trim();
            gap.len() <= 16
                && gap.starts_with(' ')
                && gap.ends_with(' ')
                && w.split(' ').count() == 1
                && w.chars().all(|c| c.is_lowercase() || c == '-')
                && !self.is_function_word(w)
                // "North Korea threatened military action": a verb, not a modifier
                && (!w.ends_with("ed") || self.ed_modifiers.contains(w))
        };
        // "the labour ministry": the word before is the mention's (`takes_modifier`).
        if a.takes_modifier {
            let before = &text[..s];
            if let Some(ws) = before.trim_end_matches(' ').rfind(' ').map(|k| k + 1) {
                let prev_end = spans[..idx].last().map_or(0, |x| x.1);
                if ws >= prev_end && modifier(&format!(" {}", &before[ws..])) && !set.speech_starts.contains(&ws) {
                    start = ws;
                }
            }
        }
        if idx > 0 {
            let (ps, pe, ph) = spans[idx - 1];
            // "Ukraine's energy ministry": a possessive may come first (the normalizer has made
            // every apostrophe straight).
            let raw = &text[pe..s];
            let gap = raw.strip_prefix("'s").unwrap_or(raw);
            // "Iraqi forces", "Iraq's army", "US-led coalition", "Iraqi elite forces" (one modifier)
            let one_word = modifier(gap);
            let close = gap == " " || raw == "' " || gap == "-led " || one_word;
            if close {
                match ph {
                    Hit::Adjective(ci) | Hit::Country(ci) | Hit::Capital(ci) => {
                        country = Some(ci);
                        start = ps;
                    }
                    Hit::Group(_) | Hit::GroupContext(_) | Hit::Org(_) => {
                        owner = Some((ps, ph));
                    }
                    _ => {}
                }
            }
        }
        // "the government of Iraq"
        let mut end = e;
        if country.is_none() && owner.is_none() {
            if let Some(&(ns, ne, Hit::Country(ci))) = spans.get(idx + 1) {
                if self.country_links.contains(&text[e..ns]) {
                    country = Some(ci);
                    end = ne;
                    consumed[idx + 1] = true;
                    set.places.push(self.country_place(ci, ns, ne, text, PlaceUse::Adjective));
                }
            }
        }
        if let Some((ps, ph)) = owner {
            // the group or organisation is the actor; the noun only widens the mention
            if let Some(last) = set.mentions.last_mut() {
                if last.entity.span.0 == ps {
                    last.entity.span.1 = e;
                    last.entity.text = text[ps..e].to_string();
                    let _ = ph;
                    return;
                }
            }
        }
        let term = text[s..e].to_lowercase();
        let mut ent = Entity {
            text: text[start..end].to_string(),
            name: a.label.clone(),
            aliases: if term != a.label { vec![term] } else { vec![] },
            span: Span(start, end),
            sector: a.sector.clone(),
            kind: a.kind,
            ..Default::default()
        };
        let mut link = None;
        if let Some(ci) = country {
            ent.country = Some(self.countries[ci].iso3.clone());
        } else if a.inherit {
            // "the government" → the government named before, else the main country's
            if let Some(&mi) = set.last_agent.get(&ai) {
                ent.country = set.mentions[mi].entity.country.clone();
                link = Some(set.head(mi));
            } else if let Some(ci) = main {
                ent.country = Some(self.countries[ci].iso3.clone());
            }
        }
        if let Some(c) = ent.country.take() {
            self.give_country(&mut ent, &c);
        }
        set.push(ent, link, Some(ai));
    }

    /// Picks one reading of a dictionary span.
    fn choose(&self, same: &[Hit], present: &HashSet<&str>) -> Option<Hit> {
        let rank = |h: &Hit| match h {
            Hit::GroupContext(gi) => {
                if self.groups[*gi].countries.iter().any(|c| present.contains(c.as_str())) {
                    0
                } else {
                    99
                }
            }
            Hit::Group(_) => 1,
            Hit::Org(_) => 2,
            Hit::Country(_) => 3,
            Hit::Capital(_) => 4,
            Hit::Demonym(_) => 5,
            Hit::Adjective(_) => 6,
            Hit::Agent(_) => 7,
        };
        same.iter().copied().filter(|h| rank(h) < 99).min_by_key(rank)
    }

    /// A country name used as an actor: "Iraq said", "The United States downplayed".
    fn acts_after(&self, ctx: &Ctx, set: &ActorSet, end: usize) -> bool {
        if self.is_speech_after(ctx, set, end) {
            return true;
        }
        let i = ctx.tok_at_or_after(end);
        let w = ctx.word(i);
        if ctx.tokens.get(i).is_none_or(|t| t.start != end + 1) || ctx.is_cap(i) {
            return false;
        }
        let lw = w.to_lowercase();
        (lw.ends_with("ed") && lw.len() > 4) || self.state_action_cues.contains(&lw)
    }

    /// "Washington would …", "Moscow denied …": a capital followed by a verb only a
    /// government does stands for it (`capital_action_cues`); "Kabul was hit" is the city.
    fn capital_acts_after(&self, ctx: &Ctx, end: usize) -> bool {
        let i = ctx.tok_at_or_after(end);
        ctx.tokens.get(i).is_some_and(|t| t.start == end + 1) && self.capital_action_cues.contains(&ctx.lower(i))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{actors, actors_with, fixture, mention, span_of, with_text};
    use super::*;
    use crate::set::DICT;

    fn iso3(rec: &ActorRecognizer, ci: Option<usize>) -> Option<&str> {
        ci.map(|ci| rec.countries[ci].iso3.as_str())
    }

    #[test]
    fn a_national_adjective_gives_an_agent_its_country() {
        let text = "Iraqi special forces shelled the town.";
        let set = actors(text);
        let m = &mention(&set, "Iraqi special forces").expect("one mention for the three words").entity;
        assert_eq!((m.name.as_str(), m.kind, m.country.as_deref()), ("Iraqi military", EntityKind::StateAgent, Some("IRQ")));
        assert_eq!((m.sector.clone(), m.aliases.clone()), (vec!["MIL".to_string()], vec!["special forces".to_string()]));
        assert_eq!(set.places.iter().map(|p| (p.text.as_str(), p.use_)).collect::<Vec<_>>(), vec![("Iraqi", PlaceUse::Adjective)]);
    }

    #[test]
    fn the_country_after_of_belongs_to_the_agent() {
        let set = actors("The government of Iraq denied it.");
        let m = &mention(&set, "government of Iraq").expect("the agent takes in its country").entity;
        assert_eq!((m.name.as_str(), m.kind, m.country.as_deref()), ("Iraqi government", EntityKind::State, Some("IRQ")));
        // the country is consumed: a modifier, never also a literal place or a state
        assert_eq!(set.places.iter().map(|p| (p.text.as_str(), p.use_)).collect::<Vec<_>>(), vec![("Iraq", PlaceUse::Adjective)]);
        assert_eq!(set.mentions.len(), 1);
    }

    #[test]
    fn country_links_come_from_agents_toml() {
        let text = "The government of the Sudan and the army of Iraq met.";
        let mut lex = fixture().lex.clone();
        assert!(mention(&actors_with(&lex, text), "army of Iraq").is_some());
        lex.agents.country_links = vec![" of the ".into()];
        let set = actors_with(&lex, text);
        assert!(mention(&set, "army of Iraq").is_none(), "' of ' is no longer a link");
        assert!(mention(&set, "government of the Sudan").is_some());
    }

    #[test]
    fn a_verb_between_country_and_agent_is_no_modifier() {
        // "-ed" words are verbs unless `ed_modifiers` lists them
        let set = actors("Iraq threatened military action. Iraqi armed forces moved.");
        let m = &mention(&set, "military").expect("the agent alone").entity;
        assert_eq!((m.name.as_str(), m.country.as_deref()), ("Iraqi military", Some("IRQ")), "the main country is inherited");
        assert!(mention(&set, "Iraqi armed forces").is_some(), "'armed' is a listed modifier");
    }

    #[test]
    fn a_ministry_keeps_the_word_that_says_which() {
        // (The normalizer has made a curly apostrophe straight before recognition.)
        let set = actors("Ukraine's energy ministry thanked Norway. The labour ministry pressed both sides. Iraq's army moved.");
        assert!(mention(&set, "Ukraine's energy ministry").is_some(), "a possessive and a modifier");
        assert!(mention(&set, "labour ministry").is_some(), "takes_modifier");
        assert!(mention(&set, "Iraq's army").is_some(), "a straight possessive still joins");
        assert!(mention(&set, "The labour ministry").is_none(), "no function word");
    }

    #[test]
    fn trades_and_crime_have_their_own_sectors() {
        let set = actors("Haitian gang members torched a station. Gunmen kidnapped 37 Nigerian pupils. Thai farmers blocked a road.");
        let sectors = |t: &str| mention(&set, t).unwrap_or_else(|| panic!("no mention {t:?}")).entity.sector.clone();
        assert_eq!(sectors("Haitian gang members"), vec!["CRM"], "armed crime, not insurgency");
        assert_eq!(sectors("Nigerian pupils"), vec!["EDU", "CVL"], "pupils are civilians of the education sector, not protesters");
        assert_eq!(sectors("Thai farmers"), vec!["AGR", "CVL"]);
    }

    #[test]
    fn an_agent_alone_takes_the_country_of_the_same_agent_before() {
        let set = actors("Iraqi troops entered Bama. Syria and Syria protested. The troops stayed.");
        let first = mention(&set, "Iraqi troops").expect("composed");
        let later = set.mentions.iter().rposition(|m| m.entity.text == "troops").expect("a bare mention");
        assert_eq!(set.mentions[later].entity.country.as_deref(), Some("IRQ"), "not SYR, the article's main country");
        assert_eq!(set.mentions[later].link, set.mentions.iter().position(|m| std::ptr::eq(m, first)));
    }

    #[test]
    fn a_country_is_a_state_only_where_it_acts() {
        let set = actors("Iraq denied the claim. Troops stayed in Iraq.");
        let states: Vec<_> = set.mentions.iter().filter(|m| m.entity.kind == EntityKind::State).map(|m| m.entity.span).collect();
        assert_eq!(states, vec![Span(0, 4)]);
        assert_eq!(set.mentions[0].entity.sector, vec!["GOV".to_string()]);
        assert!(set.places.iter().all(|p| p.use_ == PlaceUse::Literal && p.country.as_deref() == Some("IRQ")));
        assert_eq!(set.places.len(), 2);
    }

    #[test]
    fn a_capital_stands_for_its_government_before_a_government_verb() {
        let set = actors("Moscow denied the report. Kabul was hit by rockets.");
        let uses: Vec<_> = set.places.iter().map(|p| (p.name.as_str(), p.use_, p.feature.as_deref())).collect();
        assert_eq!(uses, vec![("Moscow", PlaceUse::Metonym, Some("city")), ("Kabul", PlaceUse::Literal, Some("city"))]);
        let m = &mention(&set, "Moscow").expect("a state").entity;
        assert_eq!((m.name.as_str(), m.kind, m.country.as_deref()), ("Russia", EntityKind::State, Some("RUS")));
        assert!(mention(&set, "Kabul").is_none());
    }

    #[test]
    fn a_demonym_is_a_people_unless_it_modifies_a_noun() {
        let set = actors("Syrians fled. The French foreign ministry spoke.");
        let m = &mention(&set, "Syrians").expect("a people").entity;
        assert_eq!((m.kind, m.country.as_deref(), m.sector.clone()), (EntityKind::Group, Some("SYR"), vec!["CVL".to_string()]));
        let uses: Vec<_> = set.places.iter().map(|p| (p.text.as_str(), p.use_)).collect();
        assert_eq!(uses, vec![("Syrians", PlaceUse::Demonym), ("French", PlaceUse::Adjective)]);
        assert_eq!(mention(&set, "French foreign ministry").map(|m| m.entity.country.as_deref()), Some(Some("FRA")));
    }

    #[test]
    fn the_most_named_country_is_the_main_one_and_the_first_breaks_a_tie() {
        let main = |text: &str| {
            with_text(text, false, |rec, _, phrases| {
                let (main, present) = rec.countries_present(&phrases.take(DICT));
                (iso3(rec, main).map(str::to_string), present.len())
            })
        };
        assert_eq!(main("Iraq and Syria and the Syrian army met."), (Some("SYR".to_string()), 2));
        assert_eq!(main("Iraq and Syria met."), (Some("IRQ".to_string()), 2));
        assert_eq!(main("Nobody met."), (None, 0));
        // one word read as two countries ties on count and start: the first-listed country
        // wins every time, whatever order the counts are kept in
        let listed = |iso: &str| fixture().lex.countries.country.iter().position(|c| c.iso3 == iso);
        let first = if listed("COD") < listed("COG") { "COD" } else { "COG" };
        for _ in 0..8 {
            assert_eq!(main("Congolese fled the camp."), (Some(first.to_string()), 2));
        }
    }

    #[test]
    fn a_context_alias_needs_its_country_in_the_article() {
        let fx = fixture();
        let gi = fx
            .lex
            .groups
            .group
            .iter()
            .position(|g| !g.context_aliases.is_empty() && !g.countries.is_empty())
            .expect("a group with context aliases");
        let country = fx.lex.groups.group[gi].countries[0].as_str();
        let (rec, none, with) = (&fx.rec, HashSet::new(), HashSet::from([country]));
        assert_eq!(rec.choose(&[Hit::GroupContext(gi)], &none), None);
        assert_eq!(rec.choose(&[Hit::GroupContext(gi)], &with), Some(Hit::GroupContext(gi)));
        // otherwise the group reading comes first, then organisation, country, capital, demonym, adjective, agent
        assert_eq!(rec.choose(&[Hit::Adjective(0), Hit::Country(0), Hit::Group(1)], &none), Some(Hit::Group(1)));
        assert_eq!(rec.choose(&[Hit::Agent(0), Hit::Adjective(2), Hit::Demonym(2)], &none), Some(Hit::Demonym(2)));
    }

    #[test]
    fn no_reading_inside_a_date() {
        let text = "Iraq and Syria met.";
        let date = DateMention { span: Span(0, 4), ..Default::default() };
        let read = |dates: &[DateMention]| {
            with_text(text, false, |rec, ctx, phrases| {
                let raw = phrases.take(DICT);
                rec.readings(ctx, &raw, dates, &HashSet::new()).iter().map(|r| &text[r.0..r.1]).collect::<Vec<_>>()
            })
        };
        assert_eq!(read(&[]), vec!["Iraq", "Syria"]);
        assert_eq!(read(&[date]), vec!["Syria"]);
    }

    #[test]
    fn the_dateline_names_a_known_capital_or_else_a_city() {
        let place = |text: &str| {
            with_text(text, false, |rec, ctx, phrases| {
                let raw = phrases.take(DICT);
                let spans = rec.readings(ctx, &raw, &[], &HashSet::new());
                rec.dateline_place(ctx, &spans).map(|p| (p.name, p.country, p.feature, p.span))
            })
        };
        let text = "BAGHDAD (Team wire) - Gunmen attacked a checkpoint.";
        let (s, e) = span_of(text, "BAGHDAD");
        assert_eq!(place(text), Some(("Baghdad".into(), Some("IRQ".into()), Some("city".into()), Span(s, e))));
        assert_eq!(place("NEW DALA (Team wire) - Gunmen attacked."), Some(("New Dala".into(), None, Some("city".into()), Span(0, 8))));
        assert_eq!(place("Gunmen attacked a checkpoint."), None);
    }
}
