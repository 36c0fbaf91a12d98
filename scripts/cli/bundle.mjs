// The bundle Raadsbrief's commands run from, made by esbuild: this module is all
// there is to it. Why: tsx's loader hooks sit on every module Node loads and cost
// ~1 s per start, most of a one-letter rebuild; a bundle also loads Eleventy,
// Puppeteer, pdf-lib and Vega as a few files instead of about a thousand modules.
//
// - What: every command in scripts/cli/ (COMMANDS) and the worker threads
//   (charts/render-worker.ts, pdf/finish-worker.ts) as entries (ENTRIES), each one
//   CommonJS file with BUNDLED_PACKAGES and everything they import; the other packages
//   stay in node_modules. Beside each, a small `<entry>.mjs` that Node or a Worker
//   starts: it runs the file with a V8 code cache (cli/run-cached.mjs), so a start
//   does not compile the same megabytes again (Eleventy loaded in 0.03 s instead of
//   ~0.3–0.6 s in a one-letter rebuild). CommonJS because V8 offers its cache for
//   scripts only, and Node 20 has no compile cache for ES modules.
// - Where: .cache/raadsbrief/code/<hash of the sources, the package lock and the tool's
//   folder>/, made again when any of them changes, so it is never stale; a copied or
//   moved tool makes its own (the bundle holds absolute paths: see keepLocation).
// - How the code finds the bundle's files: RAADSBRIEF_BUNDLE_DIR is defined at bundle
//   time (util/bundle.ts reads it for the chart worker); under tsx it is not defined.
// - The plain path: without the bundle everything runs from the TypeScript sources
//   under tsx (`npx tsx scripts/cli/build.ts`; the tests do), with the same result.
// Plain JavaScript: it runs before any TypeScript can (cli/launch.mjs).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as acorn from "acorn";
import { fileURLToPath, pathToFileURL } from "node:url";

const TOOL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPTS = path.join(TOOL_DIR, "scripts");
const CODE_DIR = path.join(TOOL_DIR, ".cache", "raadsbrief", "code");
export const COMMANDS = ["build", "check", "new", "publish", "serve", "bench", "import"];
/**
 * Packages bundled into the code with everything they import (the others stay in
 * node_modules): each loads as a few files instead of hundreds of modules Node must
 * find, read and link (measured: Eleventy 0.4 → 0.25 s, Puppeteer 0.3 → 0.15 s,
 * Vega and Vega-Lite 0.3 → 0.15 s, pdf-lib about half), a large part of a one-letter
 * rebuild's start. nunjucks: the narrative check (model/narrative.ts) then shares
 * Eleventy's copy. What a command only loads with import() (pdf-lib, Vega) is in its
 * file too, but costs only reading: V8 compiles a function when it is first called.
 * The input's readers (yaml, ajv, markdown-it and the smaller ones) too: `npm run
 * check` at 120 letters 0,26 → 0,20 s, a one-letter rebuild ~0,04 s sooner in Eleventy.
 * lightningcss stays out: a native module.
 */
const BUNDLED_PACKAGES = new Set(["@11ty/eleventy", "puppeteer-core", "pdf-lib", "nunjucks", "vega", "vega-lite", "yaml", "ajv", "markdown-it", "postcss", "@babel/code-frame", "csv-stringify", "fastest-levenshtein"]);
/** Imported by those only for `eleventy --serve` and --watch, which the build never uses. */
const NEVER_BUNDLED = new Set(["@11ty/eleventy-dev-server", "chokidar"]);

