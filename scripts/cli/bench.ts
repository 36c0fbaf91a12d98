// `npm run bench`: how fast is a build at scale? Writes a synthetic, illustrative
// corpus (scripts/bench/corpus.ts) into .cache/bench/<n>/ and builds it three
// times, each in a fresh process like `npm run build`: cold (no _site/, no cache),
// again with nothing changed, and after editing one letter's text and one of its
// figures. Prints a table and writes bench-results/bench-<n>.json.
// Then the classic pipeline on the same letters, in the same run (bench/peer.ts).
// Options: --letters N (default 120; 1 for a quick check), --map DIR (where the
// corpus goes: a new or empty folder, or one an earlier benchmark filled; see
// pipeline/output.ts), --zonder-peer (skip the classic pipeline).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeCorpus } from "../bench/corpus.ts";
import { pandocPerLetter, weasyprintPages, type PeerResult } from "../bench/peer.ts";
import { BENCH_FOLDER, OutputRefusedError, resolveOutputDir } from "../pipeline/output.ts";
import { projectRoot, TOOL_DIR } from "../site/paths.ts";
import { onInterrupt, signalExitCode } from "./signals.ts";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const letters = Number(option("--letters") ?? 120);
if (!Number.isInteger(letters) || letters < 1) {
  console.error(`Fout: --letters moet een positief geheel getal zijn, niet '${option("--letters")}'.`);
  process.exit(1);
}
/** The corpus folder: by default in the tool's own cache; elsewhere only a folder the benchmark may fill. */
function corpusDir(requested: string | undefined): string {
  if (requested === undefined) return path.join(TOOL_DIR, ".cache", "bench", String(letters));
  try {
    return resolveOutputDir({ root: projectRoot(), toolDir: TOOL_DIR }, requested, BENCH_FOLDER);
  } catch (error) {
    if (!(error instanceof OutputRefusedError)) throw error;
    console.error(`Fout: ${error.message}`);
    process.exit(1);
  }
}
const root = corpusDir(option("--map"));
// The build running now, ended with the benchmark when that is interrupted.
let running: ChildProcess | undefined;
onInterrupt((signal) => {
  running?.kill(signal);
  console.error("\nBenchmark afgebroken.");
  process.exit(signalExitCode(signal));
});

interface BuildTimings {
  upToDate: boolean;
  /** In-process seconds of build() (without the check before it). */
  buildSeconds?: number;
  processSeconds: number;
  timings?: Record<string, number>;
  pdfStats?: { printed: number; fromCache: number; retried: number };
  /** medianMs: CPU time of the median chart where Vega ran; busyMs: all charts' CPU time (charts/render.ts). */
  chartStats?: { rendered: number; fromDisk: number; medianMs?: number; busyMs?: number };
  /** Letters kept from the previous build (pipeline/incremental.ts). */
  kept?: number;
  maxRssBytes: number;
  /** CPU seconds: the build process (all threads), its main thread, worker pools, Chromium (cli/build.ts). */
  cpu?: { process?: number; main?: number; pdfFinishing?: number; chromium?: number };
}

interface Scenario {
  name: string;
  label: string;
  /** Wall time of the whole process, start-up included. */
  wallSeconds: number;
  build: BuildTimings;
  /** Peak of the summed proportional memory (PSS) of Chromium's processes. */
  chromiumPeakBytes: number;
  /** Peak of the build's RSS and Chromium's PSS sampled at the same moment: what both need at once. */
  togetherPeakBytes: number;
  loadBefore: number[];
  /** Seconds after the build's end until its old output was gone (removed in the background, output.ts). */
  cleanupSeconds: number;
}

/** Chromium's processes below `pid`, their memory summed (PSS: shared pages counted once). */
function chromiumMemory(pid: number): number {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      names.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [p, name] of names) {
    if (!/chrom/i.test(name)) continue;
    let q: number | undefined = p;
    while (q && q !== pid) q = parent.get(q);
    if (q !== pid) continue;
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** A process's resident memory now (VmRSS), 0 when it is gone. */
function residentBytes(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** One `npm run build` in a fresh process (the launcher, as npm runs it), measured from outside. */
function runBuild(name: string, label: string): Promise<Scenario> {
  const timingsFile = path.join(os.tmpdir(), `raadsbrief-bench-${process.pid}-${name}.json`);
  const loadBefore = os.loadavg();
  const started = performance.now();
  // The corpus's letters are concepts (illustrative, never sent): built as the preview shows them.
  const child = spawn(process.execPath, [path.join(TOOL_DIR, "scripts", "cli", "launch.mjs"), "build", "--met-concepten", "--tijden", timingsFile], {
    cwd: root,
    env: { ...process.env, CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running = child;
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  let chromiumPeakBytes = 0;
  let togetherPeakBytes = 0;
  // Once a second: reading smaps_rollup walks a process's page tables under its
  // memory lock, and at 10 Hz that slowed the measured build itself by ~20 %.
  const sampler = setInterval(() => {
    if (!child.pid) return;
    const chromium = chromiumMemory(child.pid);
    chromiumPeakBytes = Math.max(chromiumPeakBytes, chromium);
    togetherPeakBytes = Math.max(togetherPeakBytes, chromium + residentBytes(child.pid));
  }, 1000);
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`De build (${label}) mislukte met code ${code}:\n${output}`));
      const build = JSON.parse(readFileSync(timingsFile, "utf8")) as BuildTimings;
      rmSync(timingsFile, { force: true });
      void oldOutputGone().then((cleanupSeconds) => resolve({ name, label, wallSeconds, build, chromiumPeakBytes, togetherPeakBytes, loadBefore, cleanupSeconds }));
    });
  });
}

