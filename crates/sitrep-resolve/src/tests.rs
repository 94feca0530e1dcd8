//! Resolution on short texts, through normalize → segment → recognize → resolve.

use super::*;
use sitrep_normalize::normalize;
use sitrep_recognize::Recognizer;
use sitrep_segment::Segmenter;

fn places(text: &str) -> Vec<Place> {
    let lex = Lexicon::builtin();
    let norm = normalize(text);
    let seg = Segmenter::new(&lex.segment).segment(&norm.text, norm.caseless);
    let syn = sitrep_recognize::Syntax::new(sitrep_recognize::Parser::builtin(), &norm.text, &seg);
    let mut rec = Recognizer::new(&lex).recognize(&norm.text, &seg, &syn, norm.caseless, None);
    Resolver::new(&lex).resolve(&norm.text, &seg, norm.caseless, &mut rec);
    rec.places
}

fn find<'a>(ps: &'a [Place], text: &str) -> &'a Place {
    ps.iter()
        .find(|p| p.text == text)
        .unwrap_or_else(|| panic!("no place {text:?} in {:?}", ps.iter().map(|p| &p.text).collect::<Vec<_>>()))
}

fn near(p: &Place, lat: f64, lon: f64, km: f64) -> bool {
    p.lat.zip(p.lon).is_some_and(|(a, b)| distance_km(a, b, lat, lon) <= km)
}

#[test]
fn ramadi_and_its_province() {
    let ps = places("ISIL overran Ramadi, the capital of the Anbar province, on Sunday.");
    let r = find(&ps, "Ramadi");
    assert!(r.resolved && near(r, 33.42, 43.31, 10.0), "{r:?}");
    assert_eq!(r.country.as_deref(), Some("IRQ"));
    assert_eq!(r.precision, Some(4));
    let a = find(&ps, "Anbar province");
    assert_eq!((a.feature.as_deref(), a.country.as_deref()), (Some("admin1"), Some("IRQ")), "{a:?}");
}

#[test]
fn tripoli_follows_the_country_context() {
    let ps = places("Clashes broke out in Tripoli between Libyan militias loyal to the Government of National Unity.");
    assert_eq!(find(&ps, "Tripoli").country.as_deref(), Some("LBY"));
    let ps = places("The Lebanese army deployed in Tripoli after clashes between rival groups in northern Lebanon.");
    assert_eq!(find(&ps, "Tripoli").country.as_deref(), Some("LBN"));
    let ps = places("Fighting was reported in Tripoli, Lebanon, on Monday.");
    assert_eq!(find(&ps, "Tripoli").country.as_deref(), Some("LBN"));
}

#[test]
fn explicit_containers_win() {
    let ps = places("A tornado hit Paris, Texas, on Monday.");
    assert_eq!(find(&ps, "Paris").country.as_deref(), Some("USA"));
    let ps = places("Police arrested two men in Paris on Monday.");
    assert_eq!(find(&ps, "Paris").country.as_deref(), Some("FRA"));
}

#[test]
fn countries_adjectives_and_capitals_resolve_to_their_country() {
    let ps = places("Iraqi forces advanced while Washington said Georgia had sent troops.");
    let iraqi = find(&ps, "Iraqi");
    assert_eq!((iraqi.use_, iraqi.country.as_deref(), iraqi.resolved), (PlaceUse::Adjective, Some("IRQ"), true));
    let w = find(&ps, "Washington");
    assert_eq!(w.country.as_deref(), Some("USA"));
    assert!(near(w, 38.9, -77.04, 30.0), "{w:?}");
}

#[test]
fn seoul_and_baghdad() {
    let ps = places("Kerry spoke in Seoul. Gunmen attacked a checkpoint in Baghdad.");
    assert!(near(find(&ps, "Seoul"), 37.57, 126.98, 20.0));
    assert!(near(find(&ps, "Baghdad"), 33.34, 44.40, 20.0));
}

#[test]
fn unknown_names_are_explicitly_unresolved() {
    let ps = places("Fighting was reported in Zzyzxqville on Monday.");
    let p = find(&ps, "Zzyzxqville");
    assert!(!p.resolved && p.geonameid.is_none() && p.candidates.is_empty());
}

