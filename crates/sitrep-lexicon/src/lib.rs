//! Linguistic knowledge as data.
//!
//! Every dictionary, alias list, trigger word and pattern lives in a TOML file under
//! `data/lexicon/`. The files are compiled into the binary as defaults ([`Lexicon::builtin`]);
//! `--dict DIR` replaces any of them file by file ([`Lexicon::load`]). This crate owns the
//! schema of those files and the [`PhraseMatcher`] they compile to; it knows nothing of
//! articles or stages.

mod matcher;
pub mod morph;
pub mod petrarch;
mod schema;

pub use matcher::{leftmost_longest, Case, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
pub use schema::*;

use std::path::{Path, PathBuf};

/// Errors loading user dictionaries. Built-in data is tested and cannot fail.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read dictionary file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("dictionary file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("dictionary directory {0} does not exist")]
    NoDir(PathBuf),
}

macro_rules! files {
    ($($field:ident : $ty:ty = $file:literal),* $(,)?) => {
        /// All the data files, parsed.
        #[derive(Debug, Clone)]
        pub struct Lexicon {
            $(pub $field: $ty,)*
            /// The PETRARCH actors (`petrarch/actors.toml`): compiled in, or a `--dict` file's.
            pub petrarch_actors: petrarch::ActorIndex,
            /// A `--dict` directory's `petrarch/verbs.toml` (parsed and checked at load); `None`:
            /// the built-in one, parsed the first time it is asked for ([`Lexicon::petrarch_verbs`]).
            pub petrarch_verbs_file: Option<&'static petrarch::VerbsFile>,
            /// A `--dict` directory's `petrarch/agents.toml`, else `None` (the built-in one).
            pub petrarch_agents_file: Option<&'static petrarch::AgentsFile>,
        }

        /// File names the lexicon reads, in `data/lexicon/` and in a `--dict` directory.
        pub const FILES: &[&str] = &[$($file),*];

        impl Lexicon {
            /// The defaults compiled into the binary.
            pub fn builtin() -> Lexicon {
                Lexicon {
                    $($field: toml::from_str(include_str!(concat!("../../../data/lexicon/", $file)))
                        .unwrap_or_else(|e| panic!("built-in {} is invalid: {e}", $file)),)*
                    petrarch_actors: petrarch::ActorIndex::builtin(),
                    petrarch_verbs_file: None,
                    petrarch_agents_file: None,
                }
            }

            /// The defaults, with every file present in `dir` replacing its built-in namesake.
            pub fn load(dir: Option<&Path>) -> Result<Lexicon, LexiconError> {
                let mut lex = Lexicon::builtin();
                let Some(dir) = dir else { return Ok(lex) };
                if !dir.is_dir() {
                    return Err(LexiconError::NoDir(dir.to_path_buf()));
                }
                $(
                    let path = dir.join($file);
                    if path.exists() {
                        let text = std::fs::read_to_string(&path)
                            .map_err(|source| LexiconError::Io { path: path.clone(), source })?;
                        lex.$field = toml::from_str(&text)
                            .map_err(|e| LexiconError::Parse { path: path.clone(), message: describe(&text, &e) })?;
                    }
                )*
                let path = dir.join("petrarch/actors.toml");
                if path.exists() {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|source| LexiconError::Io { path: path.clone(), source })?;
                    let file: petrarch::ActorsFile = toml::from_str(&text)
                        .map_err(|e| LexiconError::Parse { path: path.clone(), message: describe(&text, &e) })?;
                    lex.petrarch_actors = petrarch::ActorIndex::from_file(&file);
                }
                // the verbs and agents of a `--dict` directory: parsed (and checked) now, kept for
                // the rest of the run (a `--dict` directory is loaded once per process)
                if let Some(f) = read_optional::<petrarch::VerbsFile>(&dir.join("petrarch/verbs.toml"))? {
                    lex.petrarch_verbs_file = Some(Box::leak(Box::new(f)));
                }
                if let Some(f) = read_optional::<petrarch::AgentsFile>(&dir.join("petrarch/agents.toml"))? {
                    lex.petrarch_agents_file = Some(Box::leak(Box::new(f)));
                }
                lex.check_references().map_err(|message| LexiconError::Parse { path: dir.join("events.toml"), message })?;
                Ok(lex)
            }
        }
    };
}

