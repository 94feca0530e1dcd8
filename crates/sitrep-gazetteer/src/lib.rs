//! An offline gazetteer: place names to GeoNames ids, coordinates, admin1 units and
//! countries, read in place from one binary file.
//!
//! The built-in data (`data/gazetteer/gazetteer.bin`, written by `data/build-gazetteer`
//! from GeoNames data, CC BY 4.0) is compiled into the binary; [`Gazetteer::builtin`]
//! only checks its header. Every lookup reads the bytes where they lie: binary search
//! over a sorted key table, no hash maps, nothing built at load time.
//!
//! ```
//! use sitrep_gazetteer::{Feature, Gazetteer};
//! let gaz = Gazetteer::builtin();
//! let ramadi = gaz.lookup("Ramadi").find(|p| p.country_iso3() == Some("IRQ")).unwrap();
//! assert!(matches!(ramadi.feature, Feature::AdminSeat | Feature::Place));
//! ```
//!
//! The byte layout is documented in `data/gazetteer/README.md`.

mod normalize;

use std::cmp::Ordering;
use std::sync::OnceLock;

pub use normalize::{normalize, strip_article};

/// Great-circle distance in km between two points (haversine, mean Earth radius): the one
/// distance every crate uses, to resolve places and to score them.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().min(1.0).asin()
}

/// File magic, the first 8 bytes.
pub const MAGIC: &[u8; 8] = b"SITREPGZ";
/// The format version this reader reads.
pub const VERSION: u32 = 2;
/// Ids at or above this value are sitrep's own (curated regions), not GeoNames ids.
pub const REGION_ID_BASE: u32 = 4_000_000_000;

const N_SECTIONS: usize = 8;
const HEADER_LEN: usize = 16 + 8 * N_SECTIONS;
const COUNTRY_LEN: usize = 20;
const ADMIN1_LEN: usize = 16;
const RECORD_LEN: usize = 28;
const KEY_LEN: usize = 8;
const POSTING_LEN: usize = 4;
const EXTRA_LEN: usize = 8;
const NONE16: u16 = u16::MAX;
const NONE32: u32 = u32::MAX;

const SECTION_NAMES: [&str; N_SECTIONS] =
    ["countries", "admin1", "records", "names", "keys", "key strings", "postings", "region countries"];
const SECTION_ENTRY: [usize; N_SECTIONS] = [COUNTRY_LEN, ADMIN1_LEN, RECORD_LEN, 1, KEY_LEN, 1, POSTING_LEN, EXTRA_LEN];

static BUILTIN_BYTES: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.bin");

/// Why a byte string is not a readable gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("gazetteer: {len} bytes is shorter than the {HEADER_LEN}-byte header")]
    TooShort { len: usize },
    #[error("gazetteer: bad magic (not a sitrep gazetteer file)")]
    BadMagic,
    #[error("gazetteer: format version {found}, this reader reads version {VERSION}")]
    Version { found: u32 },
    #[error("gazetteer: section `{section}` at {offset}+{len} lies outside the {file_len}-byte file")]
    SectionBounds { section: &'static str, offset: u32, len: u32, file_len: usize },
    #[error("gazetteer: section `{section}` is {len} bytes, not a whole number of {entry}-byte entries")]
    SectionSize { section: &'static str, len: u32, entry: usize },
    #[error("gazetteer: {0}")]
    Corrupt(String),
}

/// What kind of place a record is. The variants (and their `Ord`) follow the file's u8
/// codes, not the order of candidates under one key (see [`Gazetteer::lookup_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// A country or territory (GeoNames countryInfo).
    Country,
    /// A first-order administrative division (governorate, province, state, oblast).
    Admin1,
    /// A curated region that is neither a city nor an admin1 unit (Darfur, Donbas, the Sahel).
    Region,
    /// A country's capital (GeoNames PPLC).
    Capital,
    /// The seat of an administrative division (PPLA … PPLA5, PPLG).
    AdminSeat,
    /// Any other populated place: city, town, village.
    Place,
    /// A continent (Africa, Europe, North America …), from `regions.toml`.
    Continent,
    /// An ocean, sea, gulf, bay, strait or large lake, from `regions.toml`.
    Water,
}

