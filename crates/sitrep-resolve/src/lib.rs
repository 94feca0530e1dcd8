//! Resolve places: every place mention to a GeoNames record — id, coordinates, admin1,
//! country, feature and precision — or an explicit `resolved: false` with the candidates
//! considered.
//!
//! Candidates come from the offline gazetteer ([`sitrep_gazetteer`]); each is scored from
//! its population and feature class, the feature the text names ("Anbar *province*"), the
//! country context of the article (actors' countries, country names, demonyms, capitals),
//! an explicit container next to the mention ("Paris, Texas"; "the Libyan capital,
//! Tripoli"; "Tripoli, Lebanon"), and, in a second pass, closeness to the other places of the
//! article. A person or organisation reading of the same words wins over a place.
//!
//! Runs after recognition and before event coding, so event locations carry coordinates.
//! Spans are byte offsets into the normalized text, like every stage before the pipeline.

use sitrep_core::Span;
use sitrep_core::{Candidate, EntityKind, Place, PlaceUse};
use sitrep_gazetteer::Gazetteer;
use sitrep_lexicon::Lexicon;
use sitrep_recognize::{Ctx, Recognized};
use sitrep_segment::Segmented;
use std::collections::{HashMap, HashSet};

mod names;

/// Candidates read per mention: the gazetteer lists the likeliest first.
const MAX_CANDIDATES: usize = 60;
/// Candidates listed on an unresolved mention.
const LISTED: usize = 5;
/// Smallest population of a place found without a cue in the text.
const MIN_POPULATION: u32 = 100_000;
/// Penalty of a town matched only by an alternate name, in population-prior units.
const ALTERNATE_NAME: f64 = 0.3;
/// Bytes on each side of a mention searched for a container ("Tripoli, Lebanon").
const NEAR: usize = 60;

/// The compiled resolver; build once, share across threads.
pub struct Resolver {
    gaz: &'static Gazetteer<'static>,
    /// Lower-cased country names, aliases, adjectives and demonyms → ISO3.
    country_words: HashMap<String, String>,
    /// Capitalized words that are never places on their own (`places.toml`).
    not_places: HashSet<String>,
    /// Feature words after a name ("province" → admin1), from `places.toml` [after].
    feature_words: HashMap<String, String>,
    /// What joins an unknown place to the place it lies in ("of", "near"), from `places.toml`.
    container_links: std::collections::HashSet<String>,
    /// Words never a place mention (`places.toml` never), as written.
    never: HashSet<String>,
    /// Head words of longer names ("square" → street), from `places.toml` [name_heads].
    name_heads: HashMap<String, String>,
    /// Head words of organisation names ("council", "ministry"), from `roles.toml`.
    org_heads: HashSet<String>,
    /// Function words (`segment.toml`), lower-cased.
    function_words: HashSet<String>,
    /// Titles before a person's name ("Mr", "Sheikh"), from `roles.toml`, lower-cased.
    honorifics: HashSet<String>,
    /// Common given names and surnames (`names.toml`).
    names: sitrep_lexicon::Names,
    /// What joins two names of a list of places, from `places.toml`.
    list_joins: HashSet<String>,
    /// Divisions that are nations ("scotland"), normalized, from `places.toml`.
    nations: HashSet<String>,
    /// Division abbreviations ("Ky." → Kentucky, USA), from `places.toml`.
    abbreviations: HashMap<String, sitrep_lexicon::Abbreviation>,
    w: Weights,
}

/// One scored reading of a name.
#[derive(Debug, Clone)]
pub struct Scored {
    pub geonameid: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u32,
    pub feature: Feature,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub score: f64,
}

/// A reading of a name: its record, the countries it lies in, and its fixed score.
#[derive(Debug, Clone)]
struct Reading {
    scored: Scored,
    countries: Vec<String>,
    /// A small town or a province whose name is also a common given name or surname
    /// ("Michael", Austria; Michael, a parish of the Isle of Man): read only where the
    /// article's focus holds its country.
    needs_focus: bool,
}