#[test]
fn geocode_ranks_with_context() {
    let lex = Lexicon::builtin();
    let r = Resolver::new(&lex);
    assert_eq!(r.geocode("Tripoli", &["LBN".into()])[0].country.as_deref(), Some("LBN"));
    assert_eq!(r.geocode("Tripoli", &["LBY".into()])[0].country.as_deref(), Some("LBY"));
    let a = &r.geocode("Salahuddin province", &[])[0];
    assert_eq!((a.feature, a.country.as_deref()), (Feature::Admin1, Some("IRQ")));
}

#[test]
fn unknown_districts_are_placed_in_the_city_the_text_names() {
    let ps = places("Clashes broke out in the Zzyzx district of Tripoli, Lebanon, on Monday.");
    let d = ps.iter().find(|p| p.text.contains("Zzyzx")).expect("the district is a place");
    assert!(!d.resolved);
    assert_eq!(d.within.as_deref(), Some("Tripoli"));
    assert_eq!(d.country.as_deref(), Some("LBN"));
}

#[test]
fn a_whole_name_is_one_mention_never_the_place_inside_it() {
    let ps = places("Hundreds of students marched from Washington Square to the courthouse on Friday.");
    let w = find(&ps, "Washington Square");
    assert!(!w.resolved && w.lat.is_none(), "{w:?}");
    assert_eq!(w.feature.as_deref(), Some("street"));
    assert!(ps.iter().all(|p| p.text != "Washington"), "{ps:?}");
    let ps = places("Flights were suspended at Kabul International Airport after the blast.");
    let k = find(&ps, "Kabul International Airport");
    assert_eq!((k.resolved, k.feature.as_deref()), (false, Some("building")), "{k:?}");
    let ps = places("Jazz bands played in the French Quarter of New Orleans until dawn.");
    assert_eq!(find(&ps, "French Quarter").feature.as_deref(), Some("district"));
    // the adjective stays the country's; the word "Quarter" is no place of its own
    assert!(ps.iter().all(|p| p.text != "Quarter"), "{ps:?}");
    let ps = places("Protesters gathered outside the Iranian Embassy on Friday.");
    assert_eq!(find(&ps, "Iranian").country.as_deref(), Some("IRN"));
    assert!(!find(&ps, "Iranian Embassy").resolved);
}

#[test]
fn a_longer_name_the_gazetteer_knows_wins_over_its_tail() {
    let ps = places("Officers from West Virginia joined the search on Tuesday.");
    let w = find(&ps, "West Virginia");
    assert_eq!((w.resolved, w.country.as_deref(), w.feature.as_deref()), (true, Some("USA"), Some("admin1")), "{w:?}");
}

#[test]
fn pronouns_function_words_and_single_letters_are_never_places() {
    let ps = places("The minister said: \"We will rebuild the bridge.\" He added: \"No one will be left behind,\" in Kyiv.");
    assert!(ps.iter().all(|p| p.text != "We" && p.text != "No"), "{:?}", ps.iter().map(|p| &p.text).collect::<Vec<_>>());
    assert!(find(&ps, "Kyiv").resolved);
    // "US" is not the pronoun "Us"
    let ps = places("The US imposed new sanctions on Tuesday.");
    assert_eq!(find(&ps, "US").country.as_deref(), Some("USA"));
}

#[test]
fn an_institution_named_after_a_place_is_a_modifier_not_a_location() {
    let ps = places("A professor at the University of Saskatchewan led the study for two years.");
    let m = find(&ps, "Saskatchewan");
    assert_eq!((m.use_, m.country.as_deref()), (PlaceUse::Adjective, Some("CAN")), "{m:?}");
}

#[test]
fn division_abbreviations_are_places_and_containers() {
    let ps = places("The girl was born in Brandon, Man. and later moved to Amarillo, Tex. with her parents.");
    let c = find(&ps, "Brandon");
    assert_eq!(c.country.as_deref(), Some("CAN"), "{c:?}");
    let m = find(&ps, "Man.");
    assert_eq!((m.name.as_str(), m.feature.as_deref(), m.country.as_deref()), ("Manitoba", Some("admin1"), Some("CAN")));
    assert_eq!(find(&ps, "Tex.").name, "Texas");
    let ps = places("Horse racing was cancelled across NSW on Saturday.");
    assert_eq!(find(&ps, "NSW").country.as_deref(), Some("AUS"));
    // a postal code only right after a place: "OK" alone is a word
    let ps = places("\"OK, we will go,\" she said before leaving for Ada, OK on Friday.");
    assert!(ps.iter().filter(|p| p.text == "OK").count() == 1, "{ps:?}");
}

