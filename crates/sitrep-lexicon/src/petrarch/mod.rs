//! PETRARCH/Phoenix dictionaries as sitrep data.
//!
//! `read` parses the PETRARCH text formats (actors, agents, discards, verbs; see
//! `../shared/peers/petrarch2/dictionaries.rst`) — sitrep's own reader, never PETRARCH's code —
//! into the typed files of `data/lexicon/petrarch/*.toml` defined here (`write` renders them).
//! The converted actors are compiled into the binary as a sorted static table (`build.rs`), so
//! loading ~35,000 names costs nothing at start-up; a `--dict DIR` with `petrarch/actors.toml`
//! replaces them, parsed at load.

pub mod read;
pub mod write;

use serde::{Deserialize, Deserializer, Serialize};

/// A calendar day as `YYYYMMDD` (comparable as a number); written `"YYYY-MM-DD"` in the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day(pub u32);

impl Day {
    /// The day from year, month and day, when they make a plausible calendar date.
    pub fn new(y: u32, m: u32, d: u32) -> Option<Day> {
        ((1..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Day(y * 10_000 + m * 100 + d))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit())).and_then(|t| t.parse().ok());
        Day::new(num(0..4)?, num(5..7)?, num(8..10)?)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.0 / 10_000, self.0 / 100 % 100, self.0 % 100)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date YYYY-MM-DD")))
    }
}

/// `petrarch/actors.toml`: named actors with CAMEO actor codes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorsFile {
    #[serde(default)]
    pub actor: Vec<Actor>,
}

/// One actor record: its primary name, the synonyms that name the same actor, and its codes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The primary phrase, words separated by single spaces ("HAMID KARZAI").
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// The codes in the order the dictionary gives them; a code without dates is the default.
    #[serde(default)]
    pub codes: Vec<DatedCode>,
}

/// A CAMEO actor code ("AFGGOV"), valid from `from` until `until` (both inclusive) when given.
/// `"---"` is the null code: no actor in that period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedCode {
    pub code: String,
    #[serde(default)]
    pub from: Option<Day>,
    #[serde(default)]
    pub until: Option<Day>,
}

impl DatedCode {
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }
    pub fn covers(&self, day: Day) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }
}

/// The code an actor with `codes` has on `day`: the first dated code whose period covers it,
/// else the first code without dates (the default). Without a day: the dated code that runs
/// latest (an open end is the latest; ties go to the later start), else the default. The null
/// code `---` gives `None`.
pub fn code_on(codes: &[DatedCode], day: Option<Day>) -> Option<&str> {
    let default = || codes.iter().find(|c| !c.is_dated());
    let chosen = match day {
        Some(day) => codes.iter().find(|c| c.is_dated() && c.covers(day)).or_else(default),
        None => codes
            .iter()
            .filter(|c| c.is_dated())
            .max_by_key(|c| (c.until.map_or(u32::MAX, |d| d.0), c.from.map_or(0, |d| d.0)))
            .or_else(default),
    }?;
    (chosen.code != "---" && !chosen.code.is_empty()).then_some(chosen.code.as_str())
}

/// `petrarch/agents.toml`: agent nouns and the code they add to an actor.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentsFile {
    #[serde(default)]
    pub agent: Vec<Agent>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// The phrase as a lemma ("FOREIGN MINISTER").
    pub phrase: String,
    /// `None`: the regular plural is formed; `Some(list)`: exactly these plurals (empty: none).
    #[serde(default)]
    pub plurals: Option<Vec<String>>,
    /// The agent code ("GOV", "NGO").
    pub code: String,
    /// Where the code goes: after the actor's code (`~GOV`, the usual) or before it (`NGO~`).
    #[serde(default)]
    pub place: AgentPlace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentPlace {
    #[default]
    After,
    Before,
}

