//! HTML: the main text of a news page as paragraphs, with its title, date and URL.
//!
//! Parsing is html5ever's (through `scraper`), the same tree a browser builds, so broken
//! markup and entities are handled as browsers do. The choice of the main text is ours
//! and deliberately simple — the longest `<article>`/`<main>` (else `<body>`), less the
//! elements and classes that are navigation or boilerplate, less paragraphs that are
//! mostly links — because a readability score drops the short wire stories we care about.

use crate::{decode, normalize_date, IngestError, Options, Parsed};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};
use sitrep_core::{ArticleInput, ArticleMeta};
use std::sync::LazyLock;

/// What [`extract_html`] finds in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlDoc {
    /// Paragraphs separated by blank lines, whitespace collapsed; empty when the page has none.
    pub text: String,
    pub title: Option<String>,
    /// The publication date as the page writes it (not yet normalized).
    pub published: Option<String>,
    /// The canonical URL (`<link rel=canonical>`, else `og:url`).
    pub url: Option<String>,
}

/// How many `<article>`/`<main>` candidates are measured for the main text.
const MAX_CANDIDATES: usize = 16;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid built-in selector")
}

static MAIN: LazyLock<Selector> = LazyLock::new(|| sel("article, main, [role=main], [itemprop=articleBody]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static META: LazyLock<Selector> = LazyLock::new(|| sel("meta[content]"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel("link[rel=canonical][href]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime]"));
static LD_JSON: LazyLock<Selector> = LazyLock::new(|| sel("script[type=\"application/ld+json\"]"));

/// Elements whose text is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "footer", "header", "aside", "form", "button", "select", "textarea",
    "iframe", "object", "embed", "canvas", "figure", "head", "title", "dialog", "menu",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "br",
    "hr",
    "figcaption",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "tbody",
    "thead",
    "tfoot",
    "fieldset",
    "legend",
];

/// `class`/`id` words that mark boilerplate blocks (split on `-`, `_` and spaces).
const BOILER: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "share",
    "sharing",
    "social",
    "related",
    "comments",
    "comment",
    "cookie",
    "cookies",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "newsletter",
    "breadcrumb",
    "breadcrumbs",
    "subscribe",
    "masthead",
    "banner",
    "popup",
    "modal",
    "sponsored",
    "outbrain",
    "taboola",
];

/// Meta tags (by `property`, `name` or `itemprop`) that carry the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "date",
    "article:modified_time",
];

fn is_boilerplate(el: &scraper::node::Element) -> bool {
    if SKIP.contains(&el.name()) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(el.attr("role"), Some("navigation" | "banner" | "contentinfo" | "complementary" | "menu" | "dialog")) {
        return true;
    }
    // Class words only mark blocks inside the text: `<article class="story share-on">`
    // or `<body class="page-related">` still hold the story.
    if matches!(el.name(), "html" | "body" | "article" | "main") {
        return false;
    }
    let words = el.attr("class").into_iter().chain(el.attr("id"));
    words.flat_map(|v| v.split(|c: char| c == '-' || c == '_' || c.is_whitespace())).any(|w| {
        let w = w.to_ascii_lowercase();
        BOILER.contains(&w.as_str())
    })
}

/// Collects paragraphs from a subtree: whitespace collapsed, boilerplate skipped,
/// paragraphs that are mostly link text dropped (menus, "read more" lists).
#[derive(Default)]
struct Paragraphs {
    out: Vec<String>,
    cur: String,
    link_chars: usize,
}

impl Paragraphs {
    fn end(&mut self) {
        let p = self.cur.trim();
        // Mostly links (over 80 %): a menu or a list of other stories, not a sentence
        // that cites its source through a link.
        if !p.is_empty() && self.link_chars * 5 <= p.len() * 4 {
            self.out.push(p.to_string());
        }
        self.cur.clear();
        self.link_chars = 0;
    }
}

fn paragraphs(root: ElementRef<'_>) -> Vec<String> {
    // The chosen root is the text whatever its classes say (`<div itemprop=articleBody
    // class="story-share">`); only what lies inside it is judged.
    let root_id = root.id();
    let mut p = Paragraphs::default();
    let mut skip = 0usize;
    let mut links = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip > 0 || (node.id() != root_id && is_boilerplate(el)) {
                        skip += 1;
                    } else if el.name() == "a" {
                        links += 1;
                    } else if BLOCK.contains(&el.name()) {
                        p.end();
                    }
                }
                Node::Text(t) if skip == 0 => {
                    push_run(&mut p, t, links > 0);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip > 0 {
                        skip -= 1;
                    } else if el.name() == "a" {
                        links = links.saturating_sub(1);
                    } else if BLOCK.contains(&el.name()) {
                        p.end();
                    }
                }
            }
        }
    }
    p.end();
    p.out
}

