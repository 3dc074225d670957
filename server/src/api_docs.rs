//! The README's table of `/api/v1` routes, written from the route list (`app::api::ops`)
//! so the README cannot drift either: a test compares it, and `UPDATE_README=1` rewrites it.

use app::api::ops::ALL;

/// Where the table sits in the README.
pub const BEGIN: &str = "<!-- routes: generated from app/src/api/ops.rs by `UPDATE_README=1 cargo test -p server readme` -->";
pub const END: &str = "<!-- /routes -->";

/// The Markdown table: method and path, the permission it needs, what an embed link must
/// grant to call it (none: embed links may not), what it does.
pub fn routes_table() -> String {
    let mut out = String::from("| method and path | permission | embed link | what |\n|---|---|---|---|\n");
    for op in ALL {
        let embed = op.embed.map_or("\u{2014}", <&str>::from);
        out.push_str(&format!("| `{} /api/v1{}` | {} | {} | {} |\n", op.method.as_str(), op.path, op.permission.as_str(), embed, op.summary.trim()));
    }
    out
}

/// `readme` with its table replaced by the current one (`None` if the markers are missing).
pub fn with_current_table(readme: &str) -> Option<String> {
    let start = readme.find(BEGIN)? + BEGIN.len();
    let end = readme[start..].find(END)? + start;
    Some(format!("{}\n{}{}", &readme[..start], routes_table(), &readme[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_lists_the_routes_of_the_route_list() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let current = with_current_table(&readme).expect("the README has the routes markers");
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(path, &current).expect("write README.md");
        } else {
            assert!(current == readme, "README.md's route table is stale: run UPDATE_README=1 cargo test -p server readme");
        }
    }
}
