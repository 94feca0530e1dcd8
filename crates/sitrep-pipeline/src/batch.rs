//! The batch driver: articles from a source, through the pipeline, into a [`Sink`].
//!
//! As in ripgrep, reading and extracting are kept apart from what is done with the result: the
//! JSON writer ([`crate::write::JsonWriter`]), the store and the exporters are all sinks of this
//! one loop. Articles are read in chunks of [`BatchOptions::chunk`], extracted in parallel on a
//! rayon pool and handed to the sink in input order, so memory stays bounded by one chunk however
//! long the source is, and the output is the same for any number of threads.

use crate::{content_hash, Pipeline, Stats};
use rayon::prelude::*;
use sitrep_core::{ArticleInput, ArticleOutput};
use sitrep_ingest::{IngestError, Parsed};
use std::time::Instant;

/// What a batch did, for the final summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Articles extracted (not counting skipped ones).
    pub articles: usize,
    /// Articles the sink already had (same content, same engine) and did not want again.
    pub skipped: usize,
    pub events: usize,
    /// Bytes of article text extracted.
    pub bytes: usize,
    pub sentences: usize,
    /// Sentences the stages had the dependency parser parse.
    pub parsed: usize,
    /// Inputs or records that could not be read.
    pub errors: usize,
    pub warnings: usize,
    pub seconds: f64,
}

impl Summary {
    /// Megabytes of text extracted per second of wall time.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// Where extracted articles go. Every method may fail (a full disk, a closed pipe); the batch then
/// stops with that error, since going on would lose output silently.
pub trait Sink {
    /// Whether an article with this content hash still needs extracting; a store that already
    /// holds it under the current engine says no, so a re-run does no work twice.
    fn wants(&mut self, _hash: &str) -> anyhow::Result<bool> {
        Ok(true)
    }
    /// One extracted article, with the input it came from.
    fn article(&mut self, input: &ArticleInput, out: &ArticleOutput, stats: &Stats) -> anyhow::Result<()>;
    /// An input or record that could not be read; the batch goes on.
    fn error(&mut self, err: &IngestError) -> anyhow::Result<()>;
    /// A record that was read with a caveat (e.g. a publication date that is not a date).
    fn warning(&mut self, message: &str) -> anyhow::Result<()> {
        eprintln!("sitrep: warning: {message}");
        Ok(())
    }
    /// The end of the batch.
    fn finish(&mut self, _summary: &Summary) -> anyhow::Result<()> {
        Ok(())
    }
}

/// How a batch runs.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Articles read before a parallel round runs (bounds memory).
    pub chunk: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { threads: 0, chunk: 512 }
    }
}

/// Runs every article of `source` through `pipeline` into `sink`, and returns what was done.
/// Unreadable inputs go to [`Sink::error`] and the batch goes on; a sink's failure stops it.
pub fn run_batch<I>(source: I, pipeline: &Pipeline, opts: BatchOptions, sink: &mut dyn Sink) -> anyhow::Result<Summary>
where
    I: IntoIterator<Item = Result<Parsed, IngestError>>,
{
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads).build()?;
    let started = Instant::now();
    let mut summary = Summary::default();
    let chunk = opts.chunk.max(1);
    let mut batch: Vec<(ArticleInput, String)> = Vec::with_capacity(chunk);
    for item in source {
        match item {
            Ok(p) => {
                for w in &p.warnings {
                    summary.warnings += 1;
                    sink.warning(w)?;
                }
                let hash = content_hash(&p.article.text);
                if !sink.wants(&hash)? {
                    summary.skipped += 1;
                    continue;
                }
                batch.push((p.article, hash));
                if batch.len() >= chunk {
                    flush(&pool, pipeline, &mut batch, sink, &mut summary)?;
                }
            }
            Err(e) => {
                summary.errors += 1;
                sink.error(&e)?;
            }
        }
    }
    flush(&pool, pipeline, &mut batch, sink, &mut summary)?;
    summary.seconds = started.elapsed().as_secs_f64();
    sink.finish(&summary)?;
    Ok(summary)
}

