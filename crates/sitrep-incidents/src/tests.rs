use super::*;
use sitrep_core::{ArticleMeta, Count, Entity, EventDate, Precision, Size};

struct E {
    article: &'static str,
    /// Sector of every actor ("REB" armed group, "MIL" state forces).
    sector: &'static str,
    published: &'static str,
    category: &'static str,
    date: Option<&'static str>,
    place: Option<(f64, f64, u8, &'static str)>,
    actors: &'static [&'static str],
    killed: Option<u64>,
}

const BASE: E = E {
    article: "a1",
    sector: "REB",
    published: "2024-05-06",
    category: "ASSAULT",
    date: Some("2024-05-05"),
    place: Some((15.45, 45.33, 4, "YEM")),
    actors: &["Houthi forces"],
    killed: None,
};

fn event(e: &E) -> Event {
    Event {
        id: format!("{}-{}", e.article, e.category),
        article: ArticleMeta { id: e.article.into(), published: Some(e.published.into()), ..Default::default() },
        category: e.category.into(),
        date: e.date.map(|d| EventDate { value: Some(d.into()), precision: Some(Precision::Day), ..Default::default() }),
        location: e.place.map(|(lat, lon, precision, country)| Place {
            name: format!("{lat},{lon}"),
            lat: Some(lat),
            lon: Some(lon),
            precision: Some(precision),
            country: Some(country.into()),
            resolved: true,
            ..Default::default()
        }),
        actor: e
            .actors
            .iter()
            .map(|n| Entity { name: n.to_string(), text: n.to_string(), sector: vec![e.sector.to_string()], ..Default::default() })
            .collect(),
        size: Size { killed: e.killed.map(|count| Count { count, ..Default::default() }), ..Default::default() },
        ..Default::default()
    }
}

fn run(es: &[E]) -> Vec<Clustered> {
    let events: Vec<Event> = es.iter().map(event).collect();
    let hashes: Vec<String> = es.iter().map(|e| format!("h-{}", e.article)).collect();
    let members: Vec<Member> = events.iter().zip(&hashes).map(|(event, h)| Member { article: h, event }).collect();
    cluster(&members, &params())
}

/// The sides as the built-in `events.toml` `[cues.sectors]` groups give them.
fn params() -> Params {
    Params {
        state_sectors: vec!["GOV".into(), "MIL".into(), "COP".into()],
        nonstate_sectors: vec!["REB".into(), "UAF".into()],
        ..Default::default()
    }
}

fn groups(cs: &[Clustered]) -> Vec<Vec<String>> {
    let mut g: Vec<Vec<String>> = cs.iter().map(|(i, _)| i.articles.clone()).collect();
    g.sort();
    g
}

#[test]
fn reports_of_one_act_are_one_incident_with_the_latest_count() {
    let cs = run(&[
        E { killed: Some(4), ..BASE },
        E {
            article: "a2",
            published: "2024-05-07",
            date: Some("2024-05-05"),
            place: Some((15.50, 45.30, 5, "YEM")),
            killed: Some(7),
            ..BASE
        },
        E { article: "a3", published: "2024-05-06", date: Some("2024-05-06"), killed: Some(5), ..BASE },
    ]);
    assert_eq!(groups(&cs), vec![vec!["a1", "a2", "a3"]], "members in date order");
    let inc = &cs[0].0;
    let k = inc.size.killed.as_ref().unwrap();
    assert_eq!((k.count, k.min, k.max, k.sources.len()), (7, 4, 7, 3));
    assert_eq!((inc.date_start.as_deref(), inc.date_end.as_deref()), (Some("2024-05-05"), Some("2024-05-06")));
    assert_eq!((inc.first_seen.as_deref(), inc.last_seen.as_deref()), (Some("2024-05-06"), Some("2024-05-07")));
    assert_eq!(inc.location.as_ref().and_then(|p| p.precision), Some(5), "the most precise place");
    assert_eq!(cs[0].1.len(), 3);
}