impl Feature {
    fn from_u8(v: u8) -> Option<Feature> {
        Some(match v {
            0 => Feature::Country,
            1 => Feature::Admin1,
            2 => Feature::Region,
            3 => Feature::Capital,
            4 => Feature::AdminSeat,
            5 => Feature::Place,
            6 => Feature::Continent,
            7 => Feature::Water,
            _ => return None,
        })
    }

    /// True for cities, towns and villages (capitals and admin seats included).
    pub fn is_populated_place(self) -> bool {
        matches!(self, Feature::Capital | Feature::AdminSeat | Feature::Place)
    }
}

/// A country of the country table.
#[derive(Clone, Copy)]
pub struct Country<'a> {
    /// ISO 3166-1 alpha-3 (`"IRQ"`; Kosovo is `"XKX"`).
    pub iso3: &'a str,
    /// ISO 3166-1 alpha-2 (`"IQ"`).
    pub iso2: &'a str,
    /// GeoNames' English short name.
    pub name: &'a str,
    /// The record index of the capital, if the data has one.
    capital: Option<u32>,
    /// The whole gazetteer file, to read the capital's record.
    file: &'a [u8],
}

impl<'a> Country<'a> {
    /// The country's capital (a [`Feature::Capital`] record), if the data has one. The
    /// country's own record sits at a representative point of the country, not here.
    pub fn capital(&self) -> Option<Place<'a>> {
        Gazetteer::from_bytes_unchecked(self.file).ok()?.record(self.capital?)
    }
}

impl PartialEq for Country<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.iso3, self.iso2, self.name, self.capital) == (other.iso3, other.iso2, other.name, other.capital)
    }
}

impl Eq for Country<'_> {}

impl std::fmt::Debug for Country<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Country")
            .field("iso3", &self.iso3)
            .field("iso2", &self.iso2)
            .field("name", &self.name)
            .field("capital", &self.capital)
            .finish()
    }
}

/// A first-order administrative division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admin1<'a> {
    /// GeoNames admin1 code, country prefix included (`"IQ.18"`).
    pub code: &'a str,
    /// GeoNames' name of the unit (`"Salah ad Din"`).
    pub name: &'a str,
}

/// One record: a country, admin1 unit, curated region or populated place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'a> {
    /// GeoNames id, or `REGION_ID_BASE + n` for curated regions (see [`Place::is_geonames_id`]).
    pub geonameid: u32,
    /// Canonical name (GeoNames' name; for regions the name in `regions.toml`).
    pub name: &'a str,
    /// Latitude, degrees (WGS84). For countries and admin1 units a representative point
    /// inside them, not their capital or seat (see `data/gazetteer/README.md`; a country's
    /// capital is [`Country::capital`]).
    pub lat: f32,
    /// Longitude, degrees (WGS84).
    pub lon: f32,
    /// Population (0: unknown; always 0 for admin1 units and regions).
    pub population: u32,
    pub feature: Feature,
    /// The country; `None` for regions spanning several countries (see
    /// [`Gazetteer::countries_of`]) and for the few places outside any country.
    pub country: Option<Country<'a>>,
    /// The admin1 unit the place lies in (itself for admin1 records); `None` for countries,
    /// regions, and places whose admin1 code GeoNames does not list.
    pub admin1: Option<Admin1<'a>>,
    /// Position in the record table (stable within one file only).
    pub index: u32,
}

impl Place<'_> {
    /// ISO alpha-3 of the country, if the place lies in exactly one.
    pub fn country_iso3(&self) -> Option<&str> {
        self.country.map(|c| c.iso3)
    }

    /// False for sitrep's curated regions, whose ids are not GeoNames ids.
    pub fn is_geonames_id(&self) -> bool {
        self.geonameid < REGION_ID_BASE
    }
}

