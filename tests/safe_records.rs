//! Records are safe to show and follow whatever the file held: real seeds
//! with hostile URLs, control characters, bidi overrides and absurd titles
//! written into them go through `jianbao::extract` end to end (the rules
//! themselves are unit-tested in src/sanitize.rs).

use jianbao::{Article, Code, Record};

const RSS_SEED: &str = include_str!("../fixtures/seeds/000_73b89bec0a353237.txt");
const RSS_TITLE: &str = "视频 美国国务卿到访以色列斡旋加沙停火";
const RSS_IMAGE: &str =
    "https://s.rfi.fr/media/display/12a068b2-e854-11ee-94a9-005056bfb2b6/w:1280/p:16x9/Antoni%20Blinken-1.JPG";
const MIRROR_SEED: &str = include_str!("../fixtures/seeds/004_d36ee75ac0d48196.txt");
const MIRROR_TITLE: &str = "乌克兰危机加剧之际 布林肯与俄外长会面";

fn article(text: &str) -> Article {
    match jianbao::extract("hostile.txt", text.as_bytes()) {
        Record::Article(a) => *a,
        Record::Error(e) => panic!("not an article: {}", e.error),
    }
}

/// The seed's first line after `[`…`](` replaced: the dump's URL.
fn rss_with_url(url: &str) -> String {
    let start = RSS_SEED.find("](").expect("a link line") + 2;
    let end = start + RSS_SEED[start..].find(")\n").expect("the link ends the line");
    format!("{}{url}{}", &RSS_SEED[..start], &RSS_SEED[end..])
}

#[test]
fn the_seeds_themselves_carry_no_safety_warnings() {
    for seed in [RSS_SEED, MIRROR_SEED] {
        let a = article(seed);
        let unsafe_codes = [Code::UnsafeUrl, Code::ControlCharacters, Code::Truncated];
        assert!(!a.warning_codes.iter().any(|c| unsafe_codes.contains(c)), "{:?}", a.warnings);
    }
}

#[test]
fn a_dump_linking_to_script_or_data_keeps_its_text_but_not_the_link() {
    for url in
        ["javascript:alert(document.cookie)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>"]
    {
        let a = article(&rss_with_url(url));
        assert_eq!(a.title, RSS_TITLE, "{url}");
        assert_eq!(a.url, None, "{url}");
        assert!(!a.paragraphs.is_empty());
        assert_eq!(a.warning_codes.iter().filter(|&&c| c == Code::UnsafeUrl).count(), 1, "{url}: {:?}", a.warnings);
        assert!(a.warnings.iter().any(|w| w.starts_with("url dropped")), "{:?}", a.warnings);
        assert!(!a.id.is_empty(), "the id then comes from the text");
    }
    // A protocol-relative link is a web link.
    let a = article(&rss_with_url("//www.rfi.fr/cn/x"));
    assert_eq!(a.url.as_deref(), Some("https://www.rfi.fr/cn/x"));
}

#[test]
fn an_entity_encoded_script_image_is_dropped() {
    for src in
        ["&#106;avascript:alert(1)", "&#x6A;avascript&#x3A;alert(1)", "javascript:alert(1)", "vbscript:msgbox(1)"]
    {
        let text = RSS_SEED.replacen(RSS_IMAGE, src, 1);
        assert_ne!(text, RSS_SEED);
        let a = article(&text);
        assert_eq!(a.image, None, "{src}");
        assert!(a.warnings.iter().any(|w| w.starts_with("image.src dropped")), "{src}: {:?}", a.warnings);
    }
}

#[test]
fn escape_sequences_and_bidi_overrides_leave_titles() {
    let hostile = format!("\u{1b}[2J\u{1b}[31m{RSS_TITLE}\u{7}\u{202e}gpj.exe\u{202c}");
    let a = article(&RSS_SEED.replacen(RSS_TITLE, &hostile, 1));
    assert_eq!(a.title, format!("[2J[31m{RSS_TITLE}gpj.exe"));
    assert!(a.warning_codes.contains(&Code::ControlCharacters), "{:?}", a.warnings);

    let a = article(&MIRROR_SEED.replacen(MIRROR_TITLE, &format!("{MIRROR_TITLE}\u{2066}\u{202d}"), 1));
    assert_eq!(a.title, MIRROR_TITLE);
}

#[test]
fn a_stray_nul_is_removed_and_said() {
    let text = RSS_SEED.replacen("美国国务卿布林肯", "美国国务卿\0布林肯", 1);
    let a = article(&text);
    let plain = article(RSS_SEED);
    assert_eq!((&a.title, &a.paragraphs), (&plain.title, &plain.paragraphs));
    assert!(a.warnings.contains(&"1 NUL byte removed from the text".to_string()), "{:?}", a.warnings);
}

#[test]
fn a_100000_character_title_is_cut_with_a_warning() {
    let a = article(&MIRROR_SEED.replacen(MIRROR_TITLE, &"视".repeat(100_000), 1));
    assert_eq!(a.title.chars().count(), jianbao::sanitize::MAX_TITLE_CHARS + 1, "1,000 characters and …");
    assert!(a.warning_codes.contains(&Code::Truncated), "{:?}", a.warnings);
    assert!(!a.paragraphs.is_empty());
}
