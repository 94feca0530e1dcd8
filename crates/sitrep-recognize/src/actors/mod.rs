//! Actors and places: countries (names, adjectives, demonyms, capitals), named armed groups,
//! IGOs/NGOs/media, state agents and generic actors, people with titles and roles, place
//! names, and the links between mentions (acronyms, surnames, "the armed group", "the city").
//!
//! The pass is forward-only over the article: dictionary hits first, then capitalised
//! names classified by the cues around them, then anaphors resolved to what came before.

use crate::set::{ANAPHORS, DICT, PLACE_BEFORE, PLACE_PREPS, ROLES, SPEECH};
use crate::{Ctx, Phrases};
use sitrep_core::{DateMention, Entity, EntityKind, Place, PlaceUse, Span};
use sitrep_lexicon::{Lexicon, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
use sitrep_segment::TokenKind;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Country(usize),
    Adjective(usize),
    Demonym(usize),
    Capital(usize),
    Group(usize),
    GroupContext(usize),
    Org(usize),
    Agent(usize),
}

struct CountryInfo {
    iso3: String,
    name: String,
    adjective: String,
    capital: String,
    aliases: Vec<String>,
}

struct GroupInfo {
    name: String,
    aliases: Vec<String>,
    countries: Vec<String>,
    sector: Vec<String>,
    religion: Option<String>,
    ethnicity: Option<String>,
}

struct OrgInfo {
    name: String,
    aliases: Vec<String>,
    kind: EntityKind,
    country: Option<String>,
    sector: Vec<String>,
}

struct AgentInfo {
    label: String,
    kind: EntityKind,
    sector: Vec<String>,
    inherit: bool,
}

struct RoleInfo {
    sector: Vec<String>,
    media: bool,
}

struct AnaphorInfo {
    kinds: Vec<EntityKind>,
    sector: String,
    place: String,
}

pub fn parse_kind(s: &str) -> EntityKind {
    match s {
        "state" => EntityKind::State,
        "state_agent" => EntityKind::StateAgent,
        "armed_group" => EntityKind::ArmedGroup,
        "igo" => EntityKind::Igo,
        "ngo" => EntityKind::Ngo,
        "person" => EntityKind::Person,
        "group" => EntityKind::Group,
        "media" => EntityKind::Media,
        _ => EntityKind::Unknown,
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

/// The hits of every actor dictionary in one article.
struct Found {
    dict: Vec<PhraseMatch>,
    roles: Vec<PhraseMatch>,
    anaphors: Vec<PhraseMatch>,
    place_preps: Vec<PhraseMatch>,
    place_before: Vec<PhraseMatch>,
    speech: Vec<PhraseMatch>,
}

/// What around a capitalised name says it names a person.
#[derive(Debug, Clone, Copy)]
struct PersonCues<'a> {
    /// A title right before: "President Hassan", "the UN envoy, Volker Perthes".
    role_before: Option<&'a PhraseMatch>,
    /// A title in apposition after: "Tarik al-Abdullah, the secretary-general".
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
}

impl PersonCues<'_> {
    /// Whether the cues make the name a person. Speech next to it counts only for a name
    /// that is not all capitals (an acronym), has no place cue before it and is not a place
    /// named before; speech after it also needs `two_words_or_mid_sentence` (a single word
    /// opening a sentence before "said" may be anything).
    fn person(&self, all_caps: bool, place_before: bool, known_place: bool, two_words_or_mid_sentence: bool) -> bool {
        self.role_before.is_some()
            || self.honorific
            || self.media_owner
            || (self.role_after.is_some() && !place_before)
            || self.surname_of.is_some()
            || ((self.speech_before || self.who_after) && !all_caps && !place_before && !known_place)
            || (self.speech_after && !all_caps && !place_before && !known_place && two_words_or_mid_sentence)
    }
}

