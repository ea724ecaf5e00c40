//! Copies and stories ([`jianbao::stories`]) on real files: the copy rule,
//! near-duplicates of a syndicated story, a template series kept apart, and
//! properties of the grouping (disjoint, symmetric, collapse counts).

use jianbao::corpus::Corpus;
use jianbao::search::{normalize, Collapse, SearchOptions};
use jianbao::stories::{compare, shingles, GroupKind, NEAR_CONTAINMENT};
use jianbao::{Article, Record};
use proptest::prelude::*;
use std::collections::HashSet;
#[path = "support/fixtures.rs"]
mod fixtures;

const RFI_HUAWEI: &str = "corpus/A/oped2__法广__1047756_英国执政党因华为出现分歧.md";
const REUTERS_HUAWEI: &str =
    "corpus/A/oped2__路透__1047952_美国制裁将影响华为设备可靠性 英国既有决定非牢不可拔--英国官员.md";
const REUTERS_FIXING: &str = "corpus/A/oped2__路透__1047853_路透测算的人民币中间价料开在7.0042元附近 逆周期暂无影响.md";

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures::fixtures_dir().join(rel)).unwrap()
}

fn article(rel: &str) -> Article {
    match jianbao::extract(rel, &read(rel)) {
        Record::Article(a) => *a,
        Record::Error(e) => panic!("{rel}: {}", e.error),
    }
}

/// The body as stories compare it: lead and paragraphs, normalised.
fn body(a: &Article) -> String {
    a.lead.iter().chain(&a.paragraphs).map(|p| normalize(p)).collect::<Vec<_>>().join("\n")
}

fn corpus_of(files: &[(&str, Vec<u8>)]) -> Corpus {
    let mut c = Corpus::new();
    for (path, bytes) in files {
        c.add_file(path, bytes);
    }
    c
}

fn whole_fixture_corpus() -> Corpus {
    let root = fixtures::fixtures_dir();
    let mut c = Corpus::new();
    for p in fixtures::fixture_files("corpus") {
        let rel = p.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        c.add_file(&rel, &std::fs::read(&p).unwrap());
    }
    c
}

#[test]
fn the_same_bytes_are_an_identical_copy_linked_both_ways() {
    let bytes = read(RFI_HUAWEI);
    let c = corpus_of(&[("first/a.md", bytes.clone()), ("second/a.md", bytes)]);
    let copy = c.get(1).and_then(Record::as_article).unwrap();
    assert_eq!(copy.duplicate_of.as_deref(), Some("first/a.md"));
    assert_eq!(c.copies().original(1), Some(0));
    assert_eq!(c.copies().copies(0), [1]);
    let groups = c.copy_groups();
    assert_eq!(groups.len(), 1);
    assert_eq!((groups[0].kind, groups[0].members.clone()), (GroupKind::Identical, vec![0, 1]));
    assert_eq!(c.stats().duplicates, 1);
}

#[test]
fn the_same_canonical_url_with_other_bytes_is_a_same_url_copy() {
    // FT's daily tracker: one page, dumped on two days.
    let c = corpus_of(&[
        ("a.md", read("corpus/A/oped2__金融时报__1048018_每日更新：全球新冠疫情追踪.md")),
        ("b.md", read("corpus/A/oped2__金融时报__1048333_每日更新：全球新冠疫情追踪.md")),
    ]);
    let groups = c.copy_groups();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].kind, GroupKind::SameUrl);
    // A different URL of the same site is no copy, nor is a bare host.
    let mut other = article(RFI_HUAWEI);
    other.url = Some("https://www.rfi.fr/".into());
    assert_eq!(jianbao::stories::copy_url(&other), None);
}

#[test]
fn a_syndicated_story_in_two_outlets_groups_as_near() {
    let (rfi, reuters) = (article(RFI_HUAWEI), article(REUTERS_HUAWEI));
    assert_ne!(rfi.outlet, reuters.outlet);
    let cmp = compare(&shingles(&body(&rfi)), &shingles(&body(&reuters)));
    assert!(cmp.containment >= NEAR_CONTAINMENT && cmp.same_story(), "{cmp:?}");
    let mut c = corpus_of(&[(RFI_HUAWEI, read(RFI_HUAWEI)), (REUTERS_HUAWEI, read(REUTERS_HUAWEI))]);
    let stories = c.cluster();
    assert_eq!(stories.groups.len(), 1);
    assert_eq!(stories.groups[0].kind, GroupKind::Near);
    assert_eq!(stories.groups[0].members, [0, 1]);
}

