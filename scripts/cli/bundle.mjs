// The bundle Raadsbrief's commands run from, made by esbuild: this module is all
// there is to it. Why: tsx's loader hooks sit on every module Node loads and cost
// ~1 s per start, most of a one-letter rebuild; a bundle also loads Eleventy,
// Puppeteer, pdf-lib and Vega as a few files instead of about a thousand modules.
//
// - What: every command in scripts/cli/ (COMMANDS) and the worker threads
//   (charts/render-worker.ts, pdf/finish-worker.ts) as entries, sharing chunks; BUNDLED_PACKAGES with
//   everything they import; the other packages stay in node_modules.
// - Where: .cache/raadsbrief/code/<hash of the sources, the package lock and the tool's
//   folder>/, made again when any of them changes, so it is never stale; a copied or
//   moved tool makes its own (the bundle holds absolute paths: see keepLocation).
// - How the code finds the bundle's files: RAADSBRIEF_BUNDLE_DIR is defined at bundle
//   time (util/bundle.ts reads it for the chart worker); under tsx it is not defined.
// - The plain path: without the bundle everything runs from the TypeScript sources
//   under tsx (`npx tsx scripts/cli/build.ts`; the tests do), with the same result.
// Plain JavaScript: it runs before any TypeScript can (cli/launch.mjs).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
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
 * Eleventy's copy. Those loaded with import() (Vega, pdf-lib) get chunks of their own.
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

/** Bundles scripts/ into target, with esbuild or (tests/unit/bundle.test.ts) a stand-in for it. */
export async function makeBundle(target, esbuild) {
  esbuild ??= await import("esbuild");
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      outdir: tmp,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outExtension: { ".js": ".mjs" },
      logLevel: "silent",
      entryPoints: {
        ...Object.fromEntries(COMMANDS.map((c) => [c, path.join(SCRIPTS, "cli", `${c}.ts`)])),
        "render-worker": path.join(SCRIPTS, "charts", "render-worker.ts"),
        "finish-worker": path.join(SCRIPTS, "pdf", "finish-worker.ts"),
      },
      // One copy of each module for the commands and the worker, and lazily imported
      // packages (Vega, pdf-lib) in chunks of their own.
      splitting: true,
      plugins: [onlyBundledPackages, keepLocation],
      // Where the bundle's own files are (the chart worker's entry): util/bundle.ts.
      define: { RAADSBRIEF_BUNDLE_DIR: JSON.stringify(target) },
      // CommonJS packages in an ES module bundle still require() Node's built-ins
      // (nunjucks: "events"); esbuild's shim calls the global `require`, given here.
      // https://github.com/evanw/esbuild/issues/1921
      banner: { js: 'import { createRequire as __raadsbriefRequire } from "node:module";\nconst require = __raadsbriefRequire(import.meta.url);' },
    });
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
  for (const name of readdirSync(CODE_DIR)) {
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
