//! The exporter (src/export.rs) over hand-made hostile articles and the whole
//! real corpus: CSV read back by an independent RFC 4180 parser, JSON Lines
//! parsed back into the same records, Markdown that cannot be made to say
//! more than its text.

#[path = "support/fixtures.rs"]
mod fixtures;

use jianbao::export::{ExportFormat, Exporter, CSV_COLUMNS, LIST_SEPARATOR};
use jianbao::model::{Article, Record, Source};
use jianbao::search::SearchOptions;

fn export(format: ExportFormat, records: &[Record]) -> Vec<u8> {
    let mut exporter = Exporter::new(format, Vec::new()).unwrap();
    for r in records {
        exporter.write(r).unwrap();
    }
    exporter.finish().unwrap()
}

/// Every real file (seeds and corpus), extracted, as the CLI reads them.
fn real_records() -> Vec<Record> {
    let mut files = fixtures::fixture_files("seeds");
    files.extend(fixtures::fixture_files("corpus"));
    files.iter().map(|f| jianbao::extract(&f.to_string_lossy(), &std::fs::read(f).unwrap())).collect()
}

/// The start of a PNG file: an error record, not an article.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn article(title: &str, paragraphs: &[&str]) -> Record {
    Record::Article(Box::new(Article {
        source: Source { path: "dir/a.txt".into(), bytes: 10, sha256: "00".into(), ..Source::default() },
        id: "abc".into(),
        title: title.into(),
        url: Some("https://www.rfi.fr/cn/中国/20240322-香港".into()),
        outlet: Some("RFI".into()),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        authors: vec!["张婷".into(), "李, 明".into()],
        tags: vec!["香港".into(), "\"23条\"".into()],
        ..Article::default()
    }))
}

/// A strict RFC 4180 reader, written from the RFC and independent of the
/// exporter: rows of fields; CRLF ends a row; a quoted field may hold `,`,
/// CR, LF and `""`. Panics on anything the RFC does not allow.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted_field = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() && !quoted_field => {
                quoted_field = true;
                loop {
                    match chars.next().expect("a quoted field is closed") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => field.push(c),
                    }
                }
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                quoted_field = false;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR only as part of CRLF outside quotes");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                quoted_field = false;
            }
            '\n' => panic!("a bare LF outside quotes"),
            '"' => panic!("a quote inside an unquoted field"),
            c => {
                assert!(!quoted_field, "text after a closing quote");
                field.push(c);
            }
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the last row ends with CRLF");
    rows
}

#[test]
fn csv_starts_with_a_bom_and_the_header_even_when_empty() {
    let bytes = export(ExportFormat::Csv, &[]);
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 byte order mark");
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    assert_eq!(rows, vec![CSV_COLUMNS.map(String::from).to_vec()]);
}