#[test]
fn places_the_text_vouches_for() {
    // a small place followed by its country
    let ps = places("The trial sites were Kampot, Cambodia and Phongsali, Laos.");
    assert_eq!(find(&ps, "Phongsali").country.as_deref(), Some("LAO"));
    // a list of places
    let ps = places("Cholera cases were reported in Kisumu, Siaya, Migori and Homa Bay this week.");
    for n in ["Kisumu", "Siaya", "Migori", "Homa Bay"] {
        assert_eq!(find(&ps, n).country.as_deref(), Some("KEN"), "{n}");
    }
    // a province at a clause start
    let ps = places("California banned the sale of fireworks on Monday.");
    assert_eq!(find(&ps, "California").feature.as_deref(), Some("admin1"));
}

#[test]
fn countries_and_provinces_sit_at_their_representative_points() {
    let ps = places("Turkey and Russia agreed a ceasefire; Texas sent aid.");
    let t = find(&ps, "Turkey");
    assert!(near(t, 39.0, 35.0, 50.0), "Turkey at its centre, not Ankara: {t:?}");
    assert!(near(find(&ps, "Russia"), 60.0, 100.0, 50.0));
    let tx = find(&ps, "Texas");
    assert!(near(tx, 31.25, -99.25, 50.0), "{tx:?}");
    assert_eq!(tx.feature.as_deref(), Some("admin1"));
}

#[test]
fn continents_oceans_and_large_regions_resolve() {
    let ps = places(
        "The virus spread from Africa to Europe and across the Middle East, and ships in the Pacific Ocean were told to stay in port.",
    );
    let a = find(&ps, "Africa");
    assert_eq!((a.feature.as_deref(), a.resolved), (Some("continent"), true), "{a:?}");
    assert!(near(a, 7.19, 21.09, 50.0));
    assert_eq!(find(&ps, "Europe").feature.as_deref(), Some("continent"));
    assert_eq!(find(&ps, "Middle East").feature.as_deref(), Some("region"));
    assert_eq!(find(&ps, "Pacific Ocean").feature.as_deref(), Some("water"));
}

#[test]
fn the_uk_nations_are_gbr_whatever_the_focus() {
    let ps = places("The US delegation spent two days in Scotland before flying on to Washington.");
    let s = find(&ps, "Scotland");
    assert_eq!((s.country.as_deref(), s.feature.as_deref()), (Some("GBR"), Some("admin1")), "{s:?}");
    let ps = places("Lawmakers in Texas and Ohio compared notes with visitors from England and Wales.");
    for n in ["England", "Wales"] {
        assert_eq!(find(&ps, n).country.as_deref(), Some("GBR"), "{n}");
    }
}

#[test]
fn the_articles_focus_decides_small_places() {
    // a US local story: Franklin is the Tennessee city, not a village in France
    let ps = places("Police in Nashville, Tennessee said the suspect was arrested at his home in Franklin on Sunday.");
    assert_eq!(find(&ps, "Franklin").country.as_deref(), Some("USA"));
    // a given name is no small town abroad without a cue or a matching focus
    let ps = places("The documentary shows Michael talking about his first band in London.");
    assert!(ps.iter().all(|p| p.text != "Michael" || !p.resolved), "{ps:?}");
}

#[test]
fn a_repeated_name_does_not_outvote_the_other_places() {
    let ps = places(
        "Police in Richmond made two arrests. Richmond officers were joined by colleagues from Edinburgh, \
         Glasgow, Aberdeen and Inverness. The Richmond raid was the third in Richmond this year, and \
         Richmond's council praised the officers.",
    );
    let e = find(&ps, "Richmond");
    assert_eq!(e.country.as_deref(), Some("GBR"), "Richmond among British cities: {e:?}");
}

#[test]
fn the_main_country_of_places_is_where_most_resolved_places_lie() {
    let ps = places("Police fired tear gas in Almaty and Shymkent on Monday; a rally in Paris backed them.");
    assert_eq!(Resolver::main_country_of_places(&ps).as_deref(), Some("KAZ"), "{ps:?}");
    // A tie goes to the place named first.
    let ps = places("Fighting in Aleppo spread to Mosul.");
    assert_eq!(Resolver::main_country_of_places(&ps).as_deref(), Some("SYR"), "{ps:?}");
    assert_eq!(Resolver::main_country_of_places(&places("Nothing happened anywhere.")), None);
}