fn flush(
    pool: &rayon::ThreadPool,
    pipeline: &Pipeline,
    batch: &mut Vec<(ArticleInput, String)>,
    sink: &mut dyn Sink,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    // Parallel across articles, handed on in input order.
    let results: Vec<(ArticleOutput, Stats)> =
        pool.install(|| batch.par_iter().map(|(a, h)| pipeline.extract_hashed(a, h.clone())).collect());
    for ((input, _), (out, stats)) in batch.iter().zip(&results) {
        summary.articles += 1;
        summary.events += out.events.len();
        summary.bytes += stats.bytes;
        summary.sentences += stats.sentences;
        summary.parsed += stats.parsed;
        sink.article(input, out, stats)?;
    }
    batch.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::ArticleMeta;

    /// Keeps what it is given; refuses the hashes it already has.
    #[derive(Default)]
    struct Collect {
        ids: Vec<String>,
        hashes: Vec<String>,
        errors: Vec<String>,
        have: Vec<String>,
        finished: Option<Summary>,
    }

    impl Sink for Collect {
        fn wants(&mut self, hash: &str) -> anyhow::Result<bool> {
            Ok(!self.have.iter().any(|h| h == hash))
        }
        fn article(&mut self, input: &ArticleInput, out: &ArticleOutput, _: &Stats) -> anyhow::Result<()> {
            assert_eq!(input.meta.id, out.article.id);
            self.ids.push(out.article.id.clone());
            self.hashes.push(out.hash.clone());
            Ok(())
        }
        fn error(&mut self, err: &IngestError) -> anyhow::Result<()> {
            self.errors.push(err.to_string());
            Ok(())
        }
        fn finish(&mut self, s: &Summary) -> anyhow::Result<()> {
            self.finished = Some(*s);
            Ok(())
        }
    }

    fn article(id: &str, text: &str) -> Result<Parsed, IngestError> {
        Ok(Parsed {
            article: ArticleInput { meta: ArticleMeta { id: id.into(), ..Default::default() }, text: text.into() },
            warnings: vec![],
            input: format!("{id}.txt"),
            position: None,
        })
    }

    fn source() -> Vec<Result<Parsed, IngestError>> {
        vec![
            article("a", "Police arrested 12 protesters in Lagos on Monday."),
            Err(IngestError::Empty { name: "empty.txt".into() }),
            article("b", "Gunmen killed three villagers near Maiduguri."),
            article("c", "The minister said talks would resume."),
            article("d", "Troops shelled the town overnight."),
            article("e", "Rebels seized two trucks of food aid."),
        ]
    }

    #[test]
    fn articles_reach_the_sink_in_input_order_with_errors_counted() {
        let p = Pipeline::new(&sitrep_lexicon::Lexicon::builtin());
        let mut sink = Collect::default();
        let s = run_batch(source(), &p, BatchOptions { threads: 2, chunk: 2 }, &mut sink).unwrap();
        assert_eq!(sink.ids, ["a", "b", "c", "d", "e"]);
        assert_eq!(sink.errors, ["empty.txt: empty input, no text to read"]);
        assert_eq!((s.articles, s.errors, s.skipped), (5, 1, 0));
        assert!(s.events >= 3, "{s:?}");
        assert_eq!(s.bytes, source().iter().flatten().map(|p| p.article.text.len()).sum::<usize>());
        assert_eq!(sink.finished, Some(s));
        assert!(sink.hashes.iter().all(|h| h.len() == 64), "{:?}", sink.hashes);
    }

    #[test]
    fn a_sink_that_already_has_an_article_is_not_given_it_again() {
        let p = Pipeline::new(&sitrep_lexicon::Lexicon::builtin());
        let mut sink = Collect { have: vec![content_hash("Gunmen killed three villagers near Maiduguri.")], ..Default::default() };
        let s = run_batch(source(), &p, BatchOptions { threads: 1, chunk: 512 }, &mut sink).unwrap();
        assert_eq!(sink.ids, ["a", "c", "d", "e"]);
        assert_eq!((s.articles, s.skipped), (4, 1));
    }

    #[test]
    fn a_failing_sink_stops_the_batch_with_its_error() {
        struct Full;
        impl Sink for Full {
            fn article(&mut self, _: &ArticleInput, _: &ArticleOutput, _: &Stats) -> anyhow::Result<()> {
                anyhow::bail!("disk full")
            }
            fn error(&mut self, _: &IngestError) -> anyhow::Result<()> {
                Ok(())
            }
        }
        let p = Pipeline::new(&sitrep_lexicon::Lexicon::builtin());
        let e = run_batch(source(), &p, BatchOptions::default(), &mut Full).unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }
}