/**
 * Waits until the old output a build left to a process of its own (removeAfterwards in
 * pipeline/output.ts) is gone, so that it does not run beside the next measured build.
 */
async function oldOutputGone(): Promise<number> {
  const started = performance.now();
  const left = () => readdirSync(root).some((name) => name.startsWith("_site.oud-"));
  while (left() && performance.now() - started < 120_000) await new Promise((r) => setTimeout(r, 20));
  return (performance.now() - started) / 1000;
}

/** The middle letter: its narrative gets a sentence, one trend figure starts a month later. */
function editOneLetter(files: string[]): string {
  const rel = files[Math.floor(files.length / 2)]!;
  const file = path.join(root, rel);
  const text = readFileSync(file, "utf8");
  const from = /(  bijstand-trend:\n(?:    .*\n)*?    vanaf: )(\d{4})-(\d{2})/.exec(text);
  if (!from) throw new Error(`${rel}: figuur 'bijstand-trend' niet gevonden`);
  const [y, m] = [Number(from[2]), Number(from[3])];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  const edited = text
    .replace(from[0], `${from[1]}${next}`)
    .replace("## Vooruitblik\n\n", "## Vooruitblik\n\nDeze zin is toegevoegd door de benchmark (één brief gewijzigd).\n\n");
  if (edited === text || !edited.includes("toegevoegd door de benchmark")) throw new Error(`${rel}: bewerken mislukt`);
  writeFileSync(file, edited);
  return rel;
}

