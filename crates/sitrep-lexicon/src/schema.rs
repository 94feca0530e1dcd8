//! The shape of each data file. Optional keys default, so users can write short files.

use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashSet};

pub use sitrep_core::{EntityKind, Qualifier};

/// A closed set of words one key of a data file takes, read as an enum: a value outside the set
/// is rejected when the file is loaded, and the error lists the words allowed. `as_str` gives the
/// word back; comparing with a `&str` (`t.pos == "noun"`) compares the word.
macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $word:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $word)] $variant,)*
        }
        impl $name {
            /// The word as written in the data files.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }
            /// Whether this is the empty word (the key was left out).
            pub fn is_empty(&self) -> bool {
                self.as_str().is_empty()
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

word_enum! {
    /// The feature a place word gives a name (`places.toml` `[after]`, `[name_heads]`).
    PlaceFeature {
        Admin1 = "admin1",
        Region = "region",
        District = "district",
        City = "city",
        Camp = "camp",
        Neighbourhood = "neighbourhood",
        Area = "area",
        Border = "border",
        Crossing = "crossing",
        Airport = "airport",
        Street = "street",
        Building = "building",
        Facility = "facility",
    }
}

word_enum! {
    /// How a trigger's words stand to its act (`events.toml` `pos`): a verb (the default), a noun
    /// ("the attack"), or a form whose subject is the one acted upon ("died").
    #[derive(Default)]
    TriggerPos {
        #[default]
        Verb = "verb",
        Noun = "noun",
        Passive = "passive",
    }
}

word_enum! {
    /// The size slot a count next to a trigger fills (`events.toml` `size`); empty when none.
    #[derive(Default)]
    SizeSlot {
        #[default]
        #[serde(skip_deserializing)]
        None = "",
        Killed = "killed",
        Injured = "injured",
        Arrested = "arrested",
        Displaced = "displaced",
    }
}

word_enum! {
    /// The actor an ACLED rule asks for (`events.toml` `[[acled_rule]] actor`); empty: any.
    #[derive(Default)]
    ActorSide {
        #[default]
        #[serde(skip_deserializing)]
        Any = "",
        State = "state",
        Nonstate = "nonstate",
    }
}

word_enum! {
    /// The `cues` list an ACLED rule asks for in the sentence (`sentence_has`); empty: none.
    #[derive(Default)]
    SentenceCue {
        #[default]
        #[serde(skip_deserializing)]
        None = "",
        Riot = "riot",
        Intervention = "intervention",
        ExcessiveForce = "excessive_force",
        ProtestContext = "protest_context",
    }
}

word_enum! {
    /// The unit of a relative date (`dates.toml` `[[relative]] unit`).
    RelativeUnit {
        Day = "day",
        Week = "week",
        Month = "month",
        Year = "year",
        RecentDays = "recent_days",
        RecentWeeks = "recent_weeks",
        RecentMonths = "recent_months",
    }
}

/// A PLOVER category as [`sitrep_core::taxonomy`] spells it, or empty (none).
fn plover<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    check_plover(&s).map_err(serde::de::Error::custom)?;
    Ok(s)
}

/// A list of PLOVER categories.
fn plover_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    for s in &v {
        check_plover(s).map_err(serde::de::Error::custom)?;
    }
    Ok(v)
}

fn check_plover(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    sitrep_core::taxonomy::check_plover(s)
}

/// An ACLED event type, or "Event type/Sub-event type", as [`sitrep_core::taxonomy`] spells
/// it, or empty (none).
fn acled<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if !s.is_empty() {
        sitrep_core::taxonomy::check_acled(&s).map_err(serde::de::Error::custom)?;
    }
    Ok(s)
}

/// `segment.toml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentData {
    pub abbreviations: Vec<String>,
    #[serde(default)]
    pub before_number: Vec<String>,
    #[serde(default)]
    pub sentence_starters: Vec<String>,
    /// Function words: never start a name or modify an agent.
    #[serde(default)]
    pub function_words: Vec<String>,
    /// The longest sentence, in bytes of normalized text, the segmenter hands on: a longer one
    /// (scraped text without sentence punctuation) is split at its best breaks, so that every
    /// later stage's work per sentence is bounded. Between [`MIN_SENTENCE_BYTES`] and
    /// [`MAX_SENTENCE_BYTES`]; a file outside that range is rejected when it is loaded.
    #[serde(default = "default_max_sentence_bytes", deserialize_with = "sentence_bound")]
    pub max_sentence_bytes: usize,
    /// Conjunctions that open a clause after a comma ("…, and …", "…, while …"): where an
    /// over-long sentence is split when it has no line break, semicolon or colon to split at.
    #[serde(default)]
    pub break_conjunctions: Vec<String>,
}

/// Default of `max_sentence_bytes`: about 150–200 words of news, several times the longest
/// sentence of ordinary reporting, short enough that one sentence costs little to code.
pub const DEFAULT_SENTENCE_BYTES: usize = 1_000;
/// Smallest `max_sentence_bytes` allowed: above the longest token (256 bytes) with room for
/// a clause around it.
pub const MIN_SENTENCE_BYTES: usize = 512;
/// Largest `max_sentence_bytes` allowed: per-sentence work stays bounded.
pub const MAX_SENTENCE_BYTES: usize = 100_000;

fn default_max_sentence_bytes() -> usize {
    DEFAULT_SENTENCE_BYTES
}

fn sentence_bound<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let v = usize::deserialize(d)?;
    if !(MIN_SENTENCE_BYTES..=MAX_SENTENCE_BYTES).contains(&v) {
        return Err(serde::de::Error::custom(format!(
            "max_sentence_bytes = {v} is out of range: it must be between {MIN_SENTENCE_BYTES} and {MAX_SENTENCE_BYTES}"
        )));
    }
    Ok(v)
}