/// How much each kind of evidence weighs, in units of the population prior: 1.0 is the
/// score gap between a hamlet and a city of ten million.
#[derive(Debug, Clone, Copy)]
struct Weights {
    /// A country, continent or ocean named by its own name: no town of that name is likelier.
    country: f64,
    /// A first-level division with no feature word: about a city of two million.
    admin1: f64,
    /// The article's leading country (others in proportion to their weight).
    focus: f64,
    /// Near a place already placed (a city within 300 km, a division holding it).
    anchor: f64,
}

const WEIGHTS: Weights = Weights { country: 2.5, admin1: 0.9, focus: 1.5, anchor: 1.0 };

/// A place already placed in the article: its point, and the division it lies in.
#[derive(Debug, Clone, PartialEq)]
struct Anchor {
    lat: f64,
    lon: f64,
    country: Option<String>,
    admin1: Option<String>,
    /// The anchor is a first-level division itself: its towns are near it.
    division: bool,
}

/// Readings scored with the article's country context and the places already placed, best
/// first.
fn rank(readings: &[Reading], ctx: &HashMap<String, f64>, anchors: &[Anchor], w: &Weights) -> Vec<Scored> {
    let max_ctx = ctx.values().copied().fold(0.0, f64::max);
    let mut v: Vec<Scored> = readings
        .iter()
        .filter(|r| !r.needs_focus || r.countries.iter().any(|k| ctx.contains_key(k)))
        .map(|r| {
            let mut c = r.scored.clone();
            if max_ctx > 0.0 {
                let x = r.countries.iter().filter_map(|k| ctx.get(k)).copied().fold(0.0, f64::max);
                c.score += w.focus * x / max_ctx;
            }
            let anchored = match c.feature {
                Feature::Admin1 => {
                    anchors.iter().any(|a| a.admin1.as_ref().is_some_and(|n| c.admin1.as_ref() == Some(n)) && a.country == c.country)
                }
                f if f.is_populated_place() => anchors.iter().any(|a| {
                    if a.division {
                        a.admin1.is_some() && a.admin1 == c.admin1 && a.country == c.country
                    } else {
                        distance_km(c.lat, c.lon, a.lat, a.lon) <= 300.0
                    }
                }),
                _ => false,
            };
            if anchored {
                c.score += w.anchor;
            }
            c.score = (c.score * 1000.0).round() / 1000.0;
            c
        })
        .collect();
    v.sort_by(|a, b| b.score.total_cmp(&a.score));
    v
}

/// What the text says around a mention.
#[derive(Debug, Default, Clone)]
struct Hints {
    /// The feature word the text gives ("province" → admin1, "city" → city).
    feature: Option<String>,
    /// Country the recognizer already gave (a capital from the country list): a hint.
    country: Option<String>,
    /// Countries and admin1 units named right next to the mention, with weights.
    near_countries: Vec<(String, f64)>,
    near_admin1: Vec<String>,
}

pub use sitrep_gazetteer::{distance_km, Feature};

fn feature_name(f: Feature) -> &'static str {
    match f {
        Feature::Country => "country",
        Feature::Admin1 => "admin1",
        Feature::Region => "region",
        Feature::Continent => "continent",
        Feature::Water => "water",
        Feature::Capital | Feature::AdminSeat | Feature::Place => "city",
    }
}

fn precision(f: Feature) -> u8 {
    match f {
        Feature::Country | Feature::Continent | Feature::Water => 1,
        Feature::Admin1 | Feature::Region => 2,
        Feature::Capital | Feature::AdminSeat | Feature::Place => 4,
    }
}

impl Resolver {
    pub fn new(lex: &Lexicon) -> Resolver {
        let mut country_words = HashMap::new();
        for c in &lex.countries.country {
            for w in std::iter::once(&c.name).chain(&c.aliases).chain(&c.adjectives).chain(&c.demonyms) {
                country_words.entry(w.to_lowercase()).or_insert_with(|| c.iso3.clone());
            }
        }
        let not_places = lex.places.not_places.iter().map(|w| w.to_lowercase()).collect();
        let feature_words = lex.places.after.iter().map(|(k, v)| (k.to_lowercase(), v.to_string())).collect();
        let container_links = lex.places.container_links.iter().map(|w| w.to_lowercase()).collect();
        let low = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<HashSet<String>>();
        Resolver {
            gaz: Gazetteer::builtin(),
            country_words,
            not_places,
            feature_words,
            container_links,
            never: lex.places.never.iter().cloned().collect(),
            name_heads: lex.places.name_heads.iter().map(|(k, v)| (k.to_lowercase(), v.to_string())).collect(),
            org_heads: low(&lex.roles.org_heads),
            function_words: low(&lex.segment.function_words),
            names: lex.names.clone(),
            list_joins: lex.places.list_joins.iter().cloned().collect(),
            nations: lex.places.nations.iter().map(|n| sitrep_gazetteer::normalize(n)).collect(),
            abbreviations: lex.places.abbreviations.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            honorifics: lex.roles.honorifics.iter().map(|w| w.to_lowercase().trim_end_matches('.').to_string()).collect(),
            w: WEIGHTS,
        }
    }