/// A data file that may be absent, parsed; an unreadable or malformed file is an error naming it.
fn read_optional<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, LexiconError> {
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io { path: path.to_path_buf(), source })?;
    toml::from_str(&text).map(Some).map_err(|e| LexiconError::Parse { path: path.to_path_buf(), message: describe(&text, &e) })
}

impl Lexicon {
    /// The PETRARCH verb dictionary: a `--dict` directory's, else the built-in one (parsed the
    /// first time it is asked for: start-up does not pay for it).
    pub fn petrarch_verbs(&self) -> &'static petrarch::VerbsFile {
        self.petrarch_verbs_file.unwrap_or_else(petrarch::builtin_verbs)
    }

    /// The PETRARCH agent dictionary: a `--dict` directory's, else the built-in one (parsed lazily).
    pub fn petrarch_agents(&self) -> &'static petrarch::AgentsFile {
        self.petrarch_agents_file.unwrap_or_else(petrarch::builtin_agents)
    }

    /// Names one file gives that another must define: a trigger's `implied_actor` is the label
    /// of an `[[agent]]` of `agents.toml`.
    pub fn check_references(&self) -> Result<(), String> {
        for t in &self.events.trigger {
            if !t.implied_actor.is_empty() && !self.agents.agent.iter().any(|a| a.label == t.implied_actor) {
                return Err(format!("trigger `{}`: key `implied_actor`: `{}` is no [[agent]] label of agents.toml", t.id, t.implied_actor));
            }
        }
        Ok(())
    }
}

/// One line for a TOML error: `line N: message`, with `key `K`: ` before the message when the
/// message does not name the key itself ("unknown variant …" does not; "unknown field `k`" does).
/// The toml crate's own rendering spans several lines (a caret under the source line).
fn describe(text: &str, e: &toml::de::Error) -> String {
    let message = e
        .message()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let Some(span) = e.span() else { return message };
    let start = span.start.min(text.len());
    let line = text[..start].matches('\n').count() + 1;
    match key_at(text, span) {
        Some(key) if !message.contains(&format!("`{key}`")) => format!("line {line}: key `{key}`: {message}"),
        _ => format!("line {line}: {message}"),
    }
}

/// The key whose value (or which key itself) the byte range `span` of `text` covers: the key
/// before the nearest `=` left of it on its line, or on an earlier line for a value inside a
/// multi-line array; the span's own text when it is a key (an unknown one).
fn key_at(text: &str, span: std::ops::Range<usize>) -> Option<String> {
    let clean = |k: &str| {
        let k = k.trim().trim_matches(['"', '\'']).trim();
        (!k.is_empty() && !k.contains(['\n', '[', ']', '{', '}'])).then(|| k.to_string())
    };
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let own = &text[start..end];
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    let key_before_eq = |s: &str| -> Option<String> {
        let eq = s.rfind('=')?;
        let head = &s[..eq];
        let from = head.rfind([',', '{']).map_or(0, |i| i + 1);
        clean(&head[from..])
    };
    if text[end..].trim_start().starts_with('=') {
        return clean(own);
    }
    if let Some(k) = key_before_eq(before) {
        return Some(k);
    }
    // A value on a later line of a multi-line array: the key of the line that opened it.
    text[..line_start].lines().rev().find(|l| l.contains('=')).and_then(|l| key_before_eq(l.split_once('[').map_or(l, |(h, _)| h)))
}

