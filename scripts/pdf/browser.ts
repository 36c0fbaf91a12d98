// One shared Chromium per process: a launch costs ~0.7 s, so every printer in
// the build borrows the same browser and only closeBrowser() ends it.

import { accessSync, constants as fsConstants, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";
import { PdfError } from "./errors.ts";
import { executablePath as configuredExecutable, localBrowserIdentity } from "./executable.ts";

/** Flags for an offline, reproducible headless Chromium (a remote browser should use them too). */
export const CHROMIUM_ARGS = [
  // The build machine has no network: stop Chromium's own background requests.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  // Unhinted glyph outlines keep text metrics independent of the host's fontconfig.
  "--font-render-hinting=none",
  // Headless Chromium keeps the omnibox popup's WebUI loaded in a renderer of its own,
  // which redraws on every URL change of a tab: ~16 ms of CPU per printed letter
  // (measured with Chromium 156). Puppeteer merges this with its own --disable-features.
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup",
];

interface Shared {
  browser: Browser;
  /** True when we connected to an external browser pool: we must not close it. */
  remote: boolean;
  userDataDir?: string;
}

let shared: Promise<Shared> | undefined;

export async function getBrowser(): Promise<Browser> {
  return (await getShared()).browser;
}

function getShared(): Promise<Shared> {
  if (!shared) {
    const attempt = start();
    shared = attempt;
    // A failed start must not poison later calls; let the next caller retry.
    attempt.catch(() => {
      if (shared === attempt) shared = undefined;
    });
    void attempt.then(({ browser }) => {
      // A crashed or externally closed browser is replaced on the next call.
      browser.once("disconnected", () => {
        if (shared === attempt) shared = undefined;
      });
    }, () => {});
  }
  return shared;
}

const claimed = new WeakSet<Browser>();

/**
 * The default context of a Chromium this process launched, with the blank tab the
 * launch opened, for the first printer that asks; undefined for every later one and
 * for a remote browser (its default context is the pool's). A context of its own
 * plus a first tab costs Chromium ~0.5 s of CPU, a quarter of a one-letter rebuild.
 * Each printer still has a context nobody else used (its HTTP cache holds the
 * site's assets as "immutable", valid for one state of the site only).
 */
export async function claimLaunchContext(browser: Browser): Promise<{ context: BrowserContext; blank?: Page } | undefined> {
  if (claimed.has(browser) || !browser.process()) return undefined;
  claimed.add(browser);
  const context = browser.defaultBrowserContext();
  const blank = (await context.pages()).find((p) => p.url() === "about:blank");
  return blank ? { context, blank } : { context };
}

/**
 * Which browser prints, for cache keys: a remote browser's version (it is asked;
 * the connection is kept for printing), or the local executable (executable.ts).
 */
export async function browserIdentity(): Promise<string> {
  if (process.env.PUPPETEER_BROWSER_WS_ENDPOINT) return `remote ${await (await getBrowser()).version()}`;
  return localBrowserIdentity();
}

let closing: Promise<void> = Promise.resolve();

/** Closes the shared browser; a second call while it closes waits for the same close. */
export function closeBrowser(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) closing = close(current);
  return closing;
}

async function close(current: Promise<Shared>): Promise<void> {
  let s: Shared;
  try {
    s = await current;
  } catch {
    return; // never started, nothing to close
  }
  try {
    if (s.remote) await s.browser.disconnect();
    else await s.browser.close();
  } finally {
    if (s.userDataDir) await removeProfile(s.userDataDir);
  }
}

async function start(): Promise<Shared> {
  const endpoint = process.env.PUPPETEER_BROWSER_WS_ENDPOINT;
  if (endpoint) {
    try {
      const browser = await puppeteer.connect({ browserWSEndpoint: endpoint });
      return { browser, remote: true };
    } catch (cause) {
      throw new PdfError(
        `Kan geen verbinding maken met de browser op ${endpoint} (PUPPETEER_BROWSER_WS_ENDPOINT): ${reason(cause)}. ` +
          "Controleer of de browserpool draait, of haal de variabele weg om Chromium lokaal te starten.",
        { cause },
      );
    }
  }

  const executablePath = configuredExecutable();
  try {
    accessSync(executablePath, fsConstants.X_OK);
  } catch (cause) {
    throw new PdfError(
      `Chromium niet gevonden op ${executablePath}. ` +
        "Installeer het met `apt-get install -y chromium` of zet PUPPETEER_EXECUTABLE_PATH.",
      { cause },
    );
  }

  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "raadsbrief-chromium-"));
  // Puppeteer kills Chromium on exit; this removes the profile it leaves behind.
  const onExit = () => rmSync(userDataDir, { recursive: true, force: true });
  process.once("exit", onExit);
  const args = [...CHROMIUM_ARGS];
  // Chromium refuses to start its sandbox as root (containers, CI).
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  try {
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir,
      args,
      // Talk over a pipe, not a websocket: when the build is killed (even with
      // SIGKILL) the pipe closes and Chromium exits instead of lingering.
      pipe: true,
    });
    browser.once("disconnected", () => {
      process.removeListener("exit", onExit);
      void removeProfile(userDataDir);
    });
    return { browser, remote: false, userDataDir };
  } catch (cause) {
    process.removeListener("exit", onExit);
    await removeProfile(userDataDir);
    throw new PdfError(
      `Chromium (${executablePath}) kon niet worden gestart: ${reason(cause)}. ` +
        "Controleer of Chromium werkt met `" + executablePath + " --headless --version`, " +
        "of zet PUPPETEER_EXECUTABLE_PATH naar een werkende Chromium.",
      { cause },
    );
  }
}

async function removeProfile(dir: string): Promise<void> {
  // Chromium may still be flushing its profile for a moment after close.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => {});
}

function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Puppeteer's launch errors carry the full Chromium log; the first line says enough.
  return msg.split("\n")[0]?.trim() || "onbekende fout";
}
