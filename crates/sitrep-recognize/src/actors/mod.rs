//! Actors and places: countries (names, adjectives, demonyms, capitals), named armed groups,
//! IGOs/NGOs/media, state agents and generic actors, people with titles and roles, place
//! names, and the links between mentions (acronyms, surnames, "the armed group", "the city").
//!
//! The pass is forward-only over the article: dictionary hits first, then capitalised
//! names classified by the cues around them, then anaphors resolved to what came before.
//! One concept per file:
//! - `classify`: what a dictionary hit names and the mention it gives (kind, sector, country);
//! - `names`: runs of capitalised words, read as a person, an organisation or a place;
//! - `persons`: the cues that make a name a person, and the person (role, sector, country);
//! - `coref`: surnames, acronyms and anaphors linked to what came before;
//! - `store`: [`ActorSet`], the mentions, their chains and lookup indexes.
//!
//! This file holds the compiled dictionaries ([`ActorRecognizer`]) and the pass itself.

mod classify;
mod coref;
mod names;
mod persons;
mod petrarch;
mod store;

use crate::set::{ANAPHORS, DICT, PLACE_BEFORE, PLACE_PREPS, ROLES, SPEECH};
use crate::{Ctx, Phrases};
use chrono::{Datelike, NaiveDate};
use classify::{opt, AgentInfo, CountryInfo, GroupInfo, Hit, OrgInfo};
use coref::AnaphorInfo;
use persons::RoleInfo;
use sitrep_core::{DateMention, Entity, EntityKind};
use sitrep_lexicon::{Lexicon, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
use std::collections::{HashMap, HashSet};

pub use store::{ActorSet, Mention};

/// The hits of every actor dictionary in one article.
struct Found {
    dict: Vec<PhraseMatch>,
    roles: Vec<PhraseMatch>,
    anaphors: Vec<PhraseMatch>,
    place_preps: Vec<PhraseMatch>,
    place_before: Vec<PhraseMatch>,
    speech: Vec<PhraseMatch>,
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
    /// Given names and surnames (`names.toml`).
    names: sitrep_lexicon::Names,
    org_heads: HashSet<String>,
    /// Lower-cased head word → its sectors and whether the name takes the main country.
    org_head_sectors: HashMap<String, (Vec<String>, bool)>,
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
    /// `agents.country_links`: "the government *of* Iraq".
    country_links: HashSet<String>,
    /// `places.coordination_joins`: "in Bama *and* Konduga".
    coordination_joins: HashSet<String>,
    /// `coref.naming_links`: "the town *of* Bama" is no anaphor.
    naming_links: Vec<String>,
    /// `roles.appositive_words`, lower-case.
    appositive_words: HashSet<String>,
    affiliation_preps: Vec<String>,
    /// Longest ", <appositive words> " gap in bytes: how far after a name its title may start.
    appositive_reach: usize,
    /// `agents.sector_codes`.
    state_sector: Vec<String>,
    demonym_sector: Vec<String>,
    journalist: String,
    /// The PETRARCH actor dictionary, read after the team's own (`petrarch`).
    petrarch: petrarch::PetrarchActors,
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
            agents.push(AgentInfo {
                label: a.label.clone(),
                kind: a.kind,
                sector: a.sector.clone(),
                inherit: a.inherit_country,
                takes_modifier: a.takes_modifier,
            });
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
            names: lex.names.clone(),
            org_heads: low(&lex.roles.org_heads),
            org_head_sectors: lex
                .roles
                .org_head_sector
                .iter()
                .flat_map(|o| o.heads.iter().map(move |h| (h.to_lowercase(), (o.sector.clone(), o.takes_main_country))))
                .collect(),
            anaphor_info,
            person_pronouns: low(&lex.coref.person_pronouns),
            place_after: lex.places.after.iter().map(|(k, v)| (k.to_lowercase(), v.to_string())).collect(),
            not_places: low(&lex.places.not_places),
            speech: sb.build(),
            function_words: low(&lex.segment.function_words),
            ed_modifiers: low(&lex.agents.ed_modifiers),
            capital_action_cues: low(&lex.agents.capital_action_cues),
            state_action_cues: low(&lex.agents.state_action_cues),
            country_links: lex.agents.country_links.iter().cloned().collect(),
            coordination_joins: lex.places.coordination_joins.iter().cloned().collect(),
            naming_links: lex.coref.naming_links.clone(),
            appositive_words: lex.roles.appositive_words.iter().map(|w| w.to_lowercase()).collect(),
            affiliation_preps: lex.roles.affiliation_prepositions.iter().map(|w| w.to_lowercase()).collect(),
            appositive_reach: 3 + lex.roles.appositive_words.iter().map(String::len).max().unwrap_or(0),
            state_sector: lex.agents.sector_codes.state.clone(),
            demonym_sector: lex.agents.sector_codes.demonym.clone(),
            journalist: lex.agents.sector_codes.journalist.clone(),
            petrarch: petrarch::PetrarchActors::new(lex),
        }
    }

    /// Whether a speech verb ("said", "told") follows `end` after spaces.
    fn is_speech_after(&self, ctx: &Ctx, set: &ActorSet, end: usize) -> bool {
        let off = end + (ctx.text[end..].len() - ctx.text[end..].trim_start_matches(' ').len());
        set.speech_starts.binary_search(&off).is_ok()
    }

    /// Finds every actor and place mention.
    /// `published` picks the role an office holder of the PETRARCH dictionary held that day.
    pub fn find(&self, ctx: &Ctx, phrases: &mut Phrases, dates: &[DateMention], published: Option<NaiveDate>) -> ActorSet {
        let found = Found {
            dict: phrases.take(DICT),
            roles: phrases.take(ROLES),
            anaphors: phrases.take(ANAPHORS),
            place_preps: phrases.take(PLACE_PREPS),
            place_before: phrases.take(PLACE_BEFORE),
            speech: phrases.take(SPEECH),
        };
        let mut set = ActorSet::new(found.speech.iter().map(|m| m.start).collect());
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

        // PETRARCH names where the team's readings, dates and roles left the words free.
        let mut taken = claimed.clone();
        taken.sort_unstable();
        let mut role_spans: Vec<(usize, usize)> = roles.iter().map(|r| (r.start, r.end)).collect();
        role_spans.sort_unstable();
        let petrarch = self.petrarch.find(ctx, &taken, &role_spans);
        let day = published.map(|d| d.year() as u32 * 10_000 + d.month() * 100 + d.day());

        // Dictionary mentions, composed with what stands before them.
        self.dictionary_mentions(ctx, &mut set, &spans, roles, main);
        // PETRARCH organisations, groups and bodies claim their words; people are left to the
        // names pass, which finds their titles, and get their codes after it.
        for f in petrarch.iter().filter(|f| !f.person) {
            set.push(self.petrarch.entity(f, ctx.text, day), None, None);
            claimed.push((f.start, f.end));
        }

        self.names(ctx, &mut set, &claimed, &found, &spans, main);
        self.acronyms(ctx, &mut set);
        self.petrarch.code_people(&mut set, &petrarch, ctx.text, day, &self.particles);
        self.petrarch.code_team_mentions(&mut set, ctx.text, day);
        self.anaphora(ctx, &mut set, &found.anaphors);
        set.sort();
        set
    }

    fn is_function_word(&self, w: &str) -> bool {
        self.function_words.contains(w)
    }
}

