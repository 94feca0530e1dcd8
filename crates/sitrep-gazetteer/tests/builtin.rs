//! The committed gazetteer answers the questions the pipeline will ask.

use sitrep_gazetteer::{normalize, Feature, Gazetteer, Place, REGION_ID_BASE};

fn gaz() -> &'static Gazetteer<'static> {
    Gazetteer::builtin()
}

fn all(name: &str) -> Vec<Place<'static>> {
    gaz().lookup(name).collect()
}

fn find(name: &str, feature: Feature, iso3: &str) -> Place<'static> {
    all(name)
        .into_iter()
        .find(|p| p.feature == feature && p.country_iso3() == Some(iso3))
        .unwrap_or_else(|| panic!("{name}: no {feature:?} in {iso3} among {:#?}", all(name)))
}

/// Great-circle distance in km.
fn km(p: &Place<'_>, lat: f64, lon: f64) -> f64 {
    sitrep_gazetteer::distance_km(f64::from(p.lat), f64::from(p.lon), lat, lon)
}

#[test]
fn builtin_file_is_fully_valid() {
    let g = Gazetteer::from_bytes(Gazetteer::builtin_bytes()).expect("valid");
    assert!(g.country_count() > 240, "{g:?}");
    assert!(g.admin1_count() > 3800, "{g:?}");
    assert!(g.record_count() > 200_000, "{g:?}");
    assert!(g.key_count() > 500_000, "{g:?}");
}

#[test]
fn every_key_is_its_own_normal_form() {
    for key in gaz().keys() {
        assert_eq!(normalize(key), key);
    }
}

#[test]
fn ramadi() {
    let p = all("Ramadi").into_iter().find(|p| p.country_iso3() == Some("IRQ")).expect("Ramadi in Iraq");
    assert!(p.feature.is_populated_place());
    assert!(km(&p, 33.42, 43.31) < 10.0, "{p:?}");
    assert_eq!(p.admin1.map(|a| a.code), Some("IQ.01"));
    assert_eq!(gaz().get(p.geonameid), Some(p));
}

#[test]
fn tripoli_libya_and_lebanon() {
    let cands = all("Tripoli");
    assert!(cands.iter().any(|p| p.feature == Feature::Capital && p.country_iso3() == Some("LBY")), "{cands:#?}");
    assert!(cands.iter().any(|p| p.feature.is_populated_place() && p.country_iso3() == Some("LBN")), "{cands:#?}");
}

#[test]
fn georgia_country_and_us_state() {
    let cands = all("Georgia");
    assert_eq!(cands[0].feature, Feature::Country);
    assert_eq!(cands[0].country_iso3(), Some("GEO"));
    let state = find("Georgia", Feature::Admin1, "USA");
    assert_eq!(state.admin1.map(|a| a.code), Some("US.GA"));
}

#[test]
fn salahuddin_spellings() {
    for name in ["Salahuddin", "Salah ad-Din", "Salah ad Din", "Saladin", "Salah al-Din", "SALAHUDDIN", "Salahuddin province"] {
        let p = find(name, Feature::Admin1, "IRQ");
        assert_eq!(p.admin1.map(|a| a.code), Some("IQ.18"), "{name}");
    }
}

#[test]
fn anbar_spellings() {
    for name in ["Anbar", "al-Anbar", "Al Anbar", "Al-Anbar", "al Anbar", "Anbar Governorate"] {
        let p = find(name, Feature::Admin1, "IRQ");
        assert_eq!(p.admin1.map(|a| a.code), Some("IQ.01"), "{name}");
        assert_eq!(p.admin1.map(|a| a.name), Some("Al Anbar"));
    }
}

#[test]
fn other_admin1_news_spellings() {
    for (name, code) in [
        ("Nineveh", "IQ.15"),
        ("Ninawa", "IQ.15"),
        ("Diyala", "IQ.10"),
        ("Kirkuk", "IQ.13"),
        ("Idlib", "SY.12"),
        ("Aleppo", "SY.09"),
        ("Halab", "SY.09"),
        ("Hasakah", "SY.01"),
        ("Deir ez-Zor", "SY.07"),
        ("Deir al-Zor", "SY.07"),
        ("Hodeidah", "YE.08"),
        ("Helmand", "AF.10"),
        ("Kandahar", "AF.23"),
        ("Borno", "NG.27"),
        ("Borno State", "NG.27"),
        ("Donetsk", "UA.05"),
        ("Luhansk", "UA.14"),
        ("Zaporizhzhia", "UA.26"),
        ("North Darfur", "SD.55"),
        ("Lower Shabelle", "SO.14"),
        ("Timbuktu", "ML.08"),
        ("Misrata", "LY.72"),
    ] {
        let hit = all(name).into_iter().any(|p| p.feature == Feature::Admin1 && p.admin1.map(|a| a.code) == Some(code));
        assert!(hit, "{name}: no admin1 {code} among {:#?}", all(name));
    }
}

