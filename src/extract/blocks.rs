//! The paragraph walker of the mirror and generic readers.
//!
//! [`blocks`] turns a parsed subtree into cleaned paragraphs while dropping
//! what is not the article's text: scripts, embeds, share bars, ads,
//! related-article boxes, hidden elements (white-on-white watermarks
//! included, [`dom::is_hidden`]), and figures, whose first image and caption
//! are kept aside as candidates for the record's `image`. Each paragraph
//! carries the share of its text that sits in navigation links (keyword and
//! tag links are text: [`super::tags`]). The walk is iterative, so no
//! nesting can overflow the stack.

use super::dom::{self, is_block, text_of};
use super::tags::keyword_link;
use crate::model::Image;
use crate::text::clean;
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;

/// One block of text from a page, cleaned.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub text: String,
    /// Share of the text that sits inside ordinary links (not keyword/tag links).
    pub link_ratio: f32,
    /// Came from `<h1>`…`<h6>`.
    pub heading: bool,
}

/// An image found inside a figure (or an image table) of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub image: Image,
    /// How many paragraphs came before it.
    pub after_paras: usize,
}

#[derive(Debug, Default)]
pub struct Blocks {
    pub paras: Vec<Para>,
    pub figures: Vec<Figure>,
}

/// What to do with an element met while walking a text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Treat {
    Walk,
    /// Not text: skip the whole subtree.
    Drop,
    /// A figure: keep its image aside, skip the subtree.
    Figure,
}

fn is_dropped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "source"
            | "button"
            | "form"
            | "input"
            | "select"
            | "textarea"
            | "svg"
            | "canvas"
            | "template"
            | "aside"
            | "nav"
            | "map"
            | "head"
            | "title"
            | "link"
            | "meta"
            | "picture"
            | "track"
    )
}

/// Whole class/id tokens that mark non-text boxes.
const DROP_TOKENS: &[&str] = &[
    "below_article_ad",
    "video_fit_container",
    "player-container",
    "epoch_player",
    "jfk-bubble",
    "gtx-bubble",
    "gtx-anchor",
    "element-invisible",
    "sr-only",
    "screen-reader-text",
    "innity-in-post",
    "m-interstitial",
    "o-self-promo",
    "hidden",
    "single_ad",
    "fb-like",
    "fb-share-button",
    "inline_share",
    "sharing_bottom",
    "tags",
    "bottomArticleBanner",
    "print-only",
];

/// Parts of class/id tokens (split at `-`/`_`) that mark non-text boxes.
const DROP_PARTS: &[&str] = &[
    "ad",
    "ads",
    "adslot",
    "advert",
    "advertisement",
    "dfp",
    "share",
    "sharing",
    "social",
    "relate",
    "related",
    "recommend",
    "sidebar",
    "comment",
    "comments",
    "subscribe",
    "newsletter",
    "promo",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "popup",
    "modal",
    "cookie",
    "readmore",
];

/// Class/id tokens of boxes that hold an image and its caption.
const FIGURE_TOKENS: &[&str] =
    &["caption", "wp-caption", "imgtxt", "featured_image", "arttop", "fullPic", "floatImg", "picinfo"];

fn token_matches(token: &str) -> Treat {
    if FIGURE_TOKENS.contains(&token) {
        return Treat::Figure;
    }
    if DROP_TOKENS.contains(&token) {
        return Treat::Drop;
    }
    if token.split(['-', '_']).any(|part| DROP_PARTS.contains(&part)) {
        return Treat::Drop;
    }
    Treat::Walk
}

fn treat(el: &Element) -> Treat {
    let name = el.name();
    if is_dropped_tag(name) {
        return Treat::Drop;
    }
    // A `<figcaption>` standing outside its `<figure>` (Reuters puts it next to the
    // figure inside an image box) is a caption too, not article text.
    if name == "figure" || name == "figcaption" {
        return Treat::Figure;
    }
    let mut verdict = Treat::Walk;
    for token in el.classes().chain(el.id()) {
        match token_matches(token) {
            Treat::Drop => return Treat::Drop,
            Treat::Figure => verdict = Treat::Figure,
            Treat::Walk => {}
        }
    }
    if verdict == Treat::Walk && dom::is_hidden(el) {
        return Treat::Drop;
    }
    verdict
}