/// `countries.toml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountriesFile {
    pub country: Vec<Country>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct GroupsFile {
    pub group: Vec<Group>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct OrgsFile {
    pub org: Vec<Org>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// igo | ngo | media
    pub kind: EntityKind,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub sector: Vec<String>,
}

/// `agents.toml`: state agents and generic actor nouns ("government", "soldiers", "militants").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentsFile {
    pub agent: Vec<Agent>,
    /// Words after a country name that make it an actor ("Iraq has …").
    #[serde(default)]
    pub state_action_cues: Vec<String>,
    /// "-ed" words that may modify an agent ("allied forces"); other "-ed" words between a
    /// country and an agent are verbs ("North Korea threatened military action").
    #[serde(default)]
    pub ed_modifiers: Vec<String>,
    /// Verbs after a capital that make it stand for its government ("Washington *would*
    /// announce sanctions"); copulas are left out ("Kabul *was* hit" is the city).
    #[serde(default)]
    pub capital_action_cues: Vec<String>,
    /// What may join an agent to the country named right after it, spaces included, matched
    /// exactly ("the government* of *Iraq"): the country is then the agent's, not a place.
    #[serde(default)]
    pub country_links: Vec<String>,
    /// Sector codes the recognizer gives mentions that no dictionary entry describes.
    pub sector_codes: SectorCodes,
    /// Head nouns of generic parties that are no actors on their own ("a peasant", "two
    /// businessmen"): the event coder lists a noun phrase the parse puts in a role, with no
    /// mention in it, as an entity of this kind (the `terms` of `agent` count too; any other
    /// head, "the embassy", makes an `unknown` party).
    #[serde(default)]
    pub party: Vec<PartyNoun>,
    /// Head nouns (lemmas) that never make a generic party: weapons, acts, times ("detonated
    /// *a bomb*", "the explosion of *four bombs*").
    #[serde(default)]
    pub not_party: Vec<String>,
    /// Nouns that hold a party rather than name one ("a *crowd* of youths", "a *group* of
    /// rangers"): the party is the noun of their "of" phrase.
    #[serde(default)]
    pub container_nouns: Vec<String>,
    /// Nouns for the members of a body named by the party noun before them ("coastguard
    /// *members*", "army *units*"): the body's kind and sectors name them.
    #[serde(default)]
    pub member_nouns: Vec<String>,
    /// Verbs whose object rides in a thing ("a pickup *carrying* border police", "a bus
    /// *transporting* pilgrims"): an attack on the thing is done to them.
    #[serde(default)]
    pub carrying_verbs: Vec<String>,
}

/// `[[party]]` of `agents.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyNoun {
    /// Lemmas (singular nouns, lower-case); every form comes from `morphology.toml`.
    pub nouns: Vec<String>,
    pub kind: EntityKind,
    #[serde(default)]
    pub sector: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Surface forms, lower-case; matched case-insensitively.
    pub terms: Vec<String>,
    /// Canonical label used in names: "{Country adjective} {label}".
    pub label: String,
    /// Entity kind (state, state_agent, armed_group, group, …).
    pub kind: EntityKind,
    #[serde(default)]
    pub sector: Vec<String>,
    /// Whether an unqualified mention takes the article's main country.
    #[serde(default = "yes")]
    pub inherit_country: bool,
    /// Whether one lower-case word right before a term is part of the mention ("the *labour*
    /// ministry", "Ukraine's *energy* ministry"): for agents named by what they are in charge of.
    #[serde(default)]
    pub takes_modifier: bool,
}

fn yes() -> bool {
    true
}

/// `[sector_codes]` of `agents.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorCodes {
    /// A country named as an actor ("Iraq said").
    pub state: Vec<String>,
    /// A people named by its demonym ("Iraqis").
    pub demonym: Vec<String>,
    /// People of the media: a role with `affiliation = "media"`, a reporter of a news outlet.
    pub journalist: String,
}

/// `roles.toml`: titles and roles of people.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesFile {
    pub role: Vec<Role>,
    /// Honorifics that start a person's name but are not roles ("Mr", "Dr").
    #[serde(default)]
    pub honorifics: Vec<String>,
    /// Head words that make a capitalised name an organisation ("… Council").
    #[serde(default)]
    pub org_heads: Vec<String>,
    /// Sectors an organisation's head word gives its name ("Financial Services *Authority*":
    /// GOV); a state body's name takes the article's main country.
    #[serde(default)]
    pub org_head_sector: Vec<OrgHeadSector>,
    /// Name particles that may be lower-case inside a name ("al-", "bin", "de", "van").
    #[serde(default)]
    pub particles: Vec<String>,
    /// Words that may stand between the comma after a name and a title that follows it
    /// ("Ali Hassan, *the* secretary-general"); a bare comma always may. The gap from
    /// the name to the title is at most eight bytes, so longer entries never apply.
    #[serde(default)]
    pub appositive_words: Vec<String>,
    /// Words after a title that introduce the body it serves ("spokesman *for* the police",
    /// "head *of* the charity"): that body's sectors and country become the person's.
    #[serde(default)]
    pub affiliation_prepositions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgHeadSector {
    /// Head words (any of `org_heads`), matched case-insensitively.
    pub heads: Vec<String>,
    pub sector: Vec<String>,
    /// Whether a name so headed takes the article's main country (a ministry, a court).
    #[serde(default)]
    pub takes_main_country: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub terms: Vec<String>,
    #[serde(default)]
    pub sector: Vec<String>,
    /// Entity kind of the person's affiliation, e.g. "media" for correspondents.
    #[serde(default)]
    pub affiliation: Option<EntityKind>,
}

/// `dates.toml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Number words before an `ago_units` word and the count they give ("three days ago",
    /// "a few weeks ago"); digits always count.
    #[serde(default)]
    pub ago_numbers: BTreeMap<String, i64>,
    /// Of `year_prepositions`, those that are part of the date and start its mention
    /// ("*early* 2014"); the others stay outside it ("in 2014").
    #[serde(default)]
    pub year_modifiers: Vec<String>,
    /// Full month names that are also common words ("May"): a date only with a day or a year
    /// beside them (abbreviations always need one).
    #[serde(default)]
    pub ambiguous_months: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeDate {
    pub phrases: Vec<String>,
    /// day | week | month | year | recent_days | recent_weeks | recent_months
    pub unit: RelativeUnit,
    #[serde(default)]
    pub offset: i32,
}

