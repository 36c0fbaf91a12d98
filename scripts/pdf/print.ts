// Prints letters of the built site to PDF with a pool of reused browser tabs.
// Pages are served straight from siteDir through request interception: no HTTP
// server, no network, and every byte the PDF depends on comes from the build.

import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, HTTPRequest, Page } from "puppeteer-core";
import type { Chromium } from "./browser.ts";
import { describeSystemError } from "../util/system-error.mjs";
import { PdfError } from "./errors.ts";
import type { PdfMeta } from "./metadata.ts";
import type { LayoutFault } from "./layout-faults.ts";
import { breakTargets, MAX_PRINTS, placeBreaks } from "./breaks.ts";
import { PdfFinishers } from "./finishers.ts";
import { SITE_ORIGIN, siteLinkRewriter } from "./site-links.ts";

export type { PdfMeta } from "./metadata.ts";

export interface PrintJob {
  /** Letter name, used in error messages. */
  name: string;
  /** Path of the letter in the site, e.g. "/brieven/2015/09/x/". */
  urlPath: string;
  outFile: string;
  meta: PdfMeta;
}

export interface PrintResult {
  /** Site files the page loaded while printing (site-relative, e.g. "/assets/css/raadsbrief.css"). */
  files: string[];
  /** What the layout audit found in the PDF as written (audit.ts); [] when all is well. */
  faults: LayoutFault[];
}

export interface Printer {
  print(job: PrintJob): Promise<PrintResult>;
  /**
   * Lets a tab load a page of the site (urlPath) ahead of the first job, so that job
   * is written into a warm tab: a tab's first page costs ~0.5 s (renderer, CSS, fonts).
   * The first job waits for it. Never fails: a tab that fails here is replaced.
   */
  warm(urlPath: string): Promise<void>;
  /** Waits for running and queued jobs, then closes the tabs (not the shared browser). */
  close(): Promise<void>;
  /** Number of tabs opened so far, including replacements for crashed or hung tabs. */
  readonly pagesOpened: number;
  /** CPU seconds its PDF finishing workers used (finishers.ts). */
  readonly finishingCpuSeconds: number;
  /** False once the browser is gone (crashed, killed, disconnected): make a new printer. */
  readonly healthy: boolean;
}

export interface PrinterOptions {
  /** The Chromium that prints (the build's, or the preview's). */
  chromium: Chromium;
  siteDir: string;
  /** Number of tabs printing at once; default defaultConcurrency(spareTab). */
  concurrency?: number;
  /** One tab more than the cores, for a build of many letters (pipeline/steps/printing.ts). */
  spareTab?: boolean;
  /** Letters a tab prints before a fresh tab takes over (its renderer's memory grows); default 100. */
  lettersPerTab?: number;
  /** Worker threads that audit and finalize the printed PDFs (finishers.ts); 0: this thread. Default half the cores. */
  finishers?: number;
  /** Entry of those workers (tests give one that is slow to start); default the build's own. */
  finisherUrl?: URL;
  /** Per-job limit in ms before the tab counts as hung; default 30 000. */
  timeoutMs?: number;
  /**
   * Public address of the site, e.g. "https://raadsbrieven.emmen.nl/". Links to
   * other site pages in the PDF point there; without it they become
   * root-relative ("/brieven/..."), which works when the PDF is opened from the site.
   */
  siteUrl?: string;
}

/**
 * Tabs printing at once: RAADSBRIEF_PDF_TABS when set (e.g. more for a remote browser
 * pool with more cores than this machine); otherwise one per core, and with `spareTab`
 * one more. Measured here: two tabs on two cores print ~1.5× as fast as one. A third
 * keeps Chromium busy while the other two wait for this thread (Puppeteer, the page's
 * files) and the finishing worker: 120 letters cold 0,0–0,6 s sooner, 0,3 s on average
 * (nine alternating pairs, README, Performance); a fourth did not help.
 */
