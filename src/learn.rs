//! Boilerplate learned from the corpus: paragraphs an outlet repeats across
//! many of its articles (subscription appeals such as `【诚征荣誉会员】…`,
//! `感謝您的訂閱！`, recurring footers, "listen to this article" prompts).
//!
//! The fixed rules of [`crate::extract::boilerplate`] know phrases every
//! outlet uses; this module finds what one outlet repeats, from the corpus
//! itself, in two passes: [`Learner::add`] every article, then
//! [`Learned::apply`] to every article.
//!
//! ## What counts as the same paragraph
//!
//! Two paragraphs are the same when their *keys* are equal: the text folded
//! as search folds it ([`crate::search::normalize`]: NFKC, lower case,
//! Traditional → Simplified), then only letters, digits and Han characters
//! kept — white space, punctuation and symbols dropped. So `感謝您的訂閱！`,
//! `感谢您的订阅!` and `感谢您的订阅` are one paragraph ("nearly" the same).
//! Digits are kept: templated notes that differ only in their figures
//! (Reuters' daily `人民币中间价报6.4523`) are news, not furniture. A key of
//! fewer than [`MIN_KEY_CHARS`] characters is never learned (separators and
//! end marks are the fixed rules' job).
//!
//! ## Thresholds
//!
//! Counting is per outlet (the record's `outlet`; articles without one are
//! never counted or changed), over distinct articles: a byte-identical
//! duplicate, a second record with the same `id` (same canonical URL), or
//! a second article of the outlet with the same title (a re-dump under
//! another address) is counted once, and a paragraph repeated inside one
//! article counts once. Counting copies as articles would make every
//! paragraph of an article dumped ten times look like furniture.
//! A paragraph is an outlet's furniture when all hold:
//! - the outlet has at least [`MIN_OUTLET_ARTICLES`] (20) distinct articles;
//! - the paragraph is in at least [`MIN_ARTICLES`] (10) of them;
//! - and in at least [`MIN_SHARE_PERCENT`] (5) % of them.
//!
//! Below these, nothing is learned.
//!
//! ## Credits are never furniture
//!
//! A repeated credit line (`文字整理：李洁思`, `（中央社）`, `《新闻看点》制作组`)
//! is recognised by the credits rules ([`crate::extract::credits::is_credit_line`])
//! and is neither counted nor hidden: it stays where the extractor put it.
//!
//! ## What applying does
//!
//! A learned paragraph moves from `paragraphs` to `boilerplate`, so search,
//! snippets and every statistic over `paragraphs` leave it out while a
//! reader can still show it. Counting reads `paragraphs` and `boilerplate`
//! together, so learning again over the same articles learns the same set,
//! and applying again changes nothing.

use crate::extract::credits::is_credit_line;
use crate::model::Article;
use crate::search::index::FxMap;
use crate::search::normalize::{class, normalize_each, CharClass};
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};

/// Fewest distinct articles an outlet needs before anything is learned from it.
pub const MIN_OUTLET_ARTICLES: usize = 20;
/// Fewest distinct articles a paragraph must be in to be furniture.
pub const MIN_ARTICLES: usize = 10;
/// Smallest share of its outlet's articles, in percent, a paragraph must be in.
pub const MIN_SHARE_PERCENT: usize = 5;
/// Fewest characters (letters, digits, Han) a key needs to be learnable.
pub const MIN_KEY_CHARS: usize = 2;

/// A paragraph's key, as a 64-bit hash of its folded characters (see the
/// module docs); `None` when it is too short to learn.
///
/// A hash rather than the folded text keeps counting a 65,000-article
/// archive to a few megabytes; two different keys sharing a hash (odds about
/// 2⁻⁶⁴ per pair) would only merge their counts.
pub fn key(paragraph: &str) -> Option<u64> {
    thread_local! {
        /// The folded characters of the paragraph being keyed, reused: one
        /// hash over them all costs a fraction of one hasher call per character.
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        let mut chars = 0usize;
        normalize_each(paragraph, |c, _, _| {
            // Letters and digits as the search's tokenizer sees them (its
            // fast path for Han, which `char::is_alphanumeric` looks up slowly).
            if class(c) != CharClass::Other {
                folded.push(c);
                chars += 1;
            }
        });
        (chars >= MIN_KEY_CHARS).then(|| {
            let mut hasher = DefaultHasher::new();
            hasher.write(folded.as_bytes());
            hasher.finish()
        })
    })
}

