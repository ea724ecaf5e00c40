//! Parsing HTML into a tree the readers can walk safely, however the input nests.
//!
//! Real archives hold broken pages whose unclosed tags nest thousands of
//! levels deep, and hostile files nest a hundred thousand. Two things go wrong
//! with such input, and this module prevents both:
//!
//! - **Time.** html5ever checks its stack of open elements for most start
//!   tags (is a `<p>` open "in button scope"?), so 100,000 nested `<div>`s
//!   cost 10¹⁰ steps (40 s). [`bound_nesting`] therefore drops, before
//!   parsing, every start tag that would open deeper than [`MAX_OPEN`]
//!   elements, with its end tag; the text inside is kept. Real pages never
//!   come near that depth (article bodies nest 10–40 levels), and for them
//!   the check is one linear scan that copies nothing.
//! - **Stack.** The readers walk trees with bounded recursion. After parsing,
//!   [`flatten_below`] guarantees that no node sits deeper than [`MAX_DEPTH`]
//!   (html5ever adds implied elements such as `<tbody>` and reopened
//!   formatting elements, so the pre-parse bound alone is not a proof): the
//!   content below that depth is lifted, in document order, to the node at
//!   the limit, with empty block elements left as paragraph boundaries.
//!   Recursion of a few frames per level over [`MAX_DEPTH`] levels fits in
//!   the smallest stack the core runs on (1 MiB in wasm).
//!
//! Either step leaves a `deep-nesting` warning ([`Parsed::flattened`]).
//!
//! The second half holds the questions every reader asks of a parsed tree,
//! answered once: an element's text ([`text_of`], [`lines_of`]), whether it
//! is a block ([`is_block`]) or hidden ([`is_hidden`]), and what picture an
//! `<img>` shows ([`image`]). They walk with iterators, never recursion.

use crate::model::Image;
use crate::problem::{Code, Problem};
use crate::text::clean;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};
use std::borrow::Cow;

/// Most elements the pre-parse bound lets be open at once.
pub const MAX_OPEN: usize = 256;

/// Deepest a node may sit in a parsed tree (the document node is depth 0).
pub const MAX_DEPTH: usize = 512;

/// A parsed page and whether its nesting had to be bounded.
pub struct Parsed {
    pub html: Html,
    /// Elements were dropped or lifted because the input nested too deeply.
    pub flattened: bool,
}

/// Parses an HTML fragment (an article body) with the nesting bounds.
pub fn parse_fragment(html: &str) -> Parsed {
    parse(html, Html::parse_fragment)
}

/// Parses a whole HTML document with the nesting bounds.
pub fn parse_document(html: &str) -> Parsed {
    parse(html, Html::parse_document)
}

impl Parsed {
    /// The `deep-nesting` warning, when the nesting was bounded.
    pub fn warning(&self) -> Option<Problem> {
        self.flattened.then(|| {
            Problem::new(
                Code::DeepNesting,
                format!("the HTML nests more than {MAX_OPEN} elements deep; the deeper elements were flattened (their text is kept)"),
            )
        })
    }
}

/// Bodies at least this long are parsed in pieces where they can be cut
/// ([`fragment_pieces`]).
pub const PIECE_BYTES: usize = 256 << 10;

/// An article body as a sequence of parsed pieces, each built only when the
/// one before it is done with: a tree costs about 250 bytes a node natively,
/// so a body of a million short paragraphs (two million nodes) would
/// otherwise hold some 50 times its size at once. A body shorter than
/// [`PIECE_BYTES`], or one that cannot be cut ([`top_level_cuts`]), is one
/// piece, as [`parse_fragment`] parses it. Each piece is bounded as it is.
pub fn fragment_pieces(html: &str) -> FragmentPieces<'_> {
    pieces_of(html, PIECE_BYTES)
}

fn pieces_of(html: &str, piece_bytes: usize) -> FragmentPieces<'_> {
    let bounded = bound_nesting(html, MAX_OPEN);
    let was_bounded = matches!(bounded, Cow::Owned(_));
    let mut ends = if bounded.len() >= piece_bytes { top_level_cuts(&bounded, piece_bytes) } else { Vec::new() };
    ends.push(bounded.len());
    FragmentPieces { bounded, ends, next: 0, was_bounded }
}

