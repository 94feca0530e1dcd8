//! Clustering time on synthetic events (BENCHMARKS.md): `cargo run --release -p
//! sitrep-incidents --example synthetic [N]` (default 100,000 events over one year).

use sitrep_core::{ArticleMeta, Count, Entity, Event, EventDate, Place, Size};
use sitrep_incidents::{cluster, Member, Params};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    // A fixed linear congruential generator: the same events on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    let categories = ["ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "REQUEST", "ACCUSE", "CONSULT", "AID"];
    let countries = [("NGA", 9.0, 8.0), ("SYR", 35.0, 38.0), ("YEM", 15.5, 47.5), ("AFG", 34.0, 66.0), ("UKR", 49.0, 32.0)];
    let mut events = Vec::with_capacity(n);
    let mut hashes = Vec::with_capacity(n);
    for i in 0..n {
        // Real-world acts: about four reports each.
        let act = (i / 4) as u64 + next(3);
        let day = (act * 7919) % 365;
        let (c, la, lo) = countries[(act % 5) as usize];
        let lat = la + ((act * 31) % 600) as f64 / 100.0 - 3.0 + next(10) as f64 / 1000.0;
        let lon = lo + ((act * 17) % 600) as f64 / 100.0 - 3.0;
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(day as i64 + next(2) as i64);
        events.push(Event {
            id: format!("e{i}"),
            article: ArticleMeta { id: format!("a{i}"), published: Some(date.format("%Y-%m-%d").to_string()), ..Default::default() },
            category: categories[(act % 8) as usize].into(),
            date: Some(EventDate { value: Some(date.format("%Y-%m-%d").to_string()), ..Default::default() }),
            location: (next(5) > 0).then(|| Place {
                lat: Some(lat),
                lon: Some(lon),
                country: Some(c.into()),
                precision: Some(4),
                resolved: true,
                ..Default::default()
            }),
            actor: vec![Entity { name: format!("group {}", act % 50), ..Default::default() }],
            size: Size { killed: Some(Count { count: 3 + next(4), ..Default::default() }), ..Default::default() },
            ..Default::default()
        });
        hashes.push(format!("h{i}"));
    }
    let members: Vec<Member> = events.iter().zip(&hashes).map(|(event, article)| Member { article, event }).collect();
    let t = Instant::now();
    let incidents = cluster(&members, &Params::default());
    let secs = t.elapsed().as_secs_f64();
    println!("{{\"events\": {n}, \"incidents\": {}, \"seconds\": {secs:.3}}}", incidents.len());
}