#[test]
fn a_template_series_with_other_figures_stays_apart() {
    // The next day's 人民币中间价 note: the real note with the last digit of
    // every figure changed (7.0042 → 7.0045), the template kept.
    let today = article(REUTERS_FIXING);
    let next_digit = |s: &str| -> String {
        let chars: Vec<char> = s.chars().collect();
        let last_of_run = |i: usize| chars[i].is_ascii_digit() && !chars.get(i + 1).is_some_and(char::is_ascii_digit);
        (0..chars.len())
            .map(|i| match chars[i].to_digit(10) {
                Some(d) if last_of_run(i) => char::from_digit((d + 3) % 10, 10).unwrap(),
                _ => chars[i],
            })
            .collect()
    };
    // Only the opening paragraph's figures move (the day's fixing), as in a
    // series whose template repeats yesterday's background.
    let mut tomorrow = today.clone();
    let first = tomorrow.paragraphs.iter().position(|p| p.chars().any(|c| c.is_ascii_digit())).unwrap();
    tomorrow.paragraphs[first] = next_digit(&tomorrow.paragraphs[first]);
    let (a, b) = (shingles(&body(&today)), shingles(&body(&tomorrow)));
    assert!(a.len() >= jianbao::stories::MIN_SHINGLES);
    let cmp = compare(&a, &b);
    assert!(cmp.containment >= NEAR_CONTAINMENT, "the template alone would merge them: {cmp:?}");
    assert!(!cmp.same_story(), "{cmp:?}");
    // And in a corpus: no story.
    let mut c = Corpus::new();
    c.add_record(Record::Article(Box::new(today)));
    tomorrow.source.sha256 = "other".into();
    tomorrow.url = Some("https://cn.reuters.com/article/tomorrow".into());
    c.add_record(Record::Article(Box::new(tomorrow)));
    assert!(c.cluster().groups.is_empty());
}

#[test]
fn the_real_corpus_groups_its_copies_and_its_stories() {
    let mut c = whole_fixture_corpus();
    let copies = c.copy_groups();
    assert!(copies.iter().filter(|g| g.kind == GroupKind::Identical).count() >= 3, "{copies:?}");
    let stories = c.cluster().clone();
    let path = |d: u32| c.get(d).unwrap().source().path.clone();
    let pair: HashSet<String> = [RFI_HUAWEI.to_string(), REUTERS_HUAWEI.to_string()].into();
    assert!(
        stories.groups.iter().any(|g| g.members.iter().map(|&d| path(d)).collect::<HashSet<_>>() == pair),
        "{stories:?}"
    );
    // Disjoint, and every member knows its group.
    let mut seen = HashSet::new();
    for (i, g) in stories.groups.iter().enumerate() {
        assert!(g.members.len() >= 2 && g.similarity >= NEAR_CONTAINMENT);
        for &m in &g.members {
            assert!(seen.insert(m), "{m} in two stories");
            assert_eq!(stories.group_of[&m], i as u32);
        }
    }
    // Collapsing: totals follow the groups.
    let total = |collapse| {
        let options = SearchOptions { collapse, limit: Some(0), ..SearchOptions::default() };
        c.search("", &options).unwrap().total
    };
    let articles = c.stats().articles;
    assert_eq!(total(Collapse::None), articles);
    assert_eq!(total(Collapse::Copies), articles - c.stats().duplicates);
    let merged: usize = stories
        .groups
        .iter()
        .map(|g| g.members.iter().filter(|&&m| c.copies().original(m).is_none()).count() - 1)
        .sum();
    assert_eq!(total(Collapse::Stories), articles - c.stats().duplicates - merged);
}

