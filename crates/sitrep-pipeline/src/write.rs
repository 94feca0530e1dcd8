//! The JSON writer: a [`Sink`] printing each article as JSON, JSON Lines or indented JSON.

use crate::batch::{Sink, Summary};
use crate::Stats;
use sitrep_core::{ArticleInput, ArticleOutput};
use sitrep_ingest::IngestError;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFormat {
    /// One compact JSON object (an array for several articles).
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// Indented JSON (an array for several articles).
    Pretty,
}

/// Writes articles as JSON, JSON Lines or pretty JSON; arrays when there are several. Errors
/// are reported on standard error, naming the input.
pub struct JsonWriter<W: Write> {
    w: W,
    format: JsonFormat,
    written: usize,
    /// The first article, held back until we know whether an array is needed.
    held: Option<ArticleOutput>,
}

impl<W: Write> JsonWriter<W> {
    pub fn new(w: W, format: JsonFormat) -> Self {
        JsonWriter { w, format, written: 0, held: None }
    }

    fn emit(&mut self, o: &ArticleOutput) -> anyhow::Result<()> {
        match self.format {
            JsonFormat::Pretty => serde_json::to_writer_pretty(&mut self.w, o)?,
            _ => serde_json::to_writer(&mut self.w, o)?,
        }
        Ok(())
    }

    /// Writes one article.
    pub fn write(&mut self, o: &ArticleOutput) -> anyhow::Result<()> {
        if self.format == JsonFormat::Jsonl {
            serde_json::to_writer(&mut self.w, o)?;
            self.w.write_all(b"\n")?;
            self.written += 1;
            return Ok(());
        }
        // A single article prints as one object; from the second on, as an array.
        if self.written == 0 && self.held.is_none() {
            self.held = Some(o.clone());
            return Ok(());
        }
        if let Some(first) = self.held.take() {
            self.w.write_all(b"[")?;
            self.emit(&first)?;
            self.written = 1;
        }
        self.w.write_all(b",\n")?;
        self.emit(o)?;
        self.written += 1;
        Ok(())
    }

    /// Closes the array, if one was opened, and flushes.
    pub fn close(&mut self) -> anyhow::Result<()> {
        if let Some(first) = self.held.take() {
            self.emit(&first)?;
            self.w.write_all(b"\n")?;
        } else if self.written > 0 && self.format != JsonFormat::Jsonl {
            self.w.write_all(b"]\n")?;
        }
        self.w.flush()?;
        Ok(())
    }

    /// The writer back, e.g. to read what was written.
    pub fn into_inner(self) -> W {
        self.w
    }
}

impl<W: Write> Sink for JsonWriter<W> {
    fn article(&mut self, _input: &ArticleInput, out: &ArticleOutput, _stats: &Stats) -> anyhow::Result<()> {
        self.write(out)
    }

    fn error(&mut self, err: &IngestError) -> anyhow::Result<()> {
        eprintln!("sitrep: error: {err}");
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> anyhow::Result<()> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::ArticleMeta;

    fn out(id: &str) -> ArticleOutput {
        ArticleOutput { article: ArticleMeta { id: id.into(), ..Default::default() }, ..Default::default() }
    }

    fn written(format: JsonFormat, n: usize) -> String {
        let mut w = JsonWriter::new(Vec::new(), format);
        for i in 0..n {
            w.write(&out(&format!("a{i}"))).unwrap();
        }
        w.close().unwrap();
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn one_article_is_an_object_several_an_array_and_jsonl_one_per_line() {
        let one: serde_json::Value = serde_json::from_str(&written(JsonFormat::Json, 1)).unwrap();
        assert_eq!(one["article"]["id"], "a0");
        let many: serde_json::Value = serde_json::from_str(&written(JsonFormat::Pretty, 3)).unwrap();
        assert_eq!(many.as_array().map(|a| a.len()), Some(3));
        assert_eq!(many[2]["article"]["id"], "a2");
        let lines = written(JsonFormat::Jsonl, 2);
        let ids: Vec<String> = lines
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["article"]["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, ["a0", "a1"]);
        assert_eq!(written(JsonFormat::Json, 0), "");
    }
}