    /// Every reading of `name`, best first, scored with `context` countries (ISO3) as the
    /// article's context — what `sitrep geocode` shows.
    pub fn geocode(&self, name: &str, context: &[String]) -> Vec<Scored> {
        let mut ctx: HashMap<String, f64> = HashMap::new();
        for c in context {
            *ctx.entry(c.to_uppercase()).or_default() += 1.0;
        }
        // "Anbar province": the last word names the feature; the rest is the name.
        let feature =
            name.rsplit_once(' ').and_then(|(head, last)| self.feature_words.get(&last.to_lowercase()).map(|f| (head, f.clone())));
        let hints = Hints { feature: feature.as_ref().map(|(_, f)| f.clone()), ..Default::default() };
        rank(&self.readings(feature.map_or(name, |(head, _)| head), &hints), &ctx, &[], &self.w)
    }

    /// A country's capital (name, geonameid, lat, lon): the country's own reading sits at a
    /// representative point, the capital stays reachable here.
    pub fn capital(&self, iso3: &str) -> Option<(String, u32, f64, f64)> {
        let c = self.gaz.country_by_code(iso3)?.capital()?;
        Some((c.name.to_string(), c.geonameid, c.lat as f64, c.lon as f64))
    }

    /// Every reading of a name with its score from what does not change while an article is
    /// resolved (population, feature, the hints next to the mention): one gazetteer look-up.
    fn readings(&self, name: &str, h: &Hints) -> Vec<Reading> {
        let bare = |k: String| match sitrep_gazetteer::strip_article(&k) {
            Some(rest) => rest.to_string(),
            None => k,
        };
        let key = bare(sitrep_gazetteer::normalize(name));
        let person_like = self.names.is_given(name) || self.names.is_surname(name);
        self.gaz
            .lookup(name)
            .take(MAX_CANDIDATES)
            .map(|p| {
                let country = p.country_iso3().map(str::to_string);
                let admin1 = p.admin1.map(|a| a.name.to_string());
                let nation = p.feature == Feature::Admin1 && self.nations.contains(&sitrep_gazetteer::normalize(p.name));
                let mut s = (1.0 + p.population as f64).ln() / (1e7f64).ln();
                // A town known by this name only as one of its many alternate names
                // (a small town that also files a state's name) is a weaker reading than one so named.
                if p.feature.is_populated_place() && !p.name.eq_ignore_ascii_case(name) && bare(sitrep_gazetteer::normalize(p.name)) != key
                {
                    s -= ALTERNATE_NAME;
                }
                s += match (p.feature, h.feature.as_deref()) {
                    (Feature::Country, _) | (Feature::Continent | Feature::Water, None) => self.w.country,
                    (Feature::Admin1, Some("admin1")) | (Feature::Region | Feature::Continent | Feature::Water, Some("region")) => 2.5,
                    (Feature::Admin1 | Feature::Region | Feature::Continent | Feature::Water, Some("city")) => -1.0,
                    (Feature::Admin1, _) if nation => self.w.country,
                    (Feature::Admin1, _) => self.w.admin1,
                    (Feature::Region | Feature::Continent | Feature::Water, _) => 1.0,
                    (Feature::Capital, _) => 0.8,
                    (Feature::AdminSeat, _) => 0.3,
                    (Feature::Place, _) => 0.0,
                };
                let countries: Vec<String> = if country.is_some() {
                    country.iter().cloned().collect()
                } else {
                    self.gaz.countries_of(&p).iter().map(|c| c.iso3.to_string()).collect()
                };
                for (c, w) in &h.near_countries {
                    if countries.contains(c) {
                        s += w;
                    }
                }
                if admin1.as_ref().is_some_and(|a| h.near_admin1.iter().any(|n| same_name(n, a))) {
                    s += 3.0;
                }
                // The recognizer's reading of a capital ("Tripoli" → Libya) is a hint the text
                // can overrule ("Tripoli, Lebanon").
                if h.country.as_ref().is_some_and(|k| countries.contains(k)) {
                    s += 1.0;
                }
                let scored = Scored {
                    geonameid: p.geonameid,
                    name: p.name.to_string(),
                    lat: p.lat as f64,
                    lon: p.lon as f64,
                    population: p.population,
                    feature: p.feature,
                    country,
                    admin1,
                    score: s,
                };
                // "Michael", a village in Austria: a given name needs its country in the
                // article's focus, or a container next to it, to be read as a small town.
                let cued = h.near_countries.iter().any(|(c, _)| countries.contains(c));
                let small = (p.feature.is_populated_place() && p.population < MIN_POPULATION) || (p.feature == Feature::Admin1 && !nation);
                let needs_focus = small && !cued && person_like;
                Reading { scored, countries, needs_focus }
            })
            .collect()
    }