files! {
    segment: SegmentData = "segment.toml",
    countries: CountriesFile = "countries.toml",
    groups: GroupsFile = "groups.toml",
    orgs: OrgsFile = "organizations.toml",
    agents: AgentsFile = "agents.toml",
    roles: RolesFile = "roles.toml",
    dates: DatesData = "dates.toml",
    quantities: QuantitiesData = "quantities.toml",
    quotes: QuotesData = "quotes.toml",
    coref: CorefData = "coref.toml",
    places: PlacesData = "places.toml",
    events: EventsData = "events.toml",
    morphology: MorphologyData = "morphology.toml",
    names: Names = "names.toml",
    petrarch_filter: PetrarchFilter = "petrarch/filter.toml",
    crosswalk: petrarch::CrosswalkFile = "petrarch/crosswalk.toml",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_parses_and_is_substantial() {
        let lex = Lexicon::builtin();
        assert!(lex.countries.country.len() >= 190, "countries: {}", lex.countries.country.len());
        assert!(lex.groups.group.len() >= 150, "groups: {}", lex.groups.group.len());
        assert!(lex.orgs.org.iter().any(|o| o.aliases.iter().any(|a| a == "IOM")));
        assert!(lex.segment.abbreviations.iter().any(|a| a == "gen"));
    }

    #[test]
    fn petrarch_verbs_and_agents_of_a_dict_dir_replace_the_builtin_and_are_checked_at_load() {
        let dir = std::env::temp_dir().join(format!("sitrep-lex-verbs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("petrarch")).unwrap();
        assert!(Lexicon::builtin().petrarch_verbs().group.len() >= 390, "the built-in verbs, read lazily");
        std::fs::write(dir.join("petrarch/verbs.toml"), "[[group]]\nname = \"ACT\"\ncode = \"100\"\n").unwrap();
        std::fs::write(dir.join("petrarch/agents.toml"), "[[agent]]\nphrase = \"POLICE\"\ncode = \"COP\"\n").unwrap();
        let lex = Lexicon::load(Some(&dir)).unwrap();
        assert_eq!(lex.petrarch_verbs().group.len(), 1);
        assert_eq!(lex.petrarch_agents().agent[0].code, "COP");
        std::fs::write(dir.join("petrarch/verbs.toml"), "[[group]]\nname = \"ACT\"\nkode = \"100\"\n").unwrap();
        let err = Lexicon::load(Some(&dir)).unwrap_err().to_string();
        assert!(err.contains("verbs.toml") && err.contains("kode"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dict_dir_overrides_one_file() {
        let dir = std::env::temp_dir().join(format!("sitrep-lex-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("segment.toml"), "abbreviations = [\"zz\"]\nbefore_number = []\nsentence_starters = []\n").unwrap();
        let lex = Lexicon::load(Some(&dir)).unwrap();
        assert_eq!(lex.segment.abbreviations, vec!["zz".to_string()]);
        // other files keep their defaults
        assert!(lex.countries.country.len() >= 190);
        std::fs::write(dir.join("dates.toml"), "this is = not toml [").unwrap();
        let err = Lexicon::load(Some(&dir)).unwrap_err().to_string();
        assert!(err.contains("dates.toml"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sentence_bound_defaults_and_is_validated() {
        assert_eq!(Lexicon::builtin().segment.max_sentence_bytes, 1_000);
        let short: SegmentData = toml::from_str("abbreviations = []").unwrap();
        assert_eq!(short.max_sentence_bytes, DEFAULT_SENTENCE_BYTES);
        let ok: SegmentData = toml::from_str("abbreviations = []\nmax_sentence_bytes = 2000").unwrap();
        assert_eq!(ok.max_sentence_bytes, 2000);
        for bad in ["10", "0", "1000000"] {
            let err = toml::from_str::<SegmentData>(&format!("abbreviations = []\nmax_sentence_bytes = {bad}")).unwrap_err();
            assert!(err.to_string().contains("max_sentence_bytes"), "{err}");
        }
    }

    #[test]
    fn builtin_names_know_people_from_places() {
        let names = Lexicon::builtin().names;
        assert!(names.given.len() >= 2_000 && names.surnames.len() >= 2_000, "{} {}", names.given.len(), names.surnames.len());
        for given in ["Michael", "Hassan", "George", "Mohammed", "Volodymyr", "Jordan", "MICHAEL"] {
            assert!(names.is_given(given), "{given}");
        }
        for surname in ["Smith", "McDonald", "MCDONALD", "O'Brien", "O\u{2019}Brien", "O'BRIEN", "Nguyen", "Erdoğan"] {
            assert!(names.is_surname(surname), "{surname}");
        }
        for neither in ["Baghdad", "Kharkiv", "michael", "Santa", "Al", "AL", "Michael Smith", ""] {
            assert!(!names.is_given(neither) && !names.is_surname(neither), "{neither}");
        }
        assert!(!names.is_given("Smith") && !names.is_surname("Michaela"));
        // short names match only as written: "XI" and "LI" in capitals are not names
        assert!(names.is_given("Ali") && names.is_given("ALI") && names.is_surname("Xi") && !names.is_surname("XI"));
    }

    #[test]
    fn bad_names_files_are_rejected_naming_the_file() {
        let dir = std::env::temp_dir().join(format!("sitrep-lex-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases = [
            ("given = [\"Ann\"]\nsurnames = [\"Smith\"]\nnicknames = [\"Bob\"]\n", "nicknames"),
            ("given = [\"Ann\", \"\"]\n", "empty entry"),
            ("surnames = [\"Smith\", \" \"]\n", "empty entry"),
            ("given = [\"ann\"]\n", "\"ann\""),
            ("surnames = [\"Smith\", \"Jones\", \"Smith\"]\n", "\"Smith\" twice"),
        ];
        for (text, expected) in cases {
            std::fs::write(dir.join("names.toml"), text).unwrap();
            let err = Lexicon::load(Some(&dir)).unwrap_err().to_string();
            assert!(err.contains("names.toml") && err.contains(expected), "{text:?}: {err}");
        }
        std::fs::write(dir.join("names.toml"), "given = [\"Ann\"]\n").unwrap();
        let names = Lexicon::load(Some(&dir)).unwrap().names;
        assert!(names.is_given("Ann") && names.is_given("ANN") && !names.is_given("Michael"));
        assert!(names.surnames.is_empty() && !names.is_surname("Smith"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Writes `file` with `text` into a fresh `--dict` directory and returns the load error.
    fn load_error(tag: &str, file: &str, text: &str) -> String {
        let dir = std::env::temp_dir().join(format!("sitrep-lex-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
        let err = Lexicon::load(Some(&dir)).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains(&format!("dictionary file {}", dir.join(file).display())), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
        err
    }

    #[test]
    fn an_unknown_key_is_rejected_naming_file_line_and_key() {
        let err = load_error("unknown-key", "places.toml", "prepositions = [\"in\"]\n\n\nprepositons = [\"near\"]\n");
        assert!(err.contains("places.toml is not valid: line 4: unknown field `prepositons`, expected one of"), "{err}");
        // in a nested table, an array of tables and an inline table too
        let err = load_error(
            "unknown-nested",
            "events.toml",
            &format!("{}\n[[trigger]]\nid = \"x\"\ncategory = \"ASSAULT\"\nlemas = [\"hit\"]\n", minimal_events()),
        );
        assert!(err.contains("line 17: unknown field `lemas`"), "{err}");
        let err = load_error(
            "unknown-inline",
            "places.toml",
            "prepositions = []\n[abbreviations]\n\"Tex.\" = { name = \"Texas\", contry = \"USA\" }\n",
        );
        assert!(err.contains("line 3: unknown field `contry`"), "{err}");
    }

    #[test]
    fn a_bad_enum_value_is_rejected_naming_file_line_and_key() {
        let err = load_error("bad-feature", "places.toml", "prepositions = []\n[after]\nprovince = \"admin1\"\nvalley = \"vally\"\n");
        assert!(err.contains("line 4: key `valley`: unknown variant `vally`, expected one of `admin1`, `region`"), "{err}");
        let err = load_error("bad-kind", "organizations.toml", "[[org]]\nname = \"Reuters\"\nkind = \"press\"\n");
        assert!(err.contains("line 3: key `kind`: unknown variant `press`, expected one of `state`"), "{err}");
        let err =
            load_error("bad-category", "events.toml", &format!("{}\n[[trigger]]\nid = \"x\"\ncategory = \"ASSUALT\"\n", minimal_events()));
        assert!(err.contains("line 16: key `category`: unknown PLOVER category `ASSUALT`, expected one of AGREE"), "{err}");
        let err = load_error(
            "bad-list",
            "events.toml",
            &format!(
                "{}verbal_categories = [\n  \"ACCUSE\",\n  \"THREATN\",\n]\n\n[[trigger]]\nid = \"x\"\ncategory = \"ASSAULT\"\n",
                minimal_events()
            ),
        );
        assert!(err.contains("key `verbal_categories`: unknown PLOVER category `THREATN`"), "{err}");
        let err = load_error(
            "bad-acled",
            "events.toml",
            &format!("{}\n[[trigger]]\nid = \"x\"\ncategory = \"ASSAULT\"\nacled = \"Battles/Armed clashes\"\n", minimal_events()),
        );
        assert!(err.contains("line 17: key `acled`: unknown ACLED type `Battles/Armed clashes`"), "{err}");
        let err = load_error(
            "bad-unit",
            "dates.toml",
            "months = []\nweekdays = []\n[[relative]]\nphrases = [\"lately\"]\nunit = \"fortnight\"\n",
        );
        assert!(err.contains("line 5: key `unit`: unknown variant `fortnight`, expected one of `day`"), "{err}");
    }

    /// The keys of `[cues]` that `events.toml` needs, on lines 1–12.
    fn minimal_events() -> &'static str {
        "[cues]\nnegation = []\nrequest = []\nplan = []\npredict = []\nhypothetical = []\npassive_aux = []\nprepositions = []\nspeaker_place = []\nclause_breaks = []\nperson_units = {}\nrefusal_category = \"REJECT\"\n"
    }

    #[test]
    fn convert_rules_name_a_known_crowd_list() {
        let ok: ConvertRule = toml::from_str("from = \"ASSAULT\"\nto = \"PROTEST\"\nmode = [\"riot\"]\ncrowd = \"mobs\"").unwrap();
        assert_eq!((ok.crowd, ok.unarmed, ok.mob), (CrowdCue::Mobs, false, false));
        let err = toml::from_str::<ConvertRule>("from = \"ASSAULT\"\nto = \"PROTEST\"\nmode = []\ncrowd = \"fans\"").unwrap_err();
        assert!(err.to_string().contains("fans"), "{err}");
        let lex = Lexicon::builtin();
        assert_eq!(lex.events.convert.len(), 2);
        assert_eq!(lex.events.cues.refusal_category, "REJECT");
    }

    #[test]
    fn an_implied_actor_must_be_an_agent_label() {
        assert_eq!(Lexicon::builtin().check_references(), Ok(()));
        let mut lex = Lexicon::builtin();
        let t = lex.events.trigger.iter_mut().find(|t| !t.implied_actor.is_empty()).expect("a trigger with an implied actor");
        t.implied_actor = "constabulary".into();
        let err = lex.check_references().unwrap_err();
        assert!(err.contains("implied_actor") && err.contains("constabulary"), "{err}");
    }

    #[test]
    fn missing_dict_dir_is_an_error() {
        assert!(matches!(Lexicon::load(Some(Path::new("/nonexistent/sitrep"))), Err(LexiconError::NoDir(_))));
    }
}