/// `quantities.toml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Endings glued to a number that make it a measure, not a count ("a 15*-year* sentence",
    /// "a 10*-km* queue"); matched as written, at the start of what follows the number.
    #[serde(default)]
    pub measure_suffixes: Vec<String>,
    /// Words right before a number that make it an identifier ("No. 5", "#3"); matched as written.
    #[serde(default)]
    pub identifier_markers: Vec<String>,
    /// Partitive words: "one *of* the …" is no count, and the noun counted may follow one
    /// ("dozens *of* people").
    #[serde(default)]
    pub partitive: Vec<String>,
    /// Words that join the parts of a number written out ("two hundred *and* fifty").
    #[serde(default)]
    pub number_joiners: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VagueAmount {
    pub words: Vec<String>,
    pub count: u64,
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualifierPhrase {
    pub phrases: Vec<String>,
    pub qualifier: Qualifier,
}

/// `quotes.toml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotesData {
    /// Speech verbs in every form news uses ("said", "says", "told", "warned"): the verbs
    /// that attribute a direct quotation beside it.
    pub verbs: Vec<String>,
    /// Of `verbs`, those that only attribute direct quotations.
    #[serde(default)]
    pub direct_only: Vec<String>,
    /// Lemmas of the verbs whose clausal complement is reported speech or thought ("say",
    /// "warn", "believe"; every form is made by `morph`): "X said (that) …", "X believes …".
    #[serde(default)]
    pub reporting: Vec<String>,
    /// Phrases ending in the preposition whose object is the source: "according to X".
    #[serde(default)]
    pub according: Vec<String>,
    /// Gerund forms that introduce reported speech after a name: "John Kerry saying".
    #[serde(default)]
    pub gerunds: Vec<String>,
    /// Lemmas (or lemma phrases ending in a preposition) of the verbs whose object is a
    /// position someone takes: "X endorsed Y", "X wants to …", "X called for …".
    #[serde(default)]
    pub stance: Vec<String>,
    /// Nouns of what someone says something in ("statement", "poll"): as the object of a
    /// preposition of `source_preps`, the source of the rest of its clause.
    #[serde(default)]
    pub source_nouns: Vec<String>,
    #[serde(default)]
    pub source_preps: Vec<String>,
    /// Words that open a line with a colon and name no speaker ("Update: …", "Watch: …").
    #[serde(default)]
    pub colon_labels: Vec<String>,
}

/// `coref.toml`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorefData {
    /// Personal pronouns that can refer back to a person ("he", "she").
    pub person_pronouns: Vec<String>,
    /// Definite descriptions that refer back to an earlier actor or place.
    #[serde(default)]
    pub anaphors: Vec<Anaphor>,
    /// What, right after a description and before a capitalised word, introduces the name of
    /// its referent, spaces included ("the town* of *Bama", "the provincial capital*, *Dala"):
    /// such a description names its place and refers back to nothing.
    #[serde(default)]
    pub naming_links: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anaphor {
    pub phrases: Vec<String>,
    /// Entity kinds it may refer to (empty for places).
    #[serde(default)]
    pub kinds: Vec<EntityKind>,
    /// Sector the antecedent must have, if any (e.g. JRN for "our correspondent").
    #[serde(default)]
    pub sector: String,
    /// Place feature it refers to ("city", "province"), for place anaphors.
    #[serde(default)]
    pub place: String,
}

/// `places.toml`: cues that mark a capitalised name as a place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesData {
    /// Prepositions before a place ("in", "near", "from").
    pub prepositions: Vec<String>,
    /// Phrases ending right before a place ("the city of", "recapture of").
    #[serde(default)]
    pub before: Vec<String>,
    /// Words right after a place that make it one ("province", "governorate").
    #[serde(default)]
    pub after: BTreeMap<String, PlaceFeature>,
    /// Words between an unknown place and the place it lies in ("the X district *of* Tripoli").
    #[serde(default)]
    pub container_links: Vec<String>,
    /// Capitalised words that are never places on their own.
    #[serde(default)]
    pub not_places: Vec<String>,
    /// Words that are never a place mention wherever they stand (pronouns, function words:
    /// "We" after a quote mark is not We, Vietnam). Single letters never are either.
    #[serde(default)]
    pub never: Vec<String>,
    /// Head words that end a longer capitalised name ("Tahrir Square", "Kabul International
    /// Airport") and the feature they give it: such a name is one place mention, never the
    /// shorter place inside it.
    #[serde(default)]
    pub name_heads: BTreeMap<String, PlaceFeature>,
    /// What stands between two names of a list of places ("Kisumu, Siaya *and* Migori"),
    /// spaces included.
    #[serde(default)]
    pub list_joins: Vec<String>,
    /// What between a cued place and the capitalised name after it makes that name a place
    /// too, spaces included, matched exactly ("in Bama* and *Konduga").
    #[serde(default)]
    pub coordination_joins: Vec<String>,
    /// First-level divisions that are nations ("Scotland"): weighed like countries.
    #[serde(default)]
    pub nations: Vec<String>,
    /// Abbreviations of first-level divisions ("Ky.", "B.C.", "NSW") and what they name.
    #[serde(default)]
    pub abbreviations: BTreeMap<String, Abbreviation>,
}

/// A division an abbreviation names: "Tex." → Texas, USA.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
}

/// `events.toml`: event triggers, the cues that set modality, and the ACLED mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsData {
    pub cues: EventCues,
    pub trigger: Vec<Trigger>,
    /// Read in order; the first rule whose conditions hold gives the ACLED view.
    #[serde(default)]
    pub acled_rule: Vec<AcledRule>,
    /// Modes read from the words of the clause ("threatened sanctions" → restrict).
    #[serde(default)]
    pub mode_rule: Vec<ModeRule>,
    /// What an article is about, read from its words: the gate that keeps sport, business,
    /// technology and culture news from yielding political events.
    #[serde(default)]
    pub topic: TopicData,
    /// Category changes read from who acts and who stands around ([`ConvertRule`]).
    #[serde(default)]
    pub convert: Vec<ConvertRule>,
    /// Event confidences.
    pub confidence: ConfidenceData,
}

