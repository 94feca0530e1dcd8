//! A malformed or truncated file is an error, never a panic, and lookups on whatever
//! `from_bytes_unchecked` accepts never panic either.

use proptest::prelude::*;
use sitrep_gazetteer::{Error, Gazetteer, MAGIC};

fn exercise(g: &Gazetteer<'_>) {
    for name in ["Ramadi", "Tripoli", "al-Anbar", "", "zzzz"] {
        for p in g.lookup(name).take(50) {
            let _ = g.get(p.geonameid);
            let _ = g.countries_of(&p);
        }
    }
    let _ = g.record(0);
    let _ = g.country(0);
    let _ = g.admin1(0);
    let _ = g.keys().take(10).count();
}

#[test]
fn header_errors_are_specific() {
    assert_eq!(Gazetteer::from_bytes(b"").unwrap_err(), Error::TooShort { len: 0 });
    let good = Gazetteer::builtin_bytes();
    let mut bad = good[..200].to_vec();
    bad[0] = b'X';
    assert_eq!(Gazetteer::from_bytes(&bad).unwrap_err(), Error::BadMagic);
    for found in [1, 3] {
        let mut other = good[..200].to_vec();
        other[8] = found as u8;
        assert_eq!(Gazetteer::from_bytes(&other).unwrap_err(), Error::Version { found });
    }
    assert!(matches!(Gazetteer::from_bytes(&good[..good.len() - 1]), Err(Error::SectionBounds { .. })));
    assert!(Gazetteer::from_bytes(&good[..200]).unwrap_err().to_string().starts_with("gazetteer: section"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512), magic in any::<bool>()) {
        let mut bytes = bytes;
        if magic && bytes.len() >= 12 {
            bytes[..8].copy_from_slice(MAGIC);
            bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
        }
        let _ = Gazetteer::from_bytes(&bytes);
        if let Ok(g) = Gazetteer::from_bytes_unchecked(&bytes) {
            exercise(&g);
        }
    }

    #[test]
    fn truncated(len in 0usize..Gazetteer::builtin_bytes().len()) {
        let bytes = &Gazetteer::builtin_bytes()[..len];
        prop_assert!(Gazetteer::from_bytes(bytes).is_err());
        if let Ok(g) = Gazetteer::from_bytes_unchecked(bytes) {
            exercise(&g);
        }
    }
}

proptest! {
    // Each case copies the 24 MB file and validates it: keep the count low.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn corrupted(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), header in any::<bool>()) {
        let mut bytes = Gazetteer::builtin_bytes().to_vec();
        let span = if header { 80 } else { bytes.len() };
        for (at, value) in flips {
            let i = at.index(span);
            bytes[i] = value;
        }
        let _ = Gazetteer::from_bytes(&bytes);
        if let Ok(g) = Gazetteer::from_bytes_unchecked(&bytes) {
            exercise(&g);
        }
    }
}

proptest! {
    #[test]
    fn normalize_is_idempotent_and_lookup_total(name in "\\PC{0,40}") {
        let key = sitrep_gazetteer::normalize(&name);
        prop_assert_eq!(sitrep_gazetteer::normalize(&key), key.clone());
        prop_assert!(!key.starts_with(' ') && !key.ends_with(' ') && !key.contains("  "));
        let _ = Gazetteer::builtin().lookup(&name).count();
    }
}