/// A gazetteer over a borrowed byte string (the built-in one borrows static data).
#[derive(Clone, Copy)]
pub struct Gazetteer<'a> {
    file: &'a [u8],
    sections: [&'a [u8]; N_SECTIONS],
}

impl std::fmt::Debug for Gazetteer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("countries", &self.country_count())
            .field("admin1", &self.admin1_count())
            .field("records", &self.record_count())
            .field("keys", &self.key_count())
            .finish()
    }
}

// ----------------------------------------------------------------- byte access
// Every read goes through `get`, so even a file that was never validated cannot
// make a lookup panic: a read past the end gives 0 / an empty string.

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_bits(u32_at(b, at))
}

fn slice_at(b: &[u8], off: usize, len: usize) -> Option<&[u8]> {
    b.get(off..off.checked_add(len)?)
}

fn str_at(b: &[u8], off: usize, len: usize) -> Option<&str> {
    std::str::from_utf8(slice_at(b, off, len)?).ok()
}

const COUNTRIES: usize = 0;
const ADMIN1: usize = 1;
const RECORDS: usize = 2;
const NAMES: usize = 3;
const KEYS: usize = 4;
const KEY_BLOB: usize = 5;
const POSTINGS: usize = 6;
const EXTRA: usize = 7;

impl Gazetteer<'static> {
    /// The gazetteer compiled into this binary. The first call checks the header
    /// (microseconds); nothing is copied or parsed.
    ///
    /// # Panics
    /// If the committed `data/gazetteer/gazetteer.bin` has a bad header, which the
    /// crate's tests rule out.
    pub fn builtin() -> &'static Gazetteer<'static> {
        static BUILTIN: OnceLock<Gazetteer<'static>> = OnceLock::new();
        BUILTIN.get_or_init(|| match Gazetteer::from_bytes_unchecked(BUILTIN_BYTES) {
            Ok(g) => g,
            Err(e) => panic!("built-in gazetteer: {e}"),
        })
    }

    /// The raw bytes of the built-in gazetteer.
    pub fn builtin_bytes() -> &'static [u8] {
        BUILTIN_BYTES
    }
}