#[test]
fn csv_quotes_quotes_commas_and_line_breaks_and_keeps_chinese_text() {
    let title = "他说：\"香港, 自由\"\r\n第二行\n第三行";
    let paragraph = "【大纪元2024年03月22日讯】香港《基本法》第23条, \"立法\"。";
    let bytes = export(ExportFormat::Csv, &[article(title, &[paragraph])]);
    let text = std::str::from_utf8(&bytes).unwrap().strip_prefix('\u{feff}').unwrap();
    // The raw bytes: quoted, quotes doubled, CRLF after each row.
    assert!(text.contains("\"他说：\"\"香港, 自由\"\"\r\n第二行\n第三行\""), "{text}");
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(text);
    assert_eq!(rows.len(), 2);
    let row = &rows[1];
    let cell = |name: &str| row[CSV_COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
    assert_eq!(row.len(), CSV_COLUMNS.len());
    assert_eq!(cell("title"), title);
    assert_eq!(cell("lead"), paragraph, "no lead: the first paragraph");
    assert_eq!(cell("authors"), ["张婷", "李, 明"].join(LIST_SEPARATOR));
    assert_eq!(cell("tags"), ["香港", "\"23条\""].join(LIST_SEPARATOR));
    assert_eq!(cell("url"), "https://www.rfi.fr/cn/中国/20240322-香港");
    assert_eq!(cell("source_path"), "dir/a.txt");
    assert_eq!(cell("section"), "", "a missing value is an empty cell");
}

#[test]
fn csv_cells_that_look_like_formulas_stay_text() {
    let bytes = export(ExportFormat::Csv, &[article("=HYPERLINK(\"http://evil\",\"点我\")", &["-1+1"])]);
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    assert_eq!(rows[1][1], "'=HYPERLINK(\"http://evil\",\"点我\")");
    assert_eq!(rows[1][10], "'-1+1");
}

#[test]
fn csv_of_the_real_corpus_has_one_row_per_article_in_order() {
    let mut records = real_records();
    records.insert(3, jianbao::extract("photo.png", PNG));
    let bytes = export(ExportFormat::Csv, &records);
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    let articles: Vec<&Article> = records.iter().filter_map(Record::as_article).collect();
    assert!(articles.len() > 300 && articles.len() < records.len(), "the error record is left out");
    assert_eq!(rows.len(), articles.len() + 1);
    for (row, a) in rows[1..].iter().zip(&articles) {
        assert_eq!(row.len(), CSV_COLUMNS.len());
        assert_eq!((row[0].as_str(), row[9].as_str()), (a.id.as_str(), a.source.path.as_str()));
        assert!(row[1] == a.title || row[1] == format!("'{}", a.title), "{}", a.source.path);
    }
}

#[test]
fn json_lines_are_the_records_and_parse_back_to_them() {
    let mut records = real_records();
    records.insert(3, jianbao::extract("photo.png", PNG));
    let bytes = export(ExportFormat::JsonLines, &records);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.ends_with('\n'));
    let back: Vec<Record> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(back, records, "errors included, every field the same");
    // Byte for byte what `jianbao extract` prints: serde's serialisation of the record.
    for (line, r) in text.lines().zip(&records) {
        assert_eq!(line, serde_json::to_string(r).unwrap());
    }
}

/// The article sections of a Markdown export: its `## ` lines.
fn headings(md: &str) -> Vec<&str> {
    md.lines().filter(|l| l.starts_with("## ")).collect()
}

#[test]
fn markdown_has_one_section_per_article_with_its_text() {
    let records = real_records();
    let md = String::from_utf8(export(ExportFormat::Markdown, &records)).unwrap();
    let articles: Vec<&Article> = records.iter().filter_map(Record::as_article).collect();
    assert_eq!(headings(&md).len(), articles.len());
    // Every line that starts like a Markdown block is one of ours: a heading or a link.
    for line in md.lines() {
        let block = line.starts_with(['#', '>', '-', '+', '*', '=', ' ', '|', '`', '~']);
        assert!(!block || line.starts_with("## "), "{line}");
    }
    let first = articles[0];
    let section = md.split("\n## ").next().unwrap();
    assert!(section.contains(&format!("<{}>", first.url.as_deref().unwrap())), "{section}");
    assert!(section.matches("\n\n").count() >= first.paragraphs.len());
}

#[test]
fn markdown_titles_and_text_cannot_make_links_html_or_blocks() {
    let hostile = [
        "[点我](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "# 假标题",
        "标题 ##",
        "- 列表",
        "1. 列表",
        "> 引用",
        "    缩进代码",
        "`代码` *强调* _强调_ ~~删除~~ | 表格 |",
        "&lt;script&gt;",
        "第一行\n## 注入的标题",
    ];
    let records: Vec<Record> = hostile.iter().map(|t| article(t, &[t])).collect();
    let md = String::from_utf8(export(ExportFormat::Markdown, &records)).unwrap();
    assert_eq!(headings(&md).len(), hostile.len(), "{md}");
    let unescaped = |c: char| md.char_indices().any(|(i, x)| x == c && !md[..i].ends_with('\\'));
    for c in ['[', ']', '<', '`', '*', '_', '~', '|', '&'] {
        // `<` appears unescaped only in the links we write.
        let ours = c == '<' && md.matches('<').count() == md.matches("<https://").count() + md.matches("\\<").count();
        assert!(!unescaped(c) || ours, "unescaped {c} in\n{md}");
    }
    for line in md.lines() {
        assert!(!line.starts_with(['>', '-', '1', ' ']) || line.starts_with("1\\."), "{line}");
    }
    assert!(md.contains("## 第一行 \\#\\# 注入的标题"), "line breaks become spaces: {md}");
}

