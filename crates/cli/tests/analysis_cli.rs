//! `jianbao timeline` and `jianbao concordance` end to end over the fixture
//! corpus, checked against counts made here from the extracted articles.

mod common;
use common::{corpus_a as fixtures, corpus_a_in_the_library, jianbao};
use jianbao::search::normalize;

fn articles() -> Vec<jianbao::Article> {
    corpus_a_in_the_library().iter().filter_map(|(_, r)| r.as_article().cloned()).collect()
}

#[test]
fn timeline_counts_every_article_by_month_with_undated_apart() {
    let (code, lines, err) = jianbao(&["timeline", &fixtures()]);
    assert_eq!(code, 0, "{err}");
    let all = articles();
    let total: u64 = lines.iter().map(|l| l["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, all.len());
    for l in lines.iter().filter(|l| !l["period"].is_null()) {
        let month = l["period"].as_str().unwrap();
        assert_eq!(month.len(), 7, "{l}");
        // In UTC a date-time's month is its first seven characters.
        let want = all.iter().filter(|a| a.published.as_deref().is_some_and(|p| p.starts_with(month))).count();
        assert_eq!(l["count"].as_u64().unwrap() as usize, want, "{month}");
    }
    let periods: Vec<&str> = lines.iter().filter_map(|l| l["period"].as_str()).collect();
    assert!(periods.windows(2).all(|w| w[0] < w[1]), "periods in date order: {periods:?}");
}

#[test]
fn timeline_split_by_outlet_and_query_narrow_the_counts() {
    let (code, split, _) = jianbao(&["timeline", "--by", "year", "--split", "outlet", &fixtures()]);
    assert_eq!(code, 0);
    assert!(split.iter().all(|l| l.get("outlet").is_some()), "every line names its outlet");
    assert_eq!(split.iter().map(|l| l["count"].as_u64().unwrap()).sum::<u64>() as usize, articles().len());
    let (_, narrowed, _) = jianbao(&["timeline", "--by", "day", "美国", &fixtures()]);
    let (_, search, _) = jianbao(&["search", "-q", "美国", &fixtures()]);
    assert_eq!(narrowed.iter().map(|l| l["count"].as_u64().unwrap()).sum::<u64>() as usize, search.len());
    let (code, _, err) = jianbao(&["timeline", "--by", "fortnight", &fixtures()]);
    assert_eq!(code, 2);
    assert!(err.contains("day, week, month or year"), "{err}");
}

#[test]
fn concordance_prints_every_occurrence_as_written() {
    let (code, lines, err) = jianbao(&["concordance", "--width", "6", "國", &fixtures()]);
    assert_eq!(code, 0, "{err}");
    let want: usize = articles()
        .iter()
        .map(|a| {
            std::iter::once(a.title.as_str())
                .chain(a.lead.as_deref())
                .chain(a.paragraphs.iter().map(String::as_str))
                .map(|t| normalize(t).matches('国').count())
                .sum::<usize>()
        })
        .sum();
    assert!(want > 0);
    assert_eq!(lines.len(), want);
    for l in &lines {
        assert!(["國", "国"].contains(&l["match"].as_str().unwrap()), "{l}");
        assert!(l["left"].as_str().unwrap().chars().count() <= 6);
        for key in ["path", "id", "field", "right"] {
            assert!(l[key].is_string(), "{key} in {l}");
        }
    }
    let (_, sorted, _) = jianbao(&["concordance", "--sort", "right", "-w", "3", "国", &fixtures()]);
    let rights: Vec<String> = sorted.iter().map(|l| normalize(l["right"].as_str().unwrap())).collect();
    assert!(rights.windows(2).all(|w| w[0] <= w[1]), "sorted by the right context");
}
