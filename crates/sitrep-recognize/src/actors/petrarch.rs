//! The PETRARCH actor dictionary (`data/lexicon/petrarch/actors.toml`, ~35,000 names): named
//! actors the team's dictionaries do not know — ministries, parties, armed groups, NGOs, office
//! holders — with their CAMEO actor code. Names are looked up per token run in the compiled
//! sorted table (no automaton to build); the team's own readings, dates and roles claim their
//! words first (the team wins). Office holders are coded with the role valid on the article's
//! publication date (`code_on`). Which names are read at all is `petrarch/filter.toml`.

use super::{ActorSet, Ctx};
use sitrep_core::{Entity, EntityKind, Span};
use sitrep_lexicon::petrarch::{key, ActorIndex, ActorRec};
use sitrep_lexicon::{Lexicon, Names};
use std::collections::{HashMap, HashSet};

/// At most this many tokens in one name.
const MAX_TOKENS: usize = 16;

/// One PETRARCH name found in the text: bytes `[start, end)`, record `actor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) actor: u32,
    pub(super) person: bool,
}

pub(super) struct PetrarchActors {
    index: ActorIndex,
    min_single_word: usize,
    joiners: HashSet<String>,
    stop: HashSet<String>,
    kinds: HashMap<String, EntityKind>,
    default_kind: EntityKind,
    sectors: HashSet<String>,
    isos: HashSet<String>,
    /// Bare codes never read (`unread_codes`, and the `kinds` and `sectors` parts).
    unread: HashSet<String>,
    /// Names with a bare country code are read (`read_country_codes`).
    country_codes: bool,
    /// Coding PETRARCH's way (`coded_only_events`): a longer name holding a role word claims it
    /// ("Prince of Dol Amroth"; the team's reading keeps "Secretary of State" a role), and a name
    /// the dictionary writes with its article ("THE SHIRE") is read with it ("the Shire").
    petrarch_way: bool,
    /// `articles` (lower case).
    articles: Vec<String>,
    names: Names,
}

impl PetrarchActors {
    pub(super) fn new(lex: &Lexicon) -> PetrarchActors {
        let f = &lex.petrarch_filter;
        PetrarchActors {
            index: lex.petrarch_actors,
            min_single_word: f.min_single_word,
            joiners: f.joiners.iter().map(|w| w.to_lowercase()).collect(),
            stop: f.stop.iter().map(|w| key(w)).collect(),
            kinds: f.kinds.iter().map(|(k, v)| (k.to_uppercase(), *v)).collect(),
            default_kind: f.default_kind,
            sectors: f.sectors.iter().map(|s| s.to_uppercase()).collect(),
            isos: lex.countries.country.iter().map(|c| c.iso3.clone()).collect(),
            country_codes: f.read_country_codes,
            petrarch_way: f.coded_only_events,
            articles: f.articles.iter().map(|a| a.to_lowercase()).collect(),
            unread: f.unread_codes.iter().chain(f.kinds.keys()).chain(&f.sectors).map(|s| s.to_uppercase()).collect(),
            names: lex.names.clone(),
        }
    }

    /// Whether a code names a place or no one in particular: a bare country ("AFG"), a bare
    /// code of `unread_codes` or a bare kind or sector ("NGO"), or a country within a country or
    /// unread code ("USRUKR", "YUGSRB", "MNCUSA"; not "HOBCIV" of a user's dictionary). Another
    /// bare code ("ARN" of a user's dictionary) is a state.
    fn place_code(&self, code: &str) -> bool {
        (code.len() == 3 && ((self.isos.contains(code) && !self.country_codes) || self.unread.contains(code)))
            || (code.len() == 6
                && code.is_char_boundary(3)
                && self.isos.contains(&code[3..])
                && (self.isos.contains(&code[..3]) || self.unread.contains(&code[..3])))
    }

    /// A bare code of a state the team's data does not know ("ARN").
    fn other_state(&self, code: &str) -> bool {
        code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && !self.place_code(code)
    }