/// `petrarch/discards.toml`: phrases that mark a sentence or story as not to be coded.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscardsFile {
    #[serde(default)]
    pub discard: Vec<Discard>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discard {
    pub phrase: String,
    /// What a match discards.
    #[serde(default)]
    pub scope: DiscardScope,
    /// The match must end at a word's end (`_` in PETRARCH); otherwise the phrase is a stem.
    #[serde(default)]
    pub word_end: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscardScope {
    #[default]
    Sentence,
    Story,
}

/// `petrarch/verbs.toml`: synonym sets, verb groups with their patterns and CAMEO event codes,
/// and verb-verb transformations.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbsFile {
    #[serde(default)]
    pub synset: Vec<Synset>,
    #[serde(default)]
    pub group: Vec<VerbGroup>,
    #[serde(default)]
    pub transformation: Vec<String>,
}

/// `&LABEL` and its phrases: `nouns` get regular plurals, `fixed` are matched as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synset {
    pub label: String,
    #[serde(default)]
    pub nouns: Vec<String>,
    #[serde(default)]
    pub fixed: Vec<String>,
}

/// A verb synonym block (`--- NAME [CODE] ---`): its verbs and its patterns.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbGroup {
    pub name: String,
    /// The code of the isolated verb; `None` for the null code `---`.
    #[serde(default)]
    pub code: Option<String>,
    /// The code after `:` (`--- LEFT [032:033] ---`): the code of the reverse direction, target
    /// to source (the host of a visit).
    #[serde(default)]
    pub alt: Option<String>,
    #[serde(default)]
    pub verbs: Vec<Verb>,
    #[serde(default)]
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verb {
    /// The lemma, words separated by spaces ("CORDON OFF").
    pub lemma: String,
    /// Which word of a multi-word lemma is the verb (0-based; `+` in PETRARCH).
    #[serde(default)]
    pub head: usize,
    /// Irregular forms, when given; otherwise the regular forms are made.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Its own code, overriding the group's (`None`: the group's).
    #[serde(default)]
    pub code: Option<String>,
}

/// `- BEFORE * AFTER [CODE]`: the words before and after the verb (nouns, `(PREP NOUN)`
/// phrases, `{ADJ NOUN}` phrases, `&SYNSET`s, `$` source, `+` target, `^` skip).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    #[serde(default)]
    pub before: String,
    #[serde(default)]
    pub after: String,
    /// The CAMEO event code; `None` for the null code (`---`) or when only `alt` is given.
    #[serde(default)]
    pub code: Option<String>,
    /// The code after `:`: the code of the reverse direction, target to source ("[032:033]": a
    /// visit, and the host's hosting).
    #[serde(default)]
    pub alt: Option<String>,
}

/// `petrarch/crosswalk.toml`: the PLOVER category, mode and context of each CAMEO event code
/// (from PLOVER's `CAMEO2PLOVER` table).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkFile {
    #[serde(default)]
    pub code: Vec<CrosswalkEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkEntry {
    /// The CAMEO event code ("1121"; a two-digit root such as "11" too).
    pub cameo: String,
    /// The PLOVER category, checked against `sitrep_core::taxonomy`.
    #[serde(deserialize_with = "plover_category")]
    pub category: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub context: Vec<String>,
}

fn plover_category<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    sitrep_core::taxonomy::check_plover(&s).map_err(serde::de::Error::custom)?;
    Ok(s)
}

/// The built-in `petrarch/verbs.toml`, read the first time it is asked for (from the JSON copy
/// `build.rs` makes of it: the same schema, parsed several times faster).
pub fn builtin_verbs() -> &'static VerbsFile {
    static BUILTIN: std::sync::OnceLock<VerbsFile> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/petrarch_verbs.json")))
            .unwrap_or_else(|e| panic!("built-in petrarch/verbs.toml is invalid: {e}"))
    })
}

/// The built-in `petrarch/agents.toml`, read the first time it is asked for (its JSON copy).
pub fn builtin_agents() -> &'static AgentsFile {
    static BUILTIN: std::sync::OnceLock<AgentsFile> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/petrarch_agents.json")))
            .unwrap_or_else(|e| panic!("built-in petrarch/agents.toml is invalid: {e}"))
    })
}

