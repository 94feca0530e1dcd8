//! Acceptance on the shared example (../shared/examples/ramadi.txt): skipped when ../shared is
//! missing, failed when it is missing in CI (see `sitrep_test_support::shared_file`).

use sitrep_core::{ArticleInput, ArticleMeta, ArticleOutput, Entity, EntityKind};
use sitrep_lexicon::Lexicon;
use sitrep_pipeline::Pipeline;

fn ramadi() -> Option<(String, ArticleOutput)> {
    let path = sitrep_test_support::shared_file("examples/ramadi.txt")?;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let p = Pipeline::new(&Lexicon::builtin());
    let input = ArticleInput {
        meta: ArticleMeta { id: "ramadi".into(), published: Some("2015-05-18".into()), ..Default::default() },
        text: text.clone(),
    };
    Some((text, p.extract(&input).0))
}

fn find<'a>(out: &'a ArticleOutput, text: &str) -> Vec<&'a Entity> {
    out.entities.iter().filter(|e| e.text == text).collect()
}

#[test]
fn entities_of_the_ramadi_report() {
    let Some((_, out)) = ramadi() else { return };
    // ISIL: long form and acronym, and "the armed group" linked back to it
    let long = out.entities.iter().position(|e| e.text == "Islamic State of Iraq and the Levant").expect("ISIL long form");
    assert_eq!(out.entities[long].kind, EntityKind::ArmedGroup);
    assert!(out.entities[long].aliases.iter().any(|a| a == "ISIL"));
    let armed = out.entities.iter().find(|e| e.text == "The armed group").expect("the armed group");
    assert_eq!(armed.name, out.entities[long].name);
    assert_eq!(armed.refers_to, Some(long));
    // Popular Mobilisation Forces, also reached by "Shia-led militias"
    let pmf = find(&out, "Popular Mobilisation Forces");
    assert_eq!(pmf[0].country.as_deref(), Some("IRQ"));
    let shia = find(&out, "Shia-led militias");
    assert!(!shia.is_empty() && shia.iter().all(|e| e.name == pmf[0].name && e.country.as_deref() == Some("IRQ")));
    // Iraqi special forces (IRQ, MIL), Iraq's government (IRQ, GOV)
    let sf = out.entities.iter().find(|e| e.text.contains("special forces")).expect("special forces");
    assert_eq!((sf.country.as_deref(), sf.sector.as_slice()), (Some("IRQ"), &["MIL".to_string()][..]));
    let gov = out.entities.iter().find(|e| e.text == "Iraq\u{2019}s government").expect("Iraq's government");
    assert_eq!((gov.country.as_deref(), gov.sector.as_slice()), (Some("IRQ"), &["GOV".to_string()][..]));
    // People
    let tarik = find(&out, "Tarik al-Abdullah");
    assert_eq!(tarik[0].kind, EntityKind::Person);
    assert_eq!(tarik[0].country.as_deref(), Some("IRQ"));
    let kerry = find(&out, "John Kerry");
    assert_eq!(kerry[0].kind, EntityKind::Person);
    assert_eq!(kerry[0].country.as_deref(), Some("USA"));
    assert!(kerry[0].sector.contains(&"GOV".to_string()));
    assert_eq!(kerry[0].role.as_deref(), Some("Secretary of State"));
    let khodr = find(&out, "Zeina Khodr");
    assert_eq!(khodr[0].kind, EntityKind::Person);
    assert!(khodr[0].sector.contains(&"JRN".to_string()));
    // surnames link back
    let k = out.entities.iter().position(|e| e.text == "Kerry").expect("Kerry");
    assert_eq!(out.entities[k].name, "John Kerry");
}

#[test]
fn quotes_of_the_ramadi_report() {
    let Some((_, out)) = ramadi() else { return };
    let has = |speaker: &str, contains: &str| {
        out.quotes.iter().any(|q| q.text.contains(contains) && q.speaker.as_ref().is_some_and(|s| s.name == speaker))
    };
    assert!(has("Zeina Khodr", "They operate under the government-sanctioned Popular Mobilisation Forces"));
    assert!(has("Tarik al-Abdullah", "not very welcome"));
    assert!(has("Tarik al-Abdullah", "We need the support of the government"));
    assert!(has("John Kerry", "I am convinced that as the forces are redeployed"));
    // the pronoun speaker is listed as a mention linked to its antecedent
    let q = out.quotes.iter().find(|q| q.text.contains("We need the support")).unwrap();
    let sp = q.speaker.as_ref().unwrap();
    assert_eq!(sp.text, "he");
    assert!(sp.refers_to.is_some());
}

#[test]
fn dates_and_numbers_of_the_ramadi_report() {
    let Some((_, out)) = ramadi() else { return };
    let date = |t: &str| out.dates.iter().find(|d| d.text == t).and_then(|d| d.value.clone());
    assert_eq!(date("Sunday").as_deref(), Some("2015-05-17"));
    assert_eq!(date("Monday").as_deref(), Some("2015-05-18"));
    assert_eq!(date("earlier this year").as_deref(), Some("2015"));
    let counts: Vec<u64> = out.quantities.iter().map(|q| q.count).collect();
    for n in [15, 8000, 500] {
        assert!(counts.contains(&n), "{counts:?}");
    }
}

#[test]
fn places_of_the_ramadi_report() {
    let Some((_, out)) = ramadi() else { return };
    let names: Vec<&str> = out.places.iter().map(|p| p.name.as_str()).collect();
    for n in ["Ramadi", "Anbar", "Baghdad", "Diyala", "Salahuddin", "Tikrit", "Seoul"] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    let seoul = out.places.iter().find(|p| p.name == "Seoul").unwrap();
    assert_eq!(seoul.country.as_deref(), Some("KOR"));
}

#[test]
fn places_of_the_ramadi_report_resolve() {
    let Some((_, out)) = ramadi() else { return };
    // (mention, country, feature, lat, lon, km): GeoNames points; provinces by their centres.
    let expected = [
        ("Ramadi", "IRQ", "city", 33.4206, 43.3078, 10.0),
        ("Anbar province", "IRQ", "admin1", 33.0, 42.0, 50.0),
        ("Baghdad", "IRQ", "city", 33.34, 44.40, 20.0),
        ("Diyala", "IRQ", "admin1", 33.75, 45.0, 50.0),
        ("Salahuddin", "IRQ", "admin1", 34.5, 43.5, 50.0),
        ("Tikrit", "IRQ", "city", 34.61, 43.68, 10.0),
        ("Seoul", "KOR", "city", 37.57, 126.98, 20.0),
    ];
    for (text, country, feature, lat, lon, tol) in expected {
        let p = out.places.iter().find(|p| p.text == text).unwrap_or_else(|| panic!("{text} is a place"));
        assert!(p.resolved, "{text} resolved");
        assert_eq!(p.country.as_deref(), Some(country), "{text}");
        assert_eq!(p.feature.as_deref(), Some(feature), "{text}");
        let d = sitrep_gazetteer::distance_km(p.lat.unwrap(), p.lon.unwrap(), lat, lon);
        assert!(d <= tol, "{text} is {d:.0} km off");
        assert!(p.geonameid.is_some(), "{text}");
    }
    // Every event location carries coordinates; none is Seoul (Kerry spoke there).
    for e in &out.events {
        if let Some(l) = &e.location {
            assert!(l.resolved && l.lat.is_some(), "{l:?}");
            assert_ne!(l.name, "Seoul");
        }
    }
}