/// `[[convert]]`: an act of `from` that is really one of `to`, read from who acts and who
/// stands around the trigger ("protesters attacked the police" → PROTEST, riot). The rules are
/// read in order; the first whose conditions hold applies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConvertRule {
    pub from: String,
    pub to: String,
    /// The modes of the converted event (they replace the trigger's).
    pub mode: Vec<String>,
    /// The `cues` list of which a phrase must stand in the trigger's clause, before it.
    pub crowd: CrowdCue,
    /// Only when no armed actor is named in the trigger's clause (an actor that is no `group`
    /// and has no `cues.sectors.unarmed` sector is armed).
    #[serde(default)]
    pub unarmed: bool,
    /// The event is a crowd's violence that is no protest: `mob = true` in `acled_rule`.
    #[serde(default)]
    pub mob: bool,
}

/// The `cues` list a [`ConvertRule`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrowdCue {
    /// `cues.protesters`
    Protesters,
    /// `cues.mobs`
    Mobs,
}

/// `[confidence]`: how sure an event is, from its trigger and what was found around it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceData {
    /// Base confidence of a verb trigger that sets none (`trigger.confidence`).
    pub verb: f64,
    /// Base confidence of a noun trigger that sets none.
    pub noun: f64,
    /// Added for each trigger merged into the event after the first, up to `max_merged` triggers.
    pub per_merged: f64,
    pub max_merged: usize,
    /// Added when the event has an actor.
    pub actor: f64,
    /// Added when the event's location is read from the text, not inferred.
    pub location: f64,
    /// The most any event gets.
    pub max: f64,
}

/// `[topic]`: word lists (nouns also match their plural) and the thresholds of the topic gate.
///
/// Per sentence and per article the coder counts *conflict* cues (these words, and mentions
/// of armed actors), *political* cues (these words, and mentions of political actors) and
/// *domain* cues (the words of every other domain). An article is a conflict article when
/// it has at least `conflict_min` conflict cues and `conflict_ratio` times as many as domain
/// cues; it is off-topic when it has at least `offtopic_min` domain cues and more than
/// `offtopic_ratio` times its conflict and political cues together. Outside conflict
/// articles an ASSAULT needs a conflict cue in its own sentence; in off-topic articles every
/// event needs a conflict or political cue in its sentence.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TopicData {
    #[serde(default)]
    pub conflict: Vec<String>,
    #[serde(default)]
    pub political: Vec<String>,
    /// Verb lemmas that speak of conflict or politics by themselves, in every form ("protest",
    /// "go on strike", "fine"); counted as political cues.
    #[serde(default)]
    pub political_verbs: Vec<String>,
    /// Categories that need a sign of violence outside conflict articles.
    #[serde(default, deserialize_with = "plover_list")]
    pub violent_categories: Vec<String>,
    /// Sectors of political actors (armed ones are `cues.sectors.armed`).
    #[serde(default)]
    pub political_sectors: Vec<String>,
    /// Domain name → its words ("sport" → ["match", "striker", …]).
    #[serde(default)]
    pub domains: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub conflict_min: usize,
    #[serde(default)]
    pub conflict_ratio: f64,
    #[serde(default)]
    pub offtopic_min: usize,
    #[serde(default)]
    pub offtopic_ratio: f64,
}

/// A mode of `category` given by what the clause says, not by the trigger itself.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ModeRule {
    #[serde(deserialize_with = "plover")]
    pub category: String,
    pub mode: String,
    /// Any of these phrases in the trigger's clause (after the trigger unless `before`).
    pub words: Vec<String>,
    /// Look before the trigger too ("allegedly killed").
    #[serde(default)]
    pub before: bool,
    /// Modes this one replaces (police mobilized, not troops).
    #[serde(default)]
    pub replaces: Vec<String>,
}

