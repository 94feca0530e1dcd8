//! Errors that name the input and the position in it, so one bad article in a batch of
//! millions can be found again.

/// One failure to read an article. The batch goes on after any of them.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IngestError {
    #[error("{name}: cannot read: {message}")]
    Io { name: String, message: String },
    #[error("{name}: invalid UTF-8 at byte {offset} (use --lossy to replace invalid bytes)")]
    Utf8 { name: String, offset: usize },
    #[error("{name}: looks binary, not text (NUL byte at byte {offset})")]
    Binary { name: String, offset: usize },
    #[error("{name}: empty input, no text to read")]
    Empty { name: String },
    #[error("{name}: {size} bytes is over the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLarge { name: String, size: usize, limit: usize },
    #[error("{name}:{line}: invalid JSON: {message}")]
    Json { name: String, line: usize, message: String },
    #[error("{name}:{line}: {message}")]
    Record { name: String, line: usize, message: String },
    /// A whole input that cannot be read as what it is (an HTML page without text, a feed
    /// that is not XML).
    #[error("{name}: {message}")]
    Invalid { name: String, message: String },
    /// A failure at a position that is not a line: a feed item, a WARC record.
    #[error("{name}: {position}: {message}")]
    Item { name: String, position: String, message: String },
}

/// An [`IngestError`] as data, for an errors file next to the output (one JSON object a line).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorRecord {
    pub input: String,
    pub position: Option<String>,
    pub reason: String,
}

impl IngestError {
    /// The input, the position in it and the reason, as separate fields.
    pub fn record(&self) -> ErrorRecord {
        let (input, position, reason) = match self {
            IngestError::Json { name, line, message } => (name, Some(format!("line {line}")), format!("invalid JSON: {message}")),
            IngestError::Record { name, line, message } => (name, Some(format!("line {line}")), message.clone()),
            IngestError::Item { name, position, message } => (name, Some(position.clone()), message.clone()),
            IngestError::Io { name, .. }
            | IngestError::Utf8 { name, .. }
            | IngestError::Binary { name, .. }
            | IngestError::Empty { name }
            | IngestError::Invalid { name, .. }
            | IngestError::TooLarge { name, .. } => {
                let full = self.to_string();
                let reason = full.strip_prefix(&format!("{name}: ")).unwrap_or(&full).to_string();
                (name, None, reason)
            }
        };
        ErrorRecord { input: input.clone(), position, reason }
    }

    /// The input this error is about.
    pub fn input(&self) -> &str {
        match self {
            IngestError::Io { name, .. }
            | IngestError::Utf8 { name, .. }
            | IngestError::Binary { name, .. }
            | IngestError::Empty { name }
            | IngestError::TooLarge { name, .. }
            | IngestError::Invalid { name, .. }
            | IngestError::Json { name, .. }
            | IngestError::Record { name, .. }
            | IngestError::Item { name, .. } => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_input_position_and_reason() {
        let e = IngestError::Item { name: "a.warc".into(), position: "record 2 at byte 10".into(), message: "bad".into() };
        assert_eq!(e.to_string(), "a.warc: record 2 at byte 10: bad");
        let r = e.record();
        assert_eq!((r.input.as_str(), r.position.as_deref(), r.reason.as_str()), ("a.warc", Some("record 2 at byte 10"), "bad"));
        let r = IngestError::Empty { name: "x.txt".into() }.record();
        assert_eq!((r.position, r.reason.as_str()), (None, "empty input, no text to read"));
        let r = IngestError::Json { name: "j".into(), line: 4, message: "eof".into() }.record();
        assert_eq!(r.position.as_deref(), Some("line 4"));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"input":"j","position":"line 4","reason":"invalid JSON: eof"}"#);
    }
}