/// The compiled dictionaries for actors and places.
pub struct ActorRecognizer {
    hits: Vec<Hit>,
    countries: Vec<CountryInfo>,
    groups: Vec<GroupInfo>,
    orgs: Vec<OrgInfo>,
    agents: Vec<AgentInfo>,
    role_info: Vec<RoleInfo>,
    honorifics: HashSet<String>,
    particles: HashSet<String>,
    org_heads: HashSet<String>,
    anaphor_info: Vec<AnaphorInfo>,
    pub(crate) person_pronouns: HashSet<String>,
    place_after: HashMap<String, String>,
    not_places: HashSet<String>,
    /// Speech verbs alone, for testing single words.
    pub(crate) speech: PhraseMatcher,
    function_words: HashSet<String>,
    ed_modifiers: HashSet<String>,
    capital_action_cues: HashSet<String>,
    state_action_cues: HashSet<String>,
    /// `roles.appositive_words`, lower-case.
    appositive_words: HashSet<String>,
    /// Longest ", <appositive words> " gap in bytes: how far after a name its title may start.
    appositive_reach: usize,
    /// `agents.sector_codes`.
    state_sector: Vec<String>,
    demonym_sector: Vec<String>,
    journalist: String,
}

impl ActorRecognizer {
    /// Adds the actor and place dictionaries to `b`, one set each (see `crate::set`).
    pub fn new(lex: &Lexicon, b: &mut PhraseMatcherBuilder) -> ActorRecognizer {
        b.set(DICT);
        let mut hits = Vec::new();
        let mut add = |b: &mut PhraseMatcherBuilder, phrase: &str, hit: Hit| {
            b.add(phrase, hits.len() as u32);
            hits.push(hit);
        };
        let mut countries = Vec::new();
        for (i, c) in lex.countries.country.iter().enumerate() {
            add(b, &c.name, Hit::Country(i));
            for a in &c.aliases {
                add(b, a, Hit::Country(i));
            }
            for a in &c.adjectives {
                add(b, a, Hit::Adjective(i));
            }
            for a in &c.demonyms {
                add(b, a, Hit::Demonym(i));
            }
            if !c.capital.is_empty() {
                add(b, &c.capital, Hit::Capital(i));
            }
            for a in &c.capital_aliases {
                add(b, a, Hit::Capital(i));
            }
            let mut aliases = c.aliases.clone();
            aliases.extend(c.adjectives.iter().cloned());
            countries.push(CountryInfo {
                iso3: c.iso3.clone(),
                name: c.name.clone(),
                adjective: c.adjectives.first().cloned().unwrap_or_else(|| c.name.clone()),
                capital: c.capital.clone(),
                aliases,
            });
        }
        let mut groups = Vec::new();
        for (i, g) in lex.groups.group.iter().enumerate() {
            add(b, &g.name, Hit::Group(i));
            for a in &g.aliases {
                add(b, a, Hit::Group(i));
            }
            for a in &g.context_aliases {
                add(b, a, Hit::GroupContext(i));
            }
            groups.push(GroupInfo {
                name: g.name.clone(),
                aliases: g.aliases.clone(),
                countries: g.countries.clone(),
                sector: g.sector.clone(),
                religion: opt(&g.religion),
                ethnicity: opt(&g.ethnicity),
            });
        }
        let mut orgs = Vec::new();
        for (i, o) in lex.orgs.org.iter().enumerate() {
            add(b, &o.name, Hit::Org(i));
            for a in &o.aliases {
                add(b, a, Hit::Org(i));
            }
            let kind = o.kind;
            let country = if kind == EntityKind::Media || o.code.is_empty() { opt(&o.country) } else { opt(&o.code) };
            orgs.push(OrgInfo { name: o.name.clone(), aliases: o.aliases.clone(), kind, country, sector: o.sector.clone() });
        }
        let mut agents = Vec::new();
        for (i, a) in lex.agents.agent.iter().enumerate() {
            for t in &a.terms {
                add(b, t, Hit::Agent(i));
            }
            agents.push(AgentInfo { label: a.label.clone(), kind: a.kind, sector: a.sector.clone(), inherit: a.inherit_country });
        }

        b.set(ROLES);
        let mut role_info = Vec::new();
        for (i, r) in lex.roles.role.iter().enumerate() {
            for t in &r.terms {
                b.add_with_case(t, i as u32, sitrep_lexicon::Case::Insensitive);
            }
            role_info.push(RoleInfo { sector: r.sector.clone(), media: r.affiliation == Some(EntityKind::Media) });
        }
        b.set(ANAPHORS);
        let mut anaphor_info = Vec::new();
        for (i, a) in lex.coref.anaphors.iter().enumerate() {
            for p in &a.phrases {
                b.add(p, i as u32);
            }
            anaphor_info.push(AnaphorInfo { kinds: a.kinds.clone(), sector: a.sector.clone(), place: a.place.clone() });
        }
        b.set(PLACE_PREPS);
        for p in &lex.places.prepositions {
            b.add(p, 0);
        }
        b.set(PLACE_BEFORE);
        for p in &lex.places.before {
            b.add(p, 0);
        }
        let mut sb = PhraseMatcherBuilder::new();
        b.set(SPEECH);
        for sb in [b, &mut sb] {
            for v in &lex.quotes.verbs {
                sb.add(v, 0);
            }
            for v in &lex.quotes.gerunds {
                sb.add(v, 1);
            }
        }
        let low = |v: &Vec<String>| v.iter().map(|s| s.trim_end_matches('.').to_lowercase()).collect::<HashSet<_>>();
        ActorRecognizer {
            hits,
            countries,
            groups,
            orgs,
            agents,
            role_info,
            honorifics: low(&lex.roles.honorifics),
            particles: low(&lex.roles.particles),
            org_heads: low(&lex.roles.org_heads),
            anaphor_info,
            person_pronouns: low(&lex.coref.person_pronouns),
            place_after: lex.places.after.iter().map(|(k, v)| (k.to_lowercase(), v.to_string())).collect(),
            not_places: low(&lex.places.not_places),
            speech: sb.build(),
            function_words: low(&lex.segment.function_words),
            ed_modifiers: low(&lex.agents.ed_modifiers),
            capital_action_cues: low(&lex.agents.capital_action_cues),
            state_action_cues: low(&lex.agents.state_action_cues),
            appositive_words: lex.roles.appositive_words.iter().map(|w| w.to_lowercase()).collect(),
            appositive_reach: 3 + lex.roles.appositive_words.iter().map(String::len).max().unwrap_or(0),
            state_sector: lex.agents.sector_codes.state.clone(),
            demonym_sector: lex.agents.sector_codes.demonym.clone(),
            journalist: lex.agents.sector_codes.journalist.clone(),
        }
    }

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