/// The pieces of a body (see [`fragment_pieces`]), parsed one at a time.
pub struct FragmentPieces<'a> {
    bounded: Cow<'a, str>,
    /// Where each piece ends; the first starts at 0, each next where the one before ends.
    ends: Vec<usize>,
    next: usize,
    was_bounded: bool,
}

impl FragmentPieces<'_> {
    /// The body was cut: more than one piece.
    pub fn is_cut(&self) -> bool {
        self.ends.len() > 1
    }
}

impl Iterator for FragmentPieces<'_> {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        let end = *self.ends.get(self.next)?;
        let start = if self.next == 0 { 0 } else { self.ends[self.next - 1] };
        self.next += 1;
        let mut html = Html::parse_fragment(&self.bounded[start..end]);
        let lifted = flatten_below(&mut html, MAX_DEPTH);
        Some(Parsed { html, flattened: self.was_bounded || lifted })
    }
}

fn parse(html: &str, parser: fn(&str) -> Html) -> Parsed {
    let bounded = bound_nesting(html, MAX_OPEN);
    let mut parsed = parser(&bounded);
    let lifted = flatten_below(&mut parsed, MAX_DEPTH);
    Parsed { html: parsed, flattened: matches!(bounded, Cow::Owned(_)) || lifted }
}

/// Elements that never have content (their start tag opens nothing).
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
            | b"basefont"
            | b"bgsound"
    )
}

/// Elements whose content is text up to their end tag, never markup.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"plaintext"
    )
}

/// A set of element names, lower case.
type NameSet = &'static [&'static [u8]];

/// For start tags that close an open element of their kind, as the HTML
/// parser does (`<p>…<p>`, `<li>…<li>`, `<td>…<td>`): the kinds they close,
/// and the elements the search for one stops at (a list inside a list item,
/// a table inside a cell). Without this rule unclosed paragraphs would count
/// as nesting.
fn implied_close(name: &[u8]) -> Option<(NameSet, NameSet)> {
    const P_SCOPE: &[&[u8]] =
        &[b"button", b"table", b"td", b"th", b"caption", b"object", b"marquee", b"applet", b"template"];
    Some(match name {
        b"p" => (&[b"p"], P_SCOPE),
        b"li" => (&[b"li"], &[b"ul", b"ol", b"table", b"td", b"th"]),
        b"dt" | b"dd" => (&[b"dt", b"dd"], &[b"dl", b"table", b"td", b"th"]),
        b"option" => (&[b"option"], &[b"select", b"datalist", b"optgroup"]),
        b"td" | b"th" => (&[b"td", b"th"], &[b"tr", b"table"]),
        b"tr" => (&[b"tr"], &[b"table"]),
        _ => return None,
    })
}

/// A container tag found by [`tags`]: bytes `start..end` of the input.
struct Tag {
    start: usize,
    end: usize,
    /// Lower case.
    name: Vec<u8>,
    closing: bool,
    /// A void element's tag (`<br>`, `<img>`…): it opens nothing.
    void: bool,
}

/// The tags of elements, in order, as the HTML tokenizer finds them:
/// comments, doctypes and the content of raw-text elements (which holds no
/// markup) are passed over. One linear scan.
fn tags(html: &str) -> impl Iterator<Item = Tag> + '_ {
    let bytes = html.as_bytes();
    let mut i = 0usize;
    std::iter::from_fn(move || loop {
        let start = i + memchr::memchr(b'<', &bytes[i..])?;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = comment_end(bytes, start);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = tag_end(bytes, start + 2);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + closing as usize;
        let name_end = name_start + bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1; // a lone `<`: text
            continue;
        }
        let name = bytes[name_start..name_end].to_ascii_lowercase();
        let end = tag_end(bytes, name_end);
        i = end;
        if !closing && is_raw_text(&name) {
            i = raw_text_end(bytes, end, &name);
            continue;
        }
        let void = !closing && is_void(&name);
        return Some(Tag { start, end, name, closing, void });
    })
}