    /// Resolves every place of an article in place, first adding the large places the
    /// recognizer had no cue for.
    /// The country most of the article's resolved places lie in (the earliest named on a tie),
    /// for an article that names no country itself ("clashes in Almaty" → KAZ). Adjective and
    /// demonym uses count too; unresolved places do not.
    pub fn main_country_of_places(places: &[sitrep_core::Place]) -> Option<String> {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for p in places.iter().filter(|p| p.resolved) {
            if let Some(c) = p.country.as_deref() {
                let e = counts.entry(c).or_insert((0, p.span.0));
                e.0 += 1;
                e.1 = e.1.min(p.span.0);
            }
        }
        counts.into_iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)).then(b.0.cmp(a.0))).map(|(c, _)| c.to_string())
    }

    /// Returns the countries whose only mentions turned out to name a division of another
    /// country ("Macon, Georgia"): the article's main country, if it was one, no longer holds.
    pub fn resolve(&self, text: &str, seg: &Segmented, caseless: bool, rec: &mut Recognized) -> Vec<String> {
        self.resolve_in(&Ctx::new(text, seg, caseless), rec)
    }

    /// [`Resolver::resolve`] over the token index the article's `Doc` already holds (what the
    /// pipeline calls).
    pub fn resolve_in(&self, tokens: &Ctx, rec: &mut Recognized) -> Vec<String> {
        let (text, caseless) = (tokens.text, tokens.caseless);
        self.find_unmarked(tokens, rec);
        let settled = self.whole_names(tokens, rec);
        let mut ctx = self.context(rec);
        let hints: Vec<Hints> = rec.places.iter().map(|p| self.hints(text, p, caseless)).collect();
        let people = Spans::new(
            rec.entities
                .iter()
                .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::Igo | EntityKind::Ngo | EntityKind::Media))
                .map(|e| e.span),
        );
        // "Jordan Henderson": a person or an organisation named with these words.
        let blocked: Vec<bool> = rec.places.iter().map(|p| people.overlaps_other(p.span)).collect();
        // Each name is looked up once; mentions with the same name and no hints of their own
        // share their readings ("Ramadi" … "the city").
        let mut shared: HashMap<String, usize> = HashMap::new();
        let mut table: Vec<Vec<Reading>> = Vec::new();
        let which: Vec<usize> = rec
            .places
            .iter()
            .zip(&hints)
            .map(|(p, h)| {
                let plain = h.near_countries.is_empty() && h.near_admin1.is_empty();
                let key = format!("{}\u{1f}{:?}\u{1f}{:?}", p.name.to_lowercase(), h.feature, h.country);
                if let Some(&k) = shared.get(&key).filter(|_| plain) {
                    return k;
                }
                table.push(self.readings(&p.name, h));
                if plain {
                    shared.insert(key, table.len() - 1);
                }
                table.len() - 1
            })
            .collect();
        // Pass 1 without proximity, pass 2 with the places pass 1 resolved as anchors and their
        // countries added to the context ("Atlanta … Georgia" → the US state).
        let mut anchors: Vec<Anchor> = Vec::new();
        for pass in 0..2 {
            // Anchors are distinct places (a city named fifty times is one anchor), and a
            // shared reading is ranked once per pass: resolution stays linear in the article.
            let mut next_anchors: HashMap<u32, Anchor> = HashMap::new();
            let mut ranked: Vec<Option<Vec<Scored>>> = vec![None; table.len()];
            for (i, p) in rec.places.iter_mut().enumerate() {
                let cands: &[Scored] = ranked[which[i]].get_or_insert_with(|| rank(&table[which[i]], &ctx, &anchors, &self.w));
                if settled[i] {
                    // "Tahrir Square": a whole name the gazetteer does not know
                    set_unresolved(p, &[]);
                    continue;
                }
                if blocked[i] {
                    // "Jordan Henderson": a person, not the country; listed, not resolved.
                    set_unresolved(p, cands);
                    continue;
                }
                match cands.first() {
                    Some(b) => {
                        if !matches!(b.feature, Feature::Country | Feature::Continent | Feature::Water) {
                            let a = Anchor {
                                lat: b.lat,
                                lon: b.lon,
                                country: b.country.clone(),
                                admin1: b.admin1.clone(),
                                division: b.feature == Feature::Admin1,
                            };
                            next_anchors.insert(b.geonameid, a);
                        }
                        set_resolved(p, b);
                    }
                    None => set_unresolved(p, cands),
                }
            }
            anchors = next_anchors.into_values().collect();
            // Ranking must not depend on the map's order.
            anchors.sort_by(|a, b| a.lat.total_cmp(&b.lat).then(a.lon.total_cmp(&b.lon)));
            if pass == 0 {
                // Each distinct place counts once: a name repeated ten times must not outvote
                // the five other places of the article (a town named ten times beside four neighbours).
                let mut seen = HashSet::new();
                for p in rec.places.iter().filter(|p| p.resolved && p.feature.as_deref() != Some("country")) {
                    if let (Some(c), true) = (&p.country, seen.insert(p.geonameid)) {
                        *ctx.entry(c.clone()).or_default() += 1.0;
                    }
                }
            }
        }
        set_containers(text, &self.container_links, &mut rec.places);
        let mut gone = self.states_named_as_countries(text, &mut rec.places);
        gone.retain(|c| !rec.places.iter().any(|p| p.country.as_ref() == Some(c) && p.feature.as_deref() == Some("country")));
        gone
    }

    /// "Macon, Georgia": a country's name right after ", " that is the first-order division
    /// the place before it lies in (in another country) names that division, not the country.
    fn states_named_as_countries(&self, text: &str, places: &mut [Place]) -> Vec<String> {
        let mut gone = Vec::new();
        for i in 1..places.len() {
            let (before, rest) = places.split_at_mut(i);
            let (p, q) = (&before[i - 1], &mut rest[0]);
            let adjacent = q.span.0 >= p.span.1 && text.get(p.span.1..q.span.0) == Some(", ");
            if !adjacent || !p.resolved || q.feature.as_deref() != Some("country") || q.use_ != PlaceUse::Literal {
                continue;
            }
            let (Some(pc), Some(pa)) = (&p.country, &p.admin1) else { continue };
            if q.country.as_ref() == Some(pc) || !pa.eq_ignore_ascii_case(&q.name) {
                continue;
            }
            let unit = self.gaz.lookup(&q.name).find(|r| r.feature == Feature::Admin1 && r.country.is_some_and(|c| c.iso3 == pc.as_str()));
            let Some(u) = unit else { continue };
            gone.extend(q.country.take());
            q.country = Some(pc.clone());
            q.feature = Some("admin1".into());
            q.precision = Some(precision(Feature::Admin1));
            q.geonameid = Some(u.geonameid as u64);
            q.lat = Some(round5(u.lat as f64));
            q.lon = Some(round5(u.lon as f64));
            q.admin1 = Some(pa.clone());
            q.resolved = true;
            q.candidates.clear();
        }
        gone
    }

    /// Country weights of the whole article: what its actors and places say.
    fn context(&self, rec: &Recognized) -> HashMap<String, f64> {
        let mut ctx: HashMap<String, f64> = HashMap::new();
        let mut add = |c: &str, w: f64| {
            if self.gaz.country_by_code(c).is_some() {
                *ctx.entry(c.to_string()).or_default() += w;
            }
        };
        for e in &rec.entities {
            if let Some(c) = &e.country {
                add(c, 1.0);
            }
        }
        // Only countries count here: a capital's country ("Tripoli" → Libya) is one reading
        // of the name being decided, not evidence about it.
        for p in rec.places.iter().filter(|p| p.feature.as_deref() == Some("country")) {
            if let Some(c) = &p.country {
                add(c, if p.use_ == PlaceUse::Literal { 2.0 } else { 1.0 });
            }
        }
        if let Some(c) = &rec.main_country {
            add(c, 2.0);
        }
        ctx
    }

    /// Feature word, known country, and containers named right next to the mention.
    fn hints(&self, text: &str, p: &Place, caseless: bool) -> Hints {
        // In caseless text every word may be a name.
        let starts_upper = |w: &str| caseless || starts_upper(w);
        let mut h = Hints { feature: p.feature.clone(), country: p.country.clone(), ..Default::default() };
        let after_end = floor_boundary(text, (p.span.1 + NEAR).min(text.len()));
        let after = &text[p.span.1..after_end];
        let after = after.split(['.', ';', '\n', '(', '"']).next().unwrap_or("");
        // "Paris, Texas", "Tripoli, Lebanon", "Ramadi, the capital of Anbar province"
        if let Some(rest) = after.strip_prefix(", ") {
            let words: Vec<&str> = rest.split([',', ' ']).filter(|w| !w.is_empty()).take(6).collect();
            let caps: Vec<&str> = words.iter().copied().skip_while(|w| !starts_upper(w)).take_while(|w| starts_upper(w)).collect();
            let caps = if caseless { &caps[..caps.len().min(2)] } else { &caps[..] };
            if let Some(c) = self.country_in(caps, caseless) {
                h.near_countries.push((c, 3.0));
            } else if let Some(a) = caps
                .first()
                .and_then(|w| self.abbreviations.get(*w).or_else(|| self.abbreviations.get(&format!("{w}."))))
                .filter(|_| !caseless)
            {
                // "Brandon, Man."
                h.near_admin1.push(a.name.clone());
                h.near_countries.push((a.country.clone(), 2.0));
            } else if !caps.is_empty() && !caseless && words.first().is_some_and(|w| starts_upper(w)) {
                let name = caps.join(" ");
                for r in self.gaz.lookup(&name).take(MAX_CANDIDATES).filter(|r| r.feature == Feature::Admin1) {
                    h.near_admin1.push(r.name.to_string());
                    if let Some(c) = r.country_iso3() {
                        h.near_countries.push((c.to_string(), 2.0));
                    }
                }
            }
        }
        // "in northern Iraq", "of Syria's Idlib province": a country a few words after.
        let words: Vec<&str> = after.split([',', ' ', '\'']).filter(|w| !w.is_empty()).take(6).collect();
        if let Some(c) = self.country_in(&words, caseless) {
            h.near_countries.push((c, 1.5));
        }
        // "the Libyan capital, Tripoli", "Iraq's Anbar province", "the Syrian city of Homs"
        let before_start = ceil_boundary(text, p.span.0.saturating_sub(NEAR));
        let before = &text[before_start..p.span.0];
        let before = before.rsplit(['.', ';', '\n']).next().unwrap_or("");
        let words: Vec<&str> = before.split([',', ' ', '\'']).filter(|w| !w.is_empty()).collect();
        let tail = &words[words.len().saturating_sub(5)..];
        if let Some(c) = self.country_in(tail, caseless) {
            h.near_countries.push((c, 2.0));
        }
        h
    }

    /// The first country named by one or two consecutive words.
    fn country_in(&self, words: &[&str], caseless: bool) -> Option<String> {
        // One buffer for every lower-cased key: this runs several times for every place mention.
        let mut key = String::new();
        for i in 0..words.len() {
            if i + 1 < words.len() {
                key.clear();
                push_lower(&mut key, words[i]);
                key.push(' ');
                push_lower(&mut key, words[i + 1]);
                if let Some(c) = self.country_words.get(&key) {
                    return Some(c.clone());
                }
            }
            if caseless || starts_upper(words[i]) {
                key.clear();
                push_lower(&mut key, words[i].trim_end_matches("'s"));
                if let Some(c) = self.country_words.get(&key) {
                    return Some(c.clone());
                }
            }
        }
        None
    }
}

