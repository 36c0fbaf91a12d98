// Speed at scale, minus the stopwatch (that is `npm run bench`): whatever is cached,
// the output is the one a cold build makes; "nothing changed" is noticed; a remote
// browser prints the same PDFs; a crashed or hung tab or Chromium is retried once
// and a letter that keeps failing is reported by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { writeCorpus } from "../../scripts/bench/corpus.ts";
import { CHROMIUM_ARGS } from "../../scripts/pdf/browser.ts";
import { BUILD_OUTPUT } from "../../scripts/pipeline/output.ts";
import { copyProject, runCli, sha256, tree } from "../helpers.ts";

/** What `--tijden` writes. */
interface Timings {
  upToDate: boolean;
  pdfStats?: { printed: number; fromCache: number; retried: number };
  chartStats?: { rendered: number; fromDisk: number; medianMs: number; busyMs: number };
  kept?: number;
}

function build(root: string, out: string, env: Record<string, string> = {}) {
  const timings = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-tijden-")), "tijden.json");
  // The synthetic letters are concepts, and the sample's printed letters too: built as the preview has them.
  const r = runCli("scripts/cli/build.ts", ["--met-concepten", "--uit", out, "--tijden", timings], root, env);
  return { ...r, timings: existsSync(timings) ? (JSON.parse(readFileSync(timings, "utf8")) as Timings) : undefined };
}

/** A fresh project with the synthetic corpus' input only (no _site/, no cache). */
function corpus(letters: number): { root: string; files: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), "raadsbrief-schaal-"));
  return { root, files: writeCorpus(root, { letters }).letterFiles };
}

function freshCopy(from: string): string {
  const root = mkdtempSync(path.join(tmpdir(), "raadsbrief-schaal-"));
  for (const sub of ["data", "content"]) cpSync(path.join(from, sub), path.join(root, sub), { recursive: true });
  return root;
}

const mtimes = (dir: string) => readdirSync(dir, { recursive: true }).map((f) => `${f}:${statSync(path.join(dir, String(f))).mtimeMs}`);

