//! Writing records out: JSON Lines, CSV and Markdown, for the CLI's
//! `--format` and the page's Export menu. One exporter, so a file made by the
//! page and one made by `jianbao extract --format …` hold the same bytes for
//! the same records.
//!
//! An [`Exporter`] writes to any [`Write`], one record at a time: nothing is
//! collected, so a 65,000-article export costs the memory of one record (the
//! page drains the writer between chunks, see the wasm binding).
//!
//! # JSON Lines (`jsonl`)
//! Exactly what `jianbao extract` prints: one record per line, serialised by
//! serde from [`Record`] (field names as in the README), `\n` after each. Error
//! records are written too, so `jq` scripts work on both.
//!
//! # CSV (`csv`)
//! For spreadsheets: a UTF-8 byte order mark (so Excel reads UTF-8), a header
//! row, then one row per article, RFC 4180 (fields quoted when they hold `"`,
//! `,`, CR or LF; `"` doubled), CRLF line ends.
//!
//! ```text
//! id,title,outlet,section,published,captured,url,authors,tags,source_path,lead
//! ```
//! - `authors` and `tags` are joined with [`LIST_SEPARATOR`] (`; `).
//! - `lead` is the article's lead, else its first paragraph, cut at
//!   [`CELL_CHARS`] characters (a spreadsheet cell holds at most 32,767).
//! - A cell that would start with `=`, `+`, `-`, `@`, a tab or a CR gets a
//!   leading `'`, so a spreadsheet shows it as text and never runs it as a
//!   formula (CSV injection): `=HYPERLINK(…)` in a title stays a title.
//! - Error records (files that are not articles) have no row: there is no
//!   article to describe. [`Exporter::write`] says so by returning `false`.
//!
//! # Markdown (`md`)
//! A reading list: per article a `## title` heading (the source path when
//! there is no title), a line `outlet · section · published · authors`, the
//! link as `<https://…>`, then the lead and every paragraph as paragraphs.
//! All text is escaped ([`escape_markdown`]): a title or paragraph cannot
//! start a heading, list, quote or code block, and cannot make links,
//! emphasis or HTML (`<script>` shows as text). Only `http(s)` URLs become
//! links. Error records are left out, as in CSV.

use crate::model::{Article, Record};
use std::io::{self, Write};

/// An export format, by the name the CLI's `--format` and the page use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportFormat {
    /// `jsonl`: the CLI's records, one JSON object per line.
    #[default]
    JsonLines,
    /// `csv`: one row per article, for spreadsheets.
    Csv,
    /// `md`: one section per article, for reading.
    Markdown,
}

impl ExportFormat {
    /// Every format, in the order menus and help list them.
    pub const ALL: [ExportFormat; 3] = [ExportFormat::JsonLines, ExportFormat::Csv, ExportFormat::Markdown];

    /// The format's name, as parsed by `FromStr`; also its file extension.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::JsonLines => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Markdown => "md",
        }
    }

    /// The media type of a file in this format (for a browser's Blob).
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::JsonLines => "application/jsonl; charset=utf-8",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
        }
    }

    /// Whether records of files that are not articles are written (only JSON Lines has room for them).
    pub fn keeps_errors(self) -> bool {
        self == ExportFormat::JsonLines
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<ExportFormat, String> {
        match name {
            "jsonl" | "json-lines" | "ndjson" => Ok(ExportFormat::JsonLines),
            "csv" => Ok(ExportFormat::Csv),
            "md" | "markdown" => Ok(ExportFormat::Markdown),
            _ => Err(format!("the export format is jsonl, csv or md, not `{name}`")),
        }
    }
}

/// The name of an export file: `jianbao-<query>-<date>.<format>`, the query
/// being `all` when it is empty (`jianbao-香港-2024-03-22.jsonl`,
/// `jianbao-all-2024-03-22.csv`). `date` is the caller's (the core has no
/// clock). Characters no file system takes (`\ / : * ? " < > |`), control
/// and invisible formatting characters (bidi overrides, zero-width spaces)
/// and white space become `_`, one per run; the query part is at most
/// [`FILE_NAME_QUERY_CHARS`] characters and never starts or ends with `.` or `_`.
///
/// ```
/// use jianbao::export::{file_name, ExportFormat};
/// assert_eq!(file_name("香港", "2024-03-22", ExportFormat::JsonLines), "jianbao-香港-2024-03-22.jsonl");
/// assert_eq!(file_name("  ", "2024-03-22", ExportFormat::Csv), "jianbao-all-2024-03-22.csv");
/// assert_eq!(file_name("乌克兰 outlet:\"RFI\"", "2024-03-22", ExportFormat::Markdown), "jianbao-乌克兰_outlet_RFI-2024-03-22.md");
/// ```
pub fn file_name(query: &str, date: &str, format: ExportFormat) -> String {
    let mut part = String::new();
    for c in query.chars() {
        let unsafe_char = c.is_whitespace()
            || c.is_control()
            || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}');
        if !unsafe_char {
            part.push(c);
        } else if !part.ends_with('_') {
            part.push('_');
        }
    }
    let part: String = part.trim_matches(['_', '.']).chars().take(FILE_NAME_QUERY_CHARS).collect();
    let part = part.trim_end_matches(['_', '.']);
    let part = if part.is_empty() { "all" } else { part };
    format!("jianbao-{part}-{date}.{}", format.name())
}