#[test]
fn curated_regions() {
    let darfur = find("Darfur", Feature::Region, "SDN");
    assert!(darfur.geonameid >= REGION_ID_BASE && !darfur.is_geonames_id());
    assert!(km(&darfur, 13.0, 24.5) < 300.0);
    find("Donbas", Feature::Region, "UKR");
    find("Donbass", Feature::Region, "UKR");
    find("Iraqi Kurdistan", Feature::Region, "IRQ");
    let sahel = all("the Sahel").into_iter().find(|p| p.feature == Feature::Region).expect("Sahel");
    assert_eq!(sahel.country, None);
    let countries: Vec<_> = gaz().countries_of(&sahel).iter().map(|c| c.iso3).collect();
    assert!(countries.contains(&"MLI") && countries.contains(&"NER"), "{countries:?}");
}

#[test]
fn gaza_strip_and_west_bank() {
    let gaza = find("Gaza Strip", Feature::Admin1, "PSE");
    assert_eq!(gaza.admin1.map(|a| a.code), Some("PS.GZ"));
    find("the Gaza Strip", Feature::Admin1, "PSE");
    find("West Bank", Feature::Admin1, "PSE");
    assert!(all("Gaza").iter().any(|p| p.feature.is_populated_place() && p.country_iso3() == Some("PSE")));
}

#[test]
fn capitals() {
    let seoul = find("Seoul", Feature::Capital, "KOR");
    assert!(km(&seoul, 37.57, 126.98) < 20.0);
    let baghdad = find("Baghdad", Feature::Capital, "IRQ");
    assert!(km(&baghdad, 33.34, 44.40) < 20.0);
    assert!(baghdad.population > 1_000_000);
    for name in ["Kyiv", "Kiev"] {
        let kyiv = find(name, Feature::Capital, "UKR");
        assert!(km(&kyiv, 50.45, 30.52) < 20.0, "{name}");
    }
}

#[test]
fn countries() {
    let iraq = find("Iraq", Feature::Country, "IRQ");
    assert_eq!(iraq.country.map(|c| c.iso2), Some("IQ"));
    assert!(km(&iraq, 33.0, 44.0) < 50.0, "Iraq's representative point: {iraq:?}");
    let baghdad = iraq.country.and_then(|c| c.capital()).expect("Iraq has a capital");
    assert_eq!((baghdad.name, baghdad.feature), ("Baghdad", Feature::Capital));
    find("Burma", Feature::Country, "MMR");
    find("Ivory Coast", Feature::Country, "CIV");
    find("Côte d’Ivoire", Feature::Country, "CIV");
    find("the Gambia", Feature::Country, "GMB");
    assert_eq!(gaz().country_by_code("SYR").map(|c| c.iso2), Some("SY"));
}

#[test]
fn unknown_names_find_nothing() {
    assert_eq!(all("").len(), 0);
    assert_eq!(all("Xqzzyville Upon Nowhere").len(), 0);
    assert!(gaz().get(0).is_none());
}