impl<'a> Gazetteer<'a> {
    /// Reads a gazetteer from `bytes`, checking the header and every table entry
    /// (bounds, UTF-8, sort order); takes tens of milliseconds on the built-in file.
    /// A malformed or truncated file is an [`Error`], never a panic.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Gazetteer<'a>, Error> {
        let g = Gazetteer::from_bytes_unchecked(bytes)?;
        g.validate()?;
        Ok(g)
    }

    /// Checks the header and the section table only. Lookups on a file that is corrupt
    /// beyond that return wrong answers but never panic.
    pub fn from_bytes_unchecked(bytes: &'a [u8]) -> Result<Gazetteer<'a>, Error> {
        if bytes.len() < HEADER_LEN {
            return Err(Error::TooShort { len: bytes.len() });
        }
        if &bytes[..8] != MAGIC {
            return Err(Error::BadMagic);
        }
        let version = u32_at(bytes, 8);
        if version != VERSION {
            return Err(Error::Version { found: version });
        }
        let mut sections: [&[u8]; N_SECTIONS] = [&[]; N_SECTIONS];
        for (i, section) in sections.iter_mut().enumerate() {
            let offset = u32_at(bytes, 16 + 8 * i);
            let len = u32_at(bytes, 20 + 8 * i);
            let name = SECTION_NAMES[i];
            *section = slice_at(bytes, offset as usize, len as usize).ok_or(Error::SectionBounds {
                section: name,
                offset,
                len,
                file_len: bytes.len(),
            })?;
            if len as usize % SECTION_ENTRY[i] != 0 {
                return Err(Error::SectionSize { section: name, len, entry: SECTION_ENTRY[i] });
            }
        }
        if sections[KEYS].is_empty() {
            return Err(Error::Corrupt("the key table lacks its end entry".into()));
        }
        Ok(Gazetteer { file: bytes, sections })
    }

    /// Checks every entry of every table: offsets within their sections, names valid
    /// UTF-8, indices in range, records sorted by id, keys sorted and unique.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |what: String| Err(Error::Corrupt(what));
        let names = self.sections[NAMES];
        let (nc, na, nr) = (self.country_count(), self.admin1_count(), self.record_count());
        for i in 0..nc {
            let e = self.entry(COUNTRIES, COUNTRY_LEN, i);
            if std::str::from_utf8(&e[..5]).map_or(true, |s| !s.bytes().all(|b| b.is_ascii_uppercase())) {
                return bad(format!("country {i}: codes are not upper-case ASCII"));
            }
            if str_at(names, u32_at(e, 8) as usize, u16_at(e, 6) as usize).is_none() {
                return bad(format!("country {i}: name outside the names section or not UTF-8"));
            }
            let (rec, capital) = (u32_at(e, 12), u32_at(e, 16));
            if rec != NONE32 && rec as usize >= nr || capital != NONE32 && capital as usize >= nr {
                return bad(format!("country {i}: record {rec} or capital {capital} out of range"));
            }
        }
        for i in 0..na {
            let e = self.entry(ADMIN1, ADMIN1_LEN, i);
            let country = u16_at(e, 0);
            if country != NONE16 && country as usize >= nc {
                return bad(format!("admin1 {i}: country {country} out of range"));
            }
            if str_at(names, u32_at(e, 4) as usize, e[2] as usize).is_none()
                || str_at(names, u32_at(e, 8) as usize, e[3] as usize).is_none()
            {
                return bad(format!("admin1 {i}: code or name outside the names section or not UTF-8"));
            }
            let rec = u32_at(e, 12);
            if rec != NONE32 && rec as usize >= nr {
                return bad(format!("admin1 {i}: record {rec} out of range"));
            }
        }
        let mut last_id = None;
        for i in 0..nr {
            let e = self.entry(RECORDS, RECORD_LEN, i);
            let id = u32_at(e, 0);
            if last_id.is_some_and(|last| id <= last) {
                return bad(format!("record {i}: id {id} is not above the previous record's"));
            }
            last_id = Some(id);
            if str_at(names, u32_at(e, 16) as usize, u16_at(e, 20) as usize).is_none() {
                return bad(format!("record {i}: name outside the names section or not UTF-8"));
            }
            let (country, admin1) = (u16_at(e, 22), u16_at(e, 24));
            if country != NONE16 && country as usize >= nc || admin1 != NONE16 && admin1 as usize >= na {
                return bad(format!("record {i}: country or admin1 index out of range"));
            }
            if Feature::from_u8(e[26]).is_none() {
                return bad(format!("record {i}: unknown feature {}", e[26]));
            }
        }
        let (nk, keys, blob) = (self.key_count(), self.sections[KEYS], self.sections[KEY_BLOB]);
        let np = self.sections[POSTINGS].len() / POSTING_LEN;
        let end = self.key_count() * KEY_LEN;
        if u32_at(keys, end) as usize != blob.len() || u32_at(keys, end + 4) as usize != np {
            return bad("the key table's end entry does not match the key strings and postings".into());
        }
        let mut prev: Option<&[u8]> = None;
        for i in 0..nk {
            let (k0, k1) = (u32_at(keys, i * KEY_LEN), u32_at(keys, (i + 1) * KEY_LEN));
            let (p0, p1) = (u32_at(keys, i * KEY_LEN + 4), u32_at(keys, (i + 1) * KEY_LEN + 4));
            if k0 > k1 || p0 >= p1 || p1 as usize > np {
                return bad(format!("key {i}: offsets out of order or empty"));
            }
            let Some(key) = blob.get(k0 as usize..k1 as usize) else {
                return bad(format!("key {i}: outside the key strings"));
            };
            if std::str::from_utf8(key).is_err() || prev.is_some_and(|p| p >= key) {
                return bad(format!("key {i}: not UTF-8, or not above the previous key"));
            }
            prev = Some(key);
        }
        for i in 0..np {
            let r = u32_at(self.sections[POSTINGS], i * POSTING_LEN);
            if r as usize >= nr {
                return bad(format!("posting {i}: record {r} out of range"));
            }
        }
        let mut last = None;
        for i in 0..self.sections[EXTRA].len() / EXTRA_LEN {
            let e = self.entry(EXTRA, EXTRA_LEN, i);
            let (rec, country) = (u32_at(e, 0), u16_at(e, 4));
            if rec as usize >= nr || country as usize >= nc || last.is_some_and(|l| rec < l) {
                return bad(format!("region country {i}: out of range or out of order"));
            }
            last = Some(rec);
        }
        Ok(())
    }

    fn entry(&self, section: usize, len: usize, i: usize) -> &'a [u8] {
        const ZERO: &[u8; 32] = &[0; 32];
        self.sections[section].get(i * len..(i + 1) * len).unwrap_or(&ZERO[..len])
    }

    /// Number of countries in the country table.
    pub fn country_count(&self) -> usize {
        self.sections[COUNTRIES].len() / COUNTRY_LEN
    }

    /// Number of admin1 units in the admin1 table.
    pub fn admin1_count(&self) -> usize {
        self.sections[ADMIN1].len() / ADMIN1_LEN
    }

    /// Number of records (countries, admin1 units, regions, populated places).
    pub fn record_count(&self) -> usize {
        self.sections[RECORDS].len() / RECORD_LEN
    }

    /// Number of distinct lookup keys.
    pub fn key_count(&self) -> usize {
        (self.sections[KEYS].len() / KEY_LEN).saturating_sub(1)
    }

    /// The `i`th country of the country table (sorted by ISO alpha-3).
    pub fn country(&self, i: usize) -> Option<Country<'a>> {
        if i >= self.country_count() {
            return None;
        }
        let e = self.entry(COUNTRIES, COUNTRY_LEN, i);
        Some(Country {
            iso2: std::str::from_utf8(&e[0..2]).unwrap_or(""),
            iso3: std::str::from_utf8(&e[2..5]).unwrap_or(""),
            name: str_at(self.sections[NAMES], u32_at(e, 8) as usize, u16_at(e, 6) as usize).unwrap_or(""),
            capital: Some(u32_at(e, 16)).filter(|&r| r != NONE32),
            file: self.file,
        })
    }

    /// The country with this ISO alpha-3 or alpha-2 code (upper case).
    pub fn country_by_code(&self, code: &str) -> Option<Country<'a>> {
        // The codes compared as bytes where they lie: only the country found is read (the
        // resolver asks this for every country of every mention).
        let b = code.as_bytes();
        (0..self.country_count())
            .find(|&i| {
                let e = self.entry(COUNTRIES, COUNTRY_LEN, i);
                (b.len() == 3 && &e[2..5] == b) || (b.len() == 2 && &e[0..2] == b)
            })
            .and_then(|i| self.country(i))
    }

    /// The `i`th admin1 unit of the admin1 table (sorted by code).
    pub fn admin1(&self, i: usize) -> Option<Admin1<'a>> {
        if i >= self.admin1_count() {
            return None;
        }
        let e = self.entry(ADMIN1, ADMIN1_LEN, i);
        let names = self.sections[NAMES];
        Some(Admin1 {
            code: str_at(names, u32_at(e, 4) as usize, e[2] as usize).unwrap_or(""),
            name: str_at(names, u32_at(e, 8) as usize, e[3] as usize).unwrap_or(""),
        })
    }

    /// The record at position `index` of the record table.
    pub fn record(&self, index: u32) -> Option<Place<'a>> {
        let i = index as usize;
        if i >= self.record_count() {
            return None;
        }
        let e = self.entry(RECORDS, RECORD_LEN, i);
        Some(Place {
            geonameid: u32_at(e, 0),
            lat: f32_at(e, 4),
            lon: f32_at(e, 8),
            population: u32_at(e, 12),
            name: str_at(self.sections[NAMES], u32_at(e, 16) as usize, u16_at(e, 20) as usize).unwrap_or(""),
            country: self.country(u16_at(e, 22) as usize),
            admin1: self.admin1(u16_at(e, 24) as usize),
            feature: Feature::from_u8(e[26]).unwrap_or(Feature::Place),
            index,
        })
    }

    /// The record with this GeoNames id (or curated-region id).
    pub fn get(&self, geonameid: u32) -> Option<Place<'a>> {
        let n = self.record_count();
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match u32_at(self.entry(RECORDS, RECORD_LEN, mid), 0).cmp(&geonameid) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return self.record(mid as u32),
            }
        }
        None
    }

    /// Every country a place lies in: its one country, or for a region spanning
    /// several, all of them (main one first).
    pub fn countries_of(&self, place: &Place<'_>) -> Vec<Country<'a>> {
        let i = place.index as usize;
        if i >= self.record_count() {
            return Vec::new();
        }
        let country = u16_at(self.entry(RECORDS, RECORD_LEN, i), 22);
        if country != NONE16 {
            return self.country(country as usize).into_iter().collect();
        }
        let extra = self.sections[EXTRA];
        let n = extra.len() / EXTRA_LEN;
        let start = partition_point(n, |j| (u32_at(extra, j * EXTRA_LEN) as usize) < i);
        (start..n)
            .take_while(|&j| u32_at(extra, j * EXTRA_LEN) as usize == i)
            .filter_map(|j| self.country(u16_at(extra, j * EXTRA_LEN + 4) as usize))
            .collect()
    }

    fn key_bytes(&self, i: usize) -> &'a [u8] {
        let keys = self.sections[KEYS];
        let (k0, k1) = (u32_at(keys, i * KEY_LEN) as usize, u32_at(keys, (i + 1) * KEY_LEN) as usize);
        self.sections[KEY_BLOB].get(k0..k1).unwrap_or(&[])
    }

    /// Record indices under an exact (already normalized) key, best candidates first.
    fn postings(&self, key: &str) -> std::ops::Range<usize> {
        let n = self.key_count();
        let i = partition_point(n, |i| self.key_bytes(i) < key.as_bytes());
        if i < n && self.key_bytes(i) == key.as_bytes() {
            let keys = self.sections[KEYS];
            let (p0, p1) = (u32_at(keys, i * KEY_LEN + 4) as usize, u32_at(keys, (i + 1) * KEY_LEN + 4) as usize);
            p0..p1.max(p0)
        } else {
            0..0
        }
    }

    /// Every record under an already normalized key (see [`normalize`]), in the file's
    /// order: countries, continents, admin1 units, regions, water bodies, capitals, admin
    /// seats, other places; within each, larger population first.
    pub fn lookup_key(&self, key: &str) -> impl Iterator<Item = Place<'a>> + '_ {
        let postings = self.sections[POSTINGS];
        self.postings(key).filter_map(move |j| self.record(u32_at(postings, j * POSTING_LEN)))
    }

    /// Every record a name may refer to, best candidates first (see [`Gazetteer::lookup_key`]).
    /// The name is normalized with [`normalize`]; if nothing is filed under that key and it
    /// starts with an article ("al-", "el-", "the"), the key without it is tried.
    pub fn lookup(&self, name: &str) -> impl Iterator<Item = Place<'a>> + '_ {
        let key = normalize(name);
        let mut range = self.postings(&key);
        if range.is_empty() {
            if let Some(rest) = strip_article(&key) {
                range = self.postings(rest);
            }
        }
        let postings = self.sections[POSTINGS];
        range.filter_map(move |j| self.record(u32_at(postings, j * POSTING_LEN)))
    }

    /// Every lookup key, in sorted order (for tests and tools).
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.key_count()).map(|i| std::str::from_utf8(self.key_bytes(i)).unwrap_or(""))
    }
}

/// The first index in `0..n` for which `pred` is false (`pred` true on a prefix).
fn partition_point(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