/// Appends a text run, keeping words split by inline tags together (`<b>Mo</b>sul`).
fn push_run(p: &mut Paragraphs, s: &str, in_link: bool) {
    let glue = !s.starts_with(char::is_whitespace) && !p.cur.is_empty() && !p.cur.ends_with(' ');
    let mut first = true;
    for word in s.split_whitespace() {
        if !(p.cur.is_empty() || p.cur.ends_with(' ') || first && glue) {
            p.cur.push(' ');
        }
        first = false;
        p.cur.push_str(word);
        if in_link {
            p.link_chars += word.len() + 1;
        }
    }
    if s.ends_with(char::is_whitespace) && !p.cur.is_empty() && !p.cur.ends_with(' ') {
        p.cur.push(' ');
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The main text, title, date and URL of an HTML page (or fragment).
pub fn extract_html(html: &str) -> HtmlDoc {
    let doc = Html::parse_document(html);
    let root = doc.root_element();
    let mut best: Option<(usize, Vec<String>)> = None;
    // A few candidates at most: nested <article>s would make this quadratic.
    for el in doc.select(&MAIN).take(MAX_CANDIDATES) {
        let ps = paragraphs(el);
        let len: usize = ps.iter().map(String::len).sum();
        if len > 0 && best.as_ref().is_none_or(|(l, _)| len > *l) {
            best = Some((len, ps));
        }
    }
    let ps = match best {
        Some((_, ps)) => ps,
        None => paragraphs(doc.select(&BODY).next().unwrap_or(root)),
    };
    let text = ps.join("\n\n");

    let mut metas: Vec<(String, String)> = Vec::new();
    for m in doc.select(&META) {
        let v = m.value();
        let key = v.attr("property").or_else(|| v.attr("name")).or_else(|| v.attr("itemprop"));
        if let (Some(k), Some(c)) = (key, v.attr("content")) {
            metas.push((k.trim().to_ascii_lowercase(), c.trim().to_string()));
        }
    }
    let meta = |k: &str| metas.iter().find(|(mk, c)| mk == k && !c.is_empty()).map(|(_, c)| c.clone());

    let title = meta("og:title")
        .or_else(|| meta("twitter:title"))
        .or_else(|| doc.select(&TITLE).next().and_then(|t| non_empty(collapse(&t.text().collect::<String>()))))
        .or_else(|| doc.select(&H1).next().and_then(|t| non_empty(collapse(&t.text().collect::<String>()))))
        .map(|t| collapse(&t));
    let published = DATE_META
        .iter()
        .find_map(|k| meta(k))
        .or_else(|| doc.select(&LD_JSON).find_map(|s| ld_date(&s.text().collect::<String>())))
        .or_else(|| doc.select(&TIME).find_map(|t| t.value().attr("datetime").map(|d| d.trim().to_string()).and_then(non_empty)));
    let url = doc
        .select(&CANONICAL)
        .find_map(|l| l.value().attr("href").map(|h| h.trim().to_string()).and_then(non_empty))
        .or_else(|| meta("og:url"));
    HtmlDoc { text, title, published, url }
}

/// `datePublished` from JSON-LD (schema.org `NewsArticle`), searched without recursion
/// limits being a risk: the walk is iterative.
fn ld_date(json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json.trim()).ok()?;
    let mut stack = vec![&v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(d)) = o.get("datePublished") {
                    return non_empty(d.trim().to_string());
                }
                stack.extend(o.values());
            }
            serde_json::Value::Array(a) => stack.extend(a.iter().rev()),
            _ => {}
        }
    }
    None
}