#[test]
fn country_points_are_representative_not_capitals() {
    let turkey = find("Turkey", Feature::Country, "TUR");
    assert!(km(&turkey, 39.0, 35.0) < 50.0, "{turkey:?}");
    let ankara = turkey.country.and_then(|c| c.capital()).expect("Turkey has a capital");
    assert_eq!((ankara.name, ankara.feature, ankara.country_iso3()), ("Ankara", Feature::Capital, Some("TUR")));
    for (iso3, lat, lon, within) in [("RUS", 60.0, 100.0, 100.0), ("CHN", 35.0, 105.0, 100.0), ("FRA", 46.0, 2.0, 100.0)] {
        let c = gaz().country_by_code(iso3).expect(iso3);
        let p = gaz().lookup(c.name).find(|p| p.feature == Feature::Country && p.country_iso3() == Some(iso3)).expect(iso3);
        assert!(km(&p, lat, lon) < within, "{p:?}");
    }
    assert_eq!(gaz().country_by_code("KOR").and_then(|c| c.capital()).map(|p| p.name), Some("Seoul"));
    // GeoNames' own country points (through pyowm), where countryinfo's were far off.
    for (iso3, lat, lon) in [("USA", 39.76, -98.5), ("CAN", 60.10867, -113.64258), ("AUS", -25.0, 135.0)] {
        let c = gaz().country_by_code(iso3).expect(iso3);
        let p = gaz().lookup(c.name).find(|p| p.feature == Feature::Country && p.country_iso3() == Some(iso3)).expect(iso3);
        assert!(km(&p, lat, lon) < 5.0, "{p:?}");
    }
}

#[test]
fn every_country_has_a_point() {
    for i in 0..gaz().country_count() {
        let c = gaz().country(i).unwrap();
        let p = gaz().lookup(c.name).find(|p| p.feature == Feature::Country && p.country == Some(c)).expect(c.iso3);
        assert!(p.lat != 0.0 || p.lon != 0.0, "{} sits at 0,0", c.iso3);
        if let Some(cap) = c.capital() {
            assert_eq!((cap.feature, cap.country), (Feature::Capital, Some(c)), "{}", c.iso3);
        }
    }
}

#[test]
fn admin1_points_are_representative_not_seats() {
    for (name, iso3, lat, lon, within) in [
        ("Texas", "USA", 31.25, -99.25, 100.0),
        ("California", "USA", 37.25, -119.75, 100.0),
        ("Bavaria", "DEU", 49.0, 11.5, 100.0),
        ("Queensland", "AUS", -20.0, 145.0, 25.0),
        // GeoNames' own ADM1 points, 250-300 km from the centre of their towns
        ("Ontario", "CAN", 49.25, -84.5, 25.0),
        ("Alberta", "CAN", 52.28, -117.47, 25.0),
    ] {
        let p = find(name, Feature::Admin1, iso3);
        assert!(km(&p, lat, lon) < within, "{name}: {p:?}");
    }
    // admin1_variants.toml's centre still wins: Anbar's, not the midpoint of its towns.
    let anbar = find("Anbar", Feature::Admin1, "IRQ");
    assert!(km(&anbar, 33.4, 42.0) < 150.0, "{anbar:?}");
}

#[test]
fn continents_and_water() {
    let europe = all("Europe");
    assert_eq!(europe[0].feature, Feature::Continent, "{europe:#?}");
    assert!(km(&europe[0], 48.69, 9.14) < 20.0);
    assert!(!europe[0].is_geonames_id() && europe[0].country.is_none());
    for name in ["Pacific Ocean", "the Pacific"] {
        let p = all(name).into_iter().next().unwrap_or_else(|| panic!("{name}"));
        assert_eq!((p.feature, p.name), (Feature::Water, "Pacific Ocean"), "{name}");
    }
    for name in ["Red Sea", "Black Sea", "Persian Gulf", "Mediterranean Sea", "Gulf of Mexico", "Lake Victoria"] {
        assert!(all(name).iter().any(|p| p.feature == Feature::Water), "{name}: {:#?}", all(name));
    }
    for name in ["Middle East", "Mideast", "the Balkans", "Southeast Asia", "South-East Asia", "Horn of Africa", "Darfur"] {
        assert!(all(name).iter().any(|p| p.feature == Feature::Region), "{name}: {:#?}", all(name));
    }
    let me = all("Middle East").into_iter().find(|p| p.feature == Feature::Region).unwrap();
    assert!(gaz().countries_of(&me).iter().any(|c| c.iso3 == "IRQ"));
    // Under one key: countries, continents, admin1 units, regions, water, then cities.
    let order = |f: Feature| match f {
        Feature::Country => 0,
        Feature::Continent => 1,
        Feature::Admin1 => 2,
        Feature::Region => 3,
        Feature::Water => 4,
        Feature::Capital => 5,
        Feature::AdminSeat => 6,
        Feature::Place => 7,
    };
    for name in ["Pacific", "Atlantic", "Caribbean", "Asia", "Georgia"] {
        let ranks: Vec<_> = all(name).iter().map(|p| order(p.feature)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{name}: {ranks:?}");
    }
}