/// Word lists the event coder reads around a trigger. Phrases are matched on word boundaries,
/// case-insensitively.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EventCues {
    /// How many words before a trigger a modality cue may stand.
    #[serde(default = "default_window")]
    pub window: usize,
    /// "not", "never", "denied": the act did not happen.
    pub negation: Vec<String>,
    /// "asked", "urged", "called on": the act is asked for (when a "to"/"that" follows the cue).
    pub request: Vec<String>,
    /// "called for", "should": the act a few words after is asked for, no "to" needed.
    #[serde(default)]
    pub request_near: Vec<String>,
    /// "will", "plans to", "prepare to": the act is planned.
    pub plan: Vec<String>,
    /// "would", "could", "expected to": the act is predicted.
    pub predict: Vec<String>,
    /// "if", "unless": the act is hypothetical.
    pub hypothetical: Vec<String>,
    /// Auxiliaries that make a participle passive ("were killed").
    pub passive_aux: Vec<String>,
    /// Adverbs that may stand between an auxiliary and its verb ("were reportedly killed").
    #[serde(default)]
    pub adverbs: Vec<String>,
    /// Prepositions: an entity right after one is not the subject.
    pub prepositions: Vec<String>,
    /// Phrases after which a place is where someone spoke, not where anything happened.
    pub speaker_place: Vec<String>,
    /// Verbs after which a noun trigger names an event without reporting it ("downplayed the fall").
    #[serde(default)]
    pub reference_verbs: Vec<String>,
    /// Where a clause ends: no role, cue or count crosses these.
    pub clause_breaks: Vec<String>,
    /// Nouns that count people (a count of rockets is not a casualty count), each with the
    /// sector of the people it names ("" when the noun does not say).
    pub person_units: BTreeMap<String, String>,
    /// Words after a name that make it the source of the report, not a party ("has learnt").
    #[serde(default)]
    pub attribution: Vec<String>,
    /// Subject pronouns that stand for the speaker in reported speech ("the army said it had
    /// retaken …"), and in direct speech ("we will not …").
    #[serde(default)]
    pub speaker_pronouns: Vec<String>,
    #[serde(default)]
    pub speaker_pronouns_direct: Vec<String>,
    /// Pronouns that stand for a plural actor named before ("they").
    #[serde(default)]
    pub plural_pronouns: Vec<String>,
    /// PLOVER categories that are acts of saying (a conditional content does not make them
    /// hypothetical; they take a location only from "in X"/"at X").
    #[serde(default, deserialize_with = "plover_list")]
    pub verbal_categories: Vec<String>,
    /// Cooperative categories: refusing one ("would not step down") is a rejection.
    #[serde(default, deserialize_with = "plover_list")]
    pub cooperative_categories: Vec<String>,
    /// Words between a request cue and the act it asks for ("asked X *to* deploy").
    #[serde(default)]
    pub request_links: Vec<String>,
    /// The infinitive marker: an act right after it is planned ("*to* retake").
    #[serde(default)]
    pub infinitive: Vec<String>,
    /// Which sectors make a party state, non-state, armed or civilian (ACLED views, riots,
    /// displacement).
    #[serde(default)]
    pub sectors: SectorGroups,
    /// What joins coordinated parties ("X *and* Y", "X*,* Y").
    #[serde(default)]
    pub coordinators: Vec<String>,
    /// Prepositions after which a mention may still be the one acted upon ("fired *at* X").
    #[serde(default)]
    pub recipient_prepositions: Vec<String>,
    /// Prepositions that, after a noun trigger, also name the one acted upon, besides
    /// `recipient_prepositions` ("the killing *of* three farmers").
    #[serde(default)]
    pub nominal_recipient_prepositions: Vec<String>,
    /// Prepositions that, after a noun trigger, name the one who acts ("an attack *by* militants").
    #[serde(default)]
    pub nominal_agent_prepositions: Vec<String>,
    /// Prepositions that name the other party of an act done together or against each other
    /// ("clashed *with* police", "talks *with* the rebels"), read where nothing else is acted upon.
    #[serde(default)]
    pub partner_prepositions: Vec<String>,
    /// Prepositions through which a verb's object does what the preposition's verb says
    /// ("accused the army *of* killing", "charged two men *with* planting a bomb").
    #[serde(default)]
    pub control_prepositions: Vec<String>,
    /// Categories of acts two sides do together ("X and Y signed a truce"): the first of
    /// coordinated subjects acts, the others are its counterparts (`recipient`).
    #[serde(default)]
    pub symmetric_categories: Vec<String>,
    /// Prepositions naming a common adversary ("mounted joint patrols *against* Islamic State"):
    /// in an act two sides do together, their object is not the counterpart.
    #[serde(default)]
    pub adversary_prepositions: Vec<String>,
    /// Prepositions that end a trigger ("broke away *from*", "sat down *with*"): their object is
    /// the one the act is done to or with.
    #[serde(default)]
    pub own_object_prepositions: Vec<String>,
    /// Prepositions naming both sides of a nominal act ("clashes *between* the army and the
    /// rebels"): the first acts, the others are acted upon.
    #[serde(default)]
    pub between_prepositions: Vec<String>,
    /// Marks of a clause whose subject is the one asked ("called *for* young men to take up
    /// arms"): that subject is the verb's object.
    #[serde(default)]
    pub asked_subject_marks: Vec<String>,
    /// Prepositions that make a noun trigger the instrument of the verb above ("scattered the
    /// crowd *with* tear gas": the verb's subject used it).
    #[serde(default)]
    pub instrument_prepositions: Vec<String>,
    /// Verbs (lemmas) whose object names an act and whose subject does it ("rebels *carried
    /// out* an attack", "the army *launched* an offensive").
    #[serde(default)]
    pub light_verbs: Vec<String>,
    /// Prepositions that join a generic or holding noun to the party it belongs to or holds
    /// ("fighters *of* the RSF", "officials *from* Rwanda", "a crowd *of* youths").
    #[serde(default)]
    pub member_prepositions: Vec<String>,
    /// Prepositions that join an agent noun to the actor it is part of, for its CAMEO code
    /// ("soldiers *from* Gondor": GONMIL, "lawmakers *in* Fornost", "ambassadors *of* Arnor").
    #[serde(default)]
    pub actor_prepositions: Vec<String>,
    /// Prepositions through which an agent phrase of the PETRARCH dictionary goes on past its
    /// head ("Ministry *of* Silly Walks").
    #[serde(default)]
    pub agent_phrase_prepositions: Vec<String>,
    /// Verbs (lemmas) whose prepositional object names an act their subject does ("migrants
    /// *went on* hunger strike", "the groups *agreed to* a truce", "*took part in* the protest").
    #[serde(default)]
    pub prep_light_verbs: Vec<String>,
    /// Nouns through which a subject claims an act ("the group claimed *responsibility* for
    /// the attack": the group did it).
    #[serde(default)]
    pub responsibility_nouns: Vec<String>,
    /// Act nouns whose possessor undergoes the act when nothing else names who did it
    /// ("Galan's *murder*", "the journalist's *arrest*"); on other act nouns the possessor
    /// acts ("the army's shelling").
    #[serde(default)]
    pub patient_possessive_nouns: Vec<String>,
    /// Words between a name and its speech verb ("X *has* said"): skipped when deciding that
    /// the name is the source of a report.
    #[serde(default)]
    pub attribution_skip: Vec<String>,
    /// Definite words before a noun that make it refer to a known act ("*the* talks").
    #[serde(default)]
    pub definite: Vec<String>,
    /// Words skipped when looking at what stands before a name ("the", "its").
    #[serde(default)]
    pub determiners: Vec<String>,
    /// Words after which a new subject may start ("and", "that", "as").
    #[serde(default)]
    pub subject_openers: Vec<String>,
    /// Phrases in which a negation cue does not negate ("not clear", "not only").
    #[serde(default)]
    pub negation_exceptions: Vec<String>,
    /// Date phrases that place an event well before the report.
    #[serde(default)]
    pub historical: Vec<String>,
    /// Days before publication after which a dated event is historical.
    #[serde(default = "default_historical_days")]
    pub historical_days: i64,
    /// Negation cues that deny casualties rather than an act ("no one was hurt"): with a
    /// casualty trigger they make no event at all.
    #[serde(default)]
    pub no_casualty: Vec<String>,
    /// "will not", "refused to": a cooperative act negated this way is a rejection (REJECT).
    #[serde(default)]
    pub refusal: Vec<String>,
    /// Words naming crowds of protesters ("protesters", "rioters"): when they attack, it is a riot.
    #[serde(default)]
    pub protesters: Vec<String>,
    /// Crowds whose violence is mob violence, not a protest turning violent.
    #[serde(default)]
    pub mobs: Vec<String>,
    /// Words that introduce what a film, book or show depicts ("depicts", "tells the story of"):
    /// in an off-topic article, an act after them in the sentence is fiction or history retold.
    #[serde(default)]
    pub depiction: Vec<String>,
    /// Words that place a use of force in a protest ("protesters", "crowd", "rally").
    #[serde(default)]
    pub protest_context: Vec<String>,
    /// Phrases after which a place is a reference point, not where anything happened
    /// ("1,000 km off the coast of Oman", "miles from").
    #[serde(default)]
    pub not_location_before: Vec<String>,
    /// Prepositions that place an act ("in", "at"): a verbal act (a demand, an accusation) takes
    /// its location only from a place introduced by one.
    #[serde(default)]
    pub locative: Vec<String>,
    /// Negation cues whose scope reaches a whole clause ("denied that the group's fighters
    /// had planted the bomb"): read over a wider window.
    #[serde(default)]
    pub negation_far: Vec<String>,
    /// Causes that are not actors ("the floods have killed"): no ASSAULT event.
    #[serde(default)]
    pub natural_causes: Vec<String>,
    /// Words before a count that make it a part of another count ("including 11 children").
    #[serde(default)]
    pub count_parts: Vec<String>,
    /// Words opening a clause that continues the same act ("… were killed when warplanes …").
    #[serde(default)]
    pub joining_clauses: Vec<String>,
    /// Words that make a protest a riot.
    #[serde(default)]
    pub riot: Vec<String>,
    /// Words that mean the authorities broke a protest up.
    #[serde(default)]
    pub intervention: Vec<String>,
    /// Words that mean force was used on protesters (killed, shot, live fire).
    #[serde(default)]
    pub excessive_force: Vec<String>,
    /// Modifiers allowed between a definite word and a referring trigger ("the *reported* raid").
    #[serde(default)]
    pub reference_modifiers: Vec<String>,
    /// Verbs whose "to" reports a done act, not a plan ("*managed* to break through").
    #[serde(default)]
    pub implicative: Vec<String>,
    /// Word endings of a past participle: between a determiner and its noun it describes a
    /// state ("the besieged city"), it reports no act.
    #[serde(default)]
    pub participle_endings: Vec<String>,
    /// Acts whose purpose infinitive of these categories is part of them ("went on strike to
    /// demand", "used water cannon to break up").
    #[serde(default)]
    pub purpose_joins: Vec<PurposeJoin>,
    /// Nouns that, as the definite object of an act ("dismissed the claim", "rejected the
    /// ultimatum"), name an earlier act of these categories: whoever did it is acted upon.
    #[serde(default)]
    pub answered_acts: Vec<AnsweredAct>,
    /// The other side of a change of hands: who takes the ground a withdrawal gives up, who
    /// held the ground a capture takes (`[cues.hands]`).
    #[serde(default)]
    pub hands: Hands,
    /// Categories of giving ("pledged 2 billion crowns", "announced 5 million euros in
    /// support"): with no one named to receive it, a gift from outside goes to the state the
    /// article is about.
    #[serde(default, deserialize_with = "plover_list")]
    pub receiving_categories: Vec<String>,
    /// Categories of an agreement: an act after one in its clause is what it settles (planned).
    #[serde(default, deserialize_with = "plover_list")]
    pub settling_categories: Vec<String>,
    /// Categories of a rejection: a verbal act after one in its clause is what it answers.
    #[serde(default, deserialize_with = "plover_list")]
    pub answering_categories: Vec<String>,
    /// Prepositions after a definite trigger that say which act it is ("the attack *on* the base").
    #[serde(default)]
    pub complements: Vec<String>,
    /// The category of a refused cooperative act ("would not step down", see `refusal`).
    pub refusal_category: String,
    /// Categories that a natural cause before the trigger (or after a `killed` trigger) keeps
    /// from being an act ("the floods have killed": no ASSAULT).
    #[serde(default)]
    pub natural_cause_categories: Vec<String>,
    /// Punctuation after which a capitalised word opens a clause ("…: Troops attacked"): a
    /// capitalised trigger there is an act, not part of a name.
    #[serde(default)]
    pub clause_openers: Vec<String>,
}

