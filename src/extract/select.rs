//! The few CSS selectors the readers use, matched without a CSS engine.
//!
//! The readers ask for elements such as `#artbody`, `time[datetime]` or
//! `[itemprop="author"] [itemprop="name"]`: type, id, class and attribute
//! tests, joined by descendant combinators and listed with commas. A full
//! selector engine (`selectors` and `cssparser`) cost the browser build about
//! 20 KB of gzipped wasm for that; this module is the subset, with the same
//! answers: elements are visited in the order `scraper::Html::select` visits
//! them, and attribute values are compared the way the `selectors` crate
//! compares them in an HTML document (ASCII case-insensitively for the HTML
//! attributes whose values are keywords, such as `type` and `rel`; exactly
//! otherwise).

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// A list of selectors (`a, b c`): an element matches when one of them does.
#[derive(Debug)]
pub struct Selector {
    alternatives: Vec<Complex>,
}

/// Compounds joined by descendant combinators, the subject last.
#[derive(Debug)]
struct Complex(Vec<Compound>);

/// What one element must have: `tag#id.class[attr="value"]`, each part optional.
#[derive(Debug, Default)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<Attr>,
}

#[derive(Debug)]
struct Attr {
    name: String,
    /// `None`: present with any value.
    value: Option<String>,
}

/// HTML attributes whose values `selectors` compares ASCII case-insensitively
/// in an HTML document (the HTML standard's list of keyword-valued attributes).
#[rustfmt::skip]
const CASE_INSENSITIVE_ATTRS: &[&str] = &[
    "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear", "codetype",
    "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype", "face", "frame", "hreflang",
    "http-equiv", "lang", "language", "link", "media", "method", "multiple", "nohref", "noresize", "noshade",
    "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected", "shape", "target", "text", "type",
    "valign", "valuetype", "vlink",
];

impl Selector {
    /// Parses the subset: type selectors, `#id`, `.class`, `[name]`,
    /// `[name="value"]`, descendant combinators (whitespace) and commas.
    /// `None` for anything else, so a selector outside the subset is caught by
    /// the tests rather than silently matching differently.
    pub fn parse(css: &str) -> Option<Selector> {
        let alternatives = css.split(',').map(parse_complex).collect::<Option<Vec<_>>>()?;
        Some(Selector { alternatives })
    }

    /// Matches no element.
    fn nothing() -> Selector {
        Selector { alternatives: Vec::new() }
    }

    /// Whether `element` matches one of the alternatives.
    pub fn matches(&self, element: NodeRef<'_, Node>) -> bool {
        self.alternatives.iter().any(|c| c.matches(element))
    }
}

/// A selector written in the code. Each is in the subset: a debug build
/// (every test run) checks it when a reader first uses it. Should one ever
/// not be, a release build selects nothing rather than panic.
pub fn selector(css: &str) -> Selector {
    let parsed = Selector::parse(css);
    debug_assert!(parsed.is_some(), "`{css}` is outside the selector subset");
    parsed.unwrap_or_else(Selector::nothing)
}

/// The elements of `doc` that `selector` matches, in the order scraper's own
/// `select` gives them (the tree's node order; the document node is skipped).
pub fn select<'a>(doc: &'a Html, selector: &'a Selector) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    doc.tree.nodes().filter(|n| n.parent().is_some() && selector.matches(*n)).filter_map(ElementRef::wrap)
}

fn parse_complex(css: &str) -> Option<Complex> {
    let compounds = split_compounds(css)?.into_iter().map(parse_compound).collect::<Option<Vec<_>>>()?;
    (!compounds.is_empty()).then_some(Complex(compounds))
}