/// The stack of open elements (lower-case names, innermost last), kept as
/// the HTML parser keeps it, approximately: an end tag closes the innermost
/// open element of its name and everything inside it, and `<p>`, `<li>`,
/// `<td>`… close an open one of their kind ([`implied_close`]).
#[derive(Default)]
struct OpenElements(Vec<Vec<u8>>);

impl OpenElements {
    /// Applies a start tag's implied closes; the caller then decides whether it opens.
    fn close_implied_by(&mut self, name: &[u8]) {
        if let Some((kinds, stops)) = implied_close(name) {
            let same = self.0.iter().rposition(|n| kinds.contains(&n.as_slice()));
            let stop = self.0.iter().rposition(|n| stops.contains(&n.as_slice()));
            if let Some(at) = same.filter(|&at| stop.is_none_or(|s| s < at)) {
                self.0.truncate(at);
            }
        }
    }

    fn close(&mut self, name: &[u8]) {
        if let Some(at) = self.0.iter().rposition(|n| *n == name) {
            self.0.truncate(at);
        }
    }
}

/// Drops every start tag that would open deeper than `limit` elements, and
/// the end tag that closes it; text and everything else stay. Returns the
/// input unchanged (borrowed) when nothing had to go, which is the case for
/// every real page.
///
/// The element stack is approximated as the HTML parser builds it (see
/// [`tags`] and [`OpenElements`]). Without the implied closes, unclosed
/// paragraphs would count as nesting.
pub fn bound_nesting(html: &str, limit: usize) -> Cow<'_, str> {
    let mut open = OpenElements::default();
    // Start tags dropped and not yet closed, by name.
    let mut dropped: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut replace = |start: usize, end: usize, with: &str| {
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
        buf.push_str(&html[copied..start]);
        buf.push_str(with);
        copied = end;
    };
    for Tag { start, end, name, closing, void } in tags(html) {
        let attributes_at = start + 1 + usize::from(closing) + name.len();
        let cap_attributes = |replace: &mut dyn FnMut(usize, usize, &str)| {
            if end - attributes_at > MAX_ATTRIBUTES * 2 {
                if let Some(cut) = attribute_start(&html.as_bytes()[..end], attributes_at, MAX_ATTRIBUTES) {
                    replace(cut, end, ">");
                }
            }
        };
        if void {
            cap_attributes(&mut replace);
            continue;
        }
        if closing {
            if let Some(slot) = dropped.iter_mut().find(|(n, count)| *n == name && *count > 0) {
                slot.1 -= 1;
                replace(start, end, "");
            } else {
                open.close(&name);
                cap_attributes(&mut replace);
            }
            continue;
        }
        open.close_implied_by(&name);
        if open.0.len() >= limit {
            match dropped.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 += 1,
                None => dropped.push((name, 1)),
            }
            replace(start, end, "");
        } else {
            open.0.push(name);
            cap_attributes(&mut replace);
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// Most attributes a tag keeps. html5ever compares each attribute of a tag
/// with those before it (a repeated name is dropped), so a tag of 100,000
/// attributes costs 10¹⁰ steps; real tags carry a handful.
pub const MAX_ATTRIBUTES: usize = 256;

/// Where attribute number `n` (from 0) of a tag starts, reading the tag's
/// text from `from` (just after its name) to the end of `tag`; `None` when
/// it has no more than `n`. Counts as [`tag_end`] reads quotes: a quote opens
/// a value only right after `=`.
fn attribute_start(tag: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut count = 0usize;
    let mut quote: Option<u8> = None;
    let mut after_space = true;
    for (k, &b) in tag.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b.is_ascii_whitespace() || b == b'/' => after_space = true,
            None if b == b'>' => return None,
            None => {
                if (b == b'"' || b == b'\'')
                    && tag[from..k].iter().rev().find(|c| !c.is_ascii_whitespace()) == Some(&b'=')
                {
                    quote = Some(b);
                } else if after_space && b != b'=' {
                    if count == n {
                        return Some(k);
                    }
                    count += 1;
                }
                after_space = false;
            }
        }
    }
    None
}