/// `[cues.sectors]`: sector codes by the role they imply.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SectorGroups {
    #[serde(default)]
    pub state: Vec<String>,
    #[serde(default)]
    pub nonstate: Vec<String>,
    #[serde(default)]
    pub armed: Vec<String>,
    #[serde(default)]
    pub civilian: Vec<String>,
    /// People whose flight is displacement, not retreat.
    #[serde(default)]
    pub displaced: Vec<String>,
    /// Unarmed sides of a protest: when they storm or burn, it is a riot.
    #[serde(default)]
    pub unarmed: Vec<String>,
    /// The sectors of the forces a national adjective names on a military act ("*Russian* air
    /// strikes": the Russian military).
    #[serde(default)]
    pub national_forces: Vec<String>,
}

fn default_window() -> usize {
    6
}
fn default_historical_days() -> i64 {
    30
}

/// One trigger: words that name an act of one PLOVER category.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// Rule id, shown by `sitrep explain` ("assault.kill").
    pub id: String,
    /// A PLOVER category; empty for phrases that name no act.
    #[serde(deserialize_with = "plover")]
    pub category: String,
    /// Forms matched exactly as written: fixed expressions that do not inflect ("death toll");
    /// a `*` stands for one to four words ("not * welcome" matches "not very welcome").
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Verb lemmas matched in every inflected form ([`crate::morph`]): the first word
    /// inflects ("open fire" → "opened fire", "bomb" → "bombs", "bombed", "bombing",
    /// "bombings"). A `*` stands for one to four words ("drive * out of" matches "driving the
    /// militants out of").
    #[serde(default)]
    pub lemmas: Vec<String>,
    /// Noun lemmas, matched in singular and plural: the last word inflects ("air strike",
    /// "air strikes").
    #[serde(default)]
    pub nouns: Vec<String>,
    /// `verb` (default) or `noun`: nouns ("the attack", "air strikes") take their actor from a
    /// possessive, an adjective or "by", their recipient from "of"/"on"/"against".
    #[serde(default)]
    pub pos: TriggerPos,
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
    /// The ACLED view when no rule gives a better one ("Battles/Armed clash").
    #[serde(default, deserialize_with = "acled")]
    pub acled: String,
    /// The size slot a count of people next to the trigger fills: killed|injured|arrested|displaced.
    #[serde(default)]
    pub size: SizeSlot,
    /// Taking or retaking ground ("overran", "recaptured"): ACLED territory sub-events.
    #[serde(default)]
    pub territory: bool,
    /// An exchange ("Russia and Ukraine swapped prisoners"): with coordinated subjects, each
    /// side is the other's counterpart, whatever is exchanged.
    #[serde(default)]
    pub reciprocal: bool,
    /// The subject of the trigger is its recipient and the speaker its actor
    /// ("the militias are not welcome", "the government should …"); counts only inside reported speech.
    #[serde(default)]
    pub speech: bool,
    /// The phrase names the act in an article of any domain ("went on strike" in a film
    /// article): the off-topic sentence rule does not drop it (the depiction rule still does).
    #[serde(default)]
    pub any_topic: bool,
    /// When the subject is civilians, the act is displacement: this category, `size.displaced`.
    #[serde(default, deserialize_with = "plover")]
    pub civilian_category: String,
    /// When the one acted upon is a person or a count of people ("was captured by the army"),
    /// the act is this category and these modes instead ("COERCE", ["arrest"]).
    #[serde(default, deserialize_with = "plover")]
    pub person_category: String,
    #[serde(default)]
    pub person_mode: Vec<String>,
    /// As `person_category`/`person_mode` when an actor is a state party ("police seized three
    /// suspects": an arrest, where "gunmen seized the principal" is an abduction).
    #[serde(default, deserialize_with = "plover")]
    pub person_state_category: String,
    #[serde(default)]
    pub person_state_mode: Vec<String>,
    /// When an actor has one of these sectors, the act is `actor_category` with `actor_mode`
    /// instead ("a court jailed him": SANCTION/convict, not an arrest).
    #[serde(default)]
    pub actor_sectors: Vec<String>,
    #[serde(default, deserialize_with = "plover")]
    pub actor_category: String,
    #[serde(default)]
    pub actor_mode: Vec<String>,
    /// The trigger counts only when one of these words follows it in its clause ("warned …
    /// would face war", not "warned that aid would run short").
    #[serde(default)]
    pub needs_after: Vec<String>,
    /// A noun that names an act already known when definite ("the talks", "the deal"): then
    /// it makes no event of its own.
    #[serde(default)]
    pub definite_is_reference: bool,
    /// Words that, as the object right after the trigger, give it a sense that is no event
    /// ("released a statement", "attacked the plan", "fell to 4.3%"); `#num` stands for a number.
    #[serde(default)]
    pub not_objects: Vec<String>,
    /// Base confidence (default: `[confidence]` `verb` or `noun`).
    #[serde(default)]
    pub confidence: f64,
    /// Who acts when a passive trigger names no one ("37 people were arrested": the police):
    /// the `label` of an `[[agent]]` of `agents.toml`. The event then gets that agent as its
    /// actor, spanning the trigger, with the article's main country (else that of the event's place),
    /// and its `inferred` names "actor".
    #[serde(default)]
    pub implied_actor: String,
}