/// Appends `w` lower-cased, as `w.to_lowercase()` writes it (ASCII without a new string).
fn push_lower(out: &mut String, w: &str) {
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&w.to_lowercase());
    }
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn same_name(a: &str, b: &str) -> bool {
    sitrep_gazetteer::normalize(a) == sitrep_gazetteer::normalize(b)
}

/// Mention spans sorted by start, for overlap tests by binary search: resolution stays
/// linear in the article's length.
struct Spans {
    v: Vec<Span>,
    longest: usize,
}

impl Spans {
    fn new(spans: impl Iterator<Item = Span>) -> Spans {
        let mut v: Vec<Span> = spans.collect();
        v.sort_unstable();
        let longest = v.iter().map(|s| s.1.saturating_sub(s.0)).max().unwrap_or(0);
        Spans { v, longest }
    }

    fn near(&self, s: usize, e: usize) -> &[Span] {
        let a = self.v.partition_point(|x| x.0 + self.longest < s);
        let b = self.v.partition_point(|x| x.0 < e).max(a);
        &self.v[a..b]
    }

    fn overlaps(&self, s: usize, e: usize) -> bool {
        self.near(s, e).iter().any(|x| x.0 < e && s < x.1)
    }

    /// Some other span holds all of `sp`.
    fn contains_other(&self, sp: Span) -> bool {
        self.near(sp.0, sp.1).iter().any(|x| x.0 <= sp.0 && sp.1 <= x.1 && *x != sp)
    }

