use super::*;
use sitrep_core::{Acled, ArticleMeta, Count, EntityKind, EventDate, Reconciled, ReconciledSize, Size, TextSpan};

fn place() -> Place {
    Place {
        text: "Marib".into(),
        name: "Marib".into(),
        lat: Some(15.46),
        lon: Some(45.32),
        admin1: Some("Marib".into()),
        country: Some("YEM".into()),
        precision: Some(4),
        resolved: true,
        ..Default::default()
    }
}

fn party(name: &str, kind: EntityKind, sector: &str) -> Entity {
    Entity { text: name.into(), name: name.into(), kind, sector: vec![sector.into()], country: Some("YEM".into()), ..Default::default() }
}

fn shelling() -> Event {
    Event {
        id: "e1".into(),
        article: ArticleMeta {
            id: "a1".into(),
            source: Some("Team wire".into()),
            published: Some("2024-05-06".into()),
            ..Default::default()
        },
        category: "ASSAULT".into(),
        mode: vec!["heavy-weapons".into()],
        acled: Some(Acled { event_type: "Explosions/Remote violence".into(), sub_event_type: "Shelling/artillery/missile attack".into() }),
        actor: vec![party("Houthi forces", EntityKind::ArmedGroup, "REB")],
        recipient: vec![party("civilians", EntityKind::Group, "CVL")],
        location: Some(place()),
        date: Some(EventDate { value: Some("2024-05-05".into()), precision: Some(Precision::Day), ..Default::default() }),
        size: Size { killed: Some(Count { count: 4, ..Default::default() }), ..Default::default() },
        trigger: TextSpan { text: "shelled".into(), ..Default::default() },
        ..Default::default()
    }
}

fn planned() -> Event {
    Event { id: "e2".into(), modality: Modality::Planned, location: None, ..shelling() }
}

const SENTENCE: &str = "Houthi forces shelled Marib on Sunday, killing four civilians.";

fn rows<'a>(events: &'a [Event]) -> Vec<Row<'a>> {
    events.iter().map(|event| Row { event, sentence: SENTENCE }).collect()
}

fn written(format: Format, events: &[Event]) -> (usize, String) {
    let mut buf = Vec::new();
    let n = write_events(format, &rows(events), &mut buf).unwrap();
    (n, String::from_utf8(buf).unwrap())
}