/// Splits at whitespace outside brackets and quotes.
fn split_compounds(css: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let (mut start, mut in_brackets, mut in_quotes) = (None, false, false);
    for (i, c) in css.char_indices() {
        match c {
            '"' if in_brackets => in_quotes = !in_quotes,
            '[' if !in_quotes => in_brackets = true,
            ']' if !in_quotes => in_brackets = false,
            c if c.is_ascii_whitespace() && !in_brackets => {
                if let Some(s) = start.take() {
                    parts.push(&css[s..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if in_brackets || in_quotes {
        return None;
    }
    parts.extend(start.map(|s| &css[s..]));
    Some(parts)
}

fn parse_compound(mut css: &str) -> Option<Compound> {
    let mut compound = Compound::default();
    let name_len = |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(s.len());
    let n = name_len(css);
    if n > 0 {
        compound.tag = Some(css[..n].to_ascii_lowercase());
        css = &css[n..];
    }
    while let Some(c) = css.chars().next() {
        css = &css[c.len_utf8()..];
        match c {
            '#' | '.' => {
                let n = name_len(css);
                if n == 0 {
                    return None;
                }
                let name = css[..n].to_string();
                css = &css[n..];
                if c == '#' {
                    compound.id = Some(name);
                } else {
                    compound.classes.push(name);
                }
            }
            '[' => {
                let end = css.find(']')?;
                let inside = &css[..end];
                css = &css[end + 1..];
                let attr = match inside.split_once('=') {
                    None => Attr { name: inside.trim().to_ascii_lowercase(), value: None },
                    Some((name, value)) => {
                        let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
                        Attr { name: name.trim().to_ascii_lowercase(), value: Some(value.to_string()) }
                    }
                };
                if attr.name.is_empty() || name_len(&attr.name) != attr.name.len() {
                    return None;
                }
                compound.attrs.push(attr);
            }
            _ => return None,
        }
    }
    Some(compound)
}

impl Complex {
    /// The subject must match the last compound; each earlier compound must
    /// match an ancestor, nearer ones later (taking the nearest ancestor that
    /// matches is always right when every combinator is a descendant one).
    fn matches(&self, element: NodeRef<'_, Node>) -> bool {
        let Some((subject, ancestors)) = self.0.split_last() else { return false };
        if !subject.matches(element) {
            return false;
        }
        let mut up = element.ancestors();
        ancestors.iter().rev().all(|compound| up.any(|a| compound.matches(a)))
    }
}

impl Compound {
    fn matches(&self, node: NodeRef<'_, Node>) -> bool {
        let Node::Element(el) = node.value() else { return false };
        self.tag.as_deref().is_none_or(|t| &*el.name.local == t)
            && self.id.as_deref().is_none_or(|id| el.attr("id") == Some(id))
            && self.classes.iter().all(|c| el.attr("class").is_some_and(|v| v.split_ascii_whitespace().any(|h| h == c)))
            && self.attrs.iter().all(|a| a.matches(el))
    }
}

impl Attr {
    fn matches(&self, el: &Element) -> bool {
        el.attrs.iter().any(|(name, value)| {
            name.ns.is_empty()
                && *name.local == *self.name
                && match &self.value {
                    None => true,
                    Some(want) if CASE_INSENSITIVE_ATTRS.contains(&self.name.as_str()) => {
                        value.eq_ignore_ascii_case(want)
                    }
                    Some(want) => **value == **want,
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str, css: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let sel = Selector::parse(css).expect("parses");
        select(&doc, &sel)
            .map(|e| {
                let id = e.value().id().unwrap_or("");
                format!("{}#{id}", e.value().name())
            })
            .collect()
    }

    /// Every answer checked against the `selectors` engine scraper carries
    /// (a dev-dependency only), on a page with the traps: case in values and
    /// names, classes among others, nested and sibling matches.
    #[test]
    fn answers_as_the_css_engine_does() {
        let page = r#"<html lang="zh"><head>
            <script type="APPLICATION/LD+JSON" id="ld1">{}</script><script type="text/javascript" id="js"></script>
            <link rel="Canonical" href="x" id="l1"><link rel="canonical stylesheet" id="l2">
            </head><body>
            <div id="artbody" class="a"><p id="p1">x</p></div>
            <div class="byline x"><span class="author" id="au">A</span><b class="Author" id="au2">B</b></div>
            <div itemprop="author" id="ia"><span itemprop="name" id="in">N</span><i><em itemprop="name" id="in2">M</em></i></div>
            <span itemprop="name" id="stray">S</span><a rel="AUTHOR" id="ra">R</a>
            <article id="art"><main id="m"><div class="entry-content post-content" id="ec"></div></main></article>
            <time datetime="2024-01-01" id="t1"></time><time id="t0"></time>
            <svg><title id="svgtitle">t</title></svg><div class="column" id="col"></div><div id="storytext"></div>
            <section itemprop="articleBody" id="ab"></section><section itemprop="ArticleBody" id="ab2"></section><DIV ID="ARTBODY" id="upper"></DIV>
            </body></html>"#;
        for css in [
            "meta",
            r#"script[type="application/ld+json"]"#,
            "title",
            "time[datetime]",
            r#"link[rel="canonical"]"#,
            "p",
            r#"[rel="author"], [itemprop="author"] [itemprop="name"], .byline .author"#,
            r#"[itemprop="articleBody"], .entry-content, .post-content, .article-content, article, main"#,
            "body",
            "html",
            "#artbody",
            ".post_content",
            "div.column",
            "div#storytext",
            "div#artbody.a p",
        ] {
            let doc = Html::parse_document(page);
            let theirs = scraper::Selector::parse(css).expect("selectors parses it");
            let expected: Vec<String> =
                doc.select(&theirs).map(|e| format!("{}#{}", e.value().name(), e.value().id().unwrap_or(""))).collect();
            assert_eq!(names(page, css), expected, "{css}");
        }
    }

    #[test]
    fn outside_the_subset_is_refused() {
        for css in ["a > b", "a:first-child", "é", "a#é", "[x~=\"y\"]", "a[", "#", "", "a,", "[x=y]"] {
            assert!(Selector::parse(css).is_none(), "{css}");
        }
    }
}
