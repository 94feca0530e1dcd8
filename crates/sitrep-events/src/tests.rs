//! Each construction on a short sentence, through normalize → segment → recognize → code.

use super::*;
use sitrep_core::Modality;
use sitrep_normalize::normalize;
use sitrep_recognize::Recognizer;
use sitrep_segment::Segmenter;

fn code(text: &str, published: Option<&str>) -> Vec<Event> {
    let lex = Lexicon::builtin();
    let norm = normalize(text);
    let seg = Segmenter::new(&lex.segment).segment(&norm.text, norm.caseless);
    let published = published.and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let rec = Recognizer::new(&lex).recognize(&norm.text, &seg, norm.caseless, published);
    let meta = ArticleMeta::default();
    EventCoder::new(&lex).code(&EventInput { text: &norm.text, seg: &seg, rec: &rec, meta: &meta, published, caseless: norm.caseless })
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
