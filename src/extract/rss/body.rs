//! The HTML part of an RSS dump, walked once in document order: the meta
//! line, the lead image and its caption, the standfirst, paragraphs, tags,
//! byline blocks and Reuters' attribution box (see the rules in [`super`]).

use super::super::credits::{self, Credits};
use super::super::dates::{self, PubDate};
use super::super::{boilerplate, dom};
use crate::extract::select::{select, selector, Selector};
use crate::model::Image;
use crate::problem::{Code, Problem};
use crate::text::{clean, collapse_ws, push_unique};
use dom::{has_descendant, is_block, lines_of, text_of};
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Html, Node};
use std::sync::LazyLock;

/// What the HTML part of a dump yields.
#[derive(Default, Debug)]
pub(super) struct Body {
    pub(super) date: Option<PubDate>,
    pub(super) authors: Vec<String>,
    pub(super) editor: Option<String>,
    pub(super) image: Option<Image>,
    pub(super) lead: Option<String>,
    pub(super) paragraphs: Vec<String>,
    /// Indexes of the subheadings among `paragraphs`.
    pub(super) headings: Vec<usize>,
    pub(super) tags: Vec<String>,
    pub(super) warnings: Vec<Problem>,
    /// The first `<time datetime>`, looked for only when there is no meta line date.
    pub(super) time: Option<PubDate>,
}

static SEL_TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));

/// Reads the HTML part of a dump, parsed in pieces ([`dom::fragment_pieces`]):
/// the walk goes on from one piece into the next, as through one tree, and
/// only the first holds the meta line. `tz` is the outlet's zone for times
/// written without one.
pub(super) fn read(pieces: dom::FragmentPieces<'_>, tz: Option<chrono_tz::Tz>) -> Body {
    let mut body = Body::default();
    let mut w = Walker::default();
    let mut flattened = None;
    // A cut body has several elements at its top level, so it is no lone wrapper to enter.
    let enter_wrappers = !pieces.is_cut();
    for (n, piece) in pieces.enumerate() {
        if piece.flattened && flattened.is_none() {
            flattened = piece.warning();
        }
        let root = content_root(piece.html.tree.root(), enter_wrappers);
        w.meta_id = if n == 0 { meta_line(root, tz, &mut body) } else { None };
        if body.date.is_none() && body.time.is_none() {
            body.time = time_element(&piece.html);
        }
        w.walk(root);
    }
    w.flush();
    body.warnings.splice(0..0, flattened);

    // Lead image and its caption.
    let mut items = w.items;
    let mut image_at = None;
    for (i, item) in items.iter().enumerate() {
        if let Item::Image(_) = item {
            image_at = Some(i);
            break;
        }
    }
    if let Some(i) = image_at {
        let caption = items.get(i + 1).and_then(|it| match it {
            Item::Caption(c) => Some(c.clone()),
            _ => None,
        });
        if let Item::Image(img) = &mut items[i] {
            let mut img = Image::clone(img);
            img.caption = caption;
            body.image = Some(img);
        }
    }

    // Paragraphs with boilerplate removed; bylines and editor notes read.
    // `raw` (the text with its line breaks) is empty where it is the text
    // itself. Collected in place, into the items' own buffer: a body of a
    // million short paragraphs holds no second list of them.
    let paragraphs: Vec<(String, String, bool)> = items
        .into_iter()
        .filter_map(|item| {
            let (p, raw, ratio, heading) = match item {
                Item::Para(p, raw, ratio, heading) => (p, raw, ratio, heading),
                Item::Lead(l) if body.lead.is_none() => {
                    body.lead = Some(l);
                    return None;
                }
                Item::Lead(l) => (l, String::new(), 0.0, false),
                Item::Image(_) | Item::Caption(_) => return None,
            };
            let boilerplate = boilerplate::is_feed_boilerplate(&p) || boilerplate::is_link_line(&p, ratio);
            (!boilerplate).then_some((p, raw, heading))
        })
        .collect();
    let n = paragraphs.len();
    let mut kept: Vec<String> = Vec::with_capacity(n);
    let mut headings: Vec<usize> = Vec::new();
    let mut credits = Credits::default();
    for (i, (p, raw, heading)) in paragraphs.into_iter().enumerate() {
        if heading && credits::byline(&p).is_none() && credits::parse_credits(&p).is_none() {
            // A subheading is text: kept as it is, never read as a sign-off.
            headings.push(kept.len());
            kept.push(p);
            continue;
        }
        let raw = if raw.is_empty() { p.as_str() } else { raw.as_str() };
        // Credit lines open or close an article; in the middle they are quoted text.
        let at_edge = i < 2 || i + 3 >= n;
        // `作者：X` / `文/X` at the start.
        if kept.len() < 2 && body.authors.is_empty() {
            if let Some(names) = credits::byline(&p) {
                body.authors = names;
                continue;
            }
        }
        // A whole credit line (`记者：X 责编：Y 网编：Z`), or one closing the paragraph.
        if at_edge {
            if let Some(c) = credits::parse_credits(raw) {
                credits.merge(c);
                continue;
            }
        }
        match credits::split_trailing_credits(raw).filter(|_| i + 3 >= n) {
            Some((_, c)) => {
                credits.merge(c);
                let text = credits::strip_trailing_group(&p);
                if !text.is_empty() {
                    kept.push(text);
                }
            }
            None => kept.push(p),
        }
    }
    // A closing sign-off `作者/编辑（来源）` (`杨威廉/张慈 (法新社)`, `李澄欣（综合报导）`).
    if let Some((authors, editor)) = kept.last().and_then(|l| credits::sign_off(l)) {
        kept.pop();
        credits.authors.extend(authors);
        if let Some(e) = editor {
            credits.editors.push(e);
        }
    }
    // Section labels left without their content at the end (`Related Reading:`).
    while kept.last().is_some_and(|l| l.chars().count() <= 30 && (l.ends_with(':') || l.ends_with('：'))) {
        kept.pop();
    }
    // Reuters' attribution block.
    if let Some(attr) = &w.attribution {
        if let Some(c) = credits::parse_credits(attr) {
            credits.merge(c);
        }
    }
    for a in credits.authors {
        push_unique(&mut body.authors, a);
    }
    if body.authors.is_empty() {
        for a in w.bylines {
            push_unique(&mut body.authors, a);
        }
    }
    if !credits.editors.is_empty() {
        body.editor = Some(credits.editors.join("、"));
    }
    headings.retain(|&h| h < kept.len());
    body.paragraphs = kept;
    body.headings = headings;
    body.tags = w.tags;
    body
}