    /// Whether a speech verb ("said", "told") follows `end` after spaces.
    fn is_speech_after(&self, ctx: &Ctx, set: &ActorSet, end: usize) -> bool {
        let off = end + (ctx.text[end..].len() - ctx.text[end..].trim_start_matches(' ').len());
        set.speech_starts.binary_search(&off).is_ok()
    }

    /// Finds every actor and place mention.
    pub fn find(&self, ctx: &Ctx, phrases: &mut Phrases, dates: &[DateMention]) -> ActorSet {
        let found = Found {
            dict: phrases.take(DICT),
            roles: phrases.take(ROLES),
            anaphors: phrases.take(ANAPHORS),
            place_preps: phrases.take(PLACE_PREPS),
            place_before: phrases.take(PLACE_BEFORE),
            speech: phrases.take(SPEECH),
        };
        let mut set = ActorSet { speech_starts: found.speech.iter().map(|m| m.start).collect(), ..Default::default() };
        let raw = &found.dict;

        // Countries present decide context aliases and the article's main country.
        let (main, present) = self.countries_present(raw);
        set.main_country = main.map(|ci| self.countries[ci].iso3.clone());

        // One interpretation per dictionary span.
        let spans = self.readings(ctx, raw, dates, &present);

        // Roles claim their words so "Secretary of State" does not become a name.
        let roles = &found.roles;
        let mut claimed: Vec<(usize, usize)> = spans.iter().map(|x| (x.0, x.1)).collect();
        claimed.extend(dates.iter().map(|d| (d.span.0, d.span.1)));

        // Dateline place.
        if let Some(p) = self.dateline_place(ctx, &spans) {
            claimed.push((p.span.0, p.span.1));
            set.dateline_place = Some(set.places.len());
            set.places.push(p);
        }

        // Dictionary mentions, composed with what stands before them.
        self.dictionary_mentions(ctx, &mut set, &spans, roles, main);

        self.names(ctx, &mut set, &claimed, &found, &spans, main);
        self.acronyms(ctx, &mut set);
        self.anaphora(ctx, &mut set, &found.anaphors);
        set.sort();
        set
    }

