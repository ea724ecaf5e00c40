//! The README documents what users script against: every problem code has
//! a row in its table, with the meaning the code's own documentation gives.

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