// `key`, shared word for word with build.rs (which compiles the actor table with it).
include!("fold.rs");

/// The actors in the form the recognizer reads them: records and a sorted key index.
#[derive(Debug, Clone, Copy)]
pub struct ActorIndex {
    pub actors: &'static [ActorRec],
    /// `(key, index into actors)`, sorted by key, each key once (the first record with codes naming it).
    pub keys: &'static [(&'static str, u32)],
    /// [`prefix8`] of each key, in the order of `keys`: the array a search narrows on first
    /// (tens of thousands of keys: one array of numbers, not a string read at every step).
    pub prefixes: &'static [u64],
}

#[derive(Debug, Clone, Copy)]
pub struct ActorRec {
    pub name: &'static str,
    pub codes: &'static [CodeRec],
}

#[derive(Debug, Clone, Copy)]
pub struct CodeRec {
    pub code: &'static str,
    pub from: u32,
    pub until: u32,
}

mod builtin {
    #[allow(unused_imports)]
    use super::{ActorIndex, ActorRec, CodeRec};
    include!(concat!(env!("OUT_DIR"), "/petrarch_actors.rs"));
    pub static INDEX: ActorIndex = ActorIndex { actors: ACTORS, keys: KEYS, prefixes: PREFIXES };
}

impl ActorIndex {
    /// The converted PETRARCH actors compiled into the binary (`data/lexicon/petrarch/actors.toml`).
    pub fn builtin() -> ActorIndex {
        builtin::INDEX
    }

    /// The index of a parsed file. Its strings live for the rest of the run (a `--dict` file
    /// is loaded once per process).
    pub fn from_file(file: &ActorsFile) -> ActorIndex {
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        let mut actors = Vec::with_capacity(file.actor.len());
        let mut keys: Vec<(&'static str, u32)> = Vec::new();
        for (i, a) in file.actor.iter().enumerate() {
            let codes: Vec<CodeRec> = a
                .codes
                .iter()
                .map(|c| CodeRec { code: leak(&c.code), from: c.from.map_or(0, |d| d.0), until: c.until.map_or(u32::MAX, |d| d.0) })
                .collect();
            actors.push(ActorRec { name: leak(&a.name), codes: Box::leak(codes.into_boxed_slice()) });
            for p in std::iter::once(&a.name).chain(&a.synonyms) {
                let k = key(p);
                if !k.is_empty() {
                    keys.push((leak(&k), i as u32));
                }
            }
        }
        // the first record with codes naming a key keeps it (a record without codes only when no other names it)
        let bare = |i: u32| file.actor[i as usize].codes.is_empty();
        keys.sort_by(|a, b| a.0.cmp(b.0).then(bare(a.1).cmp(&bare(b.1))).then(a.1.cmp(&b.1)));
        keys.dedup_by(|b, a| a.0 == b.0);
        let prefixes: Vec<u64> = keys.iter().map(|k| prefix8(k.0)).collect();
        ActorIndex {
            actors: Box::leak(actors.into_boxed_slice()),
            keys: Box::leak(keys.into_boxed_slice()),
            prefixes: Box::leak(prefixes.into_boxed_slice()),
        }
    }

    /// The record a folded key names.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.keys.get(self.position(key)).filter(|k| k.0 == key).map(|k| k.1)
    }

    /// The position of the first key not less than `key`: the keys whose [`prefix8`] is
    /// `key`'s, found on `prefixes`, then searched by their text.
    fn position(&self, key: &str) -> usize {
        let p = prefix8(key);
        let lo = self.prefixes.partition_point(|&x| x < p);
        let hi = lo + self.prefixes[lo..].partition_point(|&x| x == p);
        lo + self.keys[lo..hi].partition_point(|k| k.0 < key)
    }