export function defaultConcurrency(spareTab = false, env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()): number {
  const fromEnv = Number(env.RAADSBRIEF_PDF_TABS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return cores + (spareTab ? 1 : 0);
}

export { SITE_ORIGIN } from "./site-links.ts";

export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Per-tab record of what went wrong during the current job. */
interface TabState {
  missing: string[];
  /** Files served to the current job. */
  served: string[];
  scriptErrors: string[];
  /** Letters this tab has printed. */
  printed: number;
  /** Rejects when the tab's renderer crashes or the tab closes under us. */
  broken: Promise<never>;
}

class TimeoutError extends Error {}

/** Letters a tab prints before it is replaced by a fresh one (see runJob). */
const LETTERS_PER_TAB = 100;

export async function createPrinter(opts: PrinterOptions): Promise<Printer> {
  const siteDir = path.resolve(opts.siteDir);
  const size = opts.concurrency ?? defaultConcurrency(opts.spareTab);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const lettersPerTab = opts.lettersPerTab ?? LETTERS_PER_TAB;
  siteLinkRewriter(opts.siteUrl); // refuses an invalid address before anything starts
  if (!Number.isInteger(size) || size < 1) {
    throw new PdfError(`Ongeldig aantal gelijktijdige PDF's: ${size}. Gebruik een geheel getal vanaf 1.`);
  }
  try {
    if (!(await stat(siteDir)).isDirectory()) throw new Error("geen map");
  } catch (cause) {
    throw new PdfError(`De gebouwde site ontbreekt in ${siteDir}. Bouw eerst de site en maak daarna de PDF's.`, { cause });
  }

  // Audit and finalizing run in worker threads (finishers.ts); the first starts now.
  const finishers = new PdfFinishers(opts.finishers, opts.finisherUrl);
  finishers.warm();
  let browser: Browser;
  let launched: Awaited<ReturnType<Chromium["claimLaunchContext"]>>;
  let context: BrowserContext;
  try {
    browser = await opts.chromium.get();
    // A context of its own: cookies, storage and cache of this build stay apart from
    // other printers. The first printer of a Chromium we launched takes the launch's
    // (unused) default context and blank tab, which saves starting new ones.
    launched = await opts.chromium.claimLaunchContext(browser);
    context = launched?.context ?? (await browser.createBrowserContext());
  } catch (error) {
    await finishers.close();
    throw error;
  }
  let blank = launched?.blank;
  // Tabs of this printer, closed with it (a default context cannot be closed).
  const tabs = new Set<Page>();
  // A blank tab in front of the print tabs, so that those are hidden: Chromium does not
  // render a hidden tab for the screen (no style, layout, paint or raster on each
  // change), only when it prints: ~24 % less of its CPU a letter in a loop, a cold
  // build of 120 letters ~5 % faster (README, Performance). A new tab comes to the
  // front when opened (this one hides the tabs opened before it; openPage sends each
  // later one back). Started now and never waited for: it is not on a letter's way.
  // Full Chromium only: the headless shell (executable.ts) shows every tab and draws no
  // screen; there the blank tab changes nothing (measured, README Performance).
  const front = context.newPage().then(
    (page) => {
      tabs.add(page);
      return page;
    },
    () => undefined,
  );
  const states = new WeakMap<Page, TabState>();
  // Every file other than a page ever served to a tab of this printer: a later letter
  // may get them from the browser context's cache without asking, also in another or a
  // new tab, and still depends on them.
  const contextAssets = new Set<string>();
  // Fonts, CSS and images are shared by every letter; read them from disk once.
  const assetCache = new Map<string, Buffer>();
  // The site's shared images by their bytes' hash (sameImagesFromAssets).
  let assetImages: Promise<Map<string, string>> | undefined;

  const idle: Page[] = [];
  const waiters: { resolve: (p: Page) => void; reject: (e: unknown) => void }[] = [];
  const running = new Set<Promise<unknown>>();
  let live = 0;
  let pagesOpened = 0;
  let closed = false;
  // Chromium crashed or was killed: nothing queued here can be printed any more.
  // Queued jobs fail at once (the build retries them in a new browser) instead of
  // waiting for a tab that will never come.
  let gone = false;
  const onGone = () => {
    gone = true;
    for (const w of waiters.splice(0)) w.reject(new Error("de browser is gestopt (gecrasht of afgesloten)"));
  };
  browser.once("disconnected", onGone);

  async function openPage(): Promise<Page> {
    const page = blank ?? (await context.newPage());
    blank = undefined;
    tabs.add(page);
    pagesOpened++;
    let markBroken: (e: Error) => void = () => {};
    const broken = new Promise<never>((_, reject) => (markBroken = reject));
    broken.catch(() => {}); // only observed while a job runs
    const state: TabState = { missing: [], served: [], scriptErrors: [], broken, printed: 0 };
    states.set(page, state);
    page.on("error", (err) => markBroken(new Error("het browsertabblad is gecrasht", { cause: err })));
    page.on("close", () => markBroken(new Error("het browsertabblad werd onverwacht gesloten")));
    page.on("pageerror", (err) => state.scriptErrors.push(err instanceof Error ? err.message : String(err)));
    page.on("request", (req) => void serve(req, state));
    try {
      await page.setRequestInterception(true);
      // Scripts that format dates must give the same result on every machine.
      await page.emulateTimezone("Europe/Amsterdam");
      // The tab only ever prints: laid out for print media on screen too, it does not
      // switch every letter from screen to print styles and back, which cost the
      // renderer ~45 ms a letter, half its work (PDFs identical: the e2e tests compare).
      await page.emulateMediaType("print");
      // Behind the blank tab (see `front`). Printing lays out for the page size, not for
      // the screen: PDFs identical (the e2e tests compare).
      void front.then((f) => f?.bringToFront()).catch(() => {});
    } catch (err) {
      await page.close().catch(() => {});
      throw err;
    }
    return page;
  }

  async function serve(req: HTTPRequest, state: TabState): Promise<void> {
    if (req.isInterceptResolutionHandled()) return;
    try {
      const url = new URL(req.url());
      // Anything outside the site is refused: the PDF must not depend on the network.
      if (url.origin !== SITE_ORIGIN) return await req.abort("blockedbyclient");
      if (req.method() !== "GET" && req.method() !== "HEAD") {
        return await req.respond({ status: 405, contentType: "text/plain", body: "" });
      }
      const file = await resolveFile(url.pathname);
      if (file.kind === "redirect") {
        // Like a web server: "/x" → "/x/", so relative links in the page resolve the same way.
        return await req.respond({ status: 301, headers: { location: file.location }, contentType: "text/plain", body: "" });
      }
      if (file.kind === "missing") {
        // The browser asks for a favicon by itself; that is not the site's fault.
        if (url.pathname !== "/favicon.ico") state.missing.push(url.pathname);
        return await req.respond({ status: 404, contentType: "text/plain; charset=utf-8", body: "Niet gevonden" });
      }
      const ext = path.extname(file.path).toLowerCase();
      const isPage = ext === ".html" || ext === ".htm";
      let body = assetCache.get(file.path);
      if (!body) {
        body = await readFile(file.path);
        if (!isPage) assetCache.set(file.path, body);
      }
      const served = "/" + path.relative(siteDir, file.path).split(path.sep).join("/");
      state.served.push(served);
      if (!isPage) contextAssets.add(served);
      await req.respond({
        status: 200,
        contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
        // A printer lives as long as one state of the site (a build, or one preview
        // generation) in its own browser context, so the tab may keep parsed CSS
        // and decoded fonts from one letter to the next: ~50 ms less per letter.
        headers: isPage ? { "cache-control": "no-store" } : { "cache-control": "max-age=31536000, immutable" },
        body,
      });
    } catch {
      // The tab may have navigated or closed meanwhile; the job sees that on its own.
      if (!req.isInterceptResolutionHandled()) await req.abort("failed").catch(() => {});
    }
  }

  type Resolved = { kind: "file"; path: string } | { kind: "redirect"; location: string } | { kind: "missing" };

  async function resolveFile(urlPathname: string): Promise<Resolved> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPathname);
    } catch {
      return { kind: "missing" };
    }
    const rel = path.posix.normalize(decoded);
    const target = path.join(siteDir, rel);
    // Never serve anything outside the site, whatever the URL says.
    if (target !== siteDir && !target.startsWith(siteDir + path.sep)) return { kind: "missing" };
    try {
      const st = await stat(target);
      if (st.isDirectory()) {
        if (!urlPathname.endsWith("/")) return { kind: "redirect", location: urlPathname + "/" };
        const index = path.join(target, "index.html");
        return (await stat(index)).isFile() ? { kind: "file", path: index } : { kind: "missing" };
      }
      return st.isFile() ? { kind: "file", path: target } : { kind: "missing" };
    } catch {
      return { kind: "missing" };
    }
  }

  let warming: Promise<void> | undefined;
  /** Jobs waiting for the warm tab (acquire): it then skips its warm-up page. */
  let jobsWaitingForWarm = 0;
  async function warm(urlPath: string): Promise<void> {
    // The function below runs up to its first await before `warming` is set, so its
    // own acquire() does not wait for itself.
    warming ??= (async () => {
      let page: Page;
      try {
        page = await acquire();
      } catch {
        return; // the first job reports what is wrong
      }
      // A job came while the tab opened (Chromium started late, a one-letter rebuild): it
      // loads its own letter now rather than after this page, ~0,1 s sooner.
      if (jobsWaitingForWarm > 0) return release(page);
      try {
        await page.goto(SITE_ORIGIN + urlPath, { waitUntil: "load", timeout: timeoutMs });
        release(page);
      } catch {
        discard(page);
      }
    })();
    return warming;
  }

  async function acquire(): Promise<Page> {
    if (gone) throw new Error("de browser is gestopt (gecrasht of afgesloten)");
    // The warm tab is for the first job: wait for it rather than open a cold one.
    if (warming && idle.length === 0 && live === 1) {
      jobsWaitingForWarm++;
      await warming;
      jobsWaitingForWarm--;
    }
    const page = idle.pop();
    if (page) return page;
    if (live < size) {
      live++;
      try {
        return await openPage();
      } catch (err) {
        live--;
        throw err;
      }
    }
    return new Promise<Page>((resolve, reject) => waiters.push({ resolve, reject }));
  }

  function release(page: Page): void {
    const next = waiters.shift();
    if (next) next.resolve(page);
    else idle.push(page);
  }

  /** Drops a tab that failed (crashed, hung or in an unknown state) or did its share, and opens a fresh one for the queue. */
  function discard(page: Page): void {
    live--;
    tabs.delete(page);
    void page.close().catch(() => {});
    openForWaiter();
  }

  /** Opens a tab for the next job in line; if that fails, that job fails and the one after it gets its turn. */
  function openForWaiter(): void {
    const next = waiters.shift();
    if (!next) return;
    live++;
    openPage().then(next.resolve, (err: unknown) => {
      live--;
      next.reject(err);
      openForWaiter();
    });
  }

  async function render(page: Page, job: PrintJob, finisherReady: Promise<void>): Promise<{ pdf: Uint8Array; faults: LayoutFault[]; finished?: Uint8Array }> {
    const state = states.get(page);
    if (!state) throw new Error("onbekend browsertabblad");
    state.missing = [];
    state.served = [];
    state.scriptErrors = [];
    await testFault(page, job);
    const { failedFonts, brokenImages } = await load(page, job, state);
    // An image the page could not show is missing from the site, whichever way it failed.
    state.missing.push(...brokenImages);
    if (state.missing.length > 0) {
      throw new Error(`bestanden ontbreken in de site: ${[...new Set(state.missing)].join(", ")}`);
    }
    if (failedFonts.length > 0) throw new Error(`lettertype kon niet worden geladen: ${failedFonts.join(", ")}`);
    if (state.scriptErrors.length > 0) throw new Error(`scriptfout op de pagina: ${state.scriptErrors[0]}`);
    const print = () =>
      page.pdf({
        format: "A4",
        printBackground: true,
        tagged: true,
        outline: true,
        // Page size and margins come from the letter's own @page rules.
        preferCSSPageSize: true,
        timeout: timeoutMs,
        // load() above already awaited document.fonts.ready and checked each font.
        waitForFonts: false,
      });
    let pdf = await print();
    await finisherReady;
    // Audited, and finished at once unless the audit asks for a page break (finishers.ts).
    let { faults, finished } = await finishers.finish(pdf, job.meta, opts.siteUrl);
    // The measuring pass (breaks.ts): a forced page break where the audit found a
    // heading, small table or closing stranded, as long as that makes it better.
    for (let prints = 1; prints < MAX_PRINTS; prints++) {
      const targets = breakTargets(faults);
      if (targets.length === 0 || (await placeBreaks(page, targets)) === 0) break;
      const again = await print();
      const next = await finishers.finish(again, job.meta, opts.siteUrl);
      if (process.env.RB_DEBUG_BREAKS) console.error("round", prints, JSON.stringify(targets), faults.map((f) => f.code + f.page), "->", next.faults.map((f) => f.code + f.page + f.message));
      if (next.faults.length >= faults.length) break;
      pdf = again;
      ({ faults, finished } = next);
    }
    return { pdf, faults, ...(finished ? { finished } : {}) };
  }

  /**
   * Loads the letter into the tab. A navigation costs Chromium ~60 ms of CPU even for
   * an empty page (new document, lifecycle, Puppeteer's frame bookkeeping), as much
   * as printing a letter. So a tab that already shows a page of this site gets the next
   * letter written into its document instead (document.open/write/close, after
   * history.replaceState for its URL if the page needs that, see needsOwnUrl): same
   * parser, same CSS and fonts from the tab's cache, and byte-identical PDFs (checked
   * by tests/e2e/scale.test.ts), at ~2/3 of the CPU. Pages with scripts are navigated
   * to: their globals would survive into the next letter.
   */
  async function load(page: Page, job: PrintJob, state: TabState): Promise<{ failedFonts: string[]; brokenImages: string[] }> {
    const file = await resolveFile(job.urlPath);
    const written = file.kind === "file" && new URL(page.url()).origin === SITE_ORIGIN ? await readFile(file.path, "utf8") : null;
    const reuse = written !== null && !/<script\b/i.test(written);
    if (reuse && file.kind === "file") state.served.push("/" + path.relative(siteDir, file.path).split(path.sep).join("/"));
    const html = reuse ? await sameImagesFromAssets(written, job.urlPath, state) : null;
    if (!reuse) {
      const response = await page.goto(SITE_ORIGIN + job.urlPath, { waitUntil: "load", timeout: timeoutMs });
      if (!response || response.status() === 404) throw new Error(`pagina ${job.urlPath} bestaat niet in ${siteDir}`);
      if (!response.ok()) throw new Error(`pagina ${job.urlPath} gaf status ${response.status()}`);
    }
    return page.evaluate(
      async (html: string | null, url: string | null) => {
        if (html !== null) {
          if (url !== null) history.replaceState(null, "", url);
          document.open();
          document.write(html);
          document.close();
          // open() removed the old listeners; "load" fires once the CSS, fonts and images are in.
          if (document.readyState !== "complete") await new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
        }
        // A letter's own stylesheet (opmaak.css, its running header) is new to the tab, and
        // "load" of a written document does not always wait for it (seen: a PDF without
        // its header now and then), so wait for each stylesheet that has not arrived.
        await Promise.all(
          Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'), (link) =>
            link.sheet
              ? undefined
              : new Promise((resolve) => {
                  link.addEventListener("load", resolve, { once: true });
                  link.addEventListener("error", resolve, { once: true });
                }),
          ),
        );
        // "load" does not always wait for images in a written document (seen: a
        // missing image printed as nothing, now and then), so wait for each one. Not
        // with img.decode(): in a hidden tab its promise is never settled.
        await Promise.all(
          Array.from(document.images, (img) =>
            img.complete
              ? undefined
              : new Promise((resolve) => {
                  img.addEventListener("load", resolve, { once: true });
                  img.addEventListener("error", resolve, { once: true });
                }),
          ),
        );
        // Lay the page out now: a tab that draws no frames (browser.ts, PRINT_ONLY_ARGS)
        // would otherwise not have asked for the fonts the letter uses yet, and
        // document.fonts.ready would not wait for them.
        document.documentElement.getBoundingClientRect();
        await document.fonts.ready;
        const failedFonts: string[] = [];
        document.fonts.forEach((f) => {
          if (f.status === "error") failedFonts.push(`${f.family} ${f.weight}`);
        });
        const brokenImages = Array.from(document.images)
          .filter((img) => img.complete && img.naturalWidth === 0 && img.currentSrc !== "")
          .map((img) => new URL(img.currentSrc).pathname);
        return { failedFonts, brokenImages };
      },
      html,
      html !== null && !needsOwnUrl(html) ? null : job.urlPath,
    );
  }

  /**
   * A letter carries its own copy of its logo (bestanden/logo/, so that a published
   * letter stays whole), a new address for every letter; the same bytes are in the
   * site's /assets/. An image at a new address costs Chromium a document of its own
   * (an SVG image is one) and the main thread a request: ~0,5–1,2 CPU-s of Chromium a
   * cold build at 120 letters (README, Performance). So in the HTML written into the
   * tab, an <img> whose file has exactly the bytes of an image in /assets/ points there:
   * the tab has it already, and the PDF is the same (tests/unit/pdf.test.ts draws an
   * aliased and a navigated letter alike). The letter's own file still counts as
   * served (the PDF cache checks it).
   */
  async function sameImagesFromAssets(html: string, urlPath: string, state: TabState): Promise<string> {
    const IMG_SRC = /(<img\b[^>]*?\ssrc=")([A-Za-z0-9._/-]+)(")/g;
    const sources = [...new Set(Array.from(html.matchAll(IMG_SRC), (m) => m[2]!))];
    if (sources.length === 0) return html;
    const images = await (assetImages ??= indexAssetImages());
    const alias = new Map<string, string>();
    for (const src of sources) {
      const own = new URL(src, SITE_ORIGIN + urlPath).pathname;
      if (own.startsWith("/assets/")) continue;
      const file = await resolveFile(own); // never outside the site
      if (file.kind !== "file") continue;
      const bytes = await readFile(file.path).catch(() => undefined);
      const shared = bytes && images.get(createHash("sha256").update(bytes).digest("hex"));
      if (!shared) continue;
      alias.set(src, shared);
      state.served.push(own);
    }
    return alias.size === 0 ? html : html.replace(IMG_SRC, (m, before: string, src: string, after: string) => (alias.has(src) ? before + alias.get(src)! + after : m));
  }

  /** The images under /assets/ by the SHA-256 of their bytes (first one wins). */
  async function indexAssetImages(): Promise<Map<string, string>> {
    const images = new Map<string, string>();
    const assets = path.join(siteDir, "assets");
    const names = await readdir(assets, { recursive: true }).catch(() => [] as string[]);
    for (const name of names.map(String).sort()) {
      if (!/\.(svg|png|jpe?g|gif|webp)$/i.test(name)) continue;
      const bytes = await readFile(path.join(assets, name)).catch(() => undefined);
      if (!bytes) continue;
      const hash = createHash("sha256").update(bytes).digest("hex");
      if (!images.has(hash)) images.set(hash, "/assets/" + name.split(path.sep).join("/"));
    }
    return images;
  }

  async function runJob(job: PrintJob): Promise<PrintResult> {
    let page: Page;
    // The first PDF finishing worker may still be loading pdf-lib and the audit's reader
    // (~0.2 s of a one-letter rebuild after the page was ready): the tab loads and
    // prints the letter meanwhile, and the audit waits for the worker (render). Loading
    // on a busy machine is no sign of a hung tab, so the job's time limit starts once the
    // worker is ready; not forever: a worker that never gets ready counts as ready at the limit.
    const finisherReady = Promise.race([finishers.ready(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    try {
      page = await acquire();
    } catch (cause) {
      throw jobError(job, cause);
    }
    const state = states.get(page);
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const work = render(page, job, finisherReady);
    work.catch(() => {}); // after a timeout the tab is discarded and this rejects unobserved
    let printed: { pdf: Uint8Array; faults: LayoutFault[]; finished?: Uint8Array };
    try {
      printed = await Promise.race([
        work,
        ...(state ? [state.broken] : []),
        new Promise<never>((_, reject) => {
          void finisherReady.then(() => {
            if (!settled) timer = setTimeout(() => reject(new TimeoutError()), timeoutMs);
          });
        }),
      ]);
    } catch (cause) {
      // Whatever failed, the tab's state is unknown; a fresh one is cheap (~50 ms).
      discard(page);
      throw jobError(job, cause);
    } finally {
      settled = true;
      clearTimeout(timer);
    }
    const files = [...new Set([...(state?.served ?? []), ...contextAssets])].sort();
    // A tab that printed many letters makes way for a fresh one: its renderer's memory
    // grows with every letter written into it (1,200 letters on two tabs: ~280 MB each
    // at the end, ~130 MB after 60). A fresh tab costs ~0.3 s; at 1,200 letters that is
    // 12 tabs, ~1 % of the printing. Same PDFs: a fresh tab prints what a reused one does.
    if (state && ++state.printed >= lettersPerTab) discard(page);
    else release(page);
    let out: Uint8Array;
    try {
      out = printed.finished ?? (await finishers.finalize(printed.pdf, job.meta, opts.siteUrl));
    } catch (cause) {
      throw jobError(job, cause);
    }
    try {
      await writeAtomically(job.outFile, out);
    } catch (cause) {
      throw jobError(job, new Error(describeSystemError(cause) ?? `kon ${job.outFile} niet schrijven`, { cause }));
    }
    return { files, faults: printed.faults };
  }

  function jobError(job: PrintJob, cause: unknown): PdfError {
    let reason: string;
    // Ours, or Puppeteer's own navigation/print timeout.
    if (cause instanceof TimeoutError || (cause instanceof Error && cause.name === "TimeoutError")) {
      reason =
        `de pagina was na ${Math.round(timeoutMs / 1000)} s nog niet klaar (vastgelopen script of te zware pagina; ` +
        "is de pagina echt zo zwaar, zet dan RAADSBRIEF_PDF_TIMEOUT op meer seconden)";
    } else if (cause instanceof Error) {
      reason = describeSystemError(cause) ?? cause.message.split("\n")[0] ?? cause.message;
    } else {
      reason = String(cause);
    }
    return new PdfError(`PDF voor '${job.name}' kon niet worden gemaakt: ${reason}`, { cause });
  }

  return {
    get pagesOpened() {
      return pagesOpened;
    },
    get finishingCpuSeconds() {
      return finishers.cpuSeconds();
    },
    get healthy() {
      return !gone && browser.connected && !closed;
    },
    print(job: PrintJob): Promise<PrintResult> {
      if (closed) {
        return Promise.reject(new PdfError(`PDF voor '${job.name}' kon niet worden gemaakt: de printer is al gesloten`));
      }
      const p = runJob(job);
      running.add(p);
      const done = () => running.delete(p);
      p.then(done, done);
      return p;
    },
    warm,
    async close(): Promise<void> {
      closed = true;
      await warming;
      while (running.size > 0) await Promise.allSettled([...running]);
      idle.length = 0;
      browser.off("disconnected", onGone);
      await finishers.close();
      // Closing the context closes every tab in it, including a hung one.
      if (gone) return;
      await front;
      if (launched) await Promise.all([...tabs].map((t) => t.close().catch(() => {})));
      else await context.close().catch(() => {});
    },
  };
}

/**
 * TEST ONLY: RAADSBRIEF_TEST_PDF_FAULT="<soort>:<aantal>:<brief>[,…]" makes the
 * first <aantal> attempts for that letter (its input path) fail: "hang" runs a
 * script that never ends (the tab times out), "crash" crashes the tab's renderer,
 * "browser" kills the whole local Chromium. Used by tests/e2e/scale.test.ts to
 * prove that such failures are retried and reported; never set it in normal use.
 */
// Module-level, for that test hook only: attempts per letter, across the printers of a process.
const faultsDone = new Map<string, number>();

async function testFault(page: Page, job: PrintJob): Promise<void> {
  const specs = process.env.RAADSBRIEF_TEST_PDF_FAULT;
  if (!specs) return;
  const spec = specs.split(",").find((s) => s.split(":").slice(2).join(":") === job.name);
  if (!spec) return;
  const [kind, times] = spec.split(":");
  const done = faultsDone.get(job.name) ?? 0;
  if (done >= Number(times)) return;
  faultsDone.set(job.name, done + 1);
  if (kind === "hang") {
    await page.goto("about:blank");
    void page.evaluate(() => {
      for (;;);
    }).catch(() => {});
    await new Promise<never>(() => {});
  }
  if (kind === "crash") {
    // CDP's Page.crash kills the tab's renderer, like a real renderer crash.
    const session = await page.createCDPSession();
    await session.send("Page.crash").catch(() => {});
    await new Promise<never>(() => {}); // the crash ends the job ("error" event)
  }
  if (kind === "browser") page.browser().process()?.kill("SIGKILL");
}

/** A reference that resolves to the same URL from every page of the site. */
const SITE_INDEPENDENT = /^(?:#|\/|[a-z][a-z0-9+.-]*:)/i;

/**
 * True unless every URL in the page resolves the same from any page of the site:
 * root-relative ("/assets/…"), absolute ("https://…", "mailto:…") or a fragment
 * ("#noot-1", which stays in the document whatever its address). Then the page can be
 * written into a tab that shows another letter without history.replaceState, which
 * costs Chromium's browser process ~8 ms a letter (session history). Anything else
 * (a relative link or image, a CSS url() or @import, a <base>) needs the page's own
 * address; when in doubt, this says so.
 */
export function needsOwnUrl(html: string): boolean {
  if (/<base[\s>]|@import/i.test(html)) return true;
  const attribute = /\s(?:href|src|action|formaction|poster|cite|data|background|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  const srcset = /\s(?:srcset|imagesrcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  const cssUrl = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))/gi;
  const value = (m: RegExpMatchArray) => (m[1] ?? m[2] ?? m[3] ?? "").trim();
  const independent = (ref: string) => ref === "" || SITE_INDEPENDENT.test(ref);
  for (const m of html.matchAll(attribute)) if (!independent(value(m))) return true;
  for (const m of html.matchAll(cssUrl)) if (!independent(value(m))) return true;
  for (const m of html.matchAll(srcset)) {
    if (value(m).split(",").some((candidate) => !independent(candidate.trim().split(/\s+/)[0] ?? ""))) return true;
  }
  return false;
}

async function writeAtomically(file: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Same directory, so rename is atomic: readers never see a half-written PDF.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