#[test]
fn the_same_town_a_week_apart_and_other_towns_the_same_day_stay_apart() {
    let cs = run(&[
        BASE,
        E { article: "a2", published: "2024-05-13", date: Some("2024-05-12"), ..BASE },
        // 300 km away, same day
        E { article: "a3", place: Some((13.0, 44.5, 4, "YEM")), ..BASE },
    ]);
    assert_eq!(groups(&cs), vec![vec!["a1"], vec!["a2"], vec!["a3"]]);
}

#[test]
fn other_categories_disjoint_actors_and_far_apart_counts_stay_apart() {
    let cs = run(&[
        E { killed: Some(4), ..BASE },
        E { article: "a2", category: "COERCE", ..BASE },
        E { article: "a3", actors: &["Saudi-led coalition"], sector: "MIL", ..BASE },
        E { article: "a4", killed: Some(300), ..BASE },
    ]);
    assert_eq!(cs.len(), 4, "{:?}", groups(&cs));
}

#[test]
fn reports_naming_one_side_differently_are_one_act() {
    // "gunmen" in one report, the group's name in the next: one side, one act.
    let cs = run(&[BASE, E { article: "a2", actors: &["gunmen"], sector: "UAF", ..BASE }]);
    assert_eq!(cs.len(), 1);
    // A report with no side known joins too.
    let cs = run(&[BASE, E { article: "a2", actors: &["attackers"], sector: "", ..BASE }]);
    assert_eq!(cs.len(), 1);
}

#[test]
fn a_country_wide_report_joins_only_through_a_shared_party() {
    let coarse = Some((15.5, 47.5, 1, "YEM"));
    let cs = run(&[BASE, E { article: "a2", place: coarse, ..BASE }]);
    assert_eq!(groups(&cs), vec![vec!["a1", "a2"]]);
    let cs = run(&[BASE, E { article: "a2", place: coarse, actors: &[], ..BASE }]);
    assert_eq!(cs.len(), 2);
    // No place at all: found anyway, through the party.
    let cs = run(&[BASE, E { article: "a2", place: None, ..BASE }]);
    assert_eq!(cs.len(), 1);
    // A coarse report in another country is another act.
    let cs = run(&[BASE, E { article: "a2", place: Some((24.0, 45.0, 1, "SAU")), ..BASE }]);
    assert_eq!(cs.len(), 2);
}

#[test]
fn only_what_happened_gets_an_incident() {
    let mut planned = event(&BASE);
    planned.modality = Modality::Planned;
    let mut history = event(&E { article: "a2", ..BASE });
    history.historical = true;
    let m = [Member { article: "h1", event: &planned }, Member { article: "h2", event: &history }];
    assert!(cluster(&m, &params()).is_empty());
}

#[test]
fn the_outcome_does_not_depend_on_input_order() {
    let es = [
        E { killed: Some(4), ..BASE },
        E { article: "a2", published: "2024-05-07", killed: Some(6), ..BASE },
        E { article: "a3", published: "2024-05-13", date: Some("2024-05-12"), ..BASE },
        E { article: "a4", place: Some((13.0, 44.5, 4, "YEM")), ..BASE },
    ];
    let forward = run(&es);
    let mut reversed: Vec<E> = es.into_iter().rev().collect();
    let backward = run(&reversed);
    let ids = |cs: &[Clustered]| {
        let mut v: Vec<(String, Vec<String>)> = cs.iter().map(|(i, _)| (i.id.clone(), i.events.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&forward), ids(&backward));
    reversed.swap(0, 2);
    assert_eq!(ids(&run(&reversed)), ids(&forward));
}

#[test]
fn pairwise_scores_count_pairs() {
    assert_eq!(pairwise(&[0, 0, 1], &[0, 0, 1]), (1.0, 1.0));
    // predicted {0,1,2} together; gold {0,1} and {2}: 1 of 3 predicted pairs right, 1 of 1 gold found
    let (p, r) = pairwise(&[0, 0, 0], &[0, 0, 1]);
    assert!((p - 1.0 / 3.0).abs() < 1e-9 && r == 1.0);
    let (p, r) = pairwise(&[0, 1, 2], &[0, 0, 0]);
    assert_eq!((p, r), (1.0, 0.0));
}