function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Hash of everything the bundle is made from: our code, the config, the packages and esbuild, and where they are. */
function sourceHash() {
  const hash = createHash("sha256");
  // The bundle inlines absolute paths (keepLocation): a copy of the tool needs its own.
  hash.update(`${TOOL_DIR}\0`);
  for (const file of [...sourceFiles(SCRIPTS), path.join(TOOL_DIR, "package-lock.json")]) {
    hash.update(`${path.relative(TOOL_DIR, file)}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 24);
}

/**
 * Each module keeps its own location: `import.meta.url` in a source file becomes that
 * file's URL, so paths next to the code (the ICC profile, node_modules, the cache
 * keys' code hashes, a package's own package.json) resolve as they do unbundled.
 */
const keepLocation = {
  name: "raadsbrief-import-meta",
  setup(build) {
    build.onLoad({ filter: /\.(ts|m?js)$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const ts = args.path.endsWith(".ts");
      if (!ts && !source.includes("import.meta.url")) return undefined; // esbuild reads it as usual
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll("import.meta.url", url), loader: ts ? "ts" : "js" };
    });
  },
};

/** What the bundle holds: each command, and each worker thread's entry (util/bundle.ts). */
const ENTRIES = [...COMMANDS.map((c) => [c, `cli/${c}.ts`]), ["render-worker", "charts/render-worker.ts"], ["finish-worker", "pdf/finish-worker.ts"]];
/**
 * Entries that run without a code cache, as Node loads them: their start does not
 * count (publish runs monthly; serve's rebuilds run the build command), and they need
 * no preparing (prepareForCache parses ~0.15 s a megabyte, and these are 18 MB
 * together).
 */
const UNCACHED = new Set(["publish", "serve"]);

/**
 * vega-canvas's Node build tries `await import("canvas")` at its top level, which
 * CommonJS cannot hold. That optional package is not installed, so Vega measures text
 * without a canvas either way; its browser build gives the same answer without the import.
 */
const noNodeCanvas = {
  name: "raadsbrief-no-node-canvas",
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: path.join(TOOL_DIR, "node_modules", "vega-canvas", "build", "vega-canvas.browser.js") }));
  },
};

const packageName = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** Leaves every package in node_modules but BUNDLED_PACKAGES and what they import. */
const onlyBundledPackages = {
  name: "raadsbrief-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = packageName(args.path);
      if (NEVER_BUNDLED.has(name)) return { path: args.path, external: true };
      const fromOurs = args.importer.startsWith(SCRIPTS + path.sep);
      if (fromOurs && !BUNDLED_PACKAGES.has(name)) return { path: args.path, external: true };
      return undefined; // esbuild resolves and bundles it (Node's built-ins stay external)
    });
  },
};

/** A character outside ASCII (prepareForCache makes a cached file ASCII where that changes nothing). */
const NON_ASCII = /[^\x00-\x7f]/g;

/** How run-cached.mjs calls a cached file: its text is this function (prepareForCache). */
export const CACHED_WRAPPER = ["(function (exports, require, module, __filename, __dirname, __raadsbriefImport) {", "\n})"];

/**
 * Makes a bundle file what run-cached.mjs runs with V8's code cache:
 * - every `import(…)` calls `__raadsbriefImport(…)`, which the runner gives: code that
 *   comes from V8's cache has lost its dynamic-import callback (Node 20), so an
 *   import() there would fail;
 * - ASCII where that changes nothing (comments; regular expressions and strings get
 *   \u escapes): the runner can then read it as a one-byte string, half the memory
 *   of the two-byte string a single "…" in a comment makes of 12 MB;
 * - wrapped in the function the runner calls (CACHED_WRAPPER, on the first line, so
 *   that line numbers stay), so that V8 compiles the file's own text and no copy.
 * Found with a parser, not a pattern: "import(" also occurs in strings and comments.
 */
export function prepareForCache(file) {
  const source = readFileSync(file, "utf8");
  const edits = []; // [start, end, replacement], not overlapping
  const nonAscii = (text) => text.search(NON_ASCII) >= 0;
  if (/\bimport\s*\(/.test(source) || nonAscii(source)) {
    const found = []; // comments, strings and patterns with a non-ASCII character
    const ast = acorn.parse(source, {
      ecmaVersion: "latest",
      sourceType: "script",
      onComment: (block, text, start, end) => nonAscii(text) && found.push({ comment: true, start, end }),
      onToken: (t) => (t.type === acorn.tokTypes.regexp || t.type === acorn.tokTypes.string) && nonAscii(source.slice(t.start, t.end)) && found.push({ comment: false, start: t.start, end: t.end }),
    });
    const visit = (node) => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(visit);
      if (node.type === "ImportExpression") edits.push([node.start, node.start + "import".length, "__raadsbriefImport"]);
      for (const key in node) if (key !== "type" && typeof node[key] === "object") visit(node[key]);
    };
    visit(ast);
    for (const { comment, start, end } of found) {
      const text = source.slice(start, end);
      // In a string or a pattern, a character escaped by a backslash is the character itself.
      const ascii = comment
        ? text.replace(NON_ASCII, "?")
        : text.replace(new RegExp(`(\\\\*)(${NON_ASCII.source})`, "g"), (_, slashes, ch) => slashes.slice(slashes.length % 2) + `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
      edits.push([start, end, ascii]);
    }
  }
  let out = CACHED_WRAPPER[0];
  let at = 0;
  for (const [start, end, text] of edits.sort((x, y) => x[0] - y[0])) {
    out += source.slice(at, start) + text;
    at = end;
  }
  writeFileSync(file, out + source.slice(at) + CACHED_WRAPPER[1]);
}

