//! The gazetteer reader on arbitrary bytes: a clear error or a usable index, never a panic,
//! and lookups on whatever `from_bytes_unchecked` accepts never panic either.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sitrep_gazetteer::Gazetteer;

fuzz_target!(|data: &[u8]| {
    if let Ok(g) = Gazetteer::from_bytes(data) {
        for name in ["Ramadi", "Tripoli", "al-Anbar", ""] {
            for p in g.lookup(name).take(8) {
                let _ = g.countries_of(&p);
                let _ = g.get(p.geonameid);
            }
        }
    }
    if let Ok(g) = Gazetteer::from_bytes_unchecked(data) {
        for p in g.lookup("Tripoli").take(8) {
            let _ = g.countries_of(&p);
        }
        let _ = g.get(1);
    }
});
