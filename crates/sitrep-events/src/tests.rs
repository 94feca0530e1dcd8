//! Each construction on a short sentence, through normalize → segment → recognize → code.

use super::*;
use chrono::NaiveDate;
use sitrep_core::Modality;
use sitrep_normalize::normalize;
use sitrep_recognize::Recognizer;
use sitrep_segment::Segmenter;
use sitrep_syntax::Syntax;

fn code(text: &str, published: Option<&str>) -> Vec<Event> {
    code_with(&Lexicon::builtin(), text, published)
}

fn code_with(lex: &Lexicon, text: &str, published: Option<&str>) -> Vec<Event> {
    code_all(lex, text, published).events
}

fn code_all(lex: &Lexicon, text: &str, published: Option<&str>) -> Coded {
    let norm = normalize(text);
    let seg = Segmenter::new(&lex.segment).segment(&norm.text, norm.caseless);
    let published = published.and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let syntax = Syntax::new(sitrep_syntax::Parser::builtin(), &norm.text, &seg);
    let doc = Doc::new(&norm.text, &seg, &syntax, norm.caseless, published);
    let rec = Recognizer::new(lex).read(&doc);
    let meta = ArticleMeta::default();
    EventCoder::new(lex).code(&EventInput { doc: &doc, rec: &rec, meta: &meta })
}

fn names(v: &[Entity]) -> Vec<String> {
    v.iter().map(|e| e.text.clone()).collect()
}

#[test]
fn active_killing_with_count_place_and_date() {
    let ev = code("Islamic State fighters killed 15 soldiers in Ramadi on Sunday.", Some("2015-05-18"));
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let e = &ev[0];
    assert_eq!(e.category, "ASSAULT");
    assert_eq!(e.modality, Modality::Asserted);
    assert_eq!(e.size.killed.as_ref().map(|k| k.count), Some(15));
    assert_eq!(e.actor[0].name, "Islamic State");
    assert!(e.recipient.iter().any(|r| r.sector.contains(&"MIL".to_string())), "{:?}", e.recipient);
    assert_eq!(e.location.as_ref().map(|p| p.name.as_str()), Some("Ramadi"));
    assert_eq!(e.date.as_ref().and_then(|d| d.value.as_deref()), Some("2015-05-17"));
    assert_eq!(e.acled.as_ref().map(|a| a.event_type.as_str()), Some("Battles"));
}

fn one<'a>(ev: &'a [Event], category: &str) -> &'a Event {
    let v: Vec<&Event> = ev.iter().filter(|e| e.category == category).collect();
    assert_eq!(
        v.len(),
        1,
        "expected one {category} event in {:#?}",
        ev.iter().map(|e| (&e.category, &e.trigger.text, e.modality)).collect::<Vec<_>>()
    );
    v[0]
}

fn acled(e: &Event) -> String {
    e.acled.as_ref().map(|a| format!("{}/{}", a.event_type, a.sub_event_type)).unwrap_or_default()
}