/// Where a long fragment can be cut into pieces, each about `piece_bytes`
/// long, that parse one after another into the trees the whole would give
/// side by side: before a block element's tag, or a `<br>`, where nothing is
/// open (after the closes the tag implies, as a `<p>` closes a paragraph).
/// Bodies that are one long run of paragraphs, list items or lines, the
/// usual shape of an RSS dump, cut anywhere; a body inside a wrapper never
/// does. The offsets are increasing and inside the text.
pub fn top_level_cuts(html: &str, piece_bytes: usize) -> Vec<usize> {
    let mut open = OpenElements::default();
    let mut cuts = Vec::new();
    let mut last = 0usize;
    for Tag { start, name, closing, void, .. } in tags(html) {
        if !closing && !void {
            open.close_implied_by(&name);
        }
        let breaks_text = name == b"br" || std::str::from_utf8(&name).is_ok_and(is_block);
        if breaks_text && open.0.is_empty() && start - last >= piece_bytes {
            cuts.push(start);
            last = start;
        }
        match (closing, void) {
            (true, _) => open.close(&name),
            (false, false) => open.0.push(name),
            (false, true) => {}
        }
    }
    cuts
}

/// The byte after the `>` that ends a tag whose name ends at `from`; quoted
/// attribute values may hold `>`. An unterminated tag runs to the end.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                // Only a quote right after `=` (and spaces) opens a value.
                let before = bytes[from..k].iter().rev().find(|c| !c.is_ascii_whitespace());
                if before == Some(&b'=') {
                    quote = Some(b);
                }
            }
            None if b == b'>' => return k + 1,
            None => {}
        }
    }
    bytes.len()
}

/// The byte after the `-->` that ends a comment starting at `start`
/// (`<!-->` and `<!--->` are complete, empty comments).
fn comment_end(bytes: &[u8], start: usize) -> usize {
    let body = start + 4;
    for empty in [&b">"[..], b"->"] {
        if bytes[body..].starts_with(empty) {
            return body + empty.len();
        }
    }
    match memchr::memmem::find(&bytes[body..], b"-->") {
        Some(k) => body + k + 3,
        None => bytes.len(),
    }
}

/// Where the content of a raw-text element ends: at its end tag, compared
/// case-insensitively.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(k) = memchr::memmem::find(&bytes[i..], b"</") {
        let at = i + k + 2;
        if bytes.len() >= at + name.len() && bytes[at..at + name.len()].eq_ignore_ascii_case(name) {
            return at - 2;
        }
        i = at;
    }
    bytes.len()
}

/// Ensures no node sits deeper than `max_depth`: below each node just above
/// that depth, text, `<br>`, `<img>` and (emptied) block elements ([`is_block`],
/// so paragraphs stay apart) are lifted, in
/// document order, to be its children; other elements go. Returns whether
/// anything was lifted. Iterative: its own stack is on the heap.
pub fn flatten_below(html: &mut Html, max_depth: usize) -> bool {
    let mut at_limit: Vec<NodeId> = Vec::new();
    let mut stack = vec![(html.tree.root().id(), 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let Some(node) = html.tree.get(id) else { continue };
        if depth + 1 >= max_depth {
            // Its children sit at the limit: they may not have children of their own.
            if node.children().any(|c| c.has_children()) {
                at_limit.push(id);
            }
            continue;
        }
        stack.extend(node.children().map(|c| (c.id(), depth + 1)));
    }
    for cut in &at_limit {
        let Some(node) = html.tree.get(*cut) else { continue };
        let lifted: Vec<NodeId> = node
            .descendants()
            .skip(1)
            .filter(|d| match d.value() {
                Node::Text(_) => true,
                Node::Element(e) => matches!(e.name(), "br" | "img") || is_block(e.name()),
                _ => false,
            })
            .map(|d| d.id())
            .collect();
        let children: Vec<NodeId> = node.children().map(|c| c.id()).collect();
        for child in children {
            if let Some(mut c) = html.tree.get_mut(child) {
                c.detach();
            }
        }
        for id in lifted {
            if let Some(mut moved) = html.tree.get_mut(id) {
                moved.detach();
                // A lifted element keeps none of its own children (they are lifted too).
                while let Some(mut child) = moved.first_child() {
                    child.detach();
                }
            }
            if let Some(mut parent) = html.tree.get_mut(*cut) {
                parent.append_id(id);
            }
        }
    }
    !at_limit.is_empty()
}

/// The depth of the deepest node (the document node is depth 0). Iterative.
pub fn depth(html: &Html) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(html.tree.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(node.children().map(|c| (c, d + 1)));
    }
    deepest
}