/// One article from an HTML document already decoded: its id is the URL when the page (or
/// `url`, from a WARC header) names one, else `input` or `input:position`. A page without
/// body text is an error. `fallback_date` (a WARC-Date) is used when the page has no date.
pub(crate) fn html_parsed(
    input: &str,
    position: Option<String>,
    html: &str,
    url: Option<String>,
    fallback_date: Option<&str>,
    defaults: &ArticleMeta,
) -> Result<Parsed, IngestError> {
    let err = |message: String| match &position {
        Some(p) => IngestError::Item { name: input.into(), position: p.clone(), message },
        None => IngestError::Invalid { name: input.into(), message },
    };
    let doc = extract_html(html);
    if doc.text.trim().is_empty() {
        return Err(err("no body text in the HTML".into()));
    }
    let at = match &position {
        Some(p) => format!("{input}: {p}"),
        None => input.to_string(),
    };
    let mut warnings = Vec::new();
    let published = match doc.published.as_deref().map(|d| (d, normalize_date(d))) {
        Some((_, Some(day))) => Some(day),
        Some((raw, None)) => {
            warnings.push(format!("{at}: published {raw:?} is not a date; dropped"));
            fallback_date.and_then(normalize_date)
        }
        None => fallback_date.and_then(normalize_date),
    };
    let url = url.or(doc.url).or_else(|| defaults.url.clone());
    let id = match (&url, &position) {
        (Some(u), _) => u.clone(),
        (None, Some(p)) => format!("{input}:{p}"),
        (None, None) if !defaults.id.is_empty() => defaults.id.clone(),
        (None, None) => input.to_string(),
    };
    let meta = ArticleMeta {
        id,
        source: defaults.source.clone(),
        url,
        title: doc.title.or_else(|| defaults.title.clone()),
        published: published.or_else(|| defaults.published.clone()),
    };
    Ok(Parsed { article: ArticleInput { meta, text: doc.text }, warnings, input: input.into(), position })
}

/// The text of an HTML page in its declared charset: a byte-order mark, else the HTTP
/// `charset` (from a WARC record), else a `<meta charset>` in the first 2 KiB. Pages
/// declared in another charset than UTF-8 (windows-1251, GBK, Shift_JIS… common in
/// CC-NEWS) are decoded by encoding_rs; UTF-8 and undeclared pages go through [`decode`],
/// strict unless `lossy`.
pub(crate) fn decode_html(name: &str, bytes: Vec<u8>, http_charset: Option<&str>, opts: Options) -> Result<String, IngestError> {
    if bytes.len() > opts.max_bytes {
        return Err(IngestError::TooLarge { name: name.into(), size: bytes.len(), limit: opts.max_bytes });
    }
    let declared = encoding_rs::Encoding::for_bom(&bytes)
        .map(|(e, _)| e)
        .or_else(|| http_charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes())))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(2048)]).and_then(encoding_rs::Encoding::for_label));
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let (text, _, _) = enc.decode(&bytes);
            if text.trim().is_empty() {
                return Err(IngestError::Empty { name: name.into() });
            }
            Ok(text.into_owned())
        }
        _ => decode(name, bytes, opts),
    }
}

/// The label after the first `charset=` in a page's head (`<meta charset="…">` or the
/// `http-equiv` form).
fn meta_charset(head: &[u8]) -> Option<&[u8]> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = memchr::memmem::find(&lower, b"charset")? + 7;
    let rest = &head[at..];
    let skip = rest.iter().take_while(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'"' | b'\'')).count();
    let rest = &rest[skip..];
    let len = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')).count();
    (len > 0).then(|| &rest[..len])
}