#[test]
fn passive_with_agent() {
    let ev = code("Five soldiers were killed by Boko Haram fighters in Maiduguri.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(e.rule, "assault.kill:passive");
    assert_eq!(e.actor[0].name, "Boko Haram");
    assert_eq!(e.size.killed.as_ref().map(|k| k.count), Some(5));
    assert!(names(&e.recipient).iter().any(|r| r.contains("soldiers")), "{:?}", e.recipient);
}

#[test]
fn control_verb_makes_the_one_asked_the_actor() {
    let ev = code("The United Nations urged al-Shabaab to release the hostages.", None);
    let req = one(&ev, "REQUEST");
    assert_eq!(req.modality, Modality::Asserted);
    assert_eq!(req.actor[0].name, "United Nations");
    assert_eq!(req.recipient[0].name, "al-Shabaab");
    let rel = one(&ev, "RETREAT");
    assert_eq!(rel.modality, Modality::Requested);
    assert_eq!(rel.actor[0].name, "al-Shabaab");
    assert_eq!(rel.rule, "retreat.release:control");
}

#[test]
fn participle_joins_the_main_act_and_inherits_its_subject() {
    let ev = code("Al-Shabaab fighters attacked a base in Mogadishu on Friday, killing 12 soldiers.", Some("2019-03-02"));
    let e = one(&ev, "ASSAULT");
    assert_eq!(e.actor[0].name, "al-Shabaab");
    assert_eq!(e.size.killed.as_ref().map(|k| k.count), Some(12));
    assert_eq!(acled(e), "Battles/Armed clash");
    assert_eq!(e.date.as_ref().and_then(|d| d.value.as_deref()), Some("2019-03-01"));
}

#[test]
fn national_adjective_on_air_strikes_is_the_military() {
    let ev = code("Russian air strikes on a market in Idlib killed at least 30 people on Friday.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(e.actor[0].country.as_deref(), Some("RUS"));
    assert_eq!(e.actor[0].sector, vec!["MIL".to_string()]);
    assert_eq!(acled(e), "Explosions/Remote violence/Air/drone strike");
    let k = e.size.killed.as_ref().unwrap();
    assert_eq!((k.count, k.qualifier), (30, sitrep_core::Qualifier::AtLeast));
}

#[test]
fn modality_from_cues() {
    assert_eq!(one(&code("The army denied carrying out the attack.", None), "ASSAULT").modality, Modality::Negated);
    assert_eq!(one(&code("The army's offensive is expected to begin next week.", None), "ASSAULT").modality, Modality::Predicted);
    assert_eq!(
        one(&code("If the talks fail, fighting between the army and the rebels would resume.", None), "ASSAULT").modality,
        Modality::Hypothetical
    );
    assert_eq!(one(&code("The government will deploy troops to the border.", None), "MOBILIZE").modality, Modality::Planned);
    assert_eq!(one(&code("Rebels attacked the town of Kidal.", None), "ASSAULT").modality, Modality::Asserted);
}

#[test]
fn denied_casualties_are_no_event_but_the_blast_is() {
    let ev = code("A bomb exploded near the market. No one was hurt.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(e.modality, Modality::Asserted);
    assert!(e.size.injured.is_none());
    assert_eq!(e.sentence.index, 0);
}

#[test]
fn counts_never_come_from_ages_years_distances_or_resolutions() {
    let ev = code("A 15-year-old boy was among four people killed in 2014, 1,000 km from the border.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(e.size.killed.as_ref().map(|k| k.count), Some(4));
    let ev = code("Five rockets landed near the base, the army said.", None);
    assert!(ev.iter().all(|e| e.size.killed.is_none() && e.size.injured.is_none()), "{ev:#?}");
}

#[test]
fn dateline_and_speaker_places_are_never_event_locations() {
    let ev = code("BAGHDAD (Reuters) - Gunmen killed three policemen in Mosul on Monday.", None);
    assert_eq!(one(&ev, "ASSAULT").location.as_ref().map(|p| p.name.as_str()), Some("Mosul"));
    let ev = code("John Kerry, speaking during a visit to Seoul, said ISIL fighters attacked a checkpoint in Ramadi.", None);
    assert!(ev.iter().all(|e| e.category != "CONSULT"), "the visit is where he spoke: {ev:#?}");
    assert_eq!(one(&ev, "ASSAULT").location.as_ref().map(|p| p.name.as_str()), Some("Ramadi"));
}

#[test]
fn reporting_dates_are_not_event_dates_and_missing_dates_are_flagged() {
    let ev = code("Police said on Monday that gunmen had killed two people on Saturday.", Some("2015-05-18"));
    assert_eq!(one(&ev, "ASSAULT").date.as_ref().and_then(|d| d.value.as_deref()), Some("2015-05-16"));
    let ev = code("Gunmen killed two people in Kano.", Some("2015-05-18"));
    let e = one(&ev, "ASSAULT");
    let d = e.date.as_ref().unwrap();
    assert_eq!((d.value.as_deref(), d.precision, d.span), (Some("2015-05-18"), Some(sitrep_core::Precision::Week), None));
    assert_eq!(e.inferred, vec!["date".to_string()]);
    // Without a publication date nothing is guessed.
    assert!(one(&code("Gunmen killed two people in Kano.", None), "ASSAULT").date.is_none());
}

#[test]
fn events_dated_well_before_publication_are_historical() {
    let ev = code("In 2014, Taliban gunmen killed more than 140 people at a school in Peshawar.", Some("2023-01-31"));
    let e = one(&ev, "ASSAULT");
    assert!(e.historical);
    let k = e.size.killed.as_ref().unwrap();
    assert_eq!((k.count, k.qualifier), (140, sitrep_core::Qualifier::MoreThan));
    let ev = code("Taliban gunmen killed 14 people in Peshawar on Sunday.", Some("2023-01-31"));
    assert!(!one(&ev, "ASSAULT").historical);
}

#[test]
fn refusing_a_cooperative_act_is_a_rejection() {
    let ev = code("Ruto said he would not sign the finance bill.", None);
    let e = one(&ev, "REJECT");
    assert_eq!(e.modality, Modality::Asserted);
    assert!(ev.iter().all(|e| e.category != "AGREE"));
}

#[test]
fn protests_riots_and_interventions() {
    let e = one(&code("Thousands of people marched peacefully in Tbilisi on Sunday.", None), "PROTEST").clone();
    assert_eq!(acled(&e), "Protests/Peaceful protest");
    let ev = code("Angry protesters hurled stones at officers and set fire to two cars outside the town hall.", None);
    assert!(ev.iter().any(|e| e.category == "PROTEST" && acled(e) == "Riots/Violent demonstration"), "{ev:#?}");
    let ev = code("Police in Nairobi fired tear gas to scatter protesters.", None);
    assert!(ev.iter().any(|e| acled(e) == "Protests/Protest with intervention"), "{ev:#?}");
}

#[test]
fn arrests_and_displacement() {
    let e = one(&code("Police arrested 20 people in Lagos on Tuesday.", None), "COERCE").clone();
    assert_eq!(acled(&e), "Strategic developments/Arrests");
    assert_eq!(e.size.arrested.as_ref().map(|k| k.count), Some(20));
    let e = one(&code("More than 8,000 people have been forced to leave their homes in Ramadi.", None), "COERCE").clone();
    let d = e.size.displaced.as_ref().unwrap();
    assert_eq!((d.count, d.qualifier), (8000, sitrep_core::Qualifier::MoreThan));
    assert_eq!(e.location.as_ref().map(|p| p.name.as_str()), Some("Ramadi"));
}

#[test]
fn disasters_are_not_attacks() {
    assert!(code("Heavy monsoon floods have killed more than 300 people across the region this summer.", None).is_empty());
}

#[test]
fn taking_ground_depends_on_who_takes_it() {
    let e = one(&code("ISIL fighters overran Ramadi on Sunday.", None), "ASSAULT").clone();
    assert_eq!(acled(&e), "Battles/Non-state actor overtakes territory");
    let e = one(&code("Iraqi forces recaptured Tikrit in March.", None), "ASSAULT").clone();
    assert_eq!(acled(&e), "Battles/Government regains territory");
}

#[test]
fn suicide_bombing_mode_and_acled() {
    let e = one(&code("A suicide bomber killed 12 people in Kabul.", None), "ASSAULT").clone();
    assert!(e.mode.contains(&"suicide-attack".to_string()));
    assert_eq!(acled(&e), "Explosions/Remote violence/Suicide bomb");
    assert_eq!(e.size.killed.as_ref().map(|k| k.count), Some(12));
}

#[test]
fn reported_speech_credits_the_speaker() {
    let ev = code("Gunmen killed three villagers in Zamfara, local officials said.", None);
    let e = one(&ev, "ASSAULT");
    assert!(!e.reported_by.is_empty(), "{e:#?}");
    assert!(e.actor.iter().all(|a| !a.text.contains("officials")));
}

#[test]
fn triggers_are_data() {
    let mut lex = Lexicon::builtin();
    lex.events.trigger.push(Trigger {
        id: "test.zap".into(),
        category: "COERCE".into(),
        phrases: vec!["zapped".into()],
        ..Default::default()
    });
    let text = "Police zapped the crowd.";
    let norm = normalize(text);
    let seg = Segmenter::new(&lex.segment).segment(&norm.text, norm.caseless);
    let syntax = Syntax::new(sitrep_syntax::Parser::builtin(), &norm.text, &seg);
    let doc = Doc::new(&norm.text, &seg, &syntax, false, None);
    let rec = Recognizer::new(&lex).read(&doc);
    let meta = ArticleMeta::default();
    let ev = EventCoder::new(&lex).code(&EventInput { doc: &doc, rec: &rec, meta: &meta }).events;
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].rule, "test.zap:active");
    assert!(code(text, None).is_empty(), "the built-in data has no such trigger");
}

#[test]
fn modes_read_from_the_clause() {
    let ev = code("North Korea threatened military action against the United States.", None);
    assert!(one(&ev, "THREATEN").mode.contains(&"violence".to_string()), "{ev:#?}");
    let ev = code("The European Union threatened sanctions against Belarus.", None);
    assert!(one(&ev, "THREATEN").mode.contains(&"restrict".to_string()), "{ev:#?}");
    let ev = code("The government deployed riot police in Nairobi.", None);
    assert_eq!(one(&ev, "MOBILIZE").mode, vec!["police".to_string()]);
    let ev = code("The United Nations called for talks between the parties.", None);
    assert!(one(&ev, "REQUEST").mode.contains(&"meet".to_string()), "{ev:#?}");
    let ev = code("Soldiers beat the detainees in Kandahar.", None);
    assert_eq!(one(&ev, "ASSAULT").mode, vec!["beat".to_string()]);
}

#[test]
fn a_country_named_as_the_object_is_the_recipient_state() {
    let ev = code("Ukraine accused Russia of shelling the plant.", None);
    let e = one(&ev, "ACCUSE");
    assert_eq!(e.recipient.len(), 1, "{e:#?}");
    assert_eq!((e.recipient[0].country.as_deref(), e.recipient[0].kind), (Some("RUS"), EntityKind::State));
}

#[test]
fn sport_and_business_words_are_not_violence() {
    for text in [
        "Arsenal beat Chelsea 2-1 on Saturday.",
        "His shot went wide in the second half.",
        "The new tax hit profits at the bank.",
        "The two leaders held talks in Paris.",
        "He scored from a free kick.",
    ] {
        let ev = code(text, None);
        assert!(ev.iter().all(|e| e.category != "ASSAULT" && e.category != "COERCE" && e.category != "RETREAT"), "{text}: {ev:#?}");
    }
    // The same words do report violence when the text says so.
    assert_eq!(one(&code("Police beat the protesters with batons.", None), "ASSAULT").mode, vec!["beat".to_string()]);
    assert!(code("A sniper shot two civilians in Aleppo.", None).iter().any(|e| e.category == "ASSAULT"));
    assert!(code("Two aid workers have been held since militiamen arrested them in April.", None)
        .iter()
        .any(|e| e.rule.starts_with("coerce.held")));
}

#[test]
fn inflections_and_gaps_come_from_one_mechanism() {
    // "bombings" and "broke through" are nowhere listed as such: the lemmas "bomb" and
    // "break through" inflect.
    assert!(code("Two car bombings shook the garrison town, police said.", None).iter().any(|e| e.category == "ASSAULT"));
    assert!(code("Rebel units broke through the army lines near the river.", None).iter().any(|e| e.category == "ASSAULT"));
    // A gapped lemma: "drive * out of" takes up to four words between.
    let ev = code("Government troops drove the last militant units out of the village.", None);
    assert!(ev.iter().any(|e| e.category == "ASSAULT" && e.trigger.text == "drove"), "{ev:#?}");
    // The words after the gap are required.
    let ev = code("Government troops drove the supply trucks to the village.", None);
    assert!(ev.iter().all(|e| e.category != "ASSAULT"), "{ev:#?}");
}

#[test]
fn objects_decide_the_sense_of_a_trigger() {
    for text in [
        "The rebels released a statement on Monday.",
        "Opposition leaders attacked the budget in parliament.",
        "Unemployment fell to 4.3% in the capital.",
        "The minister has battled cancer for years.",
    ] {
        let ev = code(text, None);
        assert!(ev.iter().all(|e| e.category != "ASSAULT" && e.category != "RETREAT"), "{text}: {ev:#?}");
    }
    assert!(code("The rebels released six hostages on Monday.", None).iter().any(|e| e.category == "RETREAT"));
}

#[test]
fn the_topic_of_an_article_gates_ambiguous_violence() {
    // A match report: attack, battle, shot and injured in their sporting senses.
    let sport = "The striker led the attack in a tense league match on Saturday. \
                 The battle for the title goes on, the coach said after the victory. \
                 Two players were injured and a late shot hit the post.";
    assert!(code(sport, None).is_empty(), "{:#?}", code(sport, None));
    // The same words in a conflict report are events.
    let war = "Militants launched an attack on an army checkpoint on Saturday. \
               The battle lasted two hours, a military spokesman said. \
               Two soldiers were injured.";
    assert!(code(war, None).iter().filter(|e| e.category == "ASSAULT").count() >= 2, "{:#?}", code(war, None));
    // Real violence in ordinary news still counts when its sentence says so.
    let fans = "Fans of both clubs celebrated after the match. Police arrested 14 fans after the final whistle.";
    assert!(code(fans, None).iter().any(|e| e.category == "COERCE"));
}

#[test]
fn titles_and_names_are_not_acts() {
    for text in ["He flew bombers in World War II before he became a singer.", "The band played Stop The Killing at the festival."] {
        let ev = code(text, None);
        assert!(ev.iter().all(|e| e.category != "ASSAULT"), "{text}: {ev:#?}");
    }
}

#[test]
fn acts_named_again_are_references() {
    // "the attack" after its report: no second event, unless a denial or a complement says which.
    let ev = code("Gunmen attacked a police post in the north on Monday. The governor condemned the attack.", None);
    assert_eq!(ev.iter().filter(|e| e.category == "ASSAULT").count(), 1, "{ev:#?}");
    let ev = code("The army denied carrying out the raid.", None);
    assert_eq!(one(&ev, "ASSAULT").modality, Modality::Negated);
    let ev = code("The governor described the attack on the police post as cowardly.", None);
    assert!(ev.iter().any(|e| e.category == "ASSAULT"), "a complement names the act: {ev:#?}");
}

#[test]
fn what_an_agreement_settles_is_planned_and_what_a_rejection_answers_is_its_object() {
    let ev = code("The two parties reached an accord on Friday on a truce along the border.", None);
    assert!(ev.iter().any(|e| e.category == "RETREAT" && e.modality == Modality::Planned), "{ev:#?}");
    let ev = code("The interior ministry rejected the strikers' demands on Tuesday.", None);
    assert!(ev.iter().any(|e| e.category == "REJECT"), "{ev:#?}");
    assert!(ev.iter().all(|e| e.category != "REQUEST"), "{ev:#?}");
}

#[test]
fn crowds_turning_on_someone_are_mob_violence() {
    let ev = code("A crowd of villagers beat a suspected thief to death in the market.", None);
    let e = ev.iter().find(|e| e.category == "PROTEST").unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(acled(e), "Riots/Mob violence");
}

#[test]
fn what_a_film_depicts_is_not_news() {
    let film = "The new film stars two young actors and opens in cinemas this week. \
                The drama depicts a bomb attack on a busy station and the hunt for the soldiers behind it. \
                Critics praised its director and the music.";
    let ev = code(film, None);
    assert!(ev.iter().all(|e| e.category != "ASSAULT"), "{ev:#?}");
}

#[test]
fn implicative_verbs_report_done_acts() {
    let ev = code("Army units managed to break through the rebel lines near the dam.", None);
    assert!(ev.iter().any(|e| e.category == "ASSAULT" && e.modality == Modality::Asserted), "{ev:#?}");
    let ev = code("Army units plan to break through the rebel lines near the dam.", None);
    assert!(ev.iter().all(|e| e.modality != Modality::Asserted), "{ev:#?}");
    let ev = code("Rebel fighters seized the provincial capital on Sunday.", None);
    assert!(ev.iter().any(|e| e.category == "ASSAULT"), "taking a capital is taking ground: {ev:#?}");
}

#[test]
fn convert_rules_come_from_events_toml() {
    // An assault trigger a crowd turns into a riot ("hurled stones" is a riot trigger of its own).
    let riot = "Angry protesters attacked officers and set fire to two cars outside the town hall.";
    let mob = "A crowd of villagers beat a suspected thief to death in the market.";
    assert!(code(riot, None).iter().any(|e| e.category == "PROTEST" && e.mode == ["riot"]));
    let mut lex = Lexicon::builtin();
    for r in &mut lex.events.convert {
        r.to = "COERCE".into();
        r.mode = vec!["crowd".into()];
        r.mob = false;
    }
    let ev = code_with(&lex, riot, None);
    assert!(ev.iter().all(|e| e.category != "PROTEST") && ev.iter().any(|e| e.category == "COERCE" && e.mode == ["crowd"]), "{ev:#?}");
    let ev = code_with(&lex, mob, None);
    assert!(ev.iter().all(|e| acled(e) != "Riots/Mob violence"), "{ev:#?}");
}

#[test]
fn refusal_category_comes_from_events_toml() {
    let text = "Ruto said he would not sign the finance bill.";
    let mut lex = Lexicon::builtin();
    lex.events.cues.refusal_category = "DISAPPROVE".into();
    let ev = code_with(&lex, text, None);
    assert!(ev.iter().any(|e| e.category == "DISAPPROVE") && ev.iter().all(|e| e.category != "REJECT"), "{ev:#?}");
}

#[test]
fn confidences_come_from_events_toml() {
    let text = "Islamic State fighters killed 15 soldiers in Ramadi on Sunday.";
    let builtin = one(&code(text, None), "ASSAULT").confidence;
    let mut lex = Lexicon::builtin();
    lex.events.confidence.max = 0.33;
    assert!(builtin > 0.33);
    assert_eq!(one(&code_with(&lex, text, None), "ASSAULT").confidence, 0.33);
    let mut lex = Lexicon::builtin();
    lex.events.confidence.actor += 0.02;
    assert_eq!(one(&code_with(&lex, text, None), "ASSAULT").confidence, ((builtin + 0.02) * 100.0_f64).round() / 100.0);
}

#[test]
fn natural_causes_national_forces_and_clause_openers_come_from_events_toml() {
    let mut lex = Lexicon::builtin();
    lex.events.cues.natural_cause_categories.clear();
    lex.events.cues.sectors.national_forces = vec!["AIR".into()];
    let floods = "Heavy monsoon floods have killed more than 300 people across the region this summer.";
    assert!(code_with(&lex, floods, None).iter().any(|e| e.category == "ASSAULT"));
    let strikes = "Russian air strikes on a market in Idlib killed at least 30 people on Friday.";
    assert_eq!(one(&code_with(&lex, strikes, None), "ASSAULT").actor[0].sector, vec!["AIR".to_string()]);
    let colon = "Latest: Clashes erupted in Tripoli on Sunday.";
    assert!(code(colon, None).iter().any(|e| e.trigger.text == "Clashes"), "{:#?}", code(colon, None));
    lex.events.cues.clause_openers.clear();
    assert!(code_with(&lex, colon, None).iter().all(|e| e.trigger.text != "Clashes"));
}

// Roles read from the parse: each construction on a sentence of the team's own.

/// The ASSAULT event whose trigger is `trigger`.
fn assault_with<'a>(ev: &'a [Event], trigger: &str) -> &'a Event {
    ev.iter().find(|e| e.category == "ASSAULT" && e.trigger.text == trigger).unwrap_or_else(|| {
        panic!("no ASSAULT at {trigger:?} in {:#?}", ev.iter().map(|e| (&e.category, &e.trigger.text, &e.rule)).collect::<Vec<_>>())
    })
}