describe("deferred charts (12 synthetic letters)", () => {
  it("give the same pages and search index as charts rendered inside Eleventy", () => {
    const { root } = corpus(12);
    // Through the build API (the CLI always defers), from the sources under tsx (the plain path).
    const script = path.join(root, "twee-builds.mts");
    const api = pathToFileURL(path.resolve("scripts/pipeline/build.ts")).href;
    writeFileSync(
      script,
      `import { build } from ${JSON.stringify(api)};\n` +
        `const common = { root: ${JSON.stringify(root)}, pdf: false, cache: false, concepts: true };\n` +
        `await build({ ...common, outDir: "_site-uitgesteld" });\n` +
        `await build({ ...common, outDir: "_site-direct", deferCharts: false });\n`,
    );
    const r = spawnSync(path.resolve("node_modules/.bin/tsx"), [script], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const deferred = tree(path.join(root, "_site-uitgesteld"));
    expect([...deferred.keys()].filter((f) => f.endsWith("index.html")).length).toBeGreaterThan(12);
    // A letter's own page (not its old address under brieven/, a redirect).
    const letter = [...deferred.keys()].find((f) => /^(?!brieven\/)[a-z0-9-]+\/\d{4}\/\d{2}\/[^/]+\/index\.html$/.test(f))!;
    const html = readFileSync(path.join(root, "_site-uitgesteld", letter), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toContain("raadsbrief-grafiek");
    expect(deferred).toEqual(tree(path.join(root, "_site-direct")));
  }, 120_000);
});

describe("caches never change the output (24 synthetic letters)", () => {
  let root: string;
  let files: string[];
  let a: string;
  let cold: ReturnType<typeof build>;

  beforeAll(() => {
    ({ root, files } = corpus(24));
    a = path.join(root, "_site");
    cold = build(root, a);
  });

  it("a cold build makes every page and PDF", () => {
    expect(cold.code, cold.stderr).toBe(0);
    expect(cold.stdout).toContain("Klaar: 24 brieven, 24 PDF's, 0 waarschuwingen");
    expect(cold.stdout).not.toContain("RB-OPMAAK"); // the layout audit finds nothing in the bench corpus's PDFs
    expect(cold.timings?.pdfStats).toEqual({ printed: 24, fromCache: 0, retried: 0 });
    expect(cold.timings?.chartStats?.rendered).toBeGreaterThanOrEqual(48);
    // Per chart where Vega ran (vega-render.ts), for the bench: present, not judged.
    expect(cold.timings?.chartStats?.medianMs).toBeGreaterThan(0);
    expect(cold.timings?.chartStats?.busyMs).toBeGreaterThan(cold.timings!.chartStats!.medianMs);
  });

  it("a build from the caches is byte for byte the cold build", () => {
    const b = path.join(root, "_site-b");
    const cached = build(root, b);
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.timings?.pdfStats).toEqual({ printed: 0, fromCache: 24, retried: 0 });
    expect(cached.timings?.chartStats?.rendered).toBe(0);
    expect(tree(b)).toEqual(tree(a));
  });

  it("nothing changed: the next build says so and leaves the folder alone", () => {
    const before = mtimes(a);
    const again = build(root, a);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("(niets gewijzigd sinds de vorige build)");
    expect(again.timings?.upToDate).toBe(true);
    expect(mtimes(a)).toEqual(before);
  });

  it("a touched output folder is rebuilt, not trusted", () => {
    const page = path.join(a, "index.html");
    writeFileSync(page, readFileSync(page, "utf8") + "\n");
    const again = build(root, a);
    expect(again.code, again.stderr).toBe(0);
    expect(again.timings?.upToDate).toBe(false);
    expect(again.timings?.pdfStats?.printed).toBe(0);
    expect(tree(a)).toEqual(tree(path.join(root, "_site-b")));
  });

  it("one edited letter: only its page, PDF and changed chart are made again (the rest is kept), and the site equals a cold build", () => {
    const file = path.join(root, files[5]!);
    const text = readFileSync(file, "utf8");
    const edited = text
      .replace("## Vooruitblik\n\n", "## Vooruitblik\n\nEen nieuwe zin in de tekst.\n\n")
      .replace(/(  werk-trend:\n(?:    .*\n)*?    vanaf: )(\d{4}-\d{2})/, (_m, pre: string, month: string) => `${pre}${month === "2014-02" ? "2014-03" : "2014-02"}`);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const after = build(root, a);
    expect(after.code, after.stderr).toBe(0);
    expect(after.timings?.upToDate).toBe(false);
    expect(after.timings?.pdfStats).toEqual({ printed: 1, fromCache: 0, retried: 0 });
    expect(after.timings?.kept).toBe(23);
    expect(after.timings?.chartStats?.rendered).toBe(1);
    const page = readdirSync(a, { recursive: true }).map(String).find((f) => f.endsWith("-rapportage-6/index.html") && !f.startsWith("brieven"))!;
    expect(readFileSync(path.join(a, page), "utf8")).toContain("Een nieuwe zin in de tekst.");

    const reference = freshCopy(root);
    const coldAgain = build(reference, path.join(reference, "_site"));
    expect(coldAgain.code, coldAgain.stderr).toBe(0);
    expect(tree(a)).toEqual(tree(path.join(reference, "_site")));
  });

  it("a damaged or half-deleted cache is only a miss", () => {
    const cache = path.join(root, ".cache", "raadsbrief");
    // Entries of the PDFs the site has now (the edit above left its letter's old entry behind).
    const current = new Set([...tree(a)].filter(([f]) => f.endsWith(".pdf")).map(([, hash]) => hash));
    const pdfs = readdirSync(path.join(cache, "pdf"))
      .filter((f) => f.endsWith(".pdf") && current.has(sha256(readFileSync(path.join(cache, "pdf", f)))))
      .sort();
    expect(pdfs.length).toBe(24);
    const truncated = path.join(cache, "pdf", pdfs[0]!);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 1000));
    rmSync(path.join(cache, "pdf", pdfs[1]!.replace(/\.pdf$/, ".json")));
    writeFileSync(path.join(cache, "pdf", pdfs[2]!.replace(/\.pdf$/, ".json")), "{ kapot");
    for (const svg of readdirSync(path.join(cache, "grafieken"))) writeFileSync(path.join(cache, "grafieken", svg), "<svg");
    rmSync(path.join(cache, "builds"), { recursive: true });
    const d = path.join(root, "_site-d");
    const r = build(root, d);
    expect(r.code, r.stderr).toBe(0);
    expect(r.timings?.pdfStats).toEqual({ printed: 3, fromCache: 21, retried: 0 });
    expect(r.timings?.chartStats?.rendered).toBe(cold.timings?.chartStats?.rendered);
    expect(tree(d)).toEqual(tree(a));
    // (Deleting it all is a cold build: compared above.)
  });
});

