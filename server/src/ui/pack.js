// Added to wasm-split's link module by server/build.rs (bundle::add_packs). A page's first
// load fetches the modules of its lazy route in one pack, which the page preloads, instead
// of one file each: one response instead of sixteen, and compressed together they are 15 to
// 20% smaller. Pages reached later fetch the modules they still lack one by one; when the
// pack cannot be read, so does the first.
const PACK_FILES = [/* PACK_FILES */];
let pageModules;

/**
 * Where the link module fetched `url`: the module compiled from the page's pack, else from
 * its own file. Compiled as soon as its bytes are there, beside the chunks it needs, rather
 * than once they are instantiated.
 */
function packedFetch(url) {
    if (pageModules === undefined) {
        const link = Array.from(document.querySelectorAll('link[rel="preload"]'))
            .find((l) => PACK_FILES.includes(new URL(l.href).pathname.split("/").pop()));
        pageModules = link
            ? fetch(link.href)
                .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))))
                .then((b) => unpackModules(b) || Promise.reject(new Error("not a pack")))
                .catch((e) => {
                    console.warn(`cannot read ${link.href} (${e}): fetching its modules one by one`);
                    return null;
                })
            : Promise.resolve(null);
    }
    const name = url.pathname.split("/").pop();
    return pageModules.then((modules) => {
        const bytes = modules && modules.get(name);
        if (!bytes) return WebAssembly.compileStreaming(fetch(url));
        modules.delete(name);
        return WebAssembly.compile(bytes);
    });
}

/** The instance of a module `packedFetch` compiled. */
function packedInstantiate(module, imports) {
    return module.then((m) => WebAssembly.instantiate(m, imports));
}

/** A pack is a wasm module of custom sections only: each is named by a module's file name
 * and holds that module's bytes. */
function unpackModules(buffer) {
    const bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
    const modules = new Map(), utf8 = new TextDecoder();
    let at = 8;
    const leb = () => {
        let n = 0, scale = 1, b;
        do { b = bytes[at++]; n += (b & 127) * scale; scale *= 128; } while (b & 128);
        return n;
    };
    while (at < bytes.length) {
        if (bytes[at++] !== 0) return null;
        const size = leb(), end = at + size, nameLength = leb();
        if (end > bytes.length) return null;
        modules.set(utf8.decode(bytes.subarray(at, at + nameLength)), bytes.subarray(at + nameLength, end));
        at = end;
    }
    return modules;
}