/// A condition → ACLED view mapping. Empty conditions always hold.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AcledRule {
    #[serde(deserialize_with = "acled")]
    pub acled: String,
    #[serde(default, deserialize_with = "plover_list")]
    pub category: Vec<String>,
    /// Any of these PLOVER modes.
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(default)]
    pub territory: Option<bool>,
    /// `state` (a state or its agents) or `nonstate`.
    #[serde(default)]
    pub actor: ActorSide,
    /// The recipient is armed (MIL, REB, COP, UAF, SPY or an armed group).
    #[serde(default)]
    pub recipient_armed: Option<bool>,
    /// The recipient is civilian (CVL, REF, JRN, MED, EDU, REL …) or a count of people.
    #[serde(default)]
    pub recipient_civilian: Option<bool>,
    /// Any of these sectors among the recipients.
    #[serde(default)]
    pub recipient_sector: Vec<String>,
    /// A word of this `cues` list (riot, intervention, excessive_force, protest_context) is in the sentence.
    #[serde(default)]
    pub sentence_has: SentenceCue,
    /// A trigger of the event's category in its group has its own ACLED view starting with this
    /// ("Battles": fighting stays a battle even when its dead are counted as people).
    #[serde(default, deserialize_with = "acled")]
    pub group_has: String,
    /// The event is a crowd's violence that is no protest (fans, villagers, a mob).
    #[serde(default)]
    pub mob: Option<bool>,
}

/// `morphology.toml`: what the inflection rules of [`crate::morph`] cannot predict.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MorphologyData {
    /// Verbs of more than one syllable that double their last consonant ("patrolled").
    #[serde(default)]
    pub double: Vec<String>,
    /// Nouns in "-man" take "-men".
    #[serde(default)]
    pub man_plural: bool,
    /// Irregular verbs: lemma → other forms.
    #[serde(default)]
    pub verb: std::collections::BTreeMap<String, Vec<String>>,
    /// Irregular plurals: singular → plurals (empty: the noun has no other form).
    #[serde(default)]
    pub noun: std::collections::BTreeMap<String, Vec<String>>,
}

/// `[[cues.purpose_joins]]`: an act of `act` and its purpose of `purpose` are one event.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PurposeJoin {
    #[serde(deserialize_with = "plover_list")]
    pub act: Vec<String>,
    #[serde(deserialize_with = "plover_list")]
    pub purpose: Vec<String>,
}