// ---------------------------------------------------------------------------
// Questions the readers ask of a tree
// ---------------------------------------------------------------------------

/// All text below `node`, as written (not cleaned).
pub fn raw_text(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for text in node.descendants().filter_map(|d| d.value().as_text()) {
        s.push_str(text);
    }
    s
}

/// All text below `node`, cleaned ([`crate::text::clean`]).
pub fn text_of(node: NodeRef<'_, Node>) -> String {
    clean(&raw_text(node))
}

/// Number of non-space characters below `node`.
pub fn text_len(node: NodeRef<'_, Node>) -> usize {
    node.descendants()
        .filter_map(|d| d.value().as_text())
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// The text of `node` split into lines at `<br>` and block boundaries, each cleaned; empty lines dropped.
pub fn lines_of(node: NodeRef<'_, Node>) -> Vec<String> {
    let mut raw = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => raw.push_str(t),
            Node::Element(e) if e.name() == "br" || is_block(e.name()) => raw.push('\n'),
            _ => {}
        }
    }
    raw.split('\n').map(clean).filter(|l| !l.is_empty()).collect()
}

/// An element named one of `names` somewhere below `node` (not `node` itself).
pub fn has_descendant(node: NodeRef<'_, Node>, names: &[&str]) -> bool {
    node.descendants().skip(1).any(|d| matches!(d.value(), Node::Element(e) if names.contains(&e.name())))
}

/// Elements that begin and end a paragraph of text (`<br>` only ends a line,
/// and readers treat it on its own).
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "pre"
            | "address"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "nav"
            | "form"
            | "hgroup"
            | "body"
            | "html"
    )
}

/// An element the reader of the page never sees: `hidden`, `aria-hidden`,
/// `display:none` or `visibility:hidden`, and white-on-white text
/// (`<font color="#ffffff">(http://www.dajiyuan.com)</font>`, the watermark
/// of old mirrored pages).
pub fn is_hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if el.attr("color").is_some_and(|c| is_white(&c.trim().to_ascii_lowercase())) {
        return true;
    }
    let Some(style) = el.attr("style") else { return false };
    let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    style.contains("display:none")
        || style.contains("visibility:hidden")
        || style.split(';').any(|d| d.strip_prefix("color:").is_some_and(is_white))
}

fn is_white(color: &str) -> bool {
    matches!(color, "#ffffff" | "#fff" | "white")
}

/// Where an `<img>` loads its picture from: `src`, or the lazy-loading
/// attributes when `src` is missing or a placeholder (`data:`, `white.png`,
/// `blank.gif`).
pub fn img_src(el: &Element) -> Option<&str> {
    ["src", "data-src", "data-original", "data-lazy-src"]
        .iter()
        .filter_map(|a| el.attr(a))
        .map(str::trim)
        .find(|s| !s.is_empty() && !s.starts_with("data:") && !s.contains("white.png") && !s.contains("blank."))
}