/// The meta line: the first element, looking inside leading wrappers, when
/// it is a short `<div>` ending in a date (or empty). Its date and the names
/// on the lines before it go to `body`; returns the line's node, which the
/// walk then skips.
fn meta_line(root: NodeRef<'_, Node>, tz: Option<chrono_tz::Tz>, body: &mut Body) -> Option<ego_tree::NodeId> {
    let mut meta_id = None;
    if let Some(first) = first_leaf_block(root) {
        if let Node::Element(el) = first.value() {
            if el.name() == "div" && !has_descendant(first, &["p", "img", "figure", "video", "table", "ul", "ol"]) {
                let lines = lines_of(first);
                if lines.is_empty() {
                    meta_id = Some(first.id());
                } else if lines.iter().map(|l| l.chars().count()).sum::<usize>() <= 200 {
                    if let Some(last) = lines.last() {
                        if let Some(d) = dates::parse_any(last, tz) {
                            meta_id = Some(first.id());
                            if tz.is_none() && matches!(d, PubDate::Date(_)) && has_clock_time(last) {
                                body.warnings.push(Problem::new(
                                    Code::DateWithoutZone,
                                    format!("the date line `{last}` gives a time without a time zone; only the date is kept"),
                                ));
                            }
                            body.date = Some(d);
                            for l in &lines[..lines.len() - 1] {
                                for name in credits::split_names(l) {
                                    push_unique(&mut body.authors, name);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    meta_id
}

/// The first `<time datetime>` (generic feeds), read by [`dates::parse_time_element`].
pub(super) fn time_element(doc: &Html) -> Option<PubDate> {
    dates::parse_time_element(select(doc, &SEL_TIME).next()?.value().attr("datetime")?)
}

/// Descends through wrappers: while the node has a single element child
/// (and no text of its own) that is `<html>`, `<body>` or, with
/// `enter_wrappers`, a plain container, that child.
fn content_root(mut node: NodeRef<'_, Node>, enter_wrappers: bool) -> NodeRef<'_, Node> {
    loop {
        let mut elements = node.children().filter(|c| match c.value() {
            Node::Element(_) => true,
            Node::Text(t) => !t.trim().is_empty(),
            _ => false,
        });
        let (Some(only), None) = (elements.next(), elements.next()) else { return node };
        match only.value() {
            Node::Element(el) if matches!(el.name(), "html" | "body") => node = only,
            // A lone wrapper is entered only when it holds blocks: a body that
            // is nothing but the meta line (`<div><i>DATE</i></div>`) stays
            // one level up, so that line is still seen as the meta line.
            Node::Element(el)
                if enter_wrappers
                    && matches!(el.name(), "div" | "section" | "article" | "main")
                    && has_descendant(
                        only,
                        &[
                            "p",
                            "div",
                            "img",
                            "figure",
                            "video",
                            "table",
                            "ul",
                            "ol",
                            "h1",
                            "h2",
                            "h3",
                            "h4",
                            "blockquote",
                        ],
                    ) =>
            {
                node = only
            }
            _ => return node,
        }
    }
}

/// The first significant child of `node`, descending into containers
/// that hold the article (so a wrapped `<div><div>DATE</div>…</div>` is seen).
fn first_leaf_block(node: NodeRef<'_, Node>) -> Option<NodeRef<'_, Node>> {
    let mut node = node;
    for _ in 0..8 {
        let first = node.children().find(|c| match c.value() {
            Node::Element(_) => true,
            Node::Text(t) => !t.trim().is_empty(),
            _ => false,
        })?;
        match first.value() {
            Node::Element(el)
                if matches!(el.name(), "div" | "section" | "article" | "main")
                    && has_descendant(first, &["p", "img", "figure", "video", "table", "ul", "ol"]) =>
            {
                node = first;
            }
            _ => return Some(first),
        }
    }
    None
}

fn has_clock_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

/// One unit of the body, in document order.
#[derive(Debug)]
enum Item {
    /// Cleaned text, and the text with white space only collapsed (credit
    /// lines separate CJK names with spaces that `clean` removes).
    /// Then the share of the text inside links, and whether it is a subheading.
    Para(String, String, f32, bool),
    Lead(String),
    Image(Box<Image>),
    Caption(String),
}

#[derive(Default)]
struct Walker {
    items: Vec<Item>,
    cur: String,
    tags: Vec<String>,
    meta_id: Option<ego_tree::NodeId>,
    attribution: Option<String>,
    /// Inside how many `<a>` elements the walk is.
    link_depth: usize,
    /// Non-blank characters of `cur` that sit inside links.
    cur_linked: usize,
    /// Text has been emitted (paragraph or lead) — the standfirst rule only applies before.
    seen_text: bool,
    /// The block being walked is a subheading (`<h2>`, a whole-line `<strong>`).
    heading: bool,
    /// Names read from a byline block (`<div class="…Byline…">`).
    bylines: Vec<String>,
    /// A dropped player (`<video>`, `<audio>`) came last: the
    /// feed's `<div><small>` caption after it goes with it.
    after_media: bool,
    /// How many elements deep the walk is (see [`MAX_WALK_DEPTH`]).
    depth: usize,
}

/// How deep the body walker recurses. Below that (only hostile or badly
/// broken files get there: article bodies nest 10–40 levels), a subtree's
/// text is taken as it is, so the stack needed stays small even in wasm.
const MAX_WALK_DEPTH: usize = 96;

/// Subtrees that are never article text.
fn is_skipped(el: &Element) -> bool {
    if matches!(
        el.name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "video"
            | "audio"
            | "object"
            | "embed"
            | "button"
            | "form"
            | "input"
            | "select"
            | "textarea"
            | "nav"
            | "canvas"
            | "map"
            | "source"
            | "track"
            | "link"
            | "meta"
            | "head"
            | "title"
            | "aside"
            | "share-button"
            | "share-modal"
            | "picture-source"
    ) {
        return true;
    }
    if dom::is_hidden(el) {
        return true;
    }
    for (name, _) in el.attrs() {
        if name.starts_with("data-selfpromo")
            || name.starts_with("data-root-share")
            || name.starts_with("data-readmore")
        {
            return true;
        }
    }
    if el.id() == Some("zoomattribute") {
        return true;
    }
    el.classes().any(|c| {
        let c = component_name(c);
        let lower;
        let c = if c.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = c.to_ascii_lowercase();
            lower.as_str()
        } else {
            c
        };
        has(c, "visuallyhidden")
            || has(c, "self-promo")
            || has(c, "share")
            || has(c, "social")
            || has(c, "advert")
            || c == "ads"
            || c.starts_with("o-ads")
            || c.starts_with("ad-")
            || c.ends_with("-ad")
            || has(c, "-ad-")
            || c.starts_with("m-block-ad")
            || has(c, "adslot")
            || has(c, "dfp")
            || has(c, "bbccom_")
            || has(c, "interstitial")
            || has(c, "trustbadge")
            || has(c, "off-screen")
            || has(c, "offscreen")
            || has(c, "element-hidden")
            || has(c, "element-invisible")
            || has(c, "visually-hidden")
            || has(c, "sr-only")
            || has(c, "newsletter")
            || has(c, "related")
            || has(c, "morearticle")
            || has(c, "more-article")
            || has(c, "recommend")
            || c.ends_with("copyright")
            || has(c, "player")
            || c == "wp-embedded-content"
            || has(c, "banner")
    })
}

/// A styled-components class (`Copyright-sc-11lgtw-0`, `Figure-sc-6a3dhy-0`)
/// names its component before `-sc-`; other classes are returned whole.
fn component_name(c: &str) -> &str {
    match c.find("-sc-") {
        Some(i) if i > 0 => &c[..i],
        _ => c,
    }
}

/// A `<a rel="tag">` inside: the subtree must be walked for its tags.
fn has_tag_link(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| {
        matches!(d.value(), Node::Element(e) if e.name() == "a"
            && e.attr("rel").is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("tag"))))
    })
}

/// A byline block: a class naming it (`StyledByline-uounnc-2`, `byline`).
fn is_byline_el(el: &Element) -> bool {
    el.classes().any(|c| c.to_ascii_lowercase().contains("byline"))
}

/// The names in a short byline block: its `Name` parts when it marks them
/// (`<li class="Name-sc-…">安德鲁•沃克（Andrew Walker）</li><li class="Title-sc-…">BBC记者</li>`),
/// else its first line; `None` when the block is too long to be a byline.
fn byline_block_names(node: NodeRef<'_, Node>) -> Option<Vec<String>> {
    let lines = lines_of(node);
    if lines.is_empty() || lines.iter().map(|l| l.chars().count()).sum::<usize>() > 120 {
        return None;
    }
    let marked: Vec<String> = node
        .descendants()
        .filter(|d| {
            matches!(d.value(), Node::Element(e) if e.classes().any(|c| component_name(c).eq_ignore_ascii_case("name")))
        })
        .map(|d| text_of(d))
        .filter(|t| !t.is_empty())
        .collect();
    let source = if marked.is_empty() { vec![lines[0].clone()] } else { marked };
    let names: Vec<String> = source.iter().flat_map(|l| credits::split_names(l)).collect();
    (!names.is_empty()).then_some(names)
}

/// Inside a figure (`<figure>` or a `Figure` component), a few levels up.
fn in_figure(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().take(6).any(|a| match a.value() {
        Node::Element(e) => {
            e.name() == "figure" || e.classes().any(|c| component_name(c).eq_ignore_ascii_case("figure"))
        }
        _ => false,
    })
}

/// A block whose content is nothing but `name` elements (and blank text or
/// comments): `<div><time>…</time></div>`, a date stamp, not text;
/// `<div><small>caption</small></div>`, the feed's caption after an image.
fn holds_only(node: NodeRef<'_, Node>, name: &str) -> bool {
    let mut found = false;
    for c in node.children() {
        match c.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Comment(_) => {}
            Node::Element(e) if e.name() == name => found = true,
            _ => return false,
        }
    }
    found
}

/// Substring test for short strings (class names, short lines): a plain
/// scan, cheaper there than `str::contains`' searcher set-up.
fn has(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return true };
    if h.len() < n.len() {
        return false;
    }
    let last_start = h.len() - n.len();
    let mut i = 0;
    while i <= last_start {
        // Compare the rest only where the first byte matches.
        if h[i] == first && h[i + 1..i + n.len()] == *rest {
            return true;
        }
        i += 1;
    }
    false
}

fn is_caption_el(el: &Element) -> bool {
    el.name() == "figcaption"
        || el.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            (c.ends_with("caption") && !c.starts_with("has-") && !c.starts_with("no-") && c != "captioned")
                || has(&c, "caption__text")
                || has(&c, "caption-text")
                || c == "picinfo"
                || c == "pic-caption"
        })
}

fn is_lead_el(el: &Element) -> bool {
    el.classes().any(|c| {
        ["story-lead", "standfirst", "article-lead", "lead", "summary", "article-summary", "dek"]
            .iter()
            .any(|k| c.eq_ignore_ascii_case(k))
    })
}

/// A paragraph whose text is all inside `<strong>`/`<b>`.
fn strong_only(node: NodeRef<'_, Node>) -> bool {
    let mut any = false;
    for c in node.children() {
        match c.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(_) => return false,
            Node::Element(e)
                if matches!(e.name(), "strong" | "b")
                    && c.descendants().any(|d| matches!(d.value(), Node::Text(t) if !t.trim().is_empty())) =>
            {
                any = true;
            }
            Node::Element(e) if matches!(e.name(), "strong" | "b") => {}
            Node::Element(e) if e.name() == "br" => {}
            Node::Element(_) => return false,
            _ => {}
        }
    }
    any
}

/// A list whose every item's text is link text (related-article lists).
fn links_only_list(node: NodeRef<'_, Node>) -> bool {
    let mut items = 0;
    for li in node.children() {
        let Node::Element(e) = li.value() else { continue };
        if e.name() != "li" {
            continue;
        }
        items += 1;
        let mut all = String::new();
        let mut linked = String::new();
        for d in li.descendants() {
            if let Node::Text(t) = d.value() {
                all.push_str(t);
                if d.ancestors().any(|a| matches!(a.value(), Node::Element(x) if x.name() == "a")) {
                    linked.push_str(t);
                }
            }
        }
        if clean(&all) != clean(&linked) || clean(&linked).is_empty() {
            return false;
        }
    }
    items > 0
}

impl Walker {
    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let text = clean(&self.cur);
        // Credit lines (short, or closing a paragraph with `（…）`) are read
        // from the text with its spaces; other paragraphs need no copy.
        let short = text.len() <= 240;
        let raw = if short || text.ends_with(['）', ')']) || text.ends_with(|c: char| c.is_ascii_digit()) {
            collapse_ws(&self.cur)
        } else {
            String::new()
        };
        let total = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
        let ratio = (self.cur_linked as f32 / total as f32).min(1.0);
        self.cur.clear();
        self.cur_linked = 0;
        if !text.is_empty() {
            self.items.push(Item::Para(text, raw, ratio, std::mem::take(&mut self.heading)));
            self.seen_text = true;
        }
    }

    fn last_is_image(&self) -> bool {
        matches!(self.items.last(), Some(Item::Image(_)))
    }

    fn text_of(&mut self, node: NodeRef<'_, Node>) -> String {
        let saved = std::mem::take(&mut self.cur);
        let saved_items = self.items.len();
        self.walk(node);
        // Blocks inside are joined with spaces.
        let mut parts: Vec<String> = Vec::new();
        for it in self.items.drain(saved_items..) {
            match it {
                Item::Para(p, ..) | Item::Lead(p) | Item::Caption(p) => parts.push(p),
                Item::Image(_) => {}
            }
        }
        let tail = clean(&self.cur);
        if !tail.is_empty() {
            parts.push(tail);
        }
        self.cur = saved;
        clean(&parts.join(" "))
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        if self.depth >= MAX_WALK_DEPTH {
            for text in node.descendants().filter_map(|d| d.value().as_text()) {
                self.cur.push_str(text);
            }
            return;
        }
        self.depth += 1;
        self.walk_children(node);
        self.depth -= 1;
    }

    fn walk_children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => {
                    if self.link_depth > 0 {
                        self.cur_linked += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    self.cur.push_str(t)
                }
                Node::Element(el) => self.element(child, el),
                _ => {}
            }
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, el: &Element) {
        if Some(node.id()) == self.meta_id {
            return;
        }
        let name = el.name();
        if name == "a" && el.attr("rel").is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("tag"))) {
            let t = text_of(node);
            push_unique(&mut self.tags, t);
        }
        if el
            .classes()
            .any(|c| c.eq_ignore_ascii_case("Attribution_container") || c.eq_ignore_ascii_case("Attribution_content"))
        {
            self.flush();
            let t = collapse_ws(&dom::raw_text(node));
            if !t.is_empty() {
                self.attribution = Some(t);
            }
            return;
        }
        if is_skipped(el) {
            if matches!(name, "video" | "audio") && self.cur.trim().is_empty() {
                self.after_media = true;
            }
            return;
        }
        match name {
            "br" | "hr" => self.flush(),
            "img" => {
                if let Some(img) = dom::image(el) {
                    self.flush();
                    self.items.push(Item::Image(Box::new(img)));
                }
            }
            "small" if self.last_is_image() && self.cur.trim().is_empty() => {
                let t = self.text_of(node);
                if !t.is_empty() {
                    self.items.push(Item::Caption(t));
                }
            }
            _ if is_block(name) => {
                self.flush();
                if holds_only(node, "time") {
                    return;
                }
                if holds_only(node, "small") && self.after_media && !has_descendant(node, &["a"]) {
                    return;
                }
                self.after_media = false;
                if is_byline_el(el) && !has_tag_link(node) {
                    if let Some(names) = byline_block_names(node) {
                        self.bylines.extend(names);
                        return;
                    }
                }
                let caption = (is_caption_el(el) || (name == "p" && in_figure(node)))
                    && !has_descendant(node, &["img", "picture", "video"]);
                if caption || (self.last_is_image() && holds_only(node, "small")) {
                    // A caption belongs to the picture right before it; one
                    // without a picture (of a dropped video, say) is dropped.
                    let t = self.text_of(node);
                    if !t.is_empty() && self.last_is_image() {
                        self.items.push(Item::Caption(t));
                    }
                    return;
                }
                if matches!(name, "ul" | "ol") && links_only_list(node) {
                    return;
                }
                if is_lead_el(el) && !has_descendant(node, &["img", "figure", "video"]) {
                    let t = self.text_of(node);
                    if !t.is_empty() {
                        self.items.push(Item::Lead(t));
                        self.seen_text = true;
                    }
                    return;
                }
                if name == "p" && !self.seen_text && strong_only(node) && followed_by_body_block(node) {
                    let t = self.text_of(node);
                    if !t.is_empty() {
                        self.items.push(Item::Lead(t));
                        self.seen_text = true;
                    }
                    return;
                }
                // Set after the flush above, so it marks this block's own text.
                self.heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    || (self.seen_text && matches!(name, "p" | "div") && strong_heading(node));
                self.walk(node);
                self.flush();
                self.heading = false;
            }
            "a" => {
                self.link_depth += 1;
                self.walk(node);
                self.link_depth -= 1;
            }
            _ => self.walk(node),
        }
    }
}

