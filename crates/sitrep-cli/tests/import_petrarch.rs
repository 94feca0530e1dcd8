//! `sitrep dict import-petrarch` end to end: a user's PETRARCH dictionaries converted, then
//! loaded with `--dict`.

use std::process::Command;

fn sitrep(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

#[test]
fn a_users_petrarch_dictionaries_are_converted_and_loaded_with_dict() {
    let dir = std::env::temp_dir().join(format!("sitrep-import-{}", std::process::id()));
    let (src, out) = (dir.join("src"), dir.join("lex"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("my.actors.txt"),
        "# my actors\nZORBLAX_FRONT_ [XYZREB]\n+ZORBLAX_LIBERATION_FRONT\n\nQUENTIN_ZARKOV_\n\t[IRQGOV 050101-091231]\n\t[IRQELI]\n\t[IRQGOV 2004017-20061201]\n",
    )
    .unwrap();
    std::fs::write(src.join("my.agents.txt"), "POLICE {} [~COP]\n").unwrap();
    std::fs::write(src.join("my.discards.txt"), "+WORLD_CUP_\n").unwrap();
    std::fs::write(src.join("my.verbs.txt"), "--- ATTACK [190] ---\nATTACK\n- * (WITH &WEAPON) [190]\n").unwrap();
    let (src_s, out_s) = (src.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let args = [
        "dict",
        "import-petrarch",
        &src_s,
        "--out",
        &out_s,
        "--actors",
        "my.actors.txt",
        "--agents",
        "my.agents.txt",
        "--discards",
        "my.discards.txt",
        "--verbs",
        "my.verbs.txt",
    ];
    let run = sitrep(&args);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("my.actors.txt:8: unreadable date restriction `2004017-20061201`"), "{err}");
    assert!(err.contains("2 actors (3 names and synonyms)"), "{err}");
    for f in ["actors", "agents", "discards", "verbs"] {
        assert!(out.join(format!("petrarch/{f}.toml")).exists(), "{f}");
    }
    let article = dir.join("a.txt");
    std::fs::write(&article, "The Zorblax Liberation Front attacked a convoy. Quentin Zarkov condemned it.").unwrap();
    let art = article.to_string_lossy().into_owned();
    let read = |published: &str| -> serde_json::Value {
        let run = sitrep(&["extract", "--dict", &out_s, "--published", published, &art]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        serde_json::from_slice(&run.stdout).unwrap()
    };
    let v = read("2007-06-01");
    let ents = v["entities"].as_array().unwrap();
    let front = ents.iter().find(|e| e["text"] == "Zorblax Liberation Front").expect("the user's actor");
    assert_eq!((&front["cameo"], &front["kind"]), (&serde_json::json!("XYZREB"), &serde_json::json!("armed_group")));
    let zarkov = ents.iter().find(|e| e["text"] == "Quentin Zarkov").expect("the office holder");
    assert_eq!((&zarkov["cameo"], &zarkov["country"]), (&serde_json::json!("IRQGOV"), &serde_json::json!("IRQ")));
    let v = read("2012-06-01");
    let zarkov = v["entities"].as_array().unwrap().iter().find(|e| e["text"] == "Quentin Zarkov").cloned().expect("still a person");
    assert_eq!(zarkov["cameo"], "IRQELI");
    // the built-in dictionaries know neither
    let run = sitrep(&["extract", "--published", "2007-06-01", &art]);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(v["entities"].as_array().unwrap().iter().all(|e| e.get("cameo").is_none()), "{v}");
    // a malformed converted file is an error naming file, line and key, exit status 2
    std::fs::write(out.join("petrarch/actors.toml"), "[[actor]]\nname = \"X\"\ncodes = [{ code = \"A\", form = \"2001-01-01\" }]\n")
        .unwrap();
    let run = sitrep(&["extract", "--dict", &out_s, &art]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains("petrarch/actors.toml is not valid: line 3") && err.contains("unknown field `form`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
