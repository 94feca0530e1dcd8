//! Linguistic knowledge as data.
//!
//! Every dictionary, alias list, trigger word and pattern lives in a TOML file under
//! `data/lexicon/`. The files are compiled into the binary as defaults ([`Lexicon::builtin`]);
//! `--dict DIR` replaces any of them file by file ([`Lexicon::load`]). This crate owns the
//! schema of those files and the [`PhraseMatcher`] they compile to; it knows nothing of
//! articles or stages.

mod matcher;
pub mod morph;
mod schema;

pub use matcher::{Case, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
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
        }

        /// File names the lexicon reads, in `data/lexicon/` and in a `--dict` directory.
        pub const FILES: &[&str] = &[$($file),*];

        impl Lexicon {
            /// The defaults compiled into the binary.
            pub fn builtin() -> Lexicon {
                Lexicon {
                    $($field: toml::from_str(include_str!(concat!("../../../data/lexicon/", $file)))
                        .unwrap_or_else(|e| panic!("built-in {} is invalid: {e}", $file)),)*
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
                            .map_err(|e| LexiconError::Parse { path: path.clone(), message: e.to_string() })?;
                    }
                )*
                Ok(lex)
            }
        }
    };
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
    fn missing_dict_dir_is_an_error() {
        assert!(matches!(Lexicon::load(Some(Path::new("/nonexistent/sitrep"))), Err(LexiconError::NoDir(_))));
    }
}
