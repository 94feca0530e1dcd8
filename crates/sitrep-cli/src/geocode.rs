//! `sitrep geocode`: quick look-ups in the gazetteer, and scoring on a toponym dev set.

use crate::DictArgs;
use sitrep_resolve::Resolver;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct GeocodeArgs {
    /// Place names to look up ("Ramadi", "Anbar province", "Tripoli").
    #[arg(value_name = "NAME", required_unless_present = "eval")]
    pub names: Vec<String>,
    /// Country context (ISO 3166 alpha-3), as if the article were about it; repeatable.
    #[arg(long, value_name = "ISO3")]
    pub context: Vec<String>,
    /// How many candidates to list per name.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Score the whole pipeline on a toponym dev set (JSON Lines; eval/geo/README.md) instead.
    #[arg(long, value_name = "FILE")]
    pub eval: Option<PathBuf>,
    /// With --eval: list the toponyms missed.
    #[arg(long)]
    pub show_misses: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub dict: DictArgs,
}

pub fn run(args: GeocodeArgs) -> anyhow::Result<ExitCode> {
    let (lex, pipeline) = args.dict.load()?;
    if let Some(file) = &args.eval {
        let items = match sitrep_eval::geo::read_toponyms(file) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("sitrep: error: {e}");
                return Ok(ExitCode::from(2));
            }
        };
        let report = sitrep_eval::geo::evaluate(&items, &pipeline);
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report.to_json())?);
        } else {
            print!("{}", report.render(args.show_misses));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let resolver = Resolver::new(&lex);
    let mut all = Vec::new();
    for name in &args.names {
        let found = resolver.geocode(name, &args.context);
        if args.json {
            all.push(serde_json::json!({
                "name": name,
                "candidates": found.iter().take(args.limit).map(|c| serde_json::json!({
                    "geonameid": c.geonameid, "name": c.name, "country": c.country, "admin1": c.admin1,
                    "feature": format!("{:?}", c.feature).to_lowercase(), "population": c.population,
                    "lat": c.lat, "lon": c.lon, "score": c.score,
                    "capital": capital_of(&resolver, c).map(|(n, id, lat, lon)| serde_json::json!({"name": n, "geonameid": id, "lat": lat, "lon": lon})),
                })).collect::<Vec<_>>(),
            }));
            continue;
        }
        println!("{name}: {} candidate(s)", found.len());
        if found.is_empty() {
            println!("  unresolved: not in the gazetteer");
        }
        for (i, c) in found.iter().take(args.limit).enumerate() {
            println!(
                "  {}{:>2}. {:<28} {:<4} {:<24} {:<10} pop {:>9}  {:>9.4} {:>10.4}  geonameid {:<10} score {:.2}",
                if i == 0 { "→" } else { " " },
                i + 1,
                c.name,
                c.country.as_deref().unwrap_or("-"),
                c.admin1.as_deref().unwrap_or("-"),
                format!("{:?}", c.feature).to_lowercase(),
                c.population,
                c.lat,
                c.lon,
                c.geonameid,
                c.score
            );
            if let Some((n, id, lat, lon)) = capital_of(&resolver, c) {
                println!("        capital: {n} ({lat:.4}, {lon:.4}) geonameid {id}");
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// The capital of a country reading (countries sit at a representative point).
fn capital_of(resolver: &sitrep_resolve::Resolver, c: &sitrep_resolve::Scored) -> Option<(String, u32, f64, f64)> {
    (c.feature == sitrep_resolve::Feature::Country).then(|| resolver.capital(c.country.as_deref()?)).flatten()
}