    /// The countries a dictionary hit names (`Hit::Country`, adjective, demonym, capital): the
    /// most named one (the earliest on a tie) is the article's main country; all of them, by
    /// ISO3, are `present`, which decides context aliases.
    fn countries_present(&self, raw: &[PhraseMatch]) -> (Option<usize>, HashSet<&str>) {
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for m in raw {
            if let Hit::Country(ci) | Hit::Adjective(ci) | Hit::Demonym(ci) | Hit::Capital(ci) = self.hits[m.payload as usize] {
                let e = counts.entry(ci).or_insert((0, m.start));
                e.0 += 1;
            }
        }
        let main = counts.iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))).map(|(ci, _)| *ci);
        let present: HashSet<&str> = counts.keys().map(|ci| self.countries[*ci].iso3.as_str()).collect();
        (main, present)
    }

    /// One reading per dictionary span (see [`Self::choose`]), spans inside a date left out:
    /// `(start, end, hit)` in text order.
    fn readings(&self, ctx: &Ctx, raw: &[PhraseMatch], dates: &[DateMention], present: &HashSet<&str>) -> Vec<(usize, usize, Hit)> {
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
    fn dateline_place(&self, ctx: &Ctx, spans: &[(usize, usize, Hit)]) -> Option<Place> {
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
    fn dictionary_mentions(
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
        if idx > 0 {
            let (ps, pe, ph) = spans[idx - 1];
            let gap = &text[pe..s];
            // "Iraqi forces", "Iraq's army", "US-led coalition", "Iraqi elite forces" (one modifier)
            let one_word = gap.len() <= 16
                && gap.starts_with(' ')
                && gap.ends_with(' ')
                && gap.trim().split(' ').count() == 1
                && gap.trim().chars().all(|c| c.is_lowercase() || c == '-')
                && !self.is_function_word(gap.trim())
                // "North Korea threatened military action": a verb, not a modifier
                && (!gap.trim().ends_with("ed") || self.ed_modifiers.contains(gap.trim()));
            let close = gap == " " || gap == "'s " || gap == "' " || gap == "-led " || one_word;
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
                if matches!(&text[e..ns], " of " | " of the ") {
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
        if let Some(c) = &ent.country {
            if let Some(ci) = self.countries.iter().position(|x| &x.iso3 == c) {
                ent.name = format!("{} {}", self.countries[ci].adjective, a.label);
            }
        }
        set.push(ent, link, Some(ai));
    }

    fn is_function_word(&self, w: &str) -> bool {
        self.function_words.contains(w)
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

    /// People, organisations and places written as capitalised names.
    fn names(
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
            let coordinated = pending_coord.is_some_and(|pe| {
                let gap = &text[pe..s];
                matches!(gap, " and " | ", " | " or " | ", and " | " and the ")
            });
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
                set.push(
                    Entity {
                        text: name_text.to_string(),
                        name: name_text.to_string(),
                        span: Span(s, e),
                        kind: EntityKind::Group,
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

    /// What around the name run `[ti, tj)` says it names a person.
    fn person_cues<'a>(
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
        let role_before = last_ending_by(roles, s).filter(|r| matches!(&text[r.end..s], " " | ", "));
        let honorific = ti > 0 && self.honorifics.contains(ctx.lower(ti - 1).trim_end_matches('.')) && ctx.adjacent(ti - 1);
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
        PersonCues { role_before, role_after, honorific, media_owner, surname_of, speech_before, speech_after, who_after }
    }

    /// The person the name `[s, e)` names, with its cues: the name (the head's, for a
    /// surname), role, sector and country; and the mention it links to.
    #[allow(clippy::too_many_arguments)]
    fn person_entity(
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
        if ent.country.is_none() && role.is_some() && !ent.sector.contains(&self.journalist) {
            ent.country = main.map(|ci| self.countries[ci].iso3.clone());
        }
        ent.sector.dedup();
        (ent, link)
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

    /// A name that is the surname (or last part) of a person named before: "Kerry", "Abdullah".
    fn surname_link(&self, ctx: &Ctx, set: &ActorSet, ti: usize, tj: usize) -> Option<usize> {
        let whole = if tj - ti == 1 {
            strip_particle(ctx.word(ti), &self.particles)
        } else {
            ctx.text[ctx.tokens[ti].start..ctx.tokens[tj - 1].end].to_lowercase()
        };
        set.surnames.get(&whole).copied().filter(|&mi| set.mentions[mi].entity.name.to_lowercase() != whole)
    }

    /// "… of Iraq and the Levant (ISIL)": the acronym becomes an alias and later uses link back.
    fn acronyms(&self, ctx: &Ctx, set: &mut ActorSet) {
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
    fn anaphora(&self, ctx: &Ctx, set: &mut ActorSet, hits: &[PhraseMatch]) {
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

/// The last of `hits` (sorted, non-overlapping) ending at or before `at`.
fn last_ending_by(hits: &[PhraseMatch], at: usize) -> Option<&PhraseMatch> {
    let k = hits.partition_point(|h| h.end <= at);
    k.checked_sub(1).map(|k| &hits[k])
}

/// Whether `[s, e)` overlaps a date mention (dates are sorted and non-overlapping).
pub(crate) fn overlaps_date(dates: &[DateMention], s: usize, e: usize) -> bool {
    let k = dates.partition_point(|d| d.span.1 <= s);
    dates.get(k).is_some_and(|d| d.span.0 < e)
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

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
    by_end: BTreeMap<usize, Vec<usize>>,
    chains: HashMap<ChainKey, usize>,
    persons_by_end: BTreeMap<usize, usize>,
    /// Lower-cased endings of person names ("kerry", "abdullah") → latest mention.
    surnames: HashMap<String, usize>,
    /// Agent type → latest mention of it with a country.
    last_agent: HashMap<usize, usize>,
    /// Where speech verbs start, sorted.
    speech_starts: Vec<usize>,
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

    /// Remembers the endings of a person's name for later surname-only mentions.
    fn index_surnames(&mut self, id: usize, particles: &HashSet<String>) {
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

    fn head(&self, id: usize) -> usize {
        self.mentions[id].link.unwrap_or(id)
    }

    fn sort(&mut self) {
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
    use crate::Recognizer;
    use sitrep_core::{Entity, EntityKind};
    use sitrep_lexicon::Lexicon;
    use sitrep_segment::Segmenter;

    fn entities(lex: &Lexicon, text: &str) -> Vec<Entity> {
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        Recognizer::new(lex).recognize(text, &seg, false, None).entities
    }

    fn find<'a>(ents: &'a [Entity], text: &str) -> Option<&'a Entity> {
        ents.iter().find(|e| e.text == text)
    }

    #[test]
    fn appositive_words_come_from_roles_toml() {
        let text = "Tarik Abdullah, the spokesman of the council, spoke to reporters.";
        let lex = Lexicon::builtin();
        let e = find(&entities(&lex, text), "Tarik Abdullah").cloned().expect("a person");
        assert_eq!((e.kind, e.role.as_deref()), (EntityKind::Person, Some("spokesman")));
        let mut lex = Lexicon::builtin();
        lex.roles.appositive_words.retain(|w| w != "the");
        assert!(find(&entities(&lex, text), "Tarik Abdullah").is_none_or(|e| e.role.is_none()));
    }

    #[test]
    fn a_longer_appositive_reaches_its_title() {
        let text = "Ahmed Jabouri, a former minister, told reporters the road was closed.";
        let e = find(&entities(&Lexicon::builtin(), text), "Ahmed Jabouri").cloned().expect("a person");
        assert_eq!((e.kind, e.role.as_deref()), (EntityKind::Person, Some("minister")));
    }

    #[test]
    fn sector_codes_come_from_agents_toml() {
        let text = "Iraq denied the claim. Iraqis marched in the capital. Al Jazeera's Zeina Khodr reported it.";
        let lex = Lexicon::builtin();
        let ents = entities(&lex, text);
        assert_eq!(find(&ents, "Iraq").map(|e| e.sector.clone()), Some(vec!["GOV".to_string()]));
        assert_eq!(find(&ents, "Iraqis").map(|e| e.sector.clone()), Some(vec!["CVL".to_string()]));
        assert!(find(&ents, "Zeina Khodr").is_some_and(|e| e.sector.contains(&"JRN".to_string())), "{ents:#?}");
        let mut lex = Lexicon::builtin();
        lex.agents.sector_codes.state = vec!["STA".into()];
        lex.agents.sector_codes.demonym = vec!["PPL".into()];
        lex.agents.sector_codes.journalist = "PRS".into();
        let ents = entities(&lex, text);
        assert_eq!(find(&ents, "Iraq").map(|e| e.sector.clone()), Some(vec!["STA".to_string()]));
        assert_eq!(find(&ents, "Iraqis").map(|e| e.sector.clone()), Some(vec!["PPL".to_string()]));
        assert!(find(&ents, "Zeina Khodr").is_some_and(|e| e.sector.contains(&"PRS".to_string())), "{ents:#?}");
    }
}