#[test]
fn an_untitled_article_is_headed_by_its_source_path() {
    let md = String::from_utf8(export(ExportFormat::Markdown, &[article(" ", &["正文"])])).unwrap();
    assert!(md.starts_with("## dir/a.txt\n"), "{md}");
}

#[test]
fn error_records_are_kept_in_json_lines_and_left_out_elsewhere() {
    let error = jianbao::extract("photo.png", PNG);
    assert!(matches!(error, Record::Error(_)));
    for format in ExportFormat::ALL {
        let mut exporter = Exporter::new(format, Vec::new()).unwrap();
        assert_eq!(exporter.write(&error).unwrap(), format.keeps_errors(), "{format:?}");
        assert!(exporter.write(&article("标题", &["正文"])).unwrap());
    }
}

#[test]
fn chunks_taken_as_they_are_written_add_up_to_the_whole_export() {
    let records = real_records();
    for format in ExportFormat::ALL {
        let whole = export(format, &records);
        let mut exporter = Exporter::new(format, Vec::new()).unwrap();
        let mut chunks = Vec::new();
        for chunk in records.chunks(50) {
            for r in chunk {
                exporter.write(r).unwrap();
            }
            chunks.extend(exporter.take_bytes());
        }
        chunks.extend(exporter.finish().unwrap());
        assert_eq!(chunks, whole, "{format:?}");
    }
}

#[test]
fn a_views_ranked_documents_are_its_search_hits_in_order() {
    let mut corpus = jianbao::corpus::Corpus::new();
    for r in real_records() {
        corpus.add_record(r);
    }
    for query in ["", "美国", "中国 OR 香港", "outlet:RFI", "after:2021 -美国"] {
        for newest_first in [None, Some(true), Some(false)] {
            for (offset, limit) in [(0, None), (3, Some(7))] {
                let options = SearchOptions { newest_first, offset, limit, ..SearchOptions::default() };
                let hits: Vec<u32> = corpus.search(query, &options).unwrap().hits.iter().map(|h| h.doc).collect();
                assert_eq!(corpus.ranked(query, &options).unwrap(), hits, "{query} {newest_first:?} {offset}");
            }
        }
    }
    assert!(corpus.ranked("\"未闭合", &SearchOptions::default()).is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text mixing Chinese, ASCII punctuation, quotes, commas and line breaks.
    fn hostile_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()),
                Just(",".to_string()),
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just("\r".to_string()),
                "[香港乌克兰 a-z0-9]{1,4}",
                "[\\[\\]<>`*_~|&#\\\\!=+@.()-]",
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn any_title_and_text_survive_a_csv_round_trip(title in hostile_text(), text in hostile_text()) {
            let bytes = export(ExportFormat::Csv, &[article(&title, &[&text])]);
            let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
            prop_assert_eq!(rows.len(), 2);
            let defused = |s: &str| if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
            prop_assert_eq!(&rows[1][1], &defused(&title));
            if !text.is_empty() {
                prop_assert_eq!(&rows[1][10], &defused(&text));
            }
        }

        #[test]
        fn any_title_is_one_heading_that_shows_its_text(title in hostile_text()) {
            prop_assume!(!title.trim().is_empty());
            let md = String::from_utf8(export(ExportFormat::Markdown, &[article(&title, &[&title])])).unwrap();
            prop_assert_eq!(headings(&md).len(), 1);
            let heading = headings(&md)[0];
            // Undoing the backslash escapes gives the title back, line breaks as spaces, start trimmed.
            let mut shown = String::new();
            let mut chars = heading[3..].chars();
            while let Some(c) = chars.next() {
                shown.push(if c == '\\' { chars.next().unwrap() } else { c });
            }
            let expected = title.replace(['\r', '\n'], " ");
            prop_assert_eq!(shown, expected.trim_start());
        }
    }
}