fn texts(v: &[Entity]) -> String {
    v.iter().map(|e| e.text.as_str()).collect::<Vec<_>>().join(" | ")
}

#[test]
fn passive_subject_is_acted_upon_and_the_by_agent_acts() {
    let ev = code("Three farmers were shot dead by militiamen outside Kotoba on Tuesday.", None);
    let e = one(&ev, "ASSAULT");
    assert!(e.rule.ends_with(":passive"), "{}", e.rule);
    assert!(texts(&e.actor).contains("militiamen"), "{:?}", e.actor);
    assert!(texts(&e.recipient).contains("farmers"), "{:?}", e.recipient);
    assert!(!texts(&e.recipient).contains("militiamen"));
}

#[test]
fn a_possessor_acts_and_the_of_phrase_is_acted_upon() {
    // "wounded" has the act as its subject: the act's possessor is who wounded them.
    let ev = code("The army's shelling of the Oruba market wounded nine traders.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(texts(&e.actor), "army", "{:?}", e.actor);
    assert!(texts(&e.recipient).contains("market"), "{:?}", e.recipient);
    assert!(texts(&e.recipient).contains("traders"), "{:?}", e.recipient);
}

#[test]
fn an_attack_on_x_by_y() {
    let ev = code("Witnesses described an attack on the market by rebel fighters.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(texts(&e.actor), "rebel fighters", "{:?}", e.actor);
    assert_eq!(texts(&e.recipient), "market", "{:?}", e.recipient);
    // A weapon is no party; what it is thrown at is ("the market in Kotoba": a place is where
    // the market stands, it does not make the market a place).
    let ev = code("Gunmen threw a grenade at the crowded market in Kotoba.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(texts(&e.recipient), "crowded market", "{:?}", e.recipient);
}

#[test]
fn a_relative_clause_gives_its_noun_the_role_of_the_relative_pronoun() {
    let ev = code("Police arrested two gunmen who stormed the Palm Court hotel in Doruna.", None);
    let e = assault_with(&ev, "stormed");
    assert!(e.rule.contains("relative"), "{}", e.rule);
    assert!(texts(&e.actor).contains("gunmen"), "{:?}", e.actor);
}

#[test]
fn a_participle_without_a_subject_takes_the_subject_of_its_verb() {
    let ev = code("Insurgents ambushed a convoy near Belwa on Monday, killing 15 soldiers.", None);
    let e = one(&ev, "ASSAULT");
    assert!(e.rule.contains("kill:participle"), "{}", e.rule);
    assert!(texts(&e.actor).contains("Insurgents"), "{:?}", e.actor);
    assert!(texts(&e.recipient).contains("soldiers"), "{:?}", e.recipient);
}

#[test]
fn the_one_ordered_to_act_acts() {
    let ev = code("The governor ordered troops to open fire on the protesters.", None);
    let e = assault_with(&ev, "open fire");
    assert!(texts(&e.actor).contains("troops"), "{:?}", e.actor);
    assert!(!texts(&e.actor).contains("governor"), "{:?}", e.actor);
    assert!(texts(&e.recipient).contains("protesters"), "{:?}", e.recipient);
}

#[test]
fn coordinated_objects_are_all_acted_upon() {
    let ev = code("Gunmen abducted a priest and two nuns from a mission in Talaba.", None);
    let e = assault_with(&ev, "abducted");
    assert!(texts(&e.recipient).contains("priest"), "{:?}", e.recipient);
    assert!(texts(&e.recipient).contains("nuns"), "{:?}", e.recipient);
}

#[test]
fn lower_case_text_is_parsed_too() {
    let ev = code("guerrillas killed a peasant near the river yesterday.", None);
    let e = one(&ev, "ASSAULT");
    assert!(texts(&e.actor).contains("guerrillas"), "{:?}", e.actor);
    let r = e.recipient.iter().find(|r| r.text.contains("peasant")).unwrap_or_else(|| panic!("{:?}", e.recipient));
    assert_eq!(r.kind, EntityKind::Group);
}

#[test]
fn a_generic_party_is_listed_with_its_country() {
    let coded = code_all(&Lexicon::builtin(), "Gunmen kidnapped two Colombian engineers near the border.", None);
    let e = one(&coded.events, "ASSAULT");
    let r = e.recipient.iter().find(|r| r.text == "two Colombian engineers").unwrap_or_else(|| panic!("{:?}", e.recipient));
    assert_eq!(r.kind, EntityKind::Group);
    assert_eq!(r.country.as_deref(), Some("COL"));
    assert!(r.sector.contains(&"CVL".to_string()), "{:?}", r.sector);
    // Listed among the article's entities, once.
    assert_eq!(coded.parties.iter().filter(|p| p.span == r.span).count(), 1, "{:?}", coded.parties);
    // A building is a party of unknown kind.
    let ev = code("Rebels bombed two buses near the market in Kotoba.", None);
    let e = one(&ev, "ASSAULT");
    assert!(e.recipient.iter().any(|r| r.text == "two buses" && r.kind == EntityKind::Unknown), "{:?}", e.recipient);
}

#[test]
fn a_person_pronoun_in_a_role_is_the_person_before_it() {
    // In the sentence: the nearest singular person noun that is not the pronoun's own subject.
    let ev = code("A mob beat the man to death, accusing him of stealing a motorcycle.", None);
    let acc = one(&ev, "ACCUSE");
    assert_eq!(acc.recipient.iter().map(|r| (r.text.as_str(), r.name.as_str())).collect::<Vec<_>>(), vec![("him", "man")]);
    // Across sentences: the person named last.
    let ev = code("Police arrested opposition leader Ahmed Salim on Monday. A court later charged him with treason.", None);
    let charged = ev.iter().find(|e| e.trigger.text == "charged").expect("a charge");
    assert_eq!(charged.recipient.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["Ahmed Salim"]);
    // "They" is no person pronoun: it keeps its own resolution (a group).
    let ev = code("A mob beat the man to death. Police said they would arrest them.", None);
    let arrest = ev.iter().find(|e| e.trigger.text == "arrest").expect("an arrest");
    assert!(arrest.recipient.iter().all(|r| r.name != "man") && !arrest.recipient.is_empty(), "{arrest:#?}");
}

#[test]
fn a_person_named_with_an_affiliation_is_the_party_alone() {
    let ev = code("A court in Minsk jailed opposition blogger Pavel Kasyanchyk for four years.", None);
    let e = &ev[0];
    assert_eq!(names(&e.recipient), vec!["Pavel Kasyanchyk"], "{:?}", e.recipient);
    assert!(e.recipient[0].sector.contains(&"OPP".to_string()), "the role gives the sector: {:?}", e.recipient[0]);
    // A group named in a compound before a generic party still is one ("Iraqi special forces soldiers").
    let ev = code("Islamic State fighters killed three Iraqi special forces soldiers.", None);
    assert!(ev[0].recipient.len() >= 2, "{:?}", names(&ev[0].recipient));
}

#[test]
fn the_possessor_of_a_murder_suffered_it_and_of_a_shelling_did_it() {
    let ev = code("The army's shelling of the town killed five.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(names(&e.actor), vec!["army"]);
    // With an "of" phrase the possessor acts again.
    let ev = code("The army's killing of civilians angered residents.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!((names(&e.actor), names(&e.recipient)), (vec!["army".to_string()], vec!["civilians".to_string()]));
    // An act its possessor suffers, no one named doing it: the possessor is the recipient, and
    // no order of mentions makes it the actor too.
    let ev = code("The journalist's kidnapping shocked Cali last week.", None);
    let e = one(&ev, "ASSAULT");
    assert!(e.actor.is_empty(), "{:?}", e.actor);
    assert_eq!(e.recipient.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), vec!["journalist"]);
}

#[test]
fn lower_case_wire_verbs_of_shooting_and_bombing() {
    for (text, recipient) in [
        ("two peasants were shot to death by armed men.", "two peasants"),
        ("guerrillas machinegunned the bus on the highway.", "bus"),
        ("the mayor's car was riddled with bullets by gunmen.", "car"),
        ("terrorists dynamited two power pylons near the town.", "two power pylons"),
    ] {
        let ev = code(text, None);
        let e = one(&ev, "ASSAULT");
        assert_eq!(names(&e.recipient), vec![recipient], "{text}");
        assert!(!e.actor.is_empty(), "{text}");
    }
}

#[test]
fn placing_a_bomb_is_an_attack() {
    let ev = code("Rebels placed dynamite sticks in the bank.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(names(&e.actor), vec!["Rebels"]);
    assert!(e.mode.contains(&"explosives".to_string()), "{:?}", e.mode);
}

#[test]
fn a_country_as_a_party_is_its_state_or_on_a_military_act_its_forces() {
    let ev = code("The Netherlands froze 30 million euros in development funding to Nicaragua.", None);
    let e = ev.iter().find(|e| e.trigger.text.starts_with("froze")).expect("a freeze");
    let nl = e.actor.iter().find(|a| a.country.as_deref() == Some("NLD")).expect("the Netherlands acts");
    assert_eq!(nl.sector, vec!["GOV"], "{nl:?}");
    let ev = code("Azerbaijani troops shelled Armenia on Tuesday.", None);
    let e = one(&ev, "ASSAULT");
    let am = e.recipient.iter().find(|a| a.country.as_deref() == Some("ARM")).expect("Armenia is shelled");
    assert_eq!(am.sector, vec!["MIL"], "a military act: {am:?}");
}

#[test]
fn counted_people_are_their_mention_or_a_party_of_the_main_country() {
    // The count's noun is recognized ("people" → civilians of the country the story names).
    let coded = code_all(&Lexicon::builtin(), "A bomb went off at a market in Kenya on Monday, killing seven people.", None);
    let e = one(&coded.events, "ASSAULT");
    let r = e.recipient.iter().find(|r| r.text == "people").unwrap_or_else(|| panic!("{:?}", e.recipient));
    assert_eq!(r.country.as_deref(), Some("KEN"), "{r:?}");
    assert!(r.sector.contains(&"CVL".to_string()), "{:?}", r.sector);
    // A person noun the recognizer does not list: its party entry's sectors and the main
    // country, listed among the entities.
    let coded = code_all(&Lexicon::builtin(), "Shelling of a town in Ukraine on Monday killed two pensioners.", None);
    let e = one(&coded.events, "ASSAULT");
    let r = e.recipient.iter().find(|r| r.text.contains("pensioners")).unwrap_or_else(|| panic!("{:?}", e.recipient));
    assert_eq!((r.country.as_deref(), r.kind), (Some("UKR"), EntityKind::Group), "{r:?}");
    assert!(r.sector.contains(&"CVL".to_string()), "{:?}", r.sector);
    assert!(coded.parties.iter().any(|p| p.span == r.span), "{:?}", coded.parties);
}

#[test]
fn a_place_noun_is_no_party() {
    let ev = code("Soldiers struck a landmine on the road near Gao on Monday.", None);
    let e = one(&ev, "ASSAULT");
    assert!(!e.recipient.iter().any(|r| r.text.contains("road")), "{:?}", e.recipient);
}

#[test]
fn an_agentless_arrest_is_the_polices_flagged_as_inferred() {
    let ev = code("At least 37 people were arrested in Lilongwe, Malawi, on Sunday.", None);
    let e = one(&ev, "COERCE");
    assert_eq!(e.actor.iter().map(|a| (a.name.as_str(), a.country.as_deref())).collect::<Vec<_>>(), vec![("Malawian police", Some("MWI"))]);
    assert_eq!(e.actor[0].span, e.trigger.span, "the implied agent points at the words that imply it");
    assert!(e.inferred.contains(&"actor".to_string()), "{:?}", e.inferred);
    // A named agent is the actor, and nothing is inferred.
    let ev = code("At least 37 people were arrested by soldiers in Lilongwe, Malawi, on Sunday.", None);
    let e = one(&ev, "COERCE");
    assert!(!e.inferred.contains(&"actor".to_string()) && !e.actor.iter().any(|a| a.name.contains("police")), "{:?}", e.actor);
}

#[test]
fn fighters_of_a_named_group_are_that_group() {
    let ev = code("Fighters of the Rapid Support Forces raped at least 15 women in El Geneina last month.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(names(&e.actor), vec!["Rapid Support Forces".to_string()], "{:?}", e.actor);
    // Another generic noun in the "of" phrase leaves the generic party.
    let ev = code("Members of the public attacked the police station in Kano.", None);
    let e = one(&ev, "ASSAULT");
    assert!(!e.actor.is_empty() && e.actor.iter().all(|a| a.text != "public"), "{:?}", e.actor);
}

#[test]
fn a_state_acting_militarily_acts_through_its_forces() {
    let ev = code("Eritrea has massed about 4,000 troops along its border with Djibouti.", None);
    let e = one(&ev, "MOBILIZE");
    let a = e.actor.iter().find(|a| a.name == "Eritrea").unwrap_or_else(|| panic!("{:?}", e.actor));
    assert_eq!(a.sector, vec!["MIL".to_string()]);
    // Not on a political act.
    let ev = code("Eritrea has accused Djibouti of lying.", None);
    let e = one(&ev, "ACCUSE");
    assert!(e.actor.iter().any(|a| a.name == "Eritrea" && a.sector == vec!["GOV".to_string()]), "{:?}", e.actor);
}

#[test]
fn a_capital_as_the_party_of_a_political_act_is_its_state() {
    let ev = code("Mali's rulers expelled the German ambassador, accusing Berlin of meddling in its affairs.", None);
    let e = one(&ev, "ACCUSE");
    let r = e.recipient.iter().find(|r| r.text == "Berlin").unwrap_or_else(|| panic!("{:?}", e.recipient));
    assert_eq!((r.name.as_str(), r.country.as_deref()), ("Germany", Some("DEU")));
    // A capital where a military act happens stays a place.
    let ev = code("Rebels attacked Bamako on Sunday.", None);
    let e = one(&ev, "ASSAULT");
    assert!(e.recipient.iter().all(|r| r.text != "Bamako"), "{:?}", e.recipient);
}

#[test]
fn donors_are_parties() {
    let ev = code("The minister urged foreign donors to keep paying for clinics.", None);
    let e = one(&ev, "REQUEST");
    assert!(e.recipient.iter().any(|r| r.text.contains("donors")), "{:?}", e.recipient);
}

#[test]
fn the_subject_of_a_verb_whose_prepositional_object_is_an_act_does_it() {
    let ev = code("About 150 migrants held at a detention centre went on hunger strike on Sunday.", None);
    let e = ev.iter().find(|e| e.trigger.text.contains("hunger strike")).unwrap_or_else(|| panic!("{ev:?}"));
    assert!(e.actor.iter().any(|a| a.text.contains("migrants")), "{:?}", e.actor);
    // Any other verb's prepositional object keeps no such actor ("killed in an air strike").
    let ev = code("Two soldiers were killed in an air strike near Idlib.", None);
    assert!(ev.iter().all(|e| e.actor.iter().all(|a| !a.text.contains("soldiers"))), "{ev:?}");
}

#[test]
fn a_mention_modifying_a_person_noun_names_whose_the_party_is() {
    let ev = code("A Norwegian government delegation arrived in Kyiv for talks with Ukrainian officials.", None);
    let e = ev.iter().find(|e| e.trigger.text.contains("arrived")).unwrap_or_else(|| panic!("{ev:?}"));
    let a = e.actor.first().unwrap_or_else(|| panic!("{:?}", e.actor));
    assert_eq!((a.text.as_str(), a.country.as_deref()), ("Norwegian government delegation", Some("NOR")), "{a:?}");
    assert!(a.sector.contains(&"GOV".to_string()), "{a:?}");
    // A noun that names no person or group keeps the mention alone.
    let ev = code("Taliban attacks killed five people in Kunduz.", None);
    let e = one(&ev, "ASSAULT");
    assert!(e.actor.iter().any(|a| a.text == "Taliban"), "{:?}", e.actor);
}

#[test]
fn an_agentless_arrest_reported_by_a_state_body_is_that_bodys() {
    let ev = code("The interior ministry said 240 people had been detained in Almaty overnight.", None);
    let e = one(&ev, "COERCE");
    assert!(e.actor.iter().any(|a| a.text == "interior ministry"), "{:?}", e.actor);
    assert!(e.inferred.contains(&"actor".to_string()), "{:?}", e.inferred);
}

#[test]
fn a_crowd_or_group_of_people_is_those_people() {
    let ev = code("Gunmen tossed a grenade at a group of rangers in Yala.", None);
    let e = one(&ev, "ASSAULT");
    assert_eq!(
        e.recipient.iter().map(|r| (r.text.as_str(), r.sector.clone())).collect::<Vec<_>>(),
        vec![("rangers", vec!["MIL".to_string()])]
    );
}

#[test]
fn officials_from_two_states_are_both_parties() {
    let ev = code("Officials from Rwanda and Burundi held talks by telephone on Wednesday.", None);
    let e = one(&ev, "CONSULT");
    assert_eq!((names(&e.actor), names(&e.recipient)), (vec!["Rwanda".to_string()], vec!["Burundi".to_string()]));
}

#[test]
fn people_seized_are_abducted_unless_the_state_takes_them() {
    let ev = code("Masked gunmen seized the headmaster of a state primary school near Kumbo on Tuesday.", None);
    let e = ev.iter().find(|e| e.trigger.text == "seized").expect("an event");
    assert_eq!(
        (e.category.as_str(), acled(e).as_str()),
        ("ASSAULT", "Violence against civilians/Abduction/forced disappearance"),
        "{ev:#?}"
    );
    assert_eq!(names(&e.recipient), ["headmaster"], "the school's state is no recipient: {ev:#?}");
    let ev = code("Police seized three young men at the border crossing on Monday.", None);
    let e = ev.iter().find(|e| e.trigger.text == "seized").expect("an event");
    assert_eq!((e.category.as_str(), e.mode.clone()), ("COERCE", vec!["arrest".to_string()]), "{ev:#?}");
    let ev = code("Police seized 40 rifles and a box of grenades at the border crossing on Monday.", None);
    let e = ev.iter().find(|e| e.trigger.text == "seized").expect("an event");
    assert_eq!(acled(e), "Strategic developments/Disrupted weapons use", "{ev:#?}");
}

#[test]
fn a_labour_strike_stands_in_an_article_about_another_domain() {
    let text =
        "Stage technicians in Lyon went on strike on Tuesday over pay, halting rehearsals of a musical, two comedies and a television drama series.";
    let strike = |ev: &[Event]| ev.iter().any(|e| e.category == "PROTEST" && e.mode == ["strike"]);
    assert!(strike(&code(text, None)), "{:#?}", code(text, None));
    // Without the flag the domain words outweigh it and the off-topic rule drops it.
    let mut lex = Lexicon::builtin();
    for t in &mut lex.events.trigger {
        t.any_topic = false;
    }
    let ev = code_with(&lex, text, None);
    assert!(!strike(&ev), "{ev:#?}");
}

#[test]
fn a_crowd_named_after_the_first_trigger_still_makes_a_riot() {
    let ev = code(
        "Nine people were hurt when youths from two rival neighbourhoods fought each other with machetes and sticks over a football pitch.",
        None,
    );
    let e = ev.iter().find(|e| e.category == "PROTEST").unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(acled(e), "Riots/Mob violence", "{ev:#?}");
    assert!(e.recipient.iter().all(|r| r.text != "machetes"), "a weapon is no party: {ev:#?}");
}

#[test]
fn a_power_granted_is_no_purpose_of_the_act_before_it() {
    let ev = code(
        "The interior ministry imposed martial law in the province on Sunday, giving the army broad powers to arrest protesters.",
        None,
    );
    let e = ev.iter().find(|e| e.trigger.text == "martial law").unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(!e.mode.iter().any(|m| m == "arrest"), "arresting is not done, nor part of martial law: {ev:#?}");
    assert_eq!(acled(e), "Strategic developments/Other", "{ev:#?}");
    // A bare infinitive still joins the act it is the purpose of.
    let ev = code("Government troops launched an offensive on Monday to retake the town of Marib.", None);
    assert_eq!(ev.iter().filter(|e| e.category == "ASSAULT").count(), 1, "{ev:#?}");
}

#[test]
fn one_word_two_triggers_of_one_category_is_one_event() {
    // "meeting" is read by the lemma of "meet" and by the noun: one act, one id.
    let ev = code("Finance ministers from the region are holding meetings with the central bank this week.", None);
    let consult: Vec<_> = ev.iter().filter(|e| e.category == "CONSULT").collect();
    assert_eq!(consult.len(), 1, "{ev:#?}");
    assert_eq!(consult[0].trigger.text, "meetings");
}

#[test]
fn arriving_in_vehicles_is_no_visit() {
    let ev = code("The raiders arrived in pickups before dawn and burned the market.", None);
    assert!(ev.iter().all(|e| e.category != "CONSULT"), "{ev:#?}");
    let ev = code("The foreign minister arrived in Nairobi on Tuesday for talks.", None);
    assert!(ev.iter().any(|e| e.category == "CONSULT"), "{ev:#?}");
}

#[test]
fn coding_petrarchs_way_a_violent_acts_uncoded_recipient_gives_way_to_the_verbs_coded_one() {
    let text = "North Korean troops shelled a patrol boat from South Korea on Tuesday.";
    let recipient = |lex: &Lexicon| {
        let ev = code_with(lex, text, None);
        let e = ev.iter().find(|e| e.category == "ASSAULT").unwrap_or_else(|| panic!("{ev:#?}"));
        e.recipient.iter().map(|r| (r.text.clone(), r.cameo.clone())).collect::<Vec<_>>()
    };
    // the team's reading: the boat is what was shelled
    assert_eq!(recipient(&Lexicon::builtin()), vec![("patrol boat".to_string(), None)]);
    // PETRARCH's: the coded party the verb names
    let mut lex = Lexicon::builtin();
    lex.petrarch_filter.coded_only_events = true;
    assert_eq!(recipient(&lex), vec![("South Korea".to_string(), Some("KOR".to_string()))]);
}

#[test]
fn a_noun_act_takes_the_code_of_the_verb_above_its_preposition_only_after_a_prepositional_light_verb() {
    let ev = code("The Kenyan foreign minister will meet Somali leaders during a two-day visit to Mogadishu.", None);
    let code_of = |t: &str| {
        let e = ev.iter().find(|e| e.trigger.text == t).unwrap_or_else(|| panic!("{ev:#?}"));
        e.cameo.as_ref().map(|c| c.code.clone())
    };
    assert!(code_of("meet").is_some_and(|c| c.starts_with("04")), "{ev:#?}");
    assert_eq!(code_of("visit"), None, "the visit is no meeting: {ev:#?}");
    // "took part in": the talks are what the verb says was done
    let ev = code("Rebel leaders took part in talks with the government in Doha.", None);
    let talks = ev.iter().find(|e| e.trigger.text == "talks").unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(talks.cameo.is_some(), "{ev:#?}");
}

#[test]
fn a_modal_the_verb_dictionary_lists_is_coded_by_the_verb_it_helps() {
    use sitrep_lexicon::petrarch::{Verb, VerbGroup};
    let text = "The minister said the army should withdraw its troops from the border.";
    let should_code = |lex: &Lexicon| {
        let ev = code_with(lex, text, None);
        let e = ev.iter().find(|e| e.trigger.text == "should").unwrap_or_else(|| panic!("{ev:#?}"));
        e.cameo.as_ref().map(|c| c.code.clone())
    };
    let mut lex = Lexicon::builtin();
    assert_eq!(should_code(&lex), None, "the built-in dictionary has no verb SHOULD");
    let withdraw = code_with(&lex, text, None).into_iter().find(|e| e.trigger.text == "withdraw").and_then(|e| e.cameo).map(|c| c.code);
    assert!(withdraw.is_some());
    // a user's dictionary that lists SHOULD: the verb phrase is still coded by "withdraw"
    let mut verbs = lex.petrarch_verbs().clone();
    let should = Verb { lemma: "SHOULD".into(), ..Default::default() };
    verbs.group.push(VerbGroup { name: "SHOULD".into(), code: Some("101".into()), alt: None, verbs: vec![should], patterns: vec![] });
    lex.petrarch_verbs_file = Some(Box::leak(Box::new(verbs)));
    assert_eq!(should_code(&lex), withdraw);
    // and never by the modal itself, where the verb it helps has no code
    let ev = code_with(&lex, "The minister said the border posts should be repainted next year.", None);
    let e = ev.iter().find(|e| e.trigger.text == "should").unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(e.cameo, None, "{ev:#?}");
}

#[test]
fn a_coordinated_agent_noun_shares_the_modifier_the_parse_hangs_on_the_other() {
    use sitrep_lexicon::petrarch::{Agent, AgentPlace, AgentsFile};
    let agent = |phrase: &str, code: &str| Agent { phrase: phrase.into(), plurals: None, code: code.into(), place: AgentPlace::After };
    let mut lex = Lexicon::builtin();
    let agents = AgentsFile { agent: vec![agent("LAWMAKER", "LEG"), agent("OFFICIAL", "GOV")] };
    lex.petrarch_agents_file = Some(Box::leak(Box::new(agents)));
    // the parse hangs "in Kenya and Uganda" on "Lawmakers"
    let ev = code_with(&lex, "Lawmakers and officials in Kenya and Uganda welcomed a resumption of talks with Somalia.", None);
    let e = ev.iter().find(|e| e.category == "SUPPORT").unwrap_or_else(|| panic!("{ev:#?}"));
    let codes: Vec<(&str, Option<&str>)> = e.actor.iter().map(|x| (x.text.as_str(), x.cameo.as_deref())).collect();
    assert_eq!(codes, vec![("Lawmakers", Some("KENLEG/UGALEG")), ("officials", Some("KENGOV/UGAGOV"))], "{ev:#?}");
}

#[test]
fn an_act_with_an_agent_of_its_own_is_not_the_act_of_the_verb_it_is_the_object_of() {
    let text = "The Kenyan government lamented an attack by Somali militants on a border village that killed five people.";
    let ev = code(text, None);
    let attack = ev.iter().find(|e| e.trigger.text == "attack").unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(attack.cameo, None, "the lamenting is not the attack: {ev:#?}");
    // coding PETRARCH's way the lamenting is an act of its own, on the attack's agent
    let mut lex = Lexicon::builtin();
    lex.petrarch_filter.coded_only_events = true;
    let ev = code_with(&lex, text, None);
    let lament = ev.iter().find(|e| e.trigger.text == "lamented").unwrap_or_else(|| panic!("{ev:#?}"));
    let codes = |v: &[Entity]| v.iter().map(|x| x.cameo.clone().unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!((codes(&lament.actor), codes(&lament.recipient)), (vec!["KENGOV".to_string()], vec!["SOMUAF".to_string()]), "{ev:#?}");
}

#[test]
fn coding_petrarchs_way_a_verb_inside_a_prepositional_phrase_makes_no_event_of_its_own() {
    let mut lex = Lexicon::builtin();
    lex.petrarch_filter.coded_only_events = true;
    let coded = |text: &str| -> Vec<String> {
        code_with(&lex, text, None).iter().filter(|e| e.cameo.is_some()).map(|e| e.trigger.text.clone()).collect()
    };
    // the verb heading its clause is coded ...
    assert_eq!(coded("The Kenyan president left Somalia on Monday."), vec!["left".to_string()]);
    // ... the object of "after" is not
    assert_eq!(coded("The Kenyan president praised Uganda after leaving Somalia on Monday."), vec!["praised".to_string()]);
}

#[test]
fn coding_petrarchs_way_a_complement_clause_with_a_pronoun_subject_gives_its_first_coded_phrase() {
    let mut lex = Lexicon::builtin();
    lex.petrarch_filter.coded_only_events = true;
    let ev = code_with(&lex, "The Kenyan president warned that he would cut aid to Somalia.", None);
    let warned = ev.iter().find(|e| e.trigger.text == "warned").unwrap_or_else(|| panic!("{ev:#?}"));
    let codes = |v: &[Entity]| v.iter().map(|x| x.cameo.clone().unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!((codes(&warned.actor), codes(&warned.recipient)), (vec!["KENGOV".to_string()], vec!["SOM".to_string()]), "{ev:#?}");
}

#[test]
fn a_participle_read_as_the_complement_of_was_with_an_agent_is_passive() {
    // the parse makes "opposed" the complement of "was" (an adjective's place), not a passive
    let ev = code("Kenya was fiercely opposed by Uganda in the talks on the border.", None);
    let e = ev.iter().find(|e| e.trigger.text == "opposed").unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!((names(&e.actor), names(&e.recipient)), (vec!["Uganda".to_string()], vec!["Kenya".to_string()]), "{ev:#?}");
    assert!(e.rule.ends_with(":passive"), "{}", e.rule);
}

#[test]
fn coding_petrarchs_way_a_complement_the_parse_left_verbless_still_gives_the_target() {
    // "isn't" stays one token, so the parse makes "Somalia" the complement of "allow"
    let mut lex = Lexicon::builtin();
    lex.petrarch_filter.coded_only_events = true;
    let ev = code_with(&lex, "The Kenyan president did allow that Somalia isn't a safe place to live.", None);
    let allow = ev.iter().find(|e| e.trigger.text == "allow").unwrap_or_else(|| panic!("{ev:#?}"));
    let codes = |v: &[Entity]| v.iter().map(|x| x.cameo.clone().unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!((codes(&allow.actor), codes(&allow.recipient)), (vec!["KENGOV".to_string()], vec!["SOM".to_string()]), "{ev:#?}");
}

#[test]
fn a_past_form_with_its_own_object_hung_on_a_noun_is_the_finite_verb() {
    // The parser hangs "killed" on "horseback" as a participle; its object says it acts.
    let ev = code("Raiders on horseback killed at least 12 herders near the river on Monday.", Some("2021-03-02"));
    let e = one(&ev, "ASSAULT");
    assert!(names(&e.recipient).iter().any(|r| r.contains("herders")), "{:?}", e.recipient);
    assert!(!names(&e.recipient).iter().any(|r| r.contains("horseback")), "{:?}", e.recipient);
}

#[test]
fn an_instrument_acts_on_the_object_of_its_verb() {
    let ev = code("In Dala, police dispersed a crowd of about 200 students with tear gas on Friday.", Some("2021-03-06"));
    let e = ev.iter().find(|e| e.trigger.text.contains("tear gas")).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(names(&e.recipient).iter().any(|r| r.contains("students")), "{:?}", e.recipient);
}

#[test]
fn the_people_a_verb_brings_to_talks_are_their_counterpart() {
    let ev = code("The labour ministry invited leaders of the dockworkers' union to talks in the capital on Thursday.", Some("2021-03-06"));
    let e = one(&ev, "CONSULT");
    assert!(names(&e.recipient).iter().any(|r| r.contains("leaders")), "{:?}", e.recipient);
}

#[test]
fn a_number_of_them_is_the_plural_party_named_before_in_the_sentence() {
    let ev = code(
        "A gunman opened fire on pilgrims walking to a shrine near Kirkuk on Friday, killing nine of them and wounding 14, police said.",
        Some("2021-03-06"),
    );
    let e = ev.iter().find(|e| e.size.killed.is_some()).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(
        e.recipient.iter().any(|r| r.name.contains("pilgrims") || r.aliases.iter().any(|x| x.contains("pilgrims"))),
        "{:?}",
        e.recipient
    );
}

#[test]
fn an_answered_act_named_as_the_object_was_done_by_its_earlier_actor() {
    let ev = code(
        "Chad's interior ministry accused Niger's border guards on Monday of smuggling weapons. Niger's foreign ministry dismissed the accusation as baseless.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "REJECT");
    assert!(e.recipient.iter().any(|r| r.text == "Chad's interior ministry" && r.country.as_deref() == Some("TCD")), "{:?}", e.recipient);
    let ev = code(
        "The army gave the militia two days to lay down its arms or face an assault. A militia commander rejected the ultimatum on Tuesday.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "REJECT");
    assert!(e.recipient.iter().any(|r| r.text.contains("army")), "{:?}", e.recipient);
}

#[test]
fn condemning_the_violence_named_before_acts_on_who_did_it() {
    let ev = code(
        "A mob in the village of Tarsk beat two herders to death on Sunday. The regional governor condemned the lynching on Monday.",
        Some("2021-03-09"),
    );
    let e = ev.iter().find(|e| e.trigger.text.contains("condemned")).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.text.contains("mob")), "{:?}", e.recipient);
}

#[test]
fn a_gift_from_abroad_with_no_one_named_goes_to_the_state_the_article_is_about() {
    let ev = code(
        "Floods in Chad have displaced 40,000 people, Chad's civil protection agency said on Monday. Chad appealed for help. Norway announced 3 million crowns in humanitarian aid.",
        Some("2021-03-09"),
    );
    let e = ev.iter().find(|e| e.category == "AID" && e.trigger.span.0 > 90).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.country.as_deref() == Some("TCD")), "{:?}", e.recipient);
    assert!(e.inferred.iter().any(|x| x == "recipient"), "{:?}", e.inferred);
}

#[test]
fn a_withdrawal_is_done_to_whoever_takes_the_ground() {
    // The taking verb's subject, anywhere in the sentence.
    let ev = code(
        "Chadian troops withdrew from the town of Bol on Friday, and Boko Haram fighters moved in before nightfall, a local official said.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "RETREAT");
    assert!(e.recipient.iter().any(|r| r.text.contains("Boko Haram")), "{:?}", e.recipient);
    assert!(!e.recipient.iter().any(|r| r.text.contains("Chadian")), "{:?}", e.recipient);
    // The "to" of the actor's handing verb.
    let ev = code(
        "Kenyan police pulled out of the border post at Mandera on Monday and handed their barracks to Somali soldiers, an official said.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "RETREAT");
    assert!(e.recipient.iter().any(|r| r.text.contains("Somali soldiers") && r.country.as_deref() == Some("SOM")), "{:?}", e.recipient);
}

#[test]
fn a_capture_is_done_to_whoever_held_the_ground() {
    // "from" the holder.
    let ev = code("The army said it had recaptured the village of Kolofata from the insurgents.", Some("2021-03-09"));
    let e = ev.iter().find(|e| e.trigger.text == "recaptured").unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(e.category, "ASSAULT", "a capture from fighters stays a battle, not an arrest");
    assert!(e.recipient.iter().any(|r| r.text.contains("insurgents")), "{:?}", e.recipient);
    // The subject of a holding verb inside its clause; the ground itself is no party.
    let ev = code("Nigerian soldiers retook a forest camp that Boko Haram fighters had held for two months.", Some("2021-03-09"));
    let e = ev.iter().find(|e| e.trigger.text == "retook").unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.text.contains("Boko Haram")), "{:?}", e.recipient);
    assert!(!e.recipient.iter().any(|r| r.text.contains("camp")), "{:?}", e.recipient);
}

#[test]
fn two_sides_acting_together_are_each_others_counterparts() {
    // A common adversary is not the counterpart.
    let ev = code(
        "Soldiers from Mali and Niger have mounted joint patrols against al-Qaeda fighters near Menaka since April.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "COOPERATE");
    assert!(e.actor.iter().any(|r| r.name == "Mali"), "{:?}", e.actor);
    assert!(e.recipient.iter().any(|r| r.name == "Niger"), "{:?}", e.recipient);
    // An exchange: whatever is exchanged, the other side is the counterpart.
    let ev = code("Armenia and Azerbaijan swapped 12 prisoners of war on Friday, officials said.", Some("2021-03-09"));
    let e = one(&ev, "RETREAT");
    assert!(e.recipient.iter().any(|r| r.name == "Azerbaijan"), "{:?}", e.recipient);
    assert!(!e.actor.iter().any(|r| r.name == "Azerbaijan"), "{:?}", e.actor);
}

#[test]
fn an_answered_act_is_the_one_its_noun_names_even_sentences_before() {
    let ev = code(
        "Zambia's government declared a state of emergency in Lusaka on Friday. Police arrested 40 people on Saturday. Riot police fired tear gas at a crowd on Sunday. An opposition leader, Mwila Banda, called the emergency an abuse of power.",
        Some("2021-03-09"),
    );
    let e = ev.iter().find(|e| e.trigger.text.starts_with("called")).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.text.contains("government")), "{:?}", e.recipient);
}

#[test]
fn a_things_owner_or_user_is_the_party() {
    let ev = code("Rioters torched a dozen kiosks owned by Malawian traders in Lilongwe on Sunday, police said.", Some("2021-03-09"));
    let e = ev.iter().find(|e| e.trigger.text.starts_with("torched")).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.text.contains("traders")), "{:?}", e.recipient);
    assert!(!e.recipient.iter().any(|r| r.text.contains("kiosks")), "{:?}", e.recipient);
    let ev = code("Israeli air defences intercepted a drone launched by Hezbollah over the Galilee on Sunday.", Some("2021-03-09"));
    let e = ev.iter().find(|e| e.trigger.text.starts_with("intercepted")).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.name.contains("Hezbollah")), "{:?}", e.recipient);
}

#[test]
fn security_forces_migrants_and_opponents_carry_their_sectors() {
    let ev = code("Security forces in Chad arrested 30 migrants and two exiled opponents on Sunday.", Some("2021-03-09"));
    let e = one(&ev, "COERCE");
    let actor = e.actor.iter().find(|r| r.text.contains("Security forces")).unwrap_or_else(|| panic!("{:?}", e.actor));
    assert!(actor.sector.contains(&"MIL".to_string()) && actor.sector.contains(&"COP".to_string()), "{:?}", actor.sector);
    let has = |word: &str, sector: &str| e.recipient.iter().any(|r| r.text.contains(word) && r.sector.iter().any(|s| s == sector));
    assert!(has("migrants", "CVL") && has("migrants", "REF"), "{:?}", e.recipient);
    assert!(has("opponents", "OPP"), "{:?}", e.recipient);
}

#[test]
fn a_preposition_ending_the_trigger_names_its_recipient() {
    let ev = code("About 200 fighters broke away from the Lord's Resistance Army in Garamba on Monday, the army said.", Some("2021-03-09"));
    let e = ev.iter().find(|e| e.trigger.text.starts_with("broke away")).unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.text.contains("Lord's Resistance Army")), "{:?}", e.recipient);
}

