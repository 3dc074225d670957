//! Reading the browser bundle that `build_frontend` (scripts/lib.sh) leaves in `site/pkg`:
//! the wasm-bindgen glue `monitor_studio.js`, the main `monitor_studio_bg.wasm`, and, when the
//! pages are split into lazily loaded chunks, the link module `__wasm_split.js` with its
//! `*.wasm` chunks, and packing each split's modules into one file for a page's first load.
//! Std only: the server's build script includes this file too.

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

/// The script `add_packs` puts into the link module (`pack.js`).
pub const PACK_JS: &str = include_str!("pack.js");

/// A pack of wasm modules: a wasm module of custom sections only, one per module, named by
/// its file name and holding its bytes, in order (`unpackModules` in `pack.js` reads it).
/// A valid module, so it is served and preloaded as the wasm it carries.
pub fn pack(modules: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for (name, bytes) in modules {
        let mut payload = leb128(name.len());
        payload.extend_from_slice(name.as_bytes());
        payload.extend_from_slice(bytes);
        out.push(0);
        out.extend(leb128(payload.len()));
        out.extend(payload);
    }
    out
}

fn leb128(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// The link module reading a page's modules from the pack it preloads, one of
/// `pack_files` (served names): each module's `fetch` and `instantiateStreaming` go through
/// `pack.js`. An error when the link module does not have the shape this expects (one
/// fetch and one instantiation per wasm file).
pub fn add_packs(link_js: &str, pack_files: &[String]) -> Result<String, String> {
    const FETCH: &str = "fetch(new URL(";
    const INSTANTIATE: &str = "WebAssembly.instantiateStreaming(src, imports)";
    let files = link_js.matches(".wasm\", import.meta.url)").count();
    let (fetches, instantiations) = (link_js.matches(FETCH).count(), link_js.matches(INSTANTIATE).count());
    if files == 0 || fetches != files || instantiations != files {
        return Err(format!("the link module has {files} wasm files, {fetches} fetches and {instantiations} instantiations"));
    }
    let (import, rest) = link_js.split_once('\n').ok_or("the link module has one line")?;
    if !import.starts_with("import ") {
        return Err(format!("the link module starts with {import:?}, not its import"));
    }
    let names = pack_files.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", ");
    let script = PACK_JS.replace("/* PACK_FILES */", &names);
    let rest = rest.replace(FETCH, "packedFetch(new URL(").replace(INSTANTIATE, "packedInstantiate(src, imports)");
    Ok(format!("{import}\n{script}{rest}"))
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
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_1]));
export const __wasm_split_load_b = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_b.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []));
"#;
        let manifest = split_manifest(js);
        assert_eq!(manifest["a"], ["split_a.wasm", "chunk_1.wasm"]);
        assert_eq!(manifest["b"], ["split_b.wasm"]);
        assert_eq!(content_type("x.wasm"), "application/wasm");

        let packed = add_packs(js, &["pack_a.0123.wasm".into()]).unwrap();
        assert!(packed.starts_with("import { initSync } from \"./monitor_studio.js\";\n"));
        assert!(packed.contains(r#"const PACK_FILES = ["pack_a.0123.wasm"];"#));
        assert_eq!(packed.matches("packedFetch(new URL(\"./").count(), 3);
        assert!(!packed.contains(" fetch(new URL("));
        assert!(add_packs("import x;\nfetch(new URL(\"./a.wasm\", import.meta.url));", &[]).is_err(), "no instantiation");
    }

    #[test]
    fn a_pack_is_a_wasm_module_of_named_custom_sections() {
        let big = vec![7u8; 200];
        let pack = pack(&[("a.wasm", b"\0asm1"), ("chunk_2.wasm", &big)]);
        assert_eq!(&pack[..8], b"\0asm\x01\0\0\0");
        // id 0, size 12 = 1 + "a.wasm" + 5 bytes, name length 6
        assert_eq!(&pack[8..11], &[0, 12, 6]);
        assert_eq!(&pack[11..17], b"a.wasm");
        assert_eq!(&pack[17..22], b"\0asm1");
        // 213 = 1 + 12 + 200 in two LEB128 bytes
        assert_eq!(&pack[22..26], &[0, 0xd5, 0x01, 12]);
        assert_eq!(&pack[26..38], b"chunk_2.wasm");
        assert_eq!(&pack[38..], &big[..]);
    }
}