    /// Whether some key starts with `prefix` followed by a space (a longer phrase may match).
    pub fn extends(&self, prefix: &str) -> bool {
        let i = self.keys.partition_point(|k| k.0 <= prefix);
        self.keys.get(i).is_some_and(|k| k.0.len() > prefix.len() && k.0.starts_with(prefix) && k.0.as_bytes()[prefix.len()] == b' ')
    }

    /// [`Self::get`] and [`Self::extends`] in one binary search: the record `key` names, and
    /// whether a longer key continues it.
    pub fn lookup(&self, key: &str) -> (Option<u32>, bool) {
        let i = self.position(key);
        let exact = self.keys.get(i).filter(|k| k.0 == key).map(|k| k.1);
        let next = if exact.is_some() { i + 1 } else { i };
        let longer =
            self.keys.get(next).is_some_and(|k| k.0.len() > key.len() && k.0.starts_with(key) && k.0.as_bytes()[key.len()] == b' ');
        (exact, longer)
    }

    /// Names and synonyms (distinct keys) in the index.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl ActorRec {
    /// The code on `day` (see [`code_on`]); `day` as `YYYYMMDD`.
    pub fn code_on(&self, day: Option<u32>) -> Option<&'static str> {
        let dated = |c: &&CodeRec| c.from != 0 || c.until != u32::MAX;
        let default = || self.codes.iter().find(|c| !dated(c));
        let chosen = match day {
            Some(d) => self.codes.iter().find(|c| dated(c) && c.from <= d && d <= c.until).or_else(default),
            None => self.codes.iter().filter(dated).max_by_key(|c| (c.until, c.from)).or_else(default),
        }?;
        (chosen.code != "---" && !chosen.code.is_empty()).then_some(chosen.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dc(code: &str, from: Option<u32>, until: Option<u32>) -> DatedCode {
        DatedCode { code: code.into(), from: from.map(Day), until: until.map(Day) }
    }

    #[test]
    fn an_office_holder_has_the_code_of_the_day() {
        // Karzai: elite 1975–2000, government from 22 Dec 2001, elite otherwise
        let codes = [dc("AFGELI", Some(19750101), Some(20000101)), dc("AFGGOV", Some(20011222), None), dc("AFGELI", None, None)];
        assert_eq!(code_on(&codes, Some(Day(19900101))), Some("AFGELI"));
        assert_eq!(code_on(&codes, Some(Day(20011222))), Some("AFGGOV"), "the bounds are inclusive");
        assert_eq!(code_on(&codes, Some(Day(20010101))), Some("AFGELI"), "outside every period: the default");
        assert_eq!(code_on(&codes, None), Some("AFGGOV"), "no date: the latest");
        assert_eq!(code_on(&[dc("---", None, None)], None), None);
        assert_eq!(code_on(&[dc("IRQGOV", Some(20060101), Some(20140101))], Some(Day(20200101))), None);
        let file = ActorsFile { actor: vec![Actor { name: "X".into(), synonyms: vec![], codes: codes.to_vec() }] };
        let idx = ActorIndex::from_file(&file);
        for day in [None, Some(19900101), Some(20011222), Some(20010101)] {
            assert_eq!(idx.actors[0].code_on(day), code_on(&codes, day.map(Day)), "{day:?}");
        }
    }

    #[test]
    fn keys_fold_case_and_punctuation() {
        assert_eq!(key("BAN KI-MOON"), "ban ki moon");
        assert_eq!(key("Ban Ki-moon"), "ban ki moon");
        assert_eq!(key("U.N."), "u n");
        assert_eq!(key("ADEN ABYAN ISLAMIC ARMY (AAIA)"), "aden abyan islamic army aaia");
        assert_eq!(key("  --  "), "");
    }

    #[test]
    fn the_builtin_index_is_sorted_and_large() {
        let idx = ActorIndex::builtin();
        assert!(idx.len() >= 30_000, "{}", idx.len());
        assert!(idx.keys.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(idx.keys.iter().all(|k| (k.1 as usize) < idx.actors.len()));
        assert_eq!(idx.prefixes.len(), idx.keys.len());
        assert!(idx.keys.iter().zip(idx.prefixes).all(|(k, &p)| prefix8(k.0) == p));
        // narrowing on the prefixes finds what a search over the keys alone finds
        for (k, _) in idx.keys.iter().step_by(97) {
            for q in
                [k.to_string(), format!("{k} a"), format!("{k}\u{e9}"), k.chars().take(k.chars().count() / 2).collect(), format!("{k}zz")]
            {
                assert_eq!(idx.position(&q), idx.keys.partition_point(|x| x.0 < q.as_str()), "{q}");
            }
        }
        let karzai = idx.get("hamid karzai").expect("Hamid Karzai");
        assert_eq!(idx.actors[karzai as usize].code_on(Some(20050101)), Some("AFGGOV"));
        assert!(idx.extends("hamid") && !idx.extends("hamid karzai zz"));
        for k in ["hamid", "hamid karzai", "hamid karzai zz", "", "zzzz", "united nations"] {
            assert_eq!(idx.lookup(k), (idx.get(k), idx.extends(k)), "{k}");
        }
    }

    #[test]
    fn the_committed_files_parse_and_the_compiled_table_is_theirs() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lexicon/petrarch/");
        let read = |name: &str| std::fs::read_to_string(format!("{dir}{name}")).unwrap();
        let actors: ActorsFile = toml::from_str(&read("actors.toml")).unwrap();
        let (built, compiled) = (ActorIndex::from_file(&actors), ActorIndex::builtin());
        assert_eq!(built.keys, compiled.keys);
        assert_eq!(built.actors.len(), compiled.actors.len());
        for (a, b) in built.actors.iter().zip(compiled.actors) {
            assert_eq!(a.name, b.name);
            let codes = |r: &ActorRec| r.codes.iter().map(|c| (c.code, c.from, c.until)).collect::<Vec<_>>();
            assert_eq!(codes(a), codes(b), "{}", a.name);
        }
        let verbs: VerbsFile = toml::from_str(&read("verbs.toml")).unwrap();
        assert_eq!(&verbs, builtin_verbs(), "the JSON copy reads as the TOML");
        let agents_toml: AgentsFile = toml::from_str(&read("agents.toml")).unwrap();
        assert_eq!(&agents_toml, builtin_agents(), "the JSON copy reads as the TOML");
        assert!(verbs.group.len() >= 390 && verbs.group.iter().map(|g| g.patterns.len()).sum::<usize>() >= 4_600);
        let agents: AgentsFile = toml::from_str(&read("agents.toml")).unwrap();
        assert!(agents.agent.len() >= 2_000);
        let discards: DiscardsFile = toml::from_str(&read("discards.toml")).unwrap();
        assert!(discards.discard.len() >= 500);
        let crosswalk: CrosswalkFile = toml::from_str(&read("crosswalk.toml")).unwrap();
        assert!(crosswalk.code.len() >= 250);
        let find = |c: &str| crosswalk.code.iter().find(|e| e.cameo == c).cloned().unwrap();
        let e = find("1124");
        assert_eq!(
            (e.category.as_str(), e.mode.as_str(), e.context.clone()),
            ("ACCUSE", "allege", vec!["military".to_string(), "legal".to_string()])
        );
        assert_eq!(find("11").category, "ACCUSE");
    }

    #[test]
    fn days_read_and_write_iso() {
        assert_eq!(Day::parse_iso("2001-12-22"), Some(Day(20011222)));
        assert_eq!(Day(20011222).iso(), "2001-12-22");
        for bad in ["2001-13-01", "01-12-22", "2001/12/22", "2001-1a-01", ""] {
            assert_eq!(Day::parse_iso(bad), None, "{bad}");
        }
    }
}