    /// Whether record `rec` may be read at all: it has a code, and none of its codes names a place.
    fn usable(&self, rec: &ActorRec) -> bool {
        rec.codes.iter().any(|c| c.code != "---") && !rec.codes.iter().any(|c| self.place_code(c.code))
    }

    fn is_person(&self, rec: &ActorRec) -> bool {
        rec.codes.iter().any(|c| c.from != 0 || c.until != u32::MAX)
            || rec.name.split(' ').next().is_some_and(|w| rec.name.contains(' ') && self.names.is_given(&title(w)))
    }

    /// The names in the text, longest first at each token, left to right, none overlapping
    /// `claimed` or `roles` (each sorted by start, non-overlapping or not: any overlap
    /// excludes), except, coding PETRARCH's way, roles that lie inside a longer name.
    pub(super) fn find(&self, ctx: &Ctx, claimed: &[(usize, usize)], roles: &[(usize, usize)]) -> Vec<Found> {
        let mut out = Vec::new();
        if self.index.is_empty() || ctx.caseless {
            return out;
        }
        // any span of `spans` (sorted by start) starting before `e` and ending after `s` that
        // `free` does not let through
        let hits = |spans: &[(usize, usize)], s: usize, e: usize, free: &dyn Fn(&(usize, usize)) -> bool| {
            let k = spans.partition_point(|c| c.0 < e);
            spans[..k].iter().rev().take(64).any(|c| c.1 > s && !free(c))
        };
        let overlaps = |s: usize, e: usize| {
            hits(claimed, s, e, &|_| false) || hits(roles, s, e, &|r| self.petrarch_way && s <= r.0 && r.1 <= e && (s, e) != *r)
        };
        let n = ctx.tokens.len();
        // Capitalised words repeat through an article ("Mr", "Blair", "The"): the index (a
        // binary search over tens of thousands of keys) is asked once per distinct first word.
        let mut first_words: HashMap<&str, (Option<u32>, bool)> = HashMap::new();
        let mut i = 0;
        while i < n {
            // coding PETRARCH's way, a name may open with the article the dictionary writes
            // ("THE SHIRE"): "the" before a capitalised word
            let article = self.petrarch_way && i + 1 < n && ctx.is_cap(i + 1) && self.articles.contains(&ctx.word(i).to_lowercase());
            if !ctx.is_cap(i) && !article {
                i += 1;
                continue;
            }
            let sentence = ctx.sentence_of_tok(i);
            let mut k = String::new();
            let mut best: Option<(usize, u32)> = None;
            let mut words = 0;
            let mut j = i;
            while j < n && j < i + MAX_TOKENS * 2 && ctx.sentence_of_tok(j) == sentence {
                let w = ctx.word(j);
                let folded = key(w);
                if !folded.is_empty() {
                    // every word of a name is capitalised (or a digit), or a joiner inside it
                    let cap = ctx.is_cap(j) || w.chars().next().is_some_and(|c| c.is_ascii_digit());
                    if !cap && !self.joiners.contains(&folded) {
                        break;
                    }
                    if !k.is_empty() {
                        k.push(' ');
                    }
                    k.push_str(&folded);
                    words += 1;
                    let (exact, longer) = if words == 1 {
                        // `k` is the folded `w` alone
                        *first_words.entry(w).or_insert_with(|| self.index.lookup(&k))
                    } else {
                        self.index.lookup(&k)
                    };
                    if let Some(a) = exact.filter(|_| cap) {
                        best = Some((j, a));
                    }
                    if words >= MAX_TOKENS || !longer {
                        break;
                    }
                }
                j += 1;
            }
            let Some((last, actor)) = best else {
                i += 1;
                continue;
            };
            let (s, e) = (ctx.tokens[i].start, ctx.tokens[last].end);
            let rec = &self.index.actors[actor as usize];
            let k = key(&ctx.text[s..e]);
            let single = !k.contains(' ');
            let ok = !overlaps(s, e)
                && self.usable(rec)
                && !self.stop.contains(&k)
                && !(single && (k.chars().count() < self.min_single_word || self.names.is_given(ctx.word(i))));
            if ok {
                out.push(Found { start: s, end: e, actor, person: self.is_person(rec) });
                i = last + 1;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Country, sectors and kind from a CAMEO actor code.
    fn read_code(&self, code: &str) -> (Option<String>, Vec<String>, Option<EntityKind>) {
        let parts: Vec<&str> = (0..code.len() / 3).filter_map(|k| code.get(3 * k..3 * k + 3)).collect();
        let country = parts.first().filter(|p| self.isos.contains(**p)).map(|p| p.to_string());
        let mut sectors: Vec<String> = Vec::new();
        let mut kind = None;
        for p in &parts {
            if kind.is_none() {
                kind = self.kinds.get(*p).copied();
            }
            if self.sectors.contains(*p) && !sectors.iter().any(|s| s == p) {
                sectors.push(p.to_string());
            }
        }
        (country, sectors, kind)
    }

    /// The entity a found name gives on `day` (`YYYYMMDD`).
    pub(super) fn entity(&self, f: &Found, text: &str, day: Option<u32>) -> Entity {
        let rec = &self.index.actors[f.actor as usize];
        let code = rec.code_on(day);
        let (country, sector, kind) = code.map(|c| self.read_code(c)).unwrap_or_default();
        Entity {
            text: text[f.start..f.end].to_string(),
            name: display(rec.name),
            span: Span(f.start, f.end),
            country,
            sector,
            kind: if f.person {
                EntityKind::Person
            } else if code.is_some_and(|c| self.other_state(c)) {
                EntityKind::State
            } else {
                kind.unwrap_or(self.default_kind)
            },
            cameo: code.map(str::to_string),
            ..Default::default()
        }
    }

    /// Gives the team's own armed groups, organisations and media the code the PETRARCH
    /// dictionary has for their text or canonical name (nothing else of them changes).
    /// A mention right after an article is looked up with it too ("the AU": "THE AU").
    pub(super) fn code_team_mentions(&self, set: &mut ActorSet, text: &str, day: Option<u32>) {
        for m in &mut set.mentions {
            let e = &mut m.entity;
            if e.cameo.is_some() || !matches!(e.kind, EntityKind::ArmedGroup | EntityKind::Igo | EntityKind::Ngo | EntityKind::Media) {
                continue;
            }
            let before = text.get(..e.span.0).unwrap_or("").trim_end_matches(' ');
            let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            let with_article = self.articles.contains(&word.to_lowercase()).then(|| format!("{word} {}", e.text));
            let rec = [Some(&e.text), Some(&e.name), with_article.as_ref()]
                .into_iter()
                .flatten()
                .find_map(|t| self.index.get(&key(t)))
                .map(|a| &self.index.actors[a as usize]);
            if let Some(rec) = rec.filter(|r| self.usable(r)) {
                e.cameo = rec.code_on(day).map(str::to_string);
            }
        }
    }

    /// Gives the people the team's pass found the code, country and sector of the PETRARCH
    /// office holder their name holds; people it did not find become mentions of their own.
    pub(super) fn code_people(&self, set: &mut ActorSet, found: &[Found], text: &str, day: Option<u32>, particles: &HashSet<String>) {
        for f in found.iter().filter(|f| f.person) {
            let e = self.entity(f, text, day);
            // the mention holding the name: among the few ending at or after it (bounded, so
            // the pass stays linear in the article)
            let within = set
                .by_end
                .range(f.end..)
                .take(8)
                .flat_map(|(_, ids)| ids.iter().copied())
                .find(|&mi| set.mentions[mi].entity.span.0 <= f.start);
            match within {
                Some(mi) => {
                    let m = &mut set.mentions[mi].entity;
                    if !matches!(m.kind, EntityKind::Person | EntityKind::Unknown) || m.cameo.is_some() {
                        continue;
                    }
                    m.kind = EntityKind::Person;
                    m.cameo = e.cameo;
                    if m.country.is_none() {
                        m.country = e.country;
                    }
                    if m.sector.is_empty() {
                        m.sector = e.sector;
                    }
                }
                // words another mention already reads in part ("Minister Hamid" …): left to it
                None if set
                    .by_end
                    .range(f.start + 1..)
                    .take(8)
                    .flat_map(|(_, ids)| ids.iter())
                    .any(|&mi| set.mentions[mi].entity.span.0 < f.end) => {}
                None => {
                    let id = set.push(e, None, None);
                    set.index_surnames(id, particles);
                }
            }
        }
    }
}

/// "HAMID KARZAI" → "Hamid Karzai"; a one-word name of up to five letters stays as written
/// (an acronym: "UNHCR").
fn display(name: &str) -> String {
    if !name.contains(' ') && name.chars().count() <= 5 {
        return name.to_string();
    }
    name.split(' ').map(title).collect::<Vec<_>>().join(" ")
}

fn title(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\'';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{actors, actors_with, fixture, mention, with_text};
    use super::*;
    use chrono::NaiveDate;

    fn on(text: &str, day: &str) -> ActorSet {
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        with_text(text, false, |rec, ctx, phrases| rec.find(ctx, phrases, &[], Some(d)))
    }

    fn coded<'a>(set: &'a ActorSet, text: &str) -> (&'a str, EntityKind, Option<&'a str>, Vec<String>) {
        let e = &mention(set, text).unwrap_or_else(|| panic!("no {text}: {:#?}", set.mentions)).entity;
        (e.name.as_str(), e.kind, e.cameo.as_deref(), e.sector.clone())
    }

    #[test]
    fn an_office_holder_is_coded_gov_inside_the_office_dates_and_not_outside() {
        // Najibullah: [AFGGOV 870930-871130] [AFGGOV 871130-920416] [AFGELI]
        let text = "Mohammad Najibullah addressed the crowd.";
        let inside = on(text, "1990-05-01");
        assert_eq!(
            coded(&inside, "Mohammad Najibullah"),
            ("Mohammad Najibullah", EntityKind::Person, Some("AFGGOV"), vec!["GOV".to_string()])
        );
        assert_eq!(mention(&inside, "Mohammad Najibullah").unwrap().entity.country.as_deref(), Some("AFG"));
        let after = on(text, "2005-01-01");
        assert_eq!(
            coded(&after, "Mohammad Najibullah"),
            ("Mohammad Najibullah", EntityKind::Person, Some("AFGELI"), vec!["ELI".to_string()])
        );
        let before = on(text, "1980-01-01");
        assert_ne!(coded(&before, "Mohammad Najibullah").2, Some("AFGGOV"));
        // without a publication date: the latest office
        assert_eq!(coded(&actors(text), "Mohammad Najibullah").2, Some("AFGGOV"));
    }

    #[test]
    fn organisations_the_team_does_not_know_become_coded_mentions() {
        let set = actors("Fighters of the Hizb-i-Islami clashed with the Bundestag delegation.");
        assert_eq!(coded(&set, "Hizb-i-Islami"), ("Hizb-I-Islami", EntityKind::ArmedGroup, Some("AFGREB"), vec!["REB".to_string()]));
        assert_eq!(mention(&set, "Hizb-i-Islami").unwrap().entity.country.as_deref(), Some("AFG"));
        let b = coded(&set, "Bundestag");
        assert_eq!((b.1, b.2), (EntityKind::StateAgent, Some("DEUGOVLEG")));
    }

    #[test]
    fn the_team_wins_where_both_read_the_same_words() {
        // "Taliban" is the team's group: its name and kind stay, the code is added
        let set = actors("The Taliban attacked a checkpoint.");
        let t = &mention(&set, "Taliban").expect("the team's group").entity;
        let team = &fixture().lex.groups.group.iter().find(|g| g.name.contains("Taliban")).expect("in groups.toml").name;
        assert_eq!((&t.name, t.kind), (team, EntityKind::ArmedGroup));
        assert!(t.cameo.is_some(), "{t:?}");
        // "Afghan National Security Forces": the team reads "Afghan" and "Security Forces"
        let set = actors("Afghan National Security Forces moved in.");
        assert!(set.mentions.iter().all(|m| m.entity.cameo.is_none()), "{:#?}", set.mentions);
    }

    #[test]
    fn places_common_words_given_names_and_lower_case_are_not_read() {
        for text in ["They flew to Herat.", "The Senate voted.", "Abdullah spoke.", "the bundestag voted.", "Gaza Strip residents fled."] {
            let set = actors(text);
            assert!(set.mentions.iter().all(|m| m.entity.cameo.is_none()), "{text}: {:#?}", set.mentions);
        }
    }

    fn one_actor(name: &str, code: &str) -> sitrep_lexicon::petrarch::ActorsFile {
        use sitrep_lexicon::petrarch::{Actor, ActorsFile, DatedCode};
        let codes = vec![DatedCode { code: code.into(), from: None, until: None }];
        ActorsFile { actor: vec![Actor { name: name.into(), synonyms: vec![], codes }] }
    }

    #[test]
    fn coding_petrarchs_way_a_longer_name_claims_the_role_word_it_holds() {
        // "governor" is a role of the team's; the user's dictionary names a body that starts with it
        let mut lex = fixture().lex.clone();
        lex.petrarch_actors = ActorIndex::from_file(&one_actor("GOVERNOR OF THE NORTHERN REACHES", "NRHGOV"));
        let text = "Villagers appealed to the Governor of the Northern Reaches for help.";
        let name = "Governor of the Northern Reaches";
        assert!(mention(&actors_with(&lex, text), name).is_none(), "the team's reading: the role claims its word");
        lex.petrarch_filter.coded_only_events = true;
        let set = actors_with(&lex, text);
        assert_eq!(mention(&set, name).map(|m| m.entity.cameo.as_deref()), Some(Some("NRHGOV")), "{:#?}", set.mentions);
        // the role alone is no longer name than itself: a one-word name equal to a role stays the role's
        lex.petrarch_actors = ActorIndex::from_file(&one_actor("GOVERNOR", "NRHGOV"));
        let set = actors_with(&lex, "The Governor spoke.");
        assert!(set.mentions.iter().all(|m| m.entity.cameo.is_none()), "{:#?}", set.mentions);
    }

    #[test]
    fn a_name_the_dictionary_writes_with_its_article_is_read_with_it() {
        let mut lex = fixture().lex.clone();
        // a team mention right after the article takes the code of "THE …"
        lex.petrarch_actors = ActorIndex::from_file(&one_actor("THE AU", "IGOAFR"));
        let set = actors_with(&lex, "The AU suspended the junta.");
        assert_eq!(mention(&set, "AU").map(|m| m.entity.cameo.as_deref()), Some(Some("IGOAFR")), "{:#?}", set.mentions);
        lex.petrarch_filter.articles.clear();
        assert!(mention(&actors_with(&lex, "The AU suspended the junta."), "AU").is_none_or(|m| m.entity.cameo.is_none()));
        // a name of the dictionary's own: read from the article only coding PETRARCH's way
        let mut lex = fixture().lex.clone();
        lex.petrarch_actors = ActorIndex::from_file(&one_actor("THE SHIRE", "HBTGOV"));
        let text = "Envoys from the Shire arrived on Monday.";
        assert!(actors_with(&lex, text).mentions.iter().all(|m| m.entity.cameo.is_none()));
        lex.petrarch_filter.coded_only_events = true;
        let set = actors_with(&lex, text);
        assert_eq!(mention(&set, "the Shire").map(|m| m.entity.cameo.as_deref()), Some(Some("HBTGOV")), "{:#?}", set.mentions);
    }

    #[test]
    fn the_filter_is_data() {
        let mut lex = fixture().lex.clone();
        let text = "The Bundestag voted.";
        assert!(mention(&actors_with(&lex, text), "Bundestag").is_some_and(|m| m.entity.cameo.is_some()));
        lex.petrarch_filter.stop.push("BUNDESTAG".into());
        assert!(mention(&actors_with(&lex, text), "Bundestag").is_none_or(|m| m.entity.cameo.is_none()));
        let mut lex = fixture().lex.clone();
        lex.petrarch_filter.min_single_word = 20;
        assert!(mention(&actors_with(&lex, text), "Bundestag").is_none_or(|m| m.entity.cameo.is_none()));
    }
}
