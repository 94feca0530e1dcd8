//! Measures what the gazetteer costs a fresh process: `Gazetteer::builtin()` plus the
//! first lookup, then a batch of lookups, and the resident set size afterwards.
//!
//! `cargo run --release -p sitrep-gazetteer --example load_time`

use sitrep_gazetteer::Gazetteer;
use std::time::Instant;

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let before = rss_kib();
    let t0 = Instant::now();
    let gaz = Gazetteer::builtin();
    let first = gaz.lookup("Ramadi").count();
    let cold = t0.elapsed();
    let names = ["Baghdad", "Tripoli", "Georgia", "al-Anbar", "Salahuddin", "Darfur", "Donbas", "Kyiv", "Seoul", "Gaza Strip"];
    let t1 = Instant::now();
    let mut hits = 0;
    for _ in 0..1000 {
        for n in names {
            hits += gaz.lookup(n).count();
        }
    }
    let per = t1.elapsed() / (1000 * names.len() as u32);
    let after_lookups = rss_kib();
    let t2 = Instant::now();
    let validated = Gazetteer::from_bytes(Gazetteer::builtin_bytes()).is_ok();
    let full = t2.elapsed();
    println!("builtin() + first lookup: {cold:?} ({first} candidates for Ramadi)");
    println!("lookup (warm, average over {} calls): {per:?} ({hits} hits)", 1000 * names.len());
    println!("full validation (from_bytes on the built-in bytes): {full:?}, ok={validated}");
    println!("VmRSS KiB: at start {before:?}, after the lookups {after_lookups:?}, after full validation {:?}", rss_kib());
}
