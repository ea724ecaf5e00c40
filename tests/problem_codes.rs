//! Problem codes are documented and translated wherever users meet them:
//! every code has a row in the README's table, with the meaning the code's
//! own documentation gives, and a Chinese sentence in the page.

use jianbao::problem::Code;

#[test]
fn readme_lists_every_problem_code_with_its_meaning() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let missing: Vec<String> = Code::ALL
        .iter()
        .map(|code| format!("| `{}` | {} |", code.as_str(), code.description()))
        .filter(|row| !readme.lines().any(|line| line.trim() == row))
        .collect();
    assert!(missing.is_empty(), "README.md lacks these rows of the problem-code table:\n{}", missing.join("\n"));
}

#[test]
fn the_page_translates_every_problem_code() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/problems.js")).expect("www/problems.js");
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| !page.contains(&format!("  {code}: ")) && !page.contains(&format!("  '{code}': ")))
        .collect();
    assert!(missing.is_empty(), "www/problems.js has no Chinese text for: {missing:?}");
}