const nl = (n: number, digits = 1) => new Intl.NumberFormat("nl-NL", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
const mib = (bytes: number) => `${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 }).format(bytes / 1024 / 1024)} MiB`;

function table(scenarios: Scenario[]): string {
  const head = ["scenario", "brieven", "opstart", "data", "grafieken", "HTML", "PDF", "zoekindex", "totaal", "ms/brief", "brieven gemaakt/behouden", "PDF's geprint/cache", "piek RSS build", "piek Chromium (PSS)", "piek samen"];
  const rows = scenarios.map((s) => {
    const t = s.build.timings;
    const phase = (k: string) => (t && t[k] !== undefined ? nl(t[k]!) : "–");
    return [
      s.label,
      String(letters),
      // Everything outside the data step and build(): Node, loading modules, the "nothing changed" check.
      nl(s.wallSeconds - (t?.data ?? 0) - (s.build.buildSeconds ?? 0)),
      phase("data"),
      phase("charts"),
      phase("html"),
      phase("pdf"),
      phase("search"),
      nl(s.wallSeconds),
      nl((s.wallSeconds * 1000) / letters, 0),
      s.build.upToDate ? "–" : `${letters - (s.build.kept ?? 0)}/${s.build.kept ?? 0}`,
      s.build.pdfStats ? `${s.build.pdfStats.printed}/${s.build.pdfStats.fromCache}` : "–",
      mib(s.build.maxRssBytes),
      s.chromiumPeakBytes ? mib(s.chromiumPeakBytes) : "–",
      s.chromiumPeakBytes ? mib(s.togetherPeakBytes) : "–",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Where the cores' time went, per scenario: the busy time of each part of the build. */
function cpuTable(scenarios: Scenario[]): string {
  const cores = os.availableParallelism();
  const head = ["scenario", "hoofdthread", "grafieken", "ms/grafiek", "PDF-afwerking", "Node overig", "Chromium", "CPU totaal", "benutting"];
  const rows = scenarios.map((s) => {
    const c = s.build.cpu;
    const v = (n: number | undefined) => (n === undefined ? "–" : nl(n));
    const charts = s.build.chartStats?.busyMs === undefined ? undefined : s.build.chartStats.busyMs / 1000;
    const pools = (c?.main ?? 0) + (charts ?? 0) + (c?.pdfFinishing ?? 0);
    const total = c?.process === undefined ? undefined : c.process + (c.chromium ?? 0);
    return [
      s.label,
      v(c?.main),
      v(charts),
      s.build.chartStats?.rendered ? v(s.build.chartStats.medianMs) : "–",
      v(c?.pdfFinishing),
      v(c?.process === undefined ? undefined : c.process - pools),
      v(c?.chromium),
      v(total),
      total === undefined ? "–" : `${nl((100 * total) / (s.wallSeconds * cores), 0)} %`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

// One async function, not top-level await: the bundle is CommonJS (cli/bundle.mjs).
async function main(): Promise<void> {
  if (!existsSync(root)) mkdirSync(root, { recursive: root.startsWith(path.join(TOOL_DIR, ".cache") + path.sep) });
  writeFileSync(path.join(root, BENCH_FOLDER.marker.name), BENCH_FOLDER.marker.text);
  console.log(`Benchmark: ${letters} synthetische, illustratieve brieven in ${root}`);
  const corpus = writeCorpus(root, { letters });
  for (const dir of ["_site", ".cache"]) rmSync(path.join(root, dir), { recursive: true, force: true });

  const scenarios: Scenario[] = [];
  for (const [name, label, before] of [
    ["koud", "koud (geen _site/, geen cache)", () => {}],
    ["niets-gewijzigd", "niets gewijzigd", () => {}],
    ["een-brief-gewijzigd", "één brief gewijzigd", () => console.log(`Gewijzigd: ${editOneLetter(corpus.letterFiles)} (tekst en figuur 'bijstand-trend')`)],
  ] as const) {
    before();
    const s = await runBuild(name, label);
    scenarios.push(s);
    const cleanup = s.cleanupSeconds >= 0.05 ? ` (daarna de oude site op de achtergrond verwijderd: ${nl(s.cleanupSeconds)} s)` : "";
    console.log(`${label}: ${nl(s.wallSeconds)} s${cleanup}`);
  }

  console.log(`\n${table(scenarios)}\n`);
  console.log(`${cpuTable(scenarios)}\n`);
  console.log(
    "Seconden per stap volgens de build zelf; de stappen overlappen: grafieken worden in een worker thread gemaakt terwijl\n" +
      "Eleventy de pagina's schrijft en de PDF's worden geprint, en de zoekindex ontstaat terwijl de laatste PDF's worden\n" +
      "geprint. 'totaal' is het hele proces, opstarten inbegrepen. RSS: het buildproces; Chromium: de som van de PSS van\n" +
      "zijn processen; 'piek samen': het hoogste van die twee samen op hetzelfde moment (eens per seconde gemeten).\n" +
      "CPU-seconden per onderdeel, uit /proc (Linux): de hoofdthread (Eleventy, Chromium aansturen), Vega in de grafiekwerkers\n" +
      "('ms/grafiek': de mediaan per grafiek), de PDF-afwerkers (controle van de opmaak, metadata), Node overig (V8's opruimen\n" +
      "en compileren in zijn eigen threads, de grafiekwerkers buiten Vega), Chromium (al zijn processen).\n" +
      `'benutting': alle CPU-tijd gedeeld door (totaal × ${os.availableParallelism()} kernen); 100 % is elke kern de hele tijd bezig.`,
  );

  // The classic pipeline on (at most PEER_LETTERS of) the same letters: our cold build's
  // ms a letter against theirs. Theirs prints only; ours also makes charts, pages and search.
  const PEER_LETTERS = 120;
  const peers: PeerResult[] = [];
  if (!args.includes("--zonder-peer")) {
    const site = path.join(root, "_site");
    // The letters' own pages: only they carry data-pagefind-body (templates/layouts/brief.njk);
    // not the redirects at their old addresses or the listings.
    const pages = readdirSync(site, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(`${path.sep}index.html`) && readFileSync(path.join(site, f), "utf8").includes("data-pagefind-body"))
      .sort()
      .slice(0, PEER_LETTERS);
    console.log(`Klassieke route op dezelfde brieven (${pages.length})…`);
    peers.push(await weasyprintPages(site, pages), await pandocPerLetter(root, corpus.letterFiles.slice(0, PEER_LETTERS)));
    const ours = (scenarios[0]!.wallSeconds * 1000) / letters;
    console.log(`\nRaadsbrief koud: ${nl(ours, 0)} ms/brief (grafieken, HTML, PDF en zoekindex, opstarten inbegrepen)`);
    for (const p of peers) {
      console.log(p.ok ? `${p.run.label}: ${nl(p.run.seconds)} s = ${nl(p.run.msPerLetter, 0)} ms/brief → Raadsbrief ${nl(p.run.msPerLetter / ours)}× zo snel per brief` : `${p.label}: niet gemeten, ${p.reason}`);
    }
  }

  const resultDir = path.join(TOOL_DIR, "bench-results");
  mkdirSync(resultDir, { recursive: true });
  const resultFile = path.join(resultDir, `bench-${letters}.json`);
  writeFileSync(
    resultFile,
    `${JSON.stringify(
      {
        letters,
        synthetic: "Synthetische, illustratieve brieven (scripts/bench/corpus.ts); geen echte cijfers.",
        date: new Date().toISOString(),
        machine: { cpus: os.availableParallelism(), memoryBytes: os.totalmem(), node: process.version, platform: `${os.type()} ${os.release()}` },
        corpus: root,
        scenarios,
        peers,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Resultaten: ${path.relative(process.cwd(), resultFile) || resultFile}`);
}
void main();