/** Bundles scripts/ into target, with esbuild or (tests/unit/bundle.test.ts) a stand-in for it. */
export async function makeBundle(target, esbuild) {
  esbuild ??= await import("esbuild");
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      outdir: tmp,
      bundle: true,
      // CommonJS, so that each file runs with a V8 code cache (cli/run-cached.mjs).
      format: "cjs",
      platform: "node",
      target: "node20",
      outExtension: { ".js": ".cjs" },
      logLevel: "silent",
      entryPoints: Object.fromEntries(ENTRIES.map(([name, source]) => [name, path.join(SCRIPTS, source)])),
      plugins: [onlyBundledPackages, keepLocation, noNodeCanvas],
      // Where the bundle's own files are (the chart worker's entry): util/bundle.ts.
      define: { RAADSBRIEF_BUNDLE_DIR: JSON.stringify(target) },
    });
    // What Node and the worker threads start: a small ES module that runs its file,
    // with its code cache or (UNCACHED) as Node's require() would.
    const runner = pathToFileURL(path.join(SCRIPTS, "cli", "run-cached.mjs")).href;
    for (const [name] of ENTRIES) {
      const file = path.join(target, `${name}.cjs`);
      if (UNCACHED.has(name)) {
        writeFileSync(path.join(tmp, `${name}.mjs`), `import ${JSON.stringify(pathToFileURL(file).href)};\n`);
      } else {
        prepareForCache(path.join(tmp, `${name}.cjs`));
        writeFileSync(path.join(tmp, `${name}.mjs`), `import { runCached } from ${JSON.stringify(runner)};\nrunCached(${JSON.stringify(file)});\n`);
      }
    }
  } finally {
    // esbuild's service process (~300 MB after bundling) would otherwise live as long
    // as the command: through the whole first build after an update.
    await esbuild.stop();
  }
  try {
    renameSync(tmp, target);
  } catch (error) {
    // Another command made the same bundle a moment earlier: use that one.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  // Bundles of older sources go after a day (a command started from one may still be running).
  for (const name of existsSync(CODE_DIR) ? readdirSync(CODE_DIR) : []) {
    const dir = path.join(CODE_DIR, name);
    if (dir !== target && Date.now() - statSync(dir).mtimeMs > 86_400_000) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The folder of the bundle for the current sources, made first if there is none.
 * Throws { step, error } with what failed ("de broncode lezen", "esbuild, in …").
 */
export async function ensureBundle(command) {
  let target;
  try {
    target = path.join(CODE_DIR, sourceHash());
  } catch (error) {
    throw Object.assign(new Error("bundle"), { step: "de broncode lezen", cause: error });
  }
  if (!existsSync(path.join(target, `${command}.mjs`))) {
    try {
      mkdirSync(CODE_DIR, { recursive: true });
      await makeBundle(target);
    } catch (error) {
      throw Object.assign(new Error("bundle"), { step: `esbuild, in ${CODE_DIR}`, cause: error });
    }
  }
  return target;
}