/// One article from the bytes of an HTML file (see [`extract_html`]); `defaults` fill what
/// the page does not say.
pub fn html_article(input: &str, bytes: Vec<u8>, defaults: &ArticleMeta, opts: Options) -> Result<Parsed, IngestError> {
    let html = decode_html(input, bytes, None, opts)?;
    html_parsed(input, None, &html, None, None, defaults)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html><head>
<title>Site name | Ceasefire talks</title>
<meta property="og:title" content="Ceasefire talks resume in  the capital">
<meta property="article:published_time" content="2024-03-05T08:15:00+03:00">
<link rel="canonical" href="https://news.example.org/2024/03/ceasefire">
<style>p { color: red }</style>
<script>var tracking = "do not read me";</script>
</head><body>
<header><a href="/">Home</a> <a href="/world">World</a></header>
<nav><ul><li><a href="/a">Politics</a></li><li><a href="/b">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies.</div>
<article class="story share-enabled">
  <h1>Ceasefire talks resume</h1>
  <p>Negotiators met on Tuesday in the capital,
     officials said&nbsp;&amp; confirmed.</p>
  <p>The talks <b>follow</b> a week of shelling near the <i>north</i>ern border.</p>
  <script>alert("no")</script>
  <div class="share-tools"><a href="#">Share</a></div>
  <ul class="related-links"><li><a href="/x">Another story</a></li></ul>
  <p><a href="/more">Read more news here</a></p>
  <p>Officials <a href="/s">told reporters on Tuesday</a> more talks would follow.</p>
</article>
<footer>Copyright Example Media</footer>
</body></html>"##;

    #[test]
    fn main_text_title_date_and_url() {
        let d = extract_html(PAGE);
        assert_eq!(
            d.text,
            "Ceasefire talks resume\n\nNegotiators met on Tuesday in the capital, officials said & confirmed.\n\nThe talks follow a week of shelling near the northern border.\n\nOfficials told reporters on Tuesday more talks would follow."
        );
        assert_eq!(d.title.as_deref(), Some("Ceasefire talks resume in the capital"));
        assert_eq!(d.published.as_deref(), Some("2024-03-05T08:15:00+03:00"));
        assert_eq!(d.url.as_deref(), Some("https://news.example.org/2024/03/ceasefire"));
    }

    #[test]
    fn body_text_without_article_and_fallback_metadata() {
        let page = r#"<html><head><title> Flood  warning </title>
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2023-11-02T10:00:00Z"}]}</script>
</head><body><div id="main-menu"><a href="/">Home</a></div>
<div><p>Rivers rose overnight.</p>Villagers moved to higher ground.<br>Roads closed.</div></body></html>"#;
        let d = extract_html(page);
        assert_eq!(d.text, "Rivers rose overnight.\n\nVillagers moved to higher ground.\n\nRoads closed.");
        assert_eq!(d.title.as_deref(), Some("Flood warning"));
        assert_eq!(d.published.as_deref(), Some("2023-11-02T10:00:00Z"));
        assert_eq!(d.url, None);
    }

    #[test]
    fn an_html_file_becomes_an_article_or_an_error() {
        let p = html_article("dir/page.html", PAGE.as_bytes().to_vec(), &ArticleMeta::default(), Options::default()).unwrap();
        assert_eq!(p.article.meta.id, "https://news.example.org/2024/03/ceasefire");
        assert_eq!(p.article.meta.published.as_deref(), Some("2024-03-05"));
        assert!(p.warnings.is_empty());

        let empty = "<html><head><title>Only a title</title></head><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>";
        let e = html_article("dir/empty.html", empty.as_bytes().to_vec(), &ArticleMeta::default(), Options::default()).unwrap_err();
        assert_eq!(e.to_string(), "dir/empty.html: no body text in the HTML");

        let bad_date = "<meta name=date content='last week'><p>Aid convoys arrived.</p>";
        let p = html_article("d.htm", bad_date.as_bytes().to_vec(), &ArticleMeta::default(), Options::default()).unwrap();
        assert_eq!((p.article.meta.id.as_str(), p.article.meta.published.as_deref()), ("d.htm", None));
        assert_eq!(p.warnings, vec!["d.htm: published \"last week\" is not a date; dropped".to_string()]);
    }

    #[test]
    fn declared_charsets_are_decoded() {
        // "Новости" (news) in windows-1251, declared in a meta tag.
        let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body><p>".to_vec();
        page.extend([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]);
        page.extend(b"</p></body></html>");
        let p = html_article("ru.html", page.clone(), &ArticleMeta::default(), Options::default()).unwrap();
        assert_eq!(p.article.text, "Новости");
        // Declared by HTTP instead (as a WARC record does), with a different meta: HTTP wins.
        let s = decode_html("w", b"<meta charset=utf-8><p>caf\xe9</p>".to_vec(), Some("iso-8859-1"), Options::default()).unwrap();
        assert!(s.contains("café"));
        // Undeclared and not UTF-8: strict unless lossy.
        let e = decode_html("u.html", b"<p>caf\xe9</p>".to_vec(), None, Options::default()).unwrap_err();
        assert!(matches!(e, IngestError::Utf8 { offset: 6, .. }));
    }

    #[test]
    fn the_chosen_root_is_not_judged_by_its_classes() {
        let page = r#"<nav><p>Menu entry one.</p></nav><div itemprop="articleBody" class="story-share"><p>Shelters opened in the north.</p></div>"#;
        assert_eq!(extract_html(page).text, "Shelters opened in the north.");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "<div>".repeat(20_000) + "Deep text." + &"</div>".repeat(20_000);
        assert_eq!(extract_html(&deep).text, "Deep text.");
    }
}