/// The last of `hits` (sorted, non-overlapping) ending at or before `at`.
fn last_ending_by(hits: &[PhraseMatch], at: usize) -> Option<&PhraseMatch> {
    let k = hits.partition_point(|h| h.end <= at);
    k.checked_sub(1).map(|k| &hits[k])
}

/// Whether `[s, e)` overlaps a date mention (dates are sorted and non-overlapping).
impl ActorRecognizer {
    /// Whether a mention with no country of its own takes the article's main country: an
    /// agent noun marked `inherit_country` ("the police", named by its bare label while it has
    /// no country) or an office holder (a person with a role who is not a journalist).
    pub fn takes_main_country(&self, e: &Entity) -> bool {
        match e.kind {
            EntityKind::Person => e.role.is_some() && !e.sector.contains(&self.journalist),
            _ => self.agents.iter().any(|a| a.inherit && a.kind == e.kind && a.label == e.name),
        }
    }

    /// Undoes [`Self::give_country`] on a mention that inherited `iso3` as the main country:
    /// an office holder, or an agent named "{adjective} {label}" ("Georgian police" → "police").
    /// Returns whether it did.
    pub fn take_back_country(&self, e: &mut Entity, iso3: &str) -> bool {
        let adjective = self.countries.iter().find(|c| c.iso3 == iso3).map(|c| format!("{} ", c.adjective));
        let bare = match (&adjective, e.kind) {
            (_, EntityKind::Person) => Some(e.name.clone()),
            (Some(adj), _) => e.name.strip_prefix(adj.as_str()).map(str::to_string),
            (None, _) => None,
        };
        let Some(bare) = bare else { return false };
        let mut plain = e.clone();
        plain.country = None;
        plain.name = bare;
        if !self.takes_main_country(&plain) {
            return false;
        }
        *e = plain;
        true
    }