/// Walks a subtree and returns its text as paragraphs (see the module docs).
/// Iterative, so arbitrarily deep documents cannot overflow the stack.
pub fn blocks(root: NodeRef<'_, Node>) -> Blocks {
    let mut out = Blocks::default();
    let mut cur = String::new();
    let mut cur_chars = 0usize;
    let mut cur_link_chars = 0usize;
    let mut cur_heading = false;
    let mut link_depth = 0usize;
    let mut link_stack: Vec<ego_tree::NodeId> = Vec::new();

    let flush = |cur: &mut String, chars: &mut usize, link: &mut usize, heading: &mut bool, out: &mut Blocks| {
        if !cur.is_empty() {
            let text = clean(cur);
            if !text.is_empty() {
                *chars = if *link == 0 { 0 } else { text.chars().filter(|c| *c != ' ').count() };
                let ratio = if *chars == 0 { 0.0 } else { *link as f32 / *chars as f32 };
                out.paras.push(Para { text, link_ratio: ratio.min(1.0), heading: *heading });
            }
            cur.clear();
        }
        *chars = 0;
        *link = 0;
        *heading = false;
    };

    let mut node = root;
    'walk: loop {
        // Open `node`; decide whether to descend.
        let mut descend = false;
        match node.value() {
            Node::Text(t) => {
                cur.push_str(&t.text);
                if link_depth > 0 {
                    cur_link_chars += t.text.chars().filter(|c| !c.is_whitespace()).count();
                }
            }
            Node::Element(el) => {
                let name = el.name();
                let verdict = if node == root { Treat::Walk } else { treat(el) };
                match verdict {
                    Treat::Drop => {}
                    Treat::Figure => {
                        if let Some(image) = figure_image(node) {
                            out.figures.push(Figure { image, after_paras: out.paras.len() });
                        } else if name == "figcaption" {
                            // The caption of the figure just before it, if that one has none.
                            let text = text_of(node);
                            if let Some(f) = out.figures.last_mut().filter(|f| f.image.caption.is_none()) {
                                if !text.is_empty() {
                                    f.image.caption = Some(text);
                                }
                            }
                        }
                    }
                    Treat::Walk if name == "table" && dom::has_descendant(node, &["img"]) => {
                        flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
                        if let Some(image) = figure_image(node) {
                            out.figures.push(Figure { image, after_paras: out.paras.len() });
                        }
                    }
                    Treat::Walk => {
                        if is_block(name) || name == "br" {
                            flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
                            if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                                cur_heading = true;
                            }
                        }
                        if let Some(href) = el.attr("href") {
                            if keyword_link(href, node).is_none() {
                                link_depth += 1;
                                link_stack.push(node.id());
                            }
                        }
                        descend = true;
                    }
                }
            }
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue 'walk;
            }
        }
        // Close `node` and the ancestors whose last child it is.
        loop {
            if let Node::Element(el) = node.value() {
                if link_stack.last() == Some(&node.id()) {
                    link_stack.pop();
                    link_depth -= 1;
                }
                if is_block(el.name()) || el.name() == "br" {
                    flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
                }
            }
            if node == root {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => break 'walk,
            }
        }
    }
    flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
    out
}

/// The first image of a figure-like box and its caption.
pub fn figure_image(node: NodeRef<'_, Node>) -> Option<Image> {
    let mut image: Option<Image> = None;
    let mut caption: Option<String> = None;
    for n in node.descendants() {
        let Node::Element(el) = n.value() else { continue };
        if image.is_none() && el.name() == "img" {
            image = dom::image(el);
        }
        if caption.is_none()
            && (el.name() == "figcaption"
                || el.classes().any(|c| matches!(c, "caption" | "wp-caption-text" | "bn12" | "imgtxt" | "picinfo")))
        {
            let text = text_of(n);
            if !text.is_empty() {
                caption = Some(text);
            }
        }
    }
    let mut image = image?;
    if caption.is_none() && matches!(node.value(), Node::Element(e) if e.name() == "table") {
        let text = text_of(node);
        if !text.is_empty() && text.chars().count() <= 200 {
            caption = Some(text);
        }
    }
    image.caption = caption;
    Some(image)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn a_caption_beside_its_figure_is_not_text() {
        let html = Html::parse_fragment(
            "<div><p>第一段。</p><div class=\"box\"><figure><div><img src=\"a.jpg\"></div></figure>\
             <figcaption><div><span>\n 图说文字。\n</span></div></figcaption></div><p>第二段。</p>\
             <figcaption>无图的说明</figcaption></div>",
        );
        let b = blocks(*html.root_element());
        let texts: Vec<&str> = b.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["第一段。", "第二段。"]);
        assert_eq!(b.figures.len(), 1);
        assert_eq!(b.figures[0].image.caption.as_deref(), Some("图说文字。"));
    }

    #[test]
    fn walker_drops_boxes_and_joins_cjk_lines() {
        let html = Html::parse_fragment(
            "<div><p>\n 谢尔盖‧\n <a href=\"https://x/tag/%E6%8B%89.html\">\n  拉夫罗夫\n </a>\n （Sergey Lavrov）说\n</p>\
             <script>var x=1;</script><div class=\"sharing_bottom\">分享</div>\
             <p>Spaces between <b>Latin</b> words stay.<br>Second line</p>\
             <figure><img src=\"a.jpg\" alt=\"A\"><figcaption>图说</figcaption></figure>\
             <p><font color=\"#ffffff\">(http://www.dajiyuan.com)</font></p>\
             <p><a href=\"https://x/y.htm\">相关文章链接</a></p></div>",
        );
        let b = blocks(*html.root_element());
        let texts: Vec<&str> = b.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["谢尔盖‧拉夫罗夫（Sergey Lavrov）说", "Spaces between Latin words stay.", "Second line", "相关文章链接"]
        );
        assert_eq!(b.paras[0].link_ratio, 0.0, "tag links are not navigation");
        assert!(b.paras[3].link_ratio > 0.99);
        assert_eq!(b.figures.len(), 1);
        assert_eq!(b.figures[0].image.caption.as_deref(), Some("图说"));
        assert_eq!(b.figures[0].after_paras, 3);
    }

    #[test]
    fn walker_survives_deep_nesting() {
        let deep = "<div>".repeat(3_000) + "深" + &"</div>".repeat(3_000);
        let html = Html::parse_fragment(&deep);
        let b = blocks(*html.root_element());
        assert_eq!(b.paras.len(), 1);
    }

    #[test]
    fn hidden_and_decorative_pictures_are_not_figures() {
        let html = Html::parse_fragment(
            "<div><figure><img src=\"https://x.org/logo.png\"><figcaption>标志</figcaption></figure>\
             <p style=\"color: #FFF\">水印</p><p>正文。</p></div>",
        );
        let b = blocks(*html.root_element());
        assert!(b.figures.is_empty());
        let texts: Vec<&str> = b.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["正文。"]);
    }
}