#[test]
fn the_subject_of_a_clause_asked_for_is_asked() {
    let ev = code(
        "Village elders in Mali's Mopti region called on Sunday for young men to join the local defence militias.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "REQUEST");
    assert!(e.recipient.iter().any(|r| r.text.contains("young men") && r.country.as_deref() == Some("MLI")), "{:?}", e.recipient);
}

#[test]
fn a_time_clause_pronoun_reaches_the_subject_it_hangs_on() {
    let ev = code(
        "Kenya asked Ethiopia to free 11 Kenyan herders. The herders have been held since militiamen captured them near Moyale in May.",
        Some("2021-03-09"),
    );
    let e = ev.iter().find(|e| e.trigger.text == "captured").unwrap_or_else(|| panic!("{ev:#?}"));
    // "them" is the herders, and "the herders" are the Kenyan herders named before.
    assert!(e.recipient.iter().any(|r| r.aliases.iter().chain([&r.text]).any(|t| t.contains("herders"))), "{:?}", e.recipient);
    assert!(e.recipient.iter().all(|r| r.country.as_deref() == Some("KEN")), "{:?}", e.recipient);
}

#[test]
fn a_person_noun_in_apposition_with_a_name_is_that_person() {
    let ev = code(
        "Peru on Monday extradited to Spain a senior commander of the Shining Path, Luis Alberto Quispe, the interior ministry said.",
        Some("2021-03-09"),
    );
    let e = ev.iter().find(|e| e.trigger.text == "extradited").unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.name.contains("Quispe")), "{:?}", e.recipient);
}