/// A whole-line bold block that reads as a subheading (`<p><strong>蓬佩奥造访南台湾</strong></p>`):
/// short, and not a sentence, which a bold paragraph of text would end as.
fn strong_heading(node: NodeRef<'_, Node>) -> bool {
    if !strong_only(node) {
        return false;
    }
    let text = clean(&dom::raw_text(node));
    (2..=40).contains(&text.chars().count())
        && !text.ends_with(['。', '！', '？', '!', '?', '.', '…', '”', '"', '；', ';', '：', ':'])
}

/// The RFI standfirst is followed by the block that holds the body text.
fn followed_by_body_block(node: NodeRef<'_, Node>) -> bool {
    node.next_siblings()
        .find(|s| matches!(s.value(), Node::Element(_)))
        .is_some_and(|s| matches!(s.value(), Node::Element(e) if e.name() == "div") && has_descendant(s, &["p"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_substrings() {
        assert!(has("o-self-promo", "self-promo") && has("abc", "") && !has("ab", "abc") && !has("获取", "取获"));
    }

    #[test]
    fn skipped_boxes() {
        let html = Html::parse_fragment(
            "<div data-selfpromo-x>推广</div><div class=\"Copyright-sc-1-0\">AFP</div><p style=\"color:white\">水印</p><p>正文</p>",
        );
        let skipped: Vec<bool> =
            html.root_element().children().filter_map(|c| c.value().as_element().map(is_skipped)).collect();
        assert_eq!(skipped, [true, true, true, false]);
    }
}