/// `[cues.hands]`: the other side of a change of hands. A withdrawal (a trigger of a
/// `ceding_modes` mode) is done to whoever takes the ground: the subject of a `taking` verb in
/// its sentence ("… pulled out, and al-Shabaab fighters walked in"), or the object of a
/// `handing_preps` preposition of a `handing` verb of its actor ("handed their posts to the UN
/// force"). A capture (a `territory` trigger) is done to whoever held the ground: the object of
/// a `holder_preps` preposition of its verb ("retook the village from the militants"), or the
/// subject of a `taking` verb inside its clause ("a camp that Abu Sayyaf gunmen had held").
/// Verbs are lemmas, inflected on load; a second word is a particle or preposition the verb
/// must have ("walk in", "take over").
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Hands {
    #[serde(default)]
    pub ceding_modes: Vec<String>,
    #[serde(default)]
    pub taking: Vec<String>,
    #[serde(default)]
    pub handing: Vec<String>,
    #[serde(default)]
    pub handing_preps: Vec<String>,
    #[serde(default)]
    pub holder_preps: Vec<String>,
}

/// `[[cues.answered_acts]]`: an object noun of `nouns` refers back to an act of `categories`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AnsweredAct {
    pub nouns: Vec<String>,
    #[serde(deserialize_with = "plover_list")]
    pub categories: Vec<String>,
}

/// `names.toml`: common given names and surnames, one capitalised form each ("Michael",
/// "McDonald", "O'Brien"). Generated by `data/build-names`; a `--dict` file of the same shape
/// replaces it. A capitalised word that is one of these is a person's name before it is a place:
/// a given name followed by a capitalised word (its surname) is no place, and a name that is
/// also a small town abroad needs a place cue.
///
/// Loading rejects an empty entry, one that does not start with an upper-case letter, and a
/// name listed twice in one list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(try_from = "NamesFile")]
pub struct Names {
    pub given: Vec<String>,
    pub surnames: Vec<String>,
    given_set: HashSet<String>,
    surname_set: HashSet<String>,
}

/// The file as written: `Names` before its lists are checked and indexed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    #[serde(default)]
    given: Vec<String>,
    #[serde(default)]
    surnames: Vec<String>,
}

impl Names {
    /// Builds the lists and their lookup sets, checking every entry.
    pub fn new(given: Vec<String>, surnames: Vec<String>) -> Result<Names, String> {
        let given_set = name_set("given", &given)?;
        let surname_set = name_set("surnames", &surnames)?;
        Ok(Names { given, surnames, given_set, surname_set })
    }

    /// Whether `word` is a listed given name, as listed ("Michael") or, for names of three
    /// letters or more, in capitals ("MICHAEL"); two-letter capitals are acronyms ("AL", "UN").
    /// A curly apostrophe reads as a straight one ("O’Brien").
    pub fn is_given(&self, word: &str) -> bool {
        lookup(&self.given_set, word)
    }

    /// Whether `word` is a listed surname, as listed ("Smith", "McDonald", "O'Brien") or, for
    /// names of three letters or more, in capitals ("SMITH", "MCDONALD").
    pub fn is_surname(&self, word: &str) -> bool {
        lookup(&self.surname_set, word)
    }
}

fn lookup(set: &HashSet<String>, word: &str) -> bool {
    if word.contains(['\u{2018}', '\u{2019}']) {
        set.contains(&word.replace(['\u{2018}', '\u{2019}'], "'"))
    } else {
        set.contains(word)
    }
}

impl TryFrom<NamesFile> for Names {
    type Error = String;
    fn try_from(f: NamesFile) -> Result<Names, String> {
        Names::new(f.given, f.surnames)
    }
}

/// The lookup set of one list: each name as listed, and in capitals when it has three letters
/// or more.
fn name_set(list: &str, names: &[String]) -> Result<HashSet<String>, String> {
    let mut listed = HashSet::with_capacity(names.len());
    for n in names {
        if n.trim().is_empty() {
            return Err(format!("`{list}` has an empty entry"));
        }
        if !n.chars().next().is_some_and(char::is_uppercase) {
            return Err(format!("`{list}` entry {n:?} does not start with an upper-case letter"));
        }
        if !listed.insert(n.as_str()) {
            return Err(format!("`{list}` lists {n:?} twice"));
        }
    }
    let mut set = HashSet::with_capacity(names.len() * 2);
    for n in names {
        if n.chars().count() >= 3 {
            set.insert(n.to_uppercase());
        }
        set.insert(n.clone());
    }
    Ok(set)
}

/// `petrarch/filter.toml`: which PETRARCH actor names the recognizer reads, and what their
/// CAMEO codes say (kind, sector). Team-written; see `data/lexicon/petrarch/README.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetrarchFilter {
    /// A one-word name shorter than this (in characters) is not read alone.
    pub min_single_word: usize,
    /// Lower-case words a capitalised name may hold ("Front *for the* Liberation").
    pub joiners: Vec<String>,
    /// Names (as written; compared folded) never read as actors: common words, places.
    pub stop: Vec<String>,
    /// Three-letter parts of a CAMEO actor code and the entity kind they give, first match in
    /// the code's order; `default_kind` when none matches.
    pub kinds: BTreeMap<String, EntityKind>,
    pub default_kind: EntityKind,
    /// Three-letter parts of a code that are sectors (`GOV`, `MIL`, …), copied to the entity.
    pub sectors: Vec<String>,
    /// Bare three-letter codes never read, besides the countries of `countries.toml` and the
    /// parts listed in `kinds`/`sectors`: states the team's gazetteer knows as places
    /// ("DDR", "KSV") and codes that name no one in particular. Any other bare code (a user's
    /// dictionary: "ARN") is read as a state.
    #[serde(default)]
    pub unread_codes: Vec<String>,
    /// Whether a PETRARCH verb pattern that no team trigger covers makes an event of its own
    /// (with a coded source and target, category from the crosswalk). When false, verb
    /// patterns only give team events their `cameo` code.
    #[serde(default)]
    pub coded_only_events: bool,
    /// Whether names coded with a bare country code ("ERIADOR [ERI]") are read, as states, where
    /// the team's readings leave them free. Off by default: the Phoenix country records list a
    /// country's cities and provinces as its synonyms, which are the gazetteer's places.
    #[serde(default)]
    pub read_country_codes: bool,
    /// Articles a dictionary name may open with ("THE AU", "THE SHIRE"): a team mention right
    /// after one is looked up with it too, and coding PETRARCH's way (`coded_only_events`) a
    /// name is looked up from the article before a capitalised word.
    #[serde(default)]
    pub articles: Vec<String>,
}