/// The keys of an article's learnable paragraphs (credits left out), each once.
fn article_keys(a: &Article) -> Vec<u64> {
    let mut keys: Vec<u64> =
        a.paragraphs.iter().chain(&a.boilerplate).filter(|p| !is_credit_line(p)).filter_map(|p| key(p)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Counts per outlet.
#[derive(Default, Debug)]
struct OutletCounts {
    articles: usize,
    /// Key → distinct articles it is in (the keys are hashes already, so
    /// the map's own hasher need not be a strong one).
    paragraphs: FxMap<u64, u32>,
}

/// The first pass: counts paragraphs per outlet.
#[derive(Default, Debug)]
pub struct Learner {
    outlets: HashMap<String, OutletCounts>,
    /// Ids already counted (a second record with the same id is a copy).
    seen: HashSet<String>,
    /// Keys of (outlet, title) already counted (the same title again in one outlet is a copy).
    titles: HashSet<u64>,
}

impl Learner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one article (a duplicate, or one without an outlet, is skipped).
    pub fn add(&mut self, a: &Article) {
        let Some(outlet) = a.outlet.as_deref() else { return };
        if a.duplicate_of.is_some() || !self.seen.insert(a.id.clone()) {
            return;
        }
        let mut title = DefaultHasher::new();
        title.write(outlet.as_bytes());
        title.write_u64(key(&a.title).unwrap_or(0));
        if !self.titles.insert(title.finish()) {
            return;
        }
        let counts = self.outlets.entry(outlet.to_string()).or_default();
        counts.articles += 1;
        for k in article_keys(a) {
            *counts.paragraphs.entry(k).or_default() += 1;
        }
    }

    /// The furniture of every outlet that passes the thresholds.
    pub fn finish(self) -> Learned {
        let mut by_outlet = HashMap::new();
        for (outlet, counts) in self.outlets {
            if counts.articles < MIN_OUTLET_ARTICLES {
                continue;
            }
            let needed = (counts.articles * MIN_SHARE_PERCENT).div_ceil(100).max(MIN_ARTICLES);
            let furniture: HashSet<u64> =
                counts.paragraphs.into_iter().filter(|&(_, n)| n as usize >= needed).map(|(k, _)| k).collect();
            if !furniture.is_empty() {
                by_outlet.insert(outlet, furniture);
            }
        }
        Learned { by_outlet }
    }
}

/// What was learned: each outlet's furniture, by key.
#[derive(Default, Debug)]
pub struct Learned {
    by_outlet: HashMap<String, HashSet<u64>>,
}

impl Learned {
    /// Learns from `articles` in one pass ([`Learner`]).
    pub fn from_articles<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Learned {
        let mut learner = Learner::new();
        for a in articles {
            learner.add(a);
        }
        learner.finish()
    }

    /// How many distinct paragraphs were learned, over all outlets.
    pub fn len(&self) -> usize {
        self.by_outlet.values().map(HashSet::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_outlet.is_empty()
    }

    /// Whether `paragraph` is furniture of `outlet`.
    pub fn is_furniture(&self, outlet: Option<&str>, paragraph: &str) -> bool {
        let Some(furniture) = outlet.and_then(|o| self.by_outlet.get(o)) else { return false };
        !is_credit_line(paragraph) && key(paragraph).is_some_and(|k| furniture.contains(&k))
    }

    /// Moves the article's furniture from `paragraphs` to `boilerplate`, in
    /// order; returns how many paragraphs moved.
    pub fn apply(&self, a: &mut Article) -> usize {
        if !a.outlet.as_deref().is_some_and(|o| self.by_outlet.contains_key(o)) {
            return 0;
        }
        let outlet = a.outlet.clone();
        // `headings` index into `paragraphs`, so each kept heading takes its
        // paragraph's new index and a moved one goes with its paragraph.
        let headings = std::mem::take(&mut a.headings);
        let mut moved = 0;
        for (index, paragraph) in std::mem::take(&mut a.paragraphs).into_iter().enumerate() {
            if self.is_furniture(outlet.as_deref(), &paragraph) {
                a.boilerplate.push(paragraph);
                moved += 1;
            } else {
                if headings.contains(&index) {
                    a.headings.push(a.paragraphs.len());
                }
                a.paragraphs.push(paragraph);
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: usize, outlet: &str, paragraphs: &[&str]) -> Article {
        Article {
            id: format!("{id}"),
            title: format!("标题{id}"),
            outlet: Some(outlet.to_string()),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            ..Article::default()
        }
    }

    #[test]
    fn headings_keep_pointing_at_their_paragraphs_when_furniture_moves() {
        let mut articles: Vec<Article> = (0..20).map(|i| article(i, "RFI", &["感謝您的訂閱！"])).collect();
        let a = &mut articles[0];
        a.paragraphs = vec!["感謝您的訂閱！".into(), "小标题".into(), "正文".into()];
        a.headings = vec![1];
        let learned = Learned::from_articles(&articles);
        let mut a = articles[0].clone();
        learned.apply(&mut a);
        assert_eq!(a.paragraphs, ["小标题", "正文"]);
        assert_eq!(a.headings, [0], "the heading moves up with its paragraph");
    }

    #[test]
    fn nearly_equal_paragraphs_share_a_key() {
        assert_eq!(key("感謝您的訂閱！"), key("感谢您的订阅!"));
        assert_eq!(key("感謝您的訂閱！"), key(" 感谢 您的订阅 "));
        assert_ne!(key("人民币中间价报6.4523"), key("人民币中间价报6.4611"));
        assert_eq!(key("！"), None);
        assert_eq!(key("完"), None);
    }

    #[test]
    fn the_thresholds_are_the_documented_ones() {
        // 200 articles: 5 % is 10, so 10 articles suffice and 9 do not.
        let mut articles: Vec<Article> = (0..200).map(|i| article(i, "X", &[&format!("正文第{i}段")])).collect();
        for a in articles.iter_mut().take(10) {
            a.paragraphs.push("感謝您的訂閱！".into());
        }
        for a in articles.iter_mut().skip(10).take(9) {
            a.paragraphs.push("請按讚".into());
        }
        let learned = Learned::from_articles(&articles);
        assert!(learned.is_furniture(Some("X"), "感谢您的订阅！"));
        assert!(!learned.is_furniture(Some("X"), "請按讚"));
        assert!(!learned.is_furniture(Some("Y"), "感谢您的订阅！"), "learning is per outlet");
        assert_eq!(learned.len(), 1);
        // 400 articles: 5 % is 20, so 10 no longer suffice.
        articles.extend((200..400).map(|i| article(i, "X", &[&format!("正文第{i}段")])));
        assert!(Learned::from_articles(&articles).is_empty());
    }

    #[test]
    fn nothing_is_learned_from_an_outlet_below_twenty_articles() {
        let articles: Vec<Article> = (0..19).map(|i| article(i, "X", &["感謝您的訂閱！"])).collect();
        assert!(Learned::from_articles(&articles).is_empty());
    }

    #[test]
    fn copies_count_once() {
        let mut articles: Vec<Article> = (0..20).map(|i| article(i, "X", &[&format!("正文{i}")])).collect();
        // Ten records of one article (same id) carry the phrase: one article.
        for _ in 0..10 {
            articles.push(article(0, "X", &["同一篇文章的段落"]));
        }
        assert!(Learned::from_articles(&articles).is_empty());
    }

    #[test]
    fn re_dumps_under_another_address_count_once() {
        // Twenty distinct articles, then the same article dumped ten times under ten ids.
        let mut articles: Vec<Article> = (0..20).map(|i| article(i, "X", &[&format!("正文{i}")])).collect();
        for i in 0..10 {
            let mut copy = article(100 + i, "X", &["同一篇文章的段落"]);
            copy.title = "同一个标题".into();
            articles.push(copy);
        }
        assert!(Learned::from_articles(&articles).is_empty());
    }

    #[test]
    fn credits_stay_and_applying_twice_changes_nothing() {
        let mut articles: Vec<Article> = (0..20)
            .map(|i| article(i, "X", &[&format!("正文{i}"), "（中央社）", "文字整理：李洁思", "感謝您的訂閱！"]))
            .collect();
        let learned = Learned::from_articles(&articles);
        assert_eq!(learned.len(), 1);
        for a in &mut articles {
            assert_eq!(learned.apply(a), 1);
            assert_eq!(a.boilerplate, ["感謝您的訂閱！"]);
            assert_eq!(a.paragraphs[1..], ["（中央社）", "文字整理：李洁思"]);
        }
        let again = Learned::from_articles(&articles);
        assert_eq!(again.len(), 1, "counting reads the boilerplate too");
        assert!(articles.iter_mut().all(|a| again.apply(a) == 0));
    }

    #[test]
    fn articles_without_an_outlet_are_left_alone() {
        let mut articles: Vec<Article> = (0..30).map(|i| article(i, "X", &["感謝您的訂閱！"])).collect();
        for a in &mut articles {
            a.outlet = None;
        }
        let learned = Learned::from_articles(&articles);
        assert!(learned.is_empty());
        assert!(articles.iter_mut().all(|a| learned.apply(a) == 0));
    }
}
