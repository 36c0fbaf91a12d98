// `npm start`: the live preview. Checks the input like the build, then lets
// Eleventy build, watch and serve the site; the browser reloads on every change
// to content/, data/ and templates/. A letter's PDF is printed on request
// (scripts/site/preview-pdf.ts). Options: --poort N (or PORT), --debug.
import { existsSync, rmSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import Eleventy from "@11ty/eleventy";
import { formatDiagnostics, ProjectError } from "../model/diagnostics.ts";
import { loadProject } from "../model/load.ts";
import { closeBrowser } from "../pdf/browser.ts";
import { renderErrorToDiagnostics } from "../pipeline/render-errors.ts";
import { projectRoot, templatesDir } from "../site/paths.ts";
import { addLetterPages, eleventyInputDir, renderLetterPages } from "../site/letter-pages.ts";
import { addSitePages } from "../site/plugin.ts";
import { closePreviewPdf, previewBuildFailed } from "../site/preview-pdf.ts";
import { eleventyConfigPath } from "../util/bundle.ts";

const args = process.argv.slice(2);
const debug = args.includes("--debug");
const root = projectRoot();
// Not _site/: the build swaps _site/ in whole, with every PDF, only when all went
// well. The preview rewrites pages in place on every save and makes PDFs only on
// request, so it gets its own folder (ignored by git) and never half-writes _site/.
const outDir = path.join(root, ".cache", "voorbeeld");
const watched = [path.join(root, "content"), path.join(root, "data"), templatesDir(root)];

function requestedPort(): number {
  const i = args.indexOf("--poort");
  const raw = i >= 0 ? (args[i + 1] ?? "") : process.env.PORT;
  if (raw === undefined || (i < 0 && raw === "")) return 8080;
  const port = Number(raw);
  if (raw === "" || !Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Ongeldige poort '${raw}': gebruik een geheel getal van 1 tot en met 65535, bijvoorbeeld --poort 8080.`);
    process.exit(2);
  }
  return port;
}
const port = requestedPort();

const seconds = (ms: number) => new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(ms / 1000);

function causes(error: unknown): string[] {
  const out: string[] = [];
  for (let e: unknown = error; e instanceof Error && out.length < 6; e = e.cause ?? (e as { originalError?: unknown }).originalError) {
    out.push(stripVTControlCharacters(e.message).split("\n")[0]!);
  }
  return out;
}

/** A failed build, in Dutch: the letter's file and line when we can name it. */
function reportBuildError(error: unknown): void {
  let known: ProjectError | undefined = error instanceof ProjectError ? error : undefined;
  if (!known) {
    try {
      known = renderErrorToDiagnostics(error, loadProject(root));
    } catch (e) {
      if (e instanceof ProjectError) known = e;
    }
  }
  if (known) {
    console.error(formatDiagnostics(known.diagnostics));
  } else {
    const [first, ...rest] = causes(error);
    console.error(`Fout: ${first ?? String(error)}`);
    for (const c of rest) console.error(`  oorzaak: ${c}`);
    if (debug && error instanceof Error) console.error(error.stack);
  }
  console.error("Het voorbeeld wordt bijgewerkt zodra de fout is opgelost.");
}

/** Resolves at the next change in one of the folders (coalescing a burst of saves). */
function nextChange(dirs: string[]): Promise<void> {
  return new Promise((resolve) => {
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    const fire = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const w of watchers) w.close();
        resolve();
      }, 200);
    };
    for (const dir of dirs) {
      // A missing folder (no data/ yet) is watched for by its parent.
      const target = existsSync(dir) ? dir : path.dirname(dir);
      watchers.push(watch(target, { recursive: target === dir }, fire));
    }
  });
}

/** Waits until the input passes the same check as `npm run build`. */
async function inputChecked(): Promise<void> {
  for (;;) {
    try {
      loadProject(root);
      return;
    } catch (error) {
      if (!(error instanceof ProjectError)) throw error;
      console.error(formatDiagnostics(error.diagnostics));
      console.error("\nHet voorbeeld start zodra de fouten hierboven zijn opgelost (opslaan is genoeg).");
    }
    await nextChange(watched.slice(0, 2));
  }
}

let eleventy: Eleventy | undefined;
let stopping = false;
let changedAt = 0;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nVoorbeeld wordt gestopt…");
    // Whatever hangs, the process (and with it Chromium, via Puppeteer) must end.
    setTimeout(() => process.exit(code || 1), 10_000).unref();
    await eleventy?.stopWatch().catch(() => {});
    await closePreviewPdf().catch(() => {});
    await closeBrowser().catch(() => {});
    process.exit(code);
  }
  return new Promise<never>(() => {});
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => void stop(0));

/** A changed file as the user knows it: relative to the project, or in full when outside it (the tool's templates/). */
function shownPath(file: string): string {
  const full = path.resolve(file);
  const rel = path.relative(root, full);
  return rel.startsWith("..") ? full : rel;
}

/**
 * Our additions to the project's Eleventy configuration, for the preview only. The
 * letters are rendered here, as the build does (site/letter-pages.ts); a change in
 * content/ or data/ makes Eleventy configure itself again, which renders them anew.
 */
async function configure(eleventyConfig: any): Promise<void> {
  for (const dir of ["content", "data"]) eleventyConfig.addWatchTarget(path.relative(process.cwd(), path.join(root, dir)) || ".", { resetConfig: true });
  addSitePages(eleventyConfig, { root, templates: templatesDir(root) });
  let failed: unknown;
  try {
    const project = loadProject(root);
    addLetterPages(eleventyConfig, project, await renderLetterPages(project, project.letters));
  } catch (error) {
    failed = error; // reported by the build that follows
  }
  // Same check as the build before every rebuild, so a typo in data/ reads as one.
  eleventyConfig.on("eleventy.before", async () => {
    loadProject(root);
    if (failed) throw failed;
  });
  eleventyConfig.on("eleventy.beforeWatch", (changed: string[]) => {
    changedAt = performance.now();
    console.log(`Gewijzigd: ${changed.map(shownPath).join(", ")}`);
  });
  eleventyConfig.on("eleventy.after", () => {
    if (changedAt) console.log(`Bijgewerkt in ${seconds(performance.now() - changedAt)} s.`);
    changedAt = 0;
  });
  // Eleventy keeps template text in caches shared by every instance in the process;
  // after a failed start the next attempt would read the text of before the fix.
  // Reading the few small templates afresh on each rebuild costs next to nothing.
  eleventyConfig.setUseTemplateCache(false);
  // The watched tool code (scripts/) needs a restart of npm start anyway; spidering it only costs time.
  eleventyConfig.setWatchJavaScriptDependencies(false);
  eleventyConfig.setServerOptions({
    port,
    showVersion: false,
    messageOnStart: ({ localhostUrl }: { localhostUrl: string }) => {
      const actual = Number(new URL(localhostUrl).port);
      if (actual !== port) console.log(`Poort ${port} is bezet; het voorbeeld gebruikt poort ${actual}.`);
      console.log(`Voorbeeld op ${localhostUrl} — wijzigingen in content/, data/ en templates/ worden direct getoond. Stop met Ctrl+C.`);
      return false;
    },
    // The dev server's chatter (start message, passthrough notes) is replaced by ours; its problems are kept.
    logger: {
      info: () => {},
      log: () => {},
      warn: (m: string) => console.warn(`Voorbeeldserver: ${m}`),
      error: (m: string) => console.error(`Voorbeeldserver: ${m}`),
    },
  });
}

/**
 * Eleventy 3.1.7 runs its file watcher from a common parent folder when a watched
 * folder lies outside the project (the tool's own templates/ do), but reads the
 * paths it reports as relative to the project: a new letter would not appear and a
 * removed one would still be looked for. Hand Eleventy the paths it expects.
 */
function fixWatcherPaths(watcher: Eleventy["watcher"]): void {
  const cwd = watcher?.options.cwd;
  if (!watcher || !cwd) return;
  const emit = watcher.emit;
  const fix = (file: unknown) => (typeof file === "string" ? path.relative(process.cwd(), path.resolve(cwd, file)) : file);
  watcher.emit = function (event, ...rest) {
    if (event === "add" || event === "change" || event === "unlink") rest[0] = fix(rest[0]);
    else if (event === "all") rest[1] = fix(rest[1]);
    return emit.call(this, event, ...rest);
  };
}

/** Builds the preview and starts watching; after a failed first build, waits for a fix and tries again. */
async function startEleventy(): Promise<Eleventy> {
  for (;;) {
    await inputChecked();
    const started = performance.now();
    // A clean start: pages of renamed or removed letters must not linger.
    rmSync(outDir, { recursive: true, force: true });
    const attempt = new Eleventy(eleventyInputDir(), outDir, {
      configPath: eleventyConfigPath(),
      quietMode: true,
      runMode: "serve",
      config: configure,
    });
    // Eleventy would report in English with stack traces; we report in Dutch.
    attempt.disableLogger();
    eleventy = attempt;
    try {
      await attempt.init();
      await attempt.watch();
      fixWatcherPaths(attempt.watcher);
      console.log(`Gebouwd in ${seconds(performance.now() - started)} s.`);
      return attempt;
    } catch (error) {
      eleventy = undefined;
      await attempt.stopWatch().catch(() => {});
      if (stopping) return stop(0);
      reportBuildError(error);
      await nextChange(watched);
    }
  }
}

console.log("Voorbeeld wordt gebouwd…");
const running = await startEleventy();
// A failed rebuild is caught by Eleventy, which keeps watching: report it and keep serving.
running.errorHandler.error = (error: unknown) => {
  previewBuildFailed();
  reportBuildError(error);
};
running.errorHandler.fatal = (error: unknown) => {
  // Eleventy stops watching after this; without a watcher there is no preview.
  previewBuildFailed();
  reportBuildError(error);
  void stop(1);
};
await running.serve(port);