describe("the PDF cache and the site's assets", () => {
  it("a changed logo (same file name) prints the PDFs again, like a cold build", () => {
    const dir = copyProject();
    const site = path.join(dir, "_site");
    expect(build(dir, site).code).toBe(0);
    const logo = path.join(dir, "data/logos/emmen.svg");
    const svg = readFileSync(logo, "utf8");
    const recoloured = svg.replace(/#[0-9a-fA-F]{6}/, "#123456");
    expect(recoloured).not.toBe(svg);
    writeFileSync(logo, recoloured);
    // The tab takes the logo from its cache for every letter but the first it prints:
    // the cache must still see that every Emmen letter depends on it.
    const again = build(dir, site);
    expect(again.code, again.stderr).toBe(0);
    expect(again.timings?.pdfStats?.printed).toBeGreaterThanOrEqual(2);
    const cold = freshCopy(dir);
    cpSync(path.join(dir, "archive"), path.join(cold, "archive"), { recursive: true });
    const reference = build(cold, path.join(cold, "_site"));
    expect(reference.code, reference.stderr).toBe(0);
    expect(tree(site)).toEqual(tree(path.join(cold, "_site")));
  }, 180_000);
});

describe("a remote browser (PUPPETEER_BROWSER_WS_ENDPOINT)", () => {
  let chromium: ChildProcess;
  let endpoint: string;
  const profile = mkdtempSync(path.join(tmpdir(), "raadsbrief-remote-chromium-"));

  beforeAll(async () => {
    // Started on its own, as a browser pool would be: remote debugging on loopback only.
    chromium = spawn(
      "/usr/bin/chromium",
      [
        "--headless",
        "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1",
        `--user-data-dir=${profile}`,
        ...CHROMIUM_ARGS,
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        "about:blank",
      ],
      // Its own process group: its helper processes are stopped with it (afterAll).
      { stdio: ["ignore", "ignore", "pipe"], detached: true },
    );
    endpoint = await new Promise<string>((resolve, reject) => {
      let log = "";
      const timer = setTimeout(() => reject(new Error(`Chromium gaf geen DevTools-adres:\n${log}`)), 30_000);
      chromium.stderr!.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      chromium.on("exit", (code) => reject(new Error(`Chromium stopte (${code}):\n${log}`)));
    });
  });

  afterAll(async () => {
    if (chromium && chromium.exitCode === null && chromium.signalCode === null) {
      // Its profile can only be removed once it and its helpers have stopped writing to it.
      const exited = new Promise((resolve) => chromium.once("exit", resolve));
      try {
        process.kill(-chromium.pid!, "SIGKILL");
      } catch {
        chromium.kill("SIGKILL");
      }
      await exited;
    }
    // A helper may still be flushing for a moment (seen on CI: ENOTEMPTY).
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  // The remote browser is full Chromium (/usr/bin/chromium); the local build prints with the
  // headless shell when it is installed (pdf/executable.ts, as on CI): so this also proves
  // that the two give the same PDFs, byte for byte.
  it("prints the sample site's PDFs byte for byte like a local Chromium, and leaves the remote one running", () => {
    const local = copyProject();
    const remote = copyProject(); // its own cache: the remote build must really print
    const l = build(local, path.join(local, "_site"));
    expect(l.code, l.stderr).toBe(0);
    const r = build(remote, path.join(remote, "_site"), { PUPPETEER_BROWSER_WS_ENDPOINT: endpoint });
    expect(r.code, r.stderr).toBe(0);
    expect(r.timings?.pdfStats?.printed).toBeGreaterThanOrEqual(1);
    const pdfs = (dir: string) => new Map([...tree(path.join(dir, "_site"))].filter(([f]) => f.endsWith(".pdf")));
    expect(pdfs(remote).size).toBeGreaterThanOrEqual(3);
    expect(pdfs(remote)).toEqual(pdfs(local));
    // We only disconnected: the pool's browser is still there.
    expect(chromium.exitCode).toBeNull();
    expect(() => process.kill(chromium.pid!, 0)).not.toThrow();
  });

  it("an unreachable endpoint is a Dutch error naming the variable", () => {
    const dir = copyProject();
    const r = build(dir, path.join(dir, "_site"), { PUPPETEER_BROWSER_WS_ENDPOINT: "ws://127.0.0.1:9/devtools/browser/weg" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PUPPETEER_BROWSER_WS_ENDPOINT");
  });
});

describe("PDFs under trouble (6 synthetic letters)", () => {
  // A tab counts as hung after this many seconds (RAADSBRIEF_PDF_TIMEOUT); generous for a busy CI machine.
  const TIMEOUT = "8";

  function pdfCount(dir: string): number {
    // One per letter; the same files at the letters' old addresses (brieven/, site/legacy.ts) are links to them.
    return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".pdf") && !String(f).startsWith("brieven")).length;
  }

  it("a hung page and a crashed tab are each retried once, and every PDF is there", () => {
    const { root, files } = corpus(6);
    const fault = `hang:1:${files[1]},crash:1:${files[3]}`;
    const r = build(root, path.join(root, "_site"), { RAADSBRIEF_TEST_PDF_FAULT: fault, RAADSBRIEF_PDF_TIMEOUT: TIMEOUT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Waarschuwing: PDF voor '${files[1]}' kon niet worden gemaakt: de pagina was na 8 s nog niet klaar`);
    expect(r.stderr).toContain(`Waarschuwing: PDF voor '${files[3]}' kon niet worden gemaakt: het browsertabblad is gecrasht; nog een poging.`);
    // Usually 2; more if Chromium put both tabs in the crashed renderer process.
    expect(r.timings?.pdfStats?.printed).toBe(6);
    expect(r.timings?.pdfStats?.retried).toBeGreaterThanOrEqual(2);
    expect(pdfCount(path.join(root, "_site"))).toBe(6);
  });

  it("a Chromium that dies mid-build is replaced, and every PDF is there", () => {
    const { root, files } = corpus(6);
    const r = build(root, path.join(root, "_site"), { RAADSBRIEF_TEST_PDF_FAULT: `browser:1:${files[2]}`, RAADSBRIEF_PDF_TIMEOUT: TIMEOUT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Waarschuwing: PDF voor '${files[2]}' kon niet worden gemaakt`);
    expect(r.timings?.pdfStats?.printed).toBe(6);
    expect(pdfCount(path.join(root, "_site"))).toBe(6);
  });

  it("a letter that fails twice is reported by name, exit 1, and the previous site stays", () => {
    const { root, files } = corpus(6);
    const site = path.join(root, "_site");
    cpSync(path.join(root, "data"), site, { recursive: true }); // stands in for a previous build
    writeFileSync(path.join(site, BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text); // which leaves its marker
    const before = tree(site);
    const r = build(root, site, { RAADSBRIEF_TEST_PDF_FAULT: `crash:2:${files[4]}`, RAADSBRIEF_PDF_TIMEOUT: TIMEOUT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Fout: PDF voor '${files[4]}' kon niet worden gemaakt: het browsertabblad is gecrasht`);
    expect(tree(site)).toEqual(before);
  });
});