#[test]
fn members_of_a_body_carry_its_sectors() {
    let ev = code("Gunmen abducted four coastguard members near Misrata on Sunday.", Some("2021-03-09"));
    let e = ev.iter().find(|e| e.trigger.text == "abducted").unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(e.recipient.iter().any(|r| r.text.contains("coastguard members") && r.sector == ["MIL"]), "{:?}", e.recipient);
}

#[test]
fn an_attack_on_a_vehicle_is_done_to_who_rides_in_it() {
    let ev = code("A roadside bomb destroyed a truck carrying Malian soldiers near Gao on Monday.", Some("2021-03-09"));
    let e = one(&ev, "ASSAULT");
    assert!(e.recipient.iter().any(|r| r.text.contains("Malian soldiers") && r.sector.iter().any(|s| s == "MIL")), "{:?}", e.recipient);
    assert!(!e.recipient.iter().any(|r| r.text.contains("truck")), "{:?}", e.recipient);
}

#[test]
fn the_sides_of_a_battle_between_them_after_the_first_are_fought() {
    let ev = code(
        "Six men died in gunbattles between Boko Haram and a rival Islamic State faction near Lake Chad on Sunday.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "ASSAULT");
    assert!(e.recipient.iter().any(|r| r.text.contains("Islamic State")), "{:?}", e.recipient);
    // The phrase does not say who attacked: the first side is no actor.
    assert!(!e.actor.iter().any(|r| r.text.contains("Boko Haram")), "{:?}", e.actor);
}

#[test]
fn a_thing_answered_is_whose_it_was() {
    let ev = code(
        "Regional leaders meeting in Addis Ababa on Sunday endorsed Ethiopia's plan to reopen the border crossings. Eritrea's information ministry rejected the plan as a ploy.",
        Some("2021-03-09"),
    );
    let e = one(&ev, "REJECT");
    assert!(e.recipient.iter().any(|r| r.country.as_deref() == Some("ETH")), "{:?}", e.recipient);
}