/// The picture an `<img>` shows, unless it is decoration: icons, logos,
/// tracking pixels and spacers are no article's image.
pub fn image(el: &Element) -> Option<Image> {
    let src = img_src(el)?;
    let lower = src.to_ascii_lowercase();
    let decoration = ["/icon", "icon-", "/graphics/", "logo", "pixel", "spacer"].iter().any(|d| lower.contains(d))
        || el.attr("width") == Some("1")
        || el.attr("height") == Some("1");
    if decoration {
        return None;
    }
    let alt = el.attr("alt").map(clean).filter(|a| !a.is_empty());
    Some(Image { src: src.to_string(), alt, caption: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &Html) -> String {
        html.root_element().text().collect()
    }

    /// Every text node's text and every element's name, in document order.
    fn shape(html: &Html) -> Vec<String> {
        html.root_element()
            .descendants()
            .skip(1)
            .filter_map(|n| match n.value() {
                Node::Text(t) => Some(t.to_string()),
                Node::Element(e) => Some(format!("<{}>", e.name())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pieces_parse_as_the_whole_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files: Vec<_> = ["seeds", "corpus/A", "corpus/B"]
            .iter()
            .flat_map(|d| std::fs::read_dir(dir.join(d)).into_iter().flatten().flatten())
            .map(|e| e.path())
            .collect();
        files.sort();
        let mut cut_bodies = 0;
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            // Cut as finely as the rule allows: before every top-level `<p>`.
            let pieces: Vec<Parsed> = pieces_of(&text, 1).collect();
            cut_bodies += usize::from(pieces.len() > 1);
            let whole = shape(&parse_fragment(&text).html);
            let joined: Vec<String> = pieces.iter().flat_map(|p| shape(&p.html)).collect();
            assert_eq!(joined, whole, "{}", path.display());
        }
        assert!(cut_bodies > 50, "only {cut_bodies} real files had a top-level <p> to cut before");
    }

    #[test]
    fn tags_keep_at_most_max_attributes() {
        let attributes: String = (0..MAX_ATTRIBUTES + 5).map(|i| format!(" a{i}=\"x y>\"")).collect();
        let html = format!("<p{attributes}>正文</p><br{attributes}>");
        let parsed = parse_fragment(&html).html;
        let counts: Vec<(String, usize)> = parsed
            .root_element()
            .descendants()
            .filter_map(|n| n.value().as_element().map(|e| (e.name().to_string(), e.attrs().count())))
            .collect();
        assert_eq!(counts, [("html".into(), 0), ("p".into(), MAX_ATTRIBUTES), ("br".into(), MAX_ATTRIBUTES)]);
        assert_eq!(text(&parsed), "正文");
        let few: String = (0..MAX_ATTRIBUTES).map(|i| format!(" a{i}=x")).collect();
        let few = format!("<p{few}>正文</p>");
        assert!(
            matches!(bound_nesting(&few, MAX_OPEN), Cow::Borrowed(_)),
            "a tag with the most attributes is kept whole"
        );
    }

    #[test]
    fn cuts_only_between_top_level_paragraphs() {
        let flat = "<div>22/03/2024</div><p>一<b>二</b><p>三</p>\n<p>四<!-- <p> --><script>'<p>'</script>五<br>六</p><i>七</i><br>八</p>九";
        let cuts = top_level_cuts(flat, 1);
        let at = |needle: &str| flat.find(needle).unwrap();
        // Not inside the open paragraph 四, nor before the inline <i>; before the
        // top-level <br> and the stray </p> (which makes an empty paragraph).
        assert_eq!(cuts, [at("<p>一"), at("<p>三"), at("<p>四"), at("<br>八"), at("</p>九")]);
        assert_eq!(top_level_cuts(flat, flat.len()), Vec::<usize>::new(), "pieces are at least piece_bytes long");
        // Inside a wrapper, a table cell or an open inline element, nothing is top level.
        for wrapped in ["<div><p>a<p>b</div>", "<table><td><p>a<p>b</table>", "<b><p>a<p>b"] {
            assert_eq!(top_level_cuts(wrapped, 1), Vec::<usize>::new(), "{wrapped}");
        }
    }

    #[test]
    fn real_pages_pass_unchanged_and_uncopied() {
        let page = "<div class=a><p>一<b>二</b><br>三<p>四<ul><li>五<li>六</ul><!-- <div><div> --><script>if (a<b) {}</script></div>";
        assert!(matches!(bound_nesting(page, 4), Cow::Borrowed(_)));
        let many_paragraphs = "<p>段".repeat(100_000);
        assert!(matches!(bound_nesting(&many_paragraphs, 4), Cow::Borrowed(_)), "unclosed <p>s do not nest");
    }

    #[test]
    fn deep_start_tags_and_their_end_tags_go_text_stays() {
        let deep = "<div>".repeat(10) + "字" + &"</div>".repeat(10) + "<p>后</p>";
        let bounded = bound_nesting(&deep, 3);
        assert_eq!(bounded, "<div><div><div>字</div></div></div><p>后</p>");
    }

    #[test]
    fn quoted_gt_and_comment_forms_do_not_confuse_the_scan() {
        let html = r#"<div title="a>b"><!--><div><!---><div>x</div></div></div>"#;
        assert_eq!(bound_nesting(html, 2), r#"<div title="a>b"><!--><div><!--->x</div></div>"#);
    }

    #[test]
    fn parse_bounds_every_kind_of_deep_nesting() {
        let n = 100_000;
        let cases = [
            "<div>".repeat(n) + "深" + &"</div>".repeat(n),
            "<p>".to_string() + &"<b><i>".repeat(n) + "深",
            "<p>".to_string() + &"<span>".repeat(n) + "深",
            "<table><tr><td>".repeat(n / 5) + "深",
            "<ul><li>".repeat(n) + "深",
            "<font>".repeat(n) + "深",
            "<svg>".to_string() + &"<g>".repeat(n) + "深",
        ];
        for case in &cases {
            let parsed = parse_fragment(case);
            assert!(parsed.flattened, "{}", &case[..20]);
            assert!(depth(&parsed.html) <= MAX_DEPTH, "{}: {}", &case[..20], depth(&parsed.html));
            assert!(text(&parsed.html).contains('深'), "{}", &case[..20]);
        }
    }

    #[test]
    fn flattening_keeps_text_in_order_with_block_boundaries() {
        let deep = "<div>".repeat(20) + "<p>甲</p><p>乙<b>丙</b></p>" + &"</div>".repeat(20);
        let mut html = Html::parse_fragment(&deep);
        assert!(flatten_below(&mut html, 5));
        assert!(depth(&html) <= 5);
        assert_eq!(text(&html), "甲乙丙");
        let blocks = html
            .root_element()
            .descendants()
            .filter(|d| d.value().as_element().is_some_and(|e| e.name() == "p"))
            .count();
        assert_eq!(blocks, 2);
    }
}

#[cfg(test)]
mod stack_tests {
    /// The deepest trees the bounds allow, read by every reader on a thread
    /// with half the wasm stack (1 MiB): the readers' bounded recursion fits.
    #[test]
    fn readers_fit_in_a_small_stack_at_the_depth_limit() {
        let dump = |body: &str| format!("<!--1595253000000-->\n[t](https://www.rfi.fr/cn/x)\n------\n\n{body}");
        let mirror = |body: &str| {
            format!("### 标题\n\n---\n\n首页\n\n<div id=\"artbody\">{body}</div>\n\n---\n\n原文链接：https://www.epochtimes.com/gb/22/1/21/n1.htm\n")
        };
        let page = |body: &str| format!("<html><head><title>t</title></head><body>{body}</body></html>");
        let bodies = [
            "<table><td>".repeat(200) + "<p>字</p>",
            "<div>".repeat(255) + "<p>字</p>",
            "<p>".to_string() + &"<b><i>".repeat(200) + "字",
            "<ul><li>".repeat(200) + "字",
            "<div>".repeat(100_000) + "<p>字</p>",
        ];
        for body in &bodies {
            for file in [dump(body), mirror(body), page(body)] {
                let run = std::thread::Builder::new()
                    .stack_size(512 << 10)
                    .spawn(move || crate::extract("deep", file.as_bytes()))
                    .unwrap()
                    .join();
                let record = run.expect("no stack overflow");
                assert!(record.as_article().is_some_and(|a| a.paragraphs.concat().contains('字')), "{record:?}");
            }
        }
    }
}