/// Longest query part of an export's [`file_name`], in characters.
pub const FILE_NAME_QUERY_CHARS: usize = 60;

/// The columns of a CSV export, in order.
pub const CSV_COLUMNS: [&str; 11] =
    ["id", "title", "outlet", "section", "published", "captured", "url", "authors", "tags", "source_path", "lead"];

/// What joins the values of a multi-valued field (authors, tags) in one CSV cell.
pub const LIST_SEPARATOR: &str = "; ";

/// Longest text in a CSV cell, in characters (spreadsheets hold 32,767).
pub const CELL_CHARS: usize = 32_000;

/// Writes records in one [`ExportFormat`] to `W`, one at a time. It holds
/// no buffer of its own: what [`Exporter::write`] wrote is in `W`.
pub struct Exporter<W: Write> {
    format: ExportFormat,
    out: W,
}

impl<W: Write> Exporter<W> {
    /// Starts an export: writes what comes before the first record (for CSV,
    /// the byte order mark and the header row), so even an empty export is a
    /// well-formed file.
    pub fn new(format: ExportFormat, mut out: W) -> io::Result<Self> {
        if format == ExportFormat::Csv {
            write_csv_header(&mut out, &CSV_COLUMNS)?;
        }
        Ok(Exporter { format, out })
    }

    /// Writes one record. Returns `false` when the format has no place for it
    /// (an error record in CSV or Markdown): the caller counts it elsewhere.
    pub fn write(&mut self, record: &Record) -> io::Result<bool> {
        match (self.format, record) {
            (ExportFormat::JsonLines, record) => {
                serde_json::to_writer(&mut self.out, record)?;
                self.out.write_all(b"\n")?;
            }
            (ExportFormat::Csv, Record::Article(a)) => write_csv_row(&mut self.out, csv_row(a))?,
            (ExportFormat::Markdown, Record::Article(a)) => write_markdown(&mut self.out, a)?,
            (_, Record::Error(_)) => return Ok(false),
        }
        Ok(true)
    }

    /// The writer: where the bytes written so far are.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Ends the export and hands the writer back, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

impl Exporter<Vec<u8>> {
    /// The bytes written since the last call: how an export leaves in chunks.
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}

/// An article's CSV row, in [`CSV_COLUMNS`] order.
fn csv_row(a: &Article) -> [String; 11] {
    let opt = |v: &Option<String>| v.as_deref().unwrap_or("").to_string();
    let lead = a.lead.as_deref().or(a.paragraphs.first().map(String::as_str)).unwrap_or("");
    [
        a.id.clone(),
        a.title.clone(),
        opt(&a.outlet),
        opt(&a.section),
        opt(&a.published),
        opt(&a.captured),
        opt(&a.url),
        a.authors.join(LIST_SEPARATOR),
        a.tags.join(LIST_SEPARATOR),
        a.source.path.clone(),
        crate::text::excerpt(lead, CELL_CHARS).into_owned(),
    ]
    .map(defuse_formula)
}

/// What every CSV file the core writes starts with: the UTF-8 byte order
/// mark (spreadsheets take the file for UTF-8 only with it), then the header
/// row of `columns`.
pub fn write_csv_header(out: &mut impl Write, columns: &[&str]) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    write_csv_row(out, columns)
}