    /// Overlaps a span other than `own`.
    fn overlaps_except(&self, s: usize, e: usize, own: Span) -> bool {
        self.near(s, e).iter().any(|x| x.0 < e && s < x.1 && *x != own)
    }

    /// Overlaps a span other than `sp` itself.
    fn overlaps_other(&self, sp: Span) -> bool {
        self.near(sp.0, sp.1).iter().any(|x| x.0 < sp.1 && sp.0 < x.1 && *x != sp)
    }
}

fn set_resolved(p: &mut Place, b: &Scored) {
    p.geonameid = Some(b.geonameid as u64);
    // The index stores f32: five decimals (about a metre) is all it holds.
    p.lat = Some(round5(b.lat));
    p.lon = Some(round5(b.lon));
    p.admin1 = b.admin1.clone();
    if b.country.is_some() {
        p.country = b.country.clone();
    }
    if p.use_ == PlaceUse::Literal || p.use_ == PlaceUse::Metonym || p.feature.is_none() {
        p.feature = Some(feature_name(b.feature).to_string());
        p.precision = Some(precision(b.feature));
    }
    p.resolved = true;
    p.candidates.clear();
}

/// An unresolved place followed by " of X", " in X", ", X" or " near X" where X is a resolved
/// place lies within X: say so, and take X's country.
fn set_containers(text: &str, links: &std::collections::HashSet<String>, places: &mut [Place]) {
    for i in 0..places.len() {
        if places[i].resolved {
            continue;
        }
        let end = places[i].span.1;
        let container = places[i + 1..]
            .iter()
            .take(3)
            .find(|q| q.resolved && q.span.0 >= end && links.contains(&text[end..q.span.0].trim().to_lowercase()));
        if let Some(q) = container {
            let (name, country) = (q.name.clone(), q.country.clone());
            places[i].within = Some(name);
            places[i].country = places[i].country.take().or(country);
        }
    }
}

fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

fn set_unresolved(p: &mut Place, cands: &[Scored]) {
    p.resolved = false;
    p.candidates = cands
        .iter()
        .take(LISTED)
        .map(|c| Candidate {
            name: c.name.clone(),
            geonameid: Some(c.geonameid as u64),
            country: c.country.clone(),
            lat: Some(round5(c.lat)),
            lon: Some(round5(c.lon)),
            score: c.score,
        })
        .collect();
}

#[cfg(test)]
mod tests;