    /// Sets a mention's country; an agent is then named after it ("Iraqi police").
    pub fn give_country(&self, e: &mut Entity, iso3: &str) {
        e.country = Some(iso3.to_string());
        if e.kind != EntityKind::Person {
            if let Some(c) = self.countries.iter().find(|c| c.iso3 == iso3) {
                e.name = format!("{} {}", c.adjective, e.name);
            }
        }
    }
}

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

/// What the unit tests of every actors file share: the recognizer built once from the
/// built-in lexicon, and a text's `Ctx` and dictionary hits.
#[cfg(test)]
pub(super) mod testing {
    use super::{ActorRecognizer, ActorSet, Mention};
    use crate::{Ctx, Phrases};
    use sitrep_lexicon::{Lexicon, PhraseMatcher, PhraseMatcherBuilder};
    use sitrep_segment::Segmenter;
    use std::sync::OnceLock;

    pub(super) struct Fixture {
        pub(super) lex: Lexicon,
        pub(super) rec: ActorRecognizer,
        matcher: PhraseMatcher,
        segmenter: Segmenter,
    }

    pub(super) fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let lex = Lexicon::builtin();
            let mut b = PhraseMatcherBuilder::new();
            let rec = ActorRecognizer::new(&lex, &mut b);
            let segmenter = Segmenter::new(&lex.segment);
            Fixture { rec, matcher: b.build(), segmenter, lex }
        })
    }

    /// Runs `f` on `text` segmented (`caseless` as given) with the actor dictionaries' hits.
    pub(super) fn with_text<R>(text: &str, caseless: bool, f: impl FnOnce(&ActorRecognizer, &Ctx, &mut Phrases) -> R) -> R {
        let fx = fixture();
        let seg = fx.segmenter.segment(text, caseless);
        let ctx = Ctx::new(text, &seg, caseless);
        let mut phrases = Phrases::find(&fx.matcher, &ctx);
        f(&fx.rec, &ctx, &mut phrases)
    }

    /// The whole actor pass over `text` (no dates).
    pub(super) fn actors(text: &str) -> ActorSet {
        with_text(text, false, |rec, ctx, phrases| rec.find(ctx, phrases, &[], None))
    }

    /// The whole actor pass over `text` with the dictionaries of `lex` (built for this call).
    pub(super) fn actors_with(lex: &Lexicon, text: &str) -> ActorSet {
        let mut b = PhraseMatcherBuilder::new();
        let rec = ActorRecognizer::new(lex, &mut b);
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        let ctx = Ctx::new(text, &seg, false);
        rec.find(&ctx, &mut Phrases::find(&b.build(), &ctx), &[], None)
    }

    /// The first mention whose text is `text`.
    pub(super) fn mention<'a>(set: &'a ActorSet, text: &str) -> Option<&'a Mention> {
        set.mentions.iter().find(|m| m.entity.text == text)
    }

    /// The texts of every mention, in the order they were pushed.
    pub(super) fn mention_texts(set: &ActorSet) -> Vec<&str> {
        set.mentions.iter().map(|m| m.entity.text.as_str()).collect()
    }

    /// The byte span of the first `needle` in `text`.
    pub(super) fn span_of(text: &str, needle: &str) -> (usize, usize) {
        let s = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        (s, s + needle.len())
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
        let syn = crate::Syntax::new(crate::Parser::builtin(), text, &seg);
        Recognizer::new(lex).recognize(text, &seg, &syn, false, None).entities
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