/// One CSV row, RFC 4180: a field holding `"`, `,`, CR or LF is quoted and
/// its `"` doubled; CRLF ends the row. Cells are written as given (the
/// article export defuses formulas before, in [`csv_row`]).
pub fn write_csv_row<S: AsRef<str>>(out: &mut impl Write, cells: impl IntoIterator<Item = S>) -> io::Result<()> {
    for (i, cell) in cells.into_iter().enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            out.write_all(b",")?;
        }
        if cell.contains(['"', ',', '\r', '\n']) {
            out.write_all(b"\"")?;
            out.write_all(cell.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// Prefixes `'` to a cell a spreadsheet would read as a formula.
fn defuse_formula(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

fn write_markdown(out: &mut impl Write, a: &Article) -> io::Result<()> {
    let heading = if a.title.trim().is_empty() { &a.source.path } else { &a.title };
    writeln!(out, "## {}\n", escape_markdown(heading))?;
    let authors = a.authors.join(", ");
    let about: Vec<&str> = [a.outlet.as_deref(), a.section.as_deref(), a.published.as_deref(), Some(authors.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !about.is_empty() {
        writeln!(out, "{}\n", escape_markdown(&about.join(" · ")))?;
    }
    if let Some(url) = &a.url {
        writeln!(out, "{}\n", markdown_link(url))?;
    }
    for text in a.lead.iter().chain(&a.paragraphs) {
        if !text.trim().is_empty() {
            writeln!(out, "{}\n", escape_markdown(text))?;
        }
    }
    Ok(())
}

/// A URL as a Markdown autolink (`<https://…>`) when it is http(s), with the
/// characters that would end or break the autolink percent-encoded; any
/// other URL is written as escaped text, never as a link.
fn markdown_link(url: &str) -> String {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return escape_markdown(url);
    }
    let mut link = String::with_capacity(url.len() + 2);
    link.push('<');
    for c in url.chars() {
        if c.is_control() || c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\\' | '`') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                link.push_str(&format!("%{b:02X}"));
            }
        } else {
            link.push(c);
        }
    }
    link.push('>');
    link
}

/// Text as one line of Markdown that renders as exactly that text:
/// line breaks become spaces, inline syntax (`\ ` * _ [ ] < > & | ~ #`) is
/// backslash-escaped, and a start that would open a block (`-`, `+`, `=`,
/// `1.`, `1)`, indentation) is escaped or trimmed.
///
/// ```
/// use jianbao::export::escape_markdown;
/// assert_eq!(escape_markdown("[点我](javascript:alert(1))"), r"\[点我\](javascript:alert(1))");
/// assert_eq!(escape_markdown("<script>x</script>"), r"\<script\>x\</script\>");
/// assert_eq!(escape_markdown("1. 第一"), r"1\. 第一");
/// ```
pub fn escape_markdown(text: &str) -> String {
    let line: String = text.split(['\r', '\n', '\t']).collect::<Vec<_>>().join(" ");
    let line = line.trim_start();
    let mut out = String::with_capacity(line.len() + 8);
    if line.starts_with(['-', '+', '=']) {
        out.push('\\');
    }
    // An ordered-list marker: up to nine digits, then `.` or `)`.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let list_marker = (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
    for (i, c) in line.char_indices() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#')
            || (list_marker && i == digits)
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse_and_an_unknown_one_lists_the_valid_names() {
        for format in ExportFormat::ALL {
            assert_eq!(format.name().parse::<ExportFormat>(), Ok(format));
        }
        assert_eq!("markdown".parse::<ExportFormat>(), Ok(ExportFormat::Markdown));
        let err = "xlsx".parse::<ExportFormat>().unwrap_err();
        assert!(err.contains("jsonl, csv or md") && err.contains("`xlsx`"), "{err}");
    }

    #[test]
    fn file_names_hold_only_what_every_file_system_takes() {
        let name = |q: &str| file_name(q, "2024-03-22", ExportFormat::Csv);
        assert_eq!(name("a/b\\c:d*e?f\"g<h>i|j"), "jianbao-a_b_c_d_e_f_g_h_i_j-2024-03-22.csv");
        assert_eq!(name("..\u{202e}gpj.exe"), "jianbao-gpj.exe-2024-03-22.csv");
        assert_eq!(name("-广告 \t\n 香港"), "jianbao--广告_香港-2024-03-22.csv");
        assert_eq!(name("???"), "jianbao-all-2024-03-22.csv");
        let long = name(&"港".repeat(500));
        assert_eq!(long, format!("jianbao-{}-2024-03-22.csv", "港".repeat(FILE_NAME_QUERY_CHARS)));
    }

    #[test]
    fn formula_cells_are_defused_and_others_left_alone() {
        assert_eq!(defuse_formula("=1+1".into()), "'=1+1");
        assert_eq!(defuse_formula("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(defuse_formula("香港 = 1".into()), "香港 = 1");
    }

    #[test]
    fn only_http_urls_become_links_and_cannot_break_out_of_the_autolink() {
        assert_eq!(markdown_link("https://a.example/x y>z"), "<https://a.example/x%20y%3Ez>");
        assert_eq!(markdown_link("HTTP://A.example/"), "<HTTP://A.example/>");
        assert_eq!(markdown_link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(markdown_link("ftp://x/<b>"), r"ftp://x/\<b\>");
    }
}
