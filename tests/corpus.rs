//! The whole real corpus (`fixtures/corpus/**` and `fixtures/seeds/*`):
//! every file is read without an error, every RSS dump and mirrored page
//! yields a title, a URL and text (or, for a source page that has none, a
//! warning starting `no article text`), dates have the record's formats, and no
//! removed boilerplate or markup leaks into the text.

use jianbao::{Format, Record};
#[path = "support/fixtures.rs"]
mod fixtures;

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC, no offset other than `Z`).
fn is_utc_rfc3339(s: &str) -> bool {
    s.len() == 20 && s.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Strings that must never reach the text: removed share bars, feed
/// footers, promo and subscribe boxes, buttons, undecoded entities, markup.
const LEAKS: &[&str] = &[
    "获取更多RSS",
    "feedx.net",
    "feedx.xyz",
    "分享 :",
    "继续浏览后续",
    "data-selfpromo",
    "点击此处订阅",
    "你的器材不支持播放多媒体材料",
    "Feed enhanced by",
    "Post tags:",
    "get_post_time(",
    "&amp;",
    "&quot;",
    "&nbsp;",
    "&#",
    "<p>",
    "<div",
    "</p>",
    "<br",
    "<img",
    "<script",
];

#[test]
fn every_file_of_the_corpus_reads_cleanly() {
    let mut paths = fixtures::fixture_files("corpus");
    paths.extend(fixtures::fixture_files("seeds"));
    assert!(paths.len() >= 300, "the corpus is missing: {} files", paths.len());

    let mut problems = Vec::new();
    let mut articles = 0;
    for path in &paths {
        let rel = path.strip_prefix(fixtures::fixtures_dir()).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(path).expect("read fixture");
        let record = jianbao::extract(&rel, &bytes);
        let a = match &record {
            Record::Error(e) => {
                problems.push(format!("{rel}: error record: {}", e.error));
                continue;
            }
            Record::Article(a) => a,
        };
        articles += 1;
        let mut p = |msg: String| problems.push(format!("{rel}: {msg}"));
        if matches!(a.source.format, Some(Format::RssDump | Format::MirrorPage)) {
            if a.title.trim().is_empty() {
                p("empty title".into());
            }
            if a.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
                p("no URL".into());
            }
            // A source page that really has no text (an empty body, a
            // picture-only page) must say so in its warnings.
            if a.paragraphs.is_empty() && !a.warnings.iter().any(|w| w.starts_with("no article text")) {
                p("no paragraphs, and no `no article text` warning".into());
            }
        }
        if let Some(d) = &a.published {
            if !is_utc_rfc3339(d) && !is_date(d) {
                p(format!("published `{d}` is neither YYYY-MM-DDTHH:MM:SSZ nor YYYY-MM-DD"));
            }
        }
        if let Some(d) = &a.captured {
            if !is_utc_rfc3339(d) {
                p(format!("captured `{d}` is not YYYY-MM-DDTHH:MM:SSZ"));
            }
        }
        if a.id.is_empty() {
            p("empty id".into());
        }
        let texts = std::iter::once(&a.title).chain(a.lead.iter()).chain(a.paragraphs.iter());
        for (i, t) in texts.enumerate() {
            if t.trim().is_empty() {
                p(format!("text block {i} is empty"));
            }
            if t != t.trim() {
                p(format!("text block {i} has untrimmed white space"));
            }
            for leak in LEAKS {
                if t.contains(leak) {
                    p(format!("text block {i} contains `{leak}`: {}", t.chars().take(80).collect::<String>()));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems in {} files ({articles} articles):\n{}",
        problems.len(),
        paths.len(),
        problems.join("\n")
    );
}
