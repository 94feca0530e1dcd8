//! `sitrep dict`: converting dictionaries from other coders' formats into sitrep's TOML lexicon.

use sitrep_lexicon::petrarch::{read, write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct DictCmd {
    #[command(subcommand)]
    pub command: DictCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum DictCommand {
    /// Convert PETRARCH/TABARI-format dictionaries (actors, agents, discards, verbs) into
    /// `OUT/petrarch/*.toml`, which `--dict OUT` then loads.
    ImportPetrarch(ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The directory holding the PETRARCH dictionaries.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The lexicon directory to write into (the files go to OUT/petrarch/).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Actor files in DIR, in order (a name in an earlier file wins); PETRARCH2's defaults.
    #[arg(
        long,
        value_name = "FILE",
        value_delimiter = ',',
        default_value = "Phoenix.Countries.actors.txt,Phoenix.International.actors.txt,Phoenix.MilNonState.actors.txt"
    )]
    pub actors: Vec<String>,
    /// Agent files in DIR.
    #[arg(long, value_name = "FILE", value_delimiter = ',', default_value = "Phoenix.agents.txt")]
    pub agents: Vec<String>,
    /// Discard files in DIR.
    #[arg(long, value_name = "FILE", value_delimiter = ',', default_value = "Phoenix.discards.txt")]
    pub discards: Vec<String>,
    /// Verb files in DIR.
    #[arg(long, value_name = "FILE", value_delimiter = ',', default_value = "CAMEO.2.0.txt")]
    pub verbs: Vec<String>,
    /// PLOVER's CAMEO → PLOVER table (`CAMEO2PLOVER-*.txt`, any path), converted to
    /// OUT/petrarch/crosswalk.toml when given.
    #[arg(long, value_name = "FILE")]
    pub crosswalk: Option<PathBuf>,
    /// Print every line left out (by default: the first 20 and a count).
    #[arg(long)]
    pub verbose: bool,
}

pub fn run(cmd: DictCmd) -> anyhow::Result<ExitCode> {
    match cmd.command {
        DictCommand::ImportPetrarch(args) => import(args),
    }
}

/// A file's text; invalid UTF-8 is replaced (PETRARCH files are "flat ASCII", a stray Latin-1
/// byte should not cost the file).
fn read_text(path: &Path) -> anyhow::Result<String> {
    use anyhow::Context;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    if !args.dir.is_dir() {
        anyhow::bail!("{} is not a directory", args.dir.display());
    }
    let out_dir = args.out.join("petrarch");
    std::fs::create_dir_all(&out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let mut problems = Vec::new();
    let mut summary = Vec::new();

    let actors: sitrep_lexicon::petrarch::ActorsFile =
        read_each(&args.dir, &args.actors, read::actors, &mut problems, |all, f| all.actor.extend(f.actor))?;
    let names: usize = actors.actor.iter().map(|a| 1 + a.synonyms.len()).sum();
    summary.push(format!("{} actors ({names} names and synonyms)", actors.actor.len()));
    write_file(&out_dir.join("actors.toml"), &write::actors(&actors, &args.actors))?;

    let agents: sitrep_lexicon::petrarch::AgentsFile =
        read_each(&args.dir, &args.agents, read::agents, &mut problems, |all, f| all.agent.extend(f.agent))?;
    summary.push(format!("{} agents", agents.agent.len()));
    write_file(&out_dir.join("agents.toml"), &write::agents(&agents, &args.agents))?;

    let discards: sitrep_lexicon::petrarch::DiscardsFile =
        read_each(&args.dir, &args.discards, read::discards, &mut problems, |all, f| all.discard.extend(f.discard))?;
    summary.push(format!("{} discards", discards.discard.len()));
    write_file(&out_dir.join("discards.toml"), &write::discards(&discards, &args.discards))?;

    let verbs: sitrep_lexicon::petrarch::VerbsFile = read_each(&args.dir, &args.verbs, read::verbs, &mut problems, |all, f| {
        all.synset.extend(f.synset);
        all.group.extend(f.group);
        all.transformation.extend(f.transformation);
    })?;
    let n_verbs: usize = verbs.group.iter().map(|g| g.verbs.len()).sum();
    let n_patterns: usize = verbs.group.iter().map(|g| g.patterns.len()).sum();
    summary.push(format!(
        "{} verb groups ({n_verbs} verbs, {n_patterns} patterns), {} synonym sets, {} transformations",
        verbs.group.len(),
        verbs.synset.len(),
        verbs.transformation.len()
    ));
    write_file(&out_dir.join("verbs.toml"), &write::verbs(&verbs, &args.verbs))?;

    if let Some(path) = &args.crosswalk {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let (f, p) = read::crosswalk(&name, &read_text(path)?);
        problems.extend(p);
        summary.push(format!("{} CAMEO codes in the PLOVER crosswalk", f.code.len()));
        write_file(&out_dir.join("crosswalk.toml"), &write::crosswalk(&f, &[name]))?;
    }

    let shown = if args.verbose { problems.len() } else { problems.len().min(20) };
    for p in &problems[..shown] {
        eprintln!("sitrep: warning: {p} (line left out)");
    }
    if shown < problems.len() {
        eprintln!("sitrep: warning: … and {} more lines left out (--verbose lists them)", problems.len() - shown);
    }
    eprintln!("sitrep: wrote {}: {}; {} lines left out", out_dir.display(), summary.join(", "), problems.len());
    Ok(ExitCode::SUCCESS)
}

/// Reads every file `names` of `dir` with `read`, merging them into one with `merge`; the
/// problems of all of them go to `problems`.
fn read_each<F: Default>(
    dir: &Path,
    names: &[String],
    read: fn(&str, &str) -> (F, Vec<sitrep_lexicon::petrarch::read::Problem>),
    problems: &mut Vec<sitrep_lexicon::petrarch::read::Problem>,
    merge: impl Fn(&mut F, F),
) -> anyhow::Result<F> {
    let mut all = F::default();
    for name in names {
        let (f, p) = read(name, &read_text(&dir.join(name))?);
        merge(&mut all, f);
        problems.extend(p);
    }
    Ok(all)
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
