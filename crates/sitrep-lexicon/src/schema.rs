//! The shape of each data file. Optional keys default, so users can write short files.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `segment.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct SegmentData {
    pub abbreviations: Vec<String>,
    #[serde(default)]
    pub before_number: Vec<String>,
    #[serde(default)]
    pub sentence_starters: Vec<String>,
    /// Function words: never start a name or modify an agent.
    #[serde(default)]
    pub function_words: Vec<String>,
}

/// `countries.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct CountriesFile {
    pub country: Vec<Country>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    pub iso3: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capital: String,
    #[serde(default)]
    pub capital_aliases: Vec<String>,
    #[serde(default)]
    pub region: String,
}

/// `groups.toml`: named non-state armed groups.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupsFile {
    pub group: Vec<Group>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Generic phrases meaning this group only where the article is about one of `countries`.
    #[serde(default)]
    pub context_aliases: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub sector: Vec<String>,
    #[serde(default)]
    pub religion: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub parent: String,
}

/// `organizations.toml`: IGOs, NGOs, news media.
#[derive(Debug, Clone, Deserialize)]
pub struct OrgsFile {
    pub org: Vec<Org>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Org {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// igo | ngo | media
    pub kind: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub sector: Vec<String>,
}

/// `agents.toml`: state agents and generic actor nouns ("government", "soldiers", "militants").
#[derive(Debug, Clone, Deserialize)]
pub struct AgentsFile {
    pub agent: Vec<Agent>,
    /// Words after a country name that make it an actor ("Iraq has …").
    #[serde(default)]
    pub state_action_cues: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Agent {
    /// Surface forms, lower-case; matched case-insensitively.
    pub terms: Vec<String>,
    /// Canonical label used in names: "{Country adjective} {label}".
    pub label: String,
    /// Entity kind (state, state_agent, armed_group, group, …).
    pub kind: String,
    #[serde(default)]
    pub sector: Vec<String>,
    /// Whether an unqualified mention takes the article's main country.
    #[serde(default = "yes")]
    pub inherit_country: bool,
}

fn yes() -> bool {
    true
}

/// `roles.toml`: titles and roles of people.
#[derive(Debug, Clone, Deserialize)]
pub struct RolesFile {
    pub role: Vec<Role>,
    /// Honorifics that start a person's name but are not roles ("Mr", "Dr").
    #[serde(default)]
    pub honorifics: Vec<String>,
    /// Head words that make a capitalised name an organisation ("… Council").
    #[serde(default)]
    pub org_heads: Vec<String>,
    /// Name particles that may be lower-case inside a name ("al-", "bin", "de", "van").
    #[serde(default)]
    pub particles: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Role {
    pub terms: Vec<String>,
    #[serde(default)]
    pub sector: Vec<String>,
    /// Entity kind of the person's affiliation, e.g. "media" for correspondents.
    #[serde(default)]
    pub affiliation: String,
}

/// `dates.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct DatesData {
    /// Twelve lists, January first: full name then abbreviations.
    pub months: Vec<Vec<String>>,
    /// Seven lists, Monday first.
    pub weekdays: Vec<Vec<String>>,
    #[serde(default)]
    pub relative: Vec<RelativeDate>,
    /// Words before a weekday that point it forward ("will meet on Tuesday").
    #[serde(default)]
    pub future_cues: Vec<String>,
    /// Words that introduce a bare year as a date ("in 2014", "since 2011").
    #[serde(default)]
    pub year_prepositions: Vec<String>,
    /// Words before a weekday that move it: "last" → -1, "next" → +1, "this" → 0.
    #[serde(default)]
    pub weekday_shifts: BTreeMap<String, i32>,
    /// "N days ago": unit words, singular and plural.
    #[serde(default)]
    pub ago_units: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RelativeDate {
    pub phrases: Vec<String>,
    /// day | week | month | year | recent_days | recent_weeks | recent_months
    pub unit: String,
    #[serde(default)]
    pub offset: i32,
}

/// `quantities.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct QuantitiesData {
    /// "one" → 1 … "nineteen" → 19, "twenty" → 20 …
    pub numbers: BTreeMap<String, u64>,
    /// "hundred" → 100, "thousand" → 1000, "million" → 1e6.
    pub scales: BTreeMap<String, u64>,
    /// Vague amounts ("dozens") and the count coded for them.
    #[serde(default)]
    pub vague: Vec<VagueAmount>,
    /// "at least" → at_least …
    pub qualifiers: Vec<QualifierPhrase>,
    /// Units that make a number a measure, not a count ("km", "dollars", "percent").
    #[serde(default)]
    pub non_count_units: Vec<String>,
    /// Words after a number that are not the noun counted.
    #[serde(default)]
    pub not_units: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VagueAmount {
    pub words: Vec<String>,
    pub count: u64,
    pub qualifier: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct QualifierPhrase {
    pub phrases: Vec<String>,
    pub qualifier: String,
}

/// `quotes.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct QuotesData {
    /// Speech verbs in every form news uses ("said", "says", "told", "warned").
    pub verbs: Vec<String>,
    /// Of `verbs`, those that only attribute direct quotations.
    #[serde(default)]
    pub direct_only: Vec<String>,
    /// Cues before the speaker: "according to X".
    #[serde(default)]
    pub according: Vec<String>,
    /// Gerund forms that introduce reported speech after a name: "John Kerry saying".
    #[serde(default)]
    pub gerunds: Vec<String>,
    /// Words that may follow an end-of-clause attribution ("…, X said at the close of talks").
    #[serde(default)]
    pub trailing_adjuncts: Vec<String>,
    /// Skipped between a speech verb and the reported clause ("reporters", "that", "on ").
    #[serde(default)]
    pub skip_after_verb: Vec<String>,
    /// Where reported speech stops: ", while …".
    #[serde(default)]
    pub clause_breaks: Vec<String>,
}

/// `coref.toml`
#[derive(Debug, Clone, Deserialize)]
pub struct CorefData {
    /// Personal pronouns that can refer back to a person ("he", "she").
    pub person_pronouns: Vec<String>,
    /// Definite descriptions that refer back to an earlier actor or place.
    #[serde(default)]
    pub anaphors: Vec<Anaphor>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Anaphor {
    pub phrases: Vec<String>,
    /// Entity kinds it may refer to (empty for places).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Sector the antecedent must have, if any (e.g. JRN for "our correspondent").
    #[serde(default)]
    pub sector: String,
    /// Place feature it refers to ("city", "province"), for place anaphors.
    #[serde(default)]
    pub place: String,
}

/// `places.toml`: cues that mark a capitalised name as a place.
#[derive(Debug, Clone, Deserialize)]
pub struct PlacesData {
    /// Prepositions before a place ("in", "near", "from").
    pub prepositions: Vec<String>,
    /// Phrases ending right before a place ("the city of", "recapture of").
    #[serde(default)]
    pub before: Vec<String>,
    /// Words right after a place that make it one ("province", "governorate").
    #[serde(default)]
    pub after: BTreeMap<String, String>,
    /// Capitalised words that are never places on their own.
    #[serde(default)]
    pub not_places: Vec<String>,
}
