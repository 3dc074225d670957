//! Reading the browser bundle that `build_frontend` (scripts/lib.sh) leaves in `site/pkg`:
//! the wasm-bindgen glue `monitor_studio.js`, the main `monitor_studio_bg.wasm`, and, when the
//! pages are split into lazily loaded chunks, the link module `__wasm_split.js` with its
//! `*.wasm` chunks. Std only: the server's build script includes this file too.

#![allow(dead_code)] // the build script and the server each use a part

use std::collections::BTreeMap;

/// The wasm-bindgen glue, the main wasm module and wasm-split's link module.
pub const JS: &str = "monitor_studio.js";
pub const WASM: &str = "monitor_studio_bg.wasm";
pub const SPLIT_JS: &str = "__wasm_split.js";

/// The `Content-Type` of a bundle file, by extension.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// The files each split module needs, read from the link module wasm-split writes: for
/// every `export const __wasm_split_load_<split> = …` its own `"./<file>.wasm"` and those of
/// the shared chunks (`const __chunk_<n> = …`) it lists as dependencies. Keys are the split
/// names Leptos uses for `#[lazy]` functions and routes; values are file names.
pub fn split_manifest(link_js: &str) -> BTreeMap<String, Vec<String>> {
    let mut chunks = BTreeMap::new();
    let mut splits = BTreeMap::new();
    let mut starts: Vec<usize> = ["\nconst __chunk_", "\nexport const __wasm_split_load_"]
        .iter()
        .flat_map(|marker| link_js.match_indices(marker).map(|(at, _)| at + 1))
        .collect();
    starts.sort_unstable();
    for (n, &start) in starts.iter().enumerate() {
        let statement = &link_js[start..starts.get(n + 1).copied().unwrap_or(link_js.len())];
        let Some(file) = wasm_url(statement) else { continue };
        if let Some(rest) = statement.strip_prefix("const ") {
            chunks.insert(identifier(rest), file);
        } else if let Some(rest) = statement.strip_prefix("export const __wasm_split_load_") {
            let deps = statement.rsplit_once('[').and_then(|(_, deps)| deps.split_once(']')).map(|(deps, _)| deps).unwrap_or_default();
            let deps: Vec<String> = deps.split(',').map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned).collect();
            splits.insert(identifier(rest), (file, deps));
        }
    }
    splits
        .into_iter()
        .map(|(name, (file, deps))| {
            let mut files = vec![file];
            files.extend(deps.iter().filter_map(|d| chunks.get(d).cloned()));
            (name, files)
        })
        .collect()
}

/// The identifier a statement's text starts with.
fn identifier(text: &str) -> String {
    text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// The first `new URL("./<file>.wasm", …)` of a statement.
fn wasm_url(statement: &str) -> Option<String> {
    let start = statement.find("new URL(\"./")? + "new URL(\"./".len();
    let len = statement[start..].find('"')?;
    let file = &statement[start..start + len];
    file.ends_with(".wasm").then(|| file.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_splits_and_their_chunks_from_the_link_module() {
        let js = r#"import { initSync } from "./monitor_studio.js";
/* a, b */
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./chunk_1.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load_a = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_a.wasm", import.meta.url));
}
, [__chunk_1]));
export const __wasm_split_load_b = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_b.wasm", import.meta.url));
}
, []));
"#;
        let manifest = split_manifest(js);
        assert_eq!(manifest["a"], ["split_a.wasm", "chunk_1.wasm"]);
        assert_eq!(manifest["b"], ["split_b.wasm"]);
        assert_eq!(content_type("x.wasm"), "application/wasm");
    }
}