#[test]
fn loading_the_same_files_twice_hides_every_second_copy() {
    let root = fixtures::fixtures_dir();
    let files = fixtures::fixture_files("corpus/A");
    let mut c = Corpus::new();
    for round in ["one", "two"] {
        for p in &files {
            let rel = p.strip_prefix(&root).unwrap().to_string_lossy();
            c.add_file(&format!("{round}/{rel}"), &std::fs::read(p).unwrap());
        }
    }
    let options = |collapse| SearchOptions { collapse, facets: true, ..SearchOptions::default() };
    let all = c.search("", &options(Collapse::None)).unwrap();
    let shown = c.search("", &options(Collapse::Copies)).unwrap();
    assert_eq!(all.total, 2 * files.len());
    // One round is hidden (and FT's same-URL tracker pages fold together).
    assert!(shown.total <= files.len() && shown.total >= files.len() - 2, "{}", shown.total);
    assert!(shown.hits.iter().all(|h| c.copies().original(h.doc).is_none()), "originals stand for their copies");
    let count =
        |r: &jianbao::search::SearchResults| r.facets.as_ref().unwrap().outlet.iter().map(|f| f.count).sum::<usize>();
    assert_eq!(count(&shown) * 2, count(&all) - (all.total - 2 * shown.total));
    // The saved corpus keeps the rule.
    let back = Corpus::from_bytes(&c.to_bytes().unwrap()).unwrap();
    assert_eq!(back.search("", &options(Collapse::Copies)).unwrap().total, shown.total);
    assert_eq!(back.copies().copies(0), c.copies().copies(0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Containment is symmetric, 1 for a text against itself, and the story
    /// rule does not depend on the order of the pair.
    #[test]
    fn comparison_is_symmetric(a in "[一二三四五六七八九十甲乙丙丁0-9]{0,300}", b in "[一二三四五六七八九十甲乙丙丁0-9]{0,300}") {
        let (sa, sb) = (shingles(&a), shingles(&b));
        let (ab, ba) = (compare(&sa, &sb), compare(&sb, &sa));
        prop_assert_eq!(ab, ba);
        prop_assert_eq!(ab.same_story(), ba.same_story());
        if !sa.is_empty() {
            prop_assert_eq!(compare(&sa, &sa).containment, 1.0);
        }
    }

    /// Stories over random corpora (texts built from a few shared passages)
    /// are disjoint, each pair in a story passes the rule through a chain,
    /// and the result does not depend on the step size.
    #[test]
    fn stories_are_disjoint_and_independent_of_steps(picks in prop::collection::vec(prop::collection::vec(0usize..6, 1..4), 2..12), budget in 1usize..7) {
        let passages: Vec<String> = (0..6).map(|i| (0..200).map(|k| char::from_u32(0x4E00 + ((i * 7919 + k * 31) % 2000) as u32).unwrap()).collect()).collect();
        let make = || {
            let mut c = Corpus::new();
            for (i, pick) in picks.iter().enumerate() {
                let a = Article {
                    title: format!("{i}"),
                    paragraphs: pick.iter().map(|&p| passages[p].clone()).collect(),
                    source: jianbao::Source { path: format!("{i}.md"), sha256: format!("{i}"), ..Default::default() },
                    ..Article::default()
                };
                c.add_record(Record::Article(Box::new(a)));
            }
            c
        };
        let mut whole = make();
        let once = whole.cluster().clone();
        let mut stepped = make();
        let mut clustering = Some(stepped.start_clustering());
        while !stepped.cluster_step(&mut clustering, budget) {}
        prop_assert_eq!(&stepped.stories().unwrap().groups, &once.groups);
        let mut seen = HashSet::new();
        for g in &once.groups {
            for &m in &g.members {
                prop_assert!(seen.insert(m));
            }
        }
        // Same picks (as a set) are always one story.
        for i in 0..picks.len() {
            for j in 0..i {
                let (a, b): (HashSet<_>, HashSet<_>) = (picks[i].iter().collect(), picks[j].iter().collect());
                if a == b {
                    prop_assert!(once.group(i as u32).is_some() && once.group(i as u32) == once.group(j as u32));
                }
            }
        }
    }
}