fn csv_records(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(s.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn acled_csv_has_acleds_columns_and_only_what_happened() {
    let (n, out) = written(Format::AcledCsv, &[shelling(), planned()]);
    assert_eq!(n, 1);
    let (header, rows) = csv_records(&out);
    assert_eq!(header, ACLED_COLUMNS);
    let get = |c: &str| rows[0][header.iter().position(|h| h == c).unwrap()].clone();
    assert_eq!(get("event_date"), "2024-05-05");
    assert_eq!(get("year"), "2024");
    assert_eq!(get("time_precision"), "1");
    assert_eq!(get("disorder_type"), "Political violence");
    assert_eq!(get("sub_event_type"), "Shelling/artillery/missile attack");
    assert_eq!((get("actor1"), get("inter1")), ("Houthi forces".to_string(), "Rebel groups".to_string()));
    assert_eq!((get("actor2"), get("inter2")), ("civilians".to_string(), "Civilians".to_string()));
    assert_eq!(get("interaction"), "Rebel groups-Civilians");
    assert_eq!(get("civilian_targeting"), "Civilian targeting");
    assert_eq!(get("country"), "Yemen");
    assert_eq!((get("latitude"), get("longitude"), get("geo_precision")), ("15.46".to_string(), "45.32".to_string(), "1".to_string()));
    assert_eq!(get("fatalities"), "4");
    assert_eq!(get("source"), "Team wire");
    assert_eq!(get("notes"), SENTENCE);
}

#[test]
fn flat_csv_keeps_every_event_with_its_modality() {
    let (n, out) = written(Format::Csv, &[shelling(), planned()]);
    assert_eq!(n, 2);
    let (header, rows) = csv_records(&out);
    assert_eq!(header, EVENT_COLUMNS);
    let col = |c: &str| header.iter().position(|h| h == c).unwrap();
    assert_eq!(rows[0][col("modality")], "asserted");
    assert_eq!(rows[1][col("modality")], "planned");
    assert_eq!(rows[0][col("actors")], "Houthi forces");
    assert_eq!(rows[0][col("killed")], "4");
    assert_eq!(rows[1][col("lat")], "");
}

#[test]
fn plover_lines_use_plovers_field_names() {
    let (n, out) = written(Format::PloverJsonl, &[shelling(), planned()]);
    assert_eq!(n, 1);
    let v: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["event"], json!(["ASSAULT"]));
    assert_eq!(v["date"], "2024-05-05");
    assert_eq!(v["quad_code"], 4);
    assert_eq!(v["actor"][0]["code"], "YEM");
    assert_eq!(v["actor"][0]["sector"], "REB");
    assert_eq!(v["event_loc"]["country_code"], "YEM");
    assert_eq!(v["event_loc"]["resolution"], 4);
    assert_eq!(v["size"]["dead"], 4);
    assert_eq!(v["mode"], json!(["heavy-weapons"]));
}

#[test]
fn geojson_holds_a_point_feature_per_located_event() {
    let (n, out) = written(Format::Geojson, &[shelling(), planned()]);
    assert_eq!(n, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let f = &v["features"][0];
    assert_eq!(f["geometry"]["type"], "Point");
    assert_eq!(f["geometry"]["coordinates"], json!([45.32, 15.46]), "GeoJSON is lon, lat");
    assert_eq!(f["properties"]["category"], "ASSAULT");
    assert_eq!(v["features"].as_array().unwrap().len(), 1);
}

#[test]
fn incidents_export_with_reconciled_counts_and_sources() {
    let inc = Incident {
        id: "inc-1".into(),
        category: "ASSAULT".into(),
        acled: shelling().acled,
        actors: vec!["Houthi forces".into()],
        recipients: vec!["civilians".into()],
        location: Some(place()),
        date_start: Some("2024-05-05".into()),
        date_end: Some("2024-05-05".into()),
        size: ReconciledSize { killed: Some(Reconciled { count: 7, min: 4, max: 7, sources: vec![] }), ..Default::default() },
        events: vec!["e1".into(), "e9".into()],
        articles: vec!["a1".into(), "a9".into()],
        first_seen: Some("2024-05-06".into()),
        last_seen: Some("2024-05-07".into()),
    };
    let mut buf = Vec::new();
    assert_eq!(write_incidents(Format::Csv, std::slice::from_ref(&inc), &mut buf).unwrap(), 1);
    let (header, rows) = csv_records(std::str::from_utf8(&buf).unwrap());
    let get = |c: &str| rows[0][header.iter().position(|h| h == c).unwrap()].clone();
    assert_eq!((get("killed"), get("killed_min"), get("killed_max")), ("7".into(), "4".into(), "7".into()));
    assert_eq!((get("sources"), get("articles")), ("2".into(), "a1; a9".into()));
    assert_eq!(get("injured"), "");
    let mut buf = Vec::new();
    write_incidents(Format::AcledCsv, std::slice::from_ref(&inc), &mut buf).unwrap();
    let (header, rows) = csv_records(std::str::from_utf8(&buf).unwrap());
    assert_eq!(rows[0][header.iter().position(|h| h == "fatalities").unwrap()], "7");
    let mut buf = Vec::new();
    write_incidents(Format::PloverJsonl, std::slice::from_ref(&inc), &mut buf).unwrap();
    let v: Value = serde_json::from_slice(&buf).unwrap();
    assert_eq!((v["size"]["dead"].clone(), v["link"].clone()), (json!(7), json!("inc-1")));
}

#[test]
fn parquet_holds_the_flat_columns_typed() {
    use ::parquet::file::reader::{FileReader, SerializedFileReader};
    let mut buf = Vec::new();
    assert_eq!(write_events(Format::Parquet, &rows(&[shelling(), planned()]), &mut buf).unwrap(), 2);
    let reader = SerializedFileReader::new(bytes::Bytes::from(buf)).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows(), 2);
    let schema = meta.file_metadata().schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, EVENT_COLUMNS);
    let physical = |c: &str| schema.columns().iter().find(|x| x.name() == c).unwrap().physical_type();
    assert_eq!(physical("lat"), ::parquet::basic::Type::DOUBLE);
    assert_eq!(physical("killed"), ::parquet::basic::Type::INT64);
    assert_eq!(physical("historical"), ::parquet::basic::Type::BOOLEAN);
    assert_eq!(physical("category"), ::parquet::basic::Type::BYTE_ARRAY);
}
