//! RSS, Atom (and JSON Feed) files: one article per item, its HTML content read by the
//! same extractor as a page.

use crate::{html::extract_html, normalize_date, IngestError, Options, Parsed};
use sitrep_core::{ArticleInput, ArticleMeta};

/// The items of a feed document as articles (or, per item, errors naming `item N`,
/// counted from 1). A document that is not a feed is one error for the whole input.
///
/// The document is parsed whole (feed-rs has no item stream); callers bound it with
/// [`Options::max_bytes`] as they do any single document.
pub fn feed_articles(
    input: &str,
    bytes: &[u8],
    defaults: &ArticleMeta,
    _opts: Options,
) -> Result<Vec<Result<Parsed, IngestError>>, IngestError> {
    // Dates go through our own parser, so a feed's day is the publisher's local day as in
    // HTML and JSON Lines (feed-rs would convert to UTC), and a date we cannot read comes
    // back as a marker holding its index in `unread`, to be warned about on its item.
    let unread = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = unread.clone();
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(move |raw| {
            Some(match normalize_date(raw).and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) {
                Some(day) => day.and_time(chrono::NaiveTime::MIN).and_utc(),
                None => {
                    let mut v = seen.borrow_mut();
                    v.push(raw.trim().chars().take(80).collect());
                    marker_base() + chrono::Duration::seconds(v.len() as i64 - 1)
                }
            })
        })
        .build();
    let feed = parser.parse(bytes).map_err(|e| IngestError::Invalid { name: input.into(), message: format!("not a feed: {e}") })?;
    let unread = unread.borrow().clone();
    let feed_title = feed.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let out = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let position = format!("item {}", i + 1);
            let err = |message: &str| IngestError::Item { name: input.into(), position: position.clone(), message: message.into() };
            let from_content = entry.content.as_ref().and_then(|c| c.body.as_deref()).map(|b| extract_html(b).text).unwrap_or_default();
            let text = if from_content.trim().is_empty() { entry.summary.as_ref().map(text_of).unwrap_or_default() } else { from_content };
            if text.trim().is_empty() {
                return Err(err("no text (the item has neither content nor summary)"));
            }
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|h| !h.is_empty());
            let id = link.clone().unwrap_or_else(|| format!("{input}:{position}"));
            let mut warnings = Vec::new();
            let published = entry.published.or(entry.updated).and_then(|d| match marker_index(d) {
                Some(i) => {
                    let raw = unread.get(i).map(String::as_str).unwrap_or_default();
                    warnings.push(format!("{input}: {position}: published {raw:?} is not a date; dropped"));
                    None
                }
                None => Some(d.format("%Y-%m-%d").to_string()),
            });
            let meta = ArticleMeta {
                id,
                source: defaults.source.clone().or_else(|| feed_title.clone()),
                url: link,
                title: entry.title.as_ref().map(text_of).filter(|t| !t.is_empty()),
                published,
            };
            Ok(Parsed { article: ArticleInput { meta, text }, warnings, input: input.into(), position: Some(position) })
        })
        .collect();
    Ok(out)
}

/// Unreadable dates are returned to feed-rs as instants from this one on (no feed is
/// dated 200,000 BC), one second per date.
fn marker_base() -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDate::from_ymd_opt(-200_000, 1, 1).unwrap_or(chrono::NaiveDate::MIN).and_time(chrono::NaiveTime::MIN).and_utc()
}

fn marker_index(d: chrono::DateTime<chrono::Utc>) -> Option<usize> {
    let s = (d - marker_base()).num_seconds();
    (0..1 << 40).contains(&s).then_some(s as usize)
}

/// The text of a feed `Text`: HTML types through the extractor, plain text with its
/// whitespace collapsed.
fn text_of(t: &feed_rs::model::Text) -> String {
    if t.content_type.subty().as_str().contains("html") {
        extract_html(&t.content).text
    } else {
        t.content.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(doc: &str) -> Vec<Result<Parsed, IngestError>> {
        feed_articles("news.rss", doc.as_bytes(), &ArticleMeta::default(), Options::default()).unwrap()
    }

    #[test]
    fn rss_items_become_articles() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example.org/</link>
<item><title>Bridge reopened</title><link>https://wire.example.org/bridge</link>
<pubDate>Mon, 04 Mar 2024 22:30:00 -0500</pubDate>
<description>&lt;p&gt;Engineers reopened the bridge on Monday.&lt;/p&gt;&lt;p&gt;Traffic resumed.&lt;/p&gt;</description></item>
<item><title>Empty one</title><link>https://wire.example.org/empty</link></item>
<item><title>No link</title><pubDate>sometime last week</pubDate><description>Plain words about a market fire.</description></item>
</channel></rss>"#;
        let v = items(rss);
        assert_eq!(v.len(), 3);
        let a = v[0].as_ref().unwrap();
        assert_eq!(a.article.text, "Engineers reopened the bridge on Monday.\n\nTraffic resumed.");
        let m = &a.article.meta;
        assert_eq!(m.id, "https://wire.example.org/bridge");
        assert_eq!(m.title.as_deref(), Some("Bridge reopened"));
        assert_eq!(m.url.as_deref(), Some("https://wire.example.org/bridge"));
        assert_eq!(m.source.as_deref(), Some("Example Wire"));
        // The publisher's day, as in HTML: 22:30 -0500 is still the 4th there.
        assert_eq!(m.published.as_deref(), Some("2024-03-04"));
        assert_eq!(a.position.as_deref(), Some("item 1"));
        let e = v[1].as_ref().unwrap_err();
        assert_eq!(e.to_string(), "news.rss: item 2: no text (the item has neither content nor summary)");
        let c = v[2].as_ref().unwrap();
        assert_eq!((c.article.meta.id.as_str(), c.article.text.as_str()), ("news.rss:item 3", "Plain words about a market fire."));
        assert_eq!(c.article.meta.published, None);
        assert_eq!(c.warnings, ["news.rss: item 3: published \"sometime last week\" is not a date; dropped"]);
    }

    #[test]
    fn atom_entries_prefer_content_and_the_alternate_link() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Field Notes</title><id>urn:x</id><updated>2024-01-02T00:00:00Z</updated>
<entry><title type="html">Aid &lt;b&gt;arrives&lt;/b&gt;</title><id>urn:1</id>
<link rel="self" href="https://notes.example.org/self/1"/><link rel="alternate" href="https://notes.example.org/1"/>
<updated>2024-01-02T09:00:00Z</updated><published>2024-01-01T09:00:00Z</published>
<summary>Short summary.</summary>
<content type="html">&lt;div&gt;&lt;p&gt;Trucks carrying food crossed at the northern gate.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;&lt;/div&gt;</content></entry>
</feed>"#;
        let v = items(atom);
        let a = v[0].as_ref().unwrap();
        assert_eq!(a.article.text, "Trucks carrying food crossed at the northern gate.");
        assert_eq!(a.article.meta.title.as_deref(), Some("Aid arrives"));
        assert_eq!(a.article.meta.url.as_deref(), Some("https://notes.example.org/1"));
        assert_eq!(a.article.meta.published.as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn not_a_feed_is_one_error() {
        let e = feed_articles("bad.rss", b"this is not xml", &ArticleMeta::default(), Options::default()).unwrap_err();
        assert!(e.to_string().starts_with("bad.rss: not a feed"), "{e}");
        assert_eq!(e.record().position, None);
    }
}
