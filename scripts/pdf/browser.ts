// One Chromium per build: a launch costs ~0.1–0.4 s (the headless shell, full Chromium;
// executable.ts) and more of its CPU, so every printer of the build
// borrows the same browser (class Chromium, held by the build's context) and only
// its close() ends it.

import { accessSync, constants as fsConstants, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type { Browser, BrowserContext, Page } from "puppeteer-core";
import { isRunning, killMentioning, killTreeNow, removeWhenFree } from "../util/processes.ts";
import { processTreeCpuSeconds } from "../util/cpu-time.ts";
import { describeSystemError } from "../util/system-error.mjs";
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
  // Full Chromium, headless, keeps the omnibox popup's WebUI loaded in a renderer of its own,
  // which redraws on every URL change of a tab: ~16 ms of CPU per printed letter
  // (measured with Chromium 156; the headless shell, executable.ts, has no omnibox).
  // Puppeteer merges this with its own --disable-features.
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup",
];

/**
 * Chromium draws no frames for a screen unless asked (headless shell only; full Chromium
 * ignores it): the build's tabs only ever print, and printing lays out and paints on its
 * own. Without it, every letter written into a tab was also styled, painted, rastered and
 * composited for a screen nobody sees, and hit-tested for a mouse: ~25 % of Chromium's CPU
 * a letter (README, Performance). What waits for a frame (a screenshot,
 * requestAnimationFrame, Puppeteer's waitForFunction) then waits forever: a Chromium
 * for that is made with `{ screen: true }` (the browser tests).
 */
export const PRINT_ONLY_ARGS = ["--enable-begin-frame-control"];

export interface ChromiumOptions {
  /** Draw frames for a screen (screenshots, animation frames); default false: printing only. */
  screen?: boolean;
}

interface Shared {
  browser: Browser;
  /** True when we connected to an external browser pool: we must not close it. */
  remote: boolean;
  userDataDir?: string;
}

/**
 * The Chromium of one build (or of one preview session): started (or connected to)
 * when first asked for, shared by every printer of its owner, ended by close().
 * The owner makes it (pipeline/context.ts, preview/pdf.ts); nothing is process-wide.
 */
export class Chromium {
  private shared: Promise<Shared> | undefined;
  private closing: Promise<void> = Promise.resolve();
  /** Browsers whose launch context a printer took already (claimLaunchContext). */
  private readonly claimed = new WeakSet<Browser>();
  /** CPU seconds of the local Chromiums this owner closed (for the build's timings). */
  private usedCpu = 0;

  constructor(private readonly options: ChromiumOptions = {}) {}

  /** CPU seconds the local Chromiums of this owner used, counted as each closed; 0 off Linux or for a remote one. */
  get cpuSeconds(): number {
    return this.usedCpu;
  }

  async get(): Promise<Browser> {
    return (await this.getShared()).browser;
  }

  private getShared(): Promise<Shared> {
    if (!this.shared) {
      const attempt = start(this.options);
      this.shared = attempt;
      // A failed start must not poison later calls; let the next caller retry.
      attempt.catch(() => {
        if (this.shared === attempt) this.shared = undefined;
      });
      void attempt.then(({ browser }) => {
        // A crashed or externally closed browser is replaced on the next call.
        browser.once("disconnected", () => {
          if (this.shared === attempt) this.shared = undefined;
        });
      }, () => {});
    }
    return this.shared;
  }

  /**
   * The default context of a Chromium this owner launched, with the blank tab the
   * launch opened, for the first printer that asks; undefined for every later one and
   * for a remote browser (its default context is the pool's). A context of its own
   * plus a first tab costs Chromium ~0.5 s of CPU, a quarter of a one-letter rebuild.
   * Each printer still has a context nobody else used (its HTTP cache holds the
   * site's assets as "immutable", valid for one state of the site only).
   */
  async claimLaunchContext(browser: Browser): Promise<{ context: BrowserContext; blank?: Page } | undefined> {
    if (this.claimed.has(browser) || !browser.process()) return undefined;
    this.claimed.add(browser);
    const context = browser.defaultBrowserContext();
    const blank = (await context.pages()).find((p) => p.url() === "about:blank");
    return blank ? { context, blank } : { context };
  }

  /**
   * Which browser prints, for cache keys: a remote browser's version (it is asked;
   * the connection is kept for printing), or the local executable (executable.ts).
   */
  async identity(): Promise<string> {
    if (process.env.PUPPETEER_BROWSER_WS_ENDPOINT) return `remote ${await (await this.get()).version()}`;
    return localBrowserIdentity();
  }

  /** Ends a local Chromium, disconnects from a remote one; a second call while it closes waits for the same close. */
  close(): Promise<void> {
    const current = this.shared;
    this.shared = undefined;
    if (current) {
      this.closing = close(current, (cpu) => (this.usedCpu += cpu));
    }
    return this.closing;
  }
}

async function close(current: Promise<Shared>, countCpu: (seconds: number) => void): Promise<void> {
  let s: Shared;
  try {
    s = await current;
  } catch {
    return; // never started, nothing to close
  }
  const pid = s.browser.process()?.pid;
  if (pid !== undefined) countCpu(processTreeCpuSeconds(pid) ?? 0);
  try {
    if (s.remote) await s.browser.disconnect();
    else await closeOrKill(s.browser);
  } finally {
    if (s.userDataDir) await removeProfile(s.userDataDir);
  }
}

/** How long Chromium gets to close by itself before it is killed. */
const CLOSE_MS = 5_000;

/** Closes a launched Chromium; one that does not answer within CLOSE_MS is killed (its whole process group). */
async function closeOrKill(browser: Browser): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), CLOSE_MS)));
  const closed = browser.close().then(() => "closed" as const, () => "failed" as const);
  const result = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  if (result !== "closed") killGroup(browser.process());
}

/** Kills Chromium and its helpers at once: Puppeteer starts it as the leader of its own process group. */
function killGroup(child: ChildProcess | null): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/** Chromium profiles are named after the process that made them, so a later process can tell whose they are. */
const PROFILE_PREFIX = "raadsbrief-chromium-";

/**
 * Where Chromium profiles go: the temp folder, unless its path is so long that
 * Chromium's singleton socket in the profile (<profile>/tmp/.org.chromium.Chromium.XXXXXX/
 * SingletonSocket) would not fit a Unix socket address (108 bytes, sun_path; see
 * unix(7)) — Chromium then dies at start. /tmp is short on every Linux.
 */
export function profileBase(): string {
  const base = os.tmpdir();
  const socket = path.join(base, `${PROFILE_PREFIX}9999999-XXXXXX`, "tmp", ".org.chromium.Chromium.XXXXXX", "SingletonSocket");
  return Buffer.byteLength(socket) < 108 ? base : "/tmp";
}

/** Removes profiles left by processes that were killed (their pid is gone). */
export function removeStaleProfiles(dir = profileBase()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${PROFILE_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`).exec(name);
    if (m && !isRunning(Number(m[1]))) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

async function start(options: ChromiumOptions): Promise<Shared> {
  // Loaded when Chromium is first asked for (~0.15 s from the bundle): a build whose
  // input is refused, or whose PDFs all come from the cache, never loads Puppeteer.
  const { default: puppeteer } = await import("puppeteer-core");
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
  checkExecutable(executablePath);

  removeStaleProfiles();
  let userDataDir: string;
  // Synchronously, like the rest of the way to the launch: a build that starts Chromium
  // and then reads its input gets Chromium spawned first (cli/build.ts).
  try {
    userDataDir = mkdtempSync(path.join(profileBase(), `${PROFILE_PREFIX}${process.pid}-`));
    mkdirSync(path.join(userDataDir, "tmp"));
  } catch (cause) {
    throw new PdfError(`Chromium kan geen profielmap maken in ${profileBase()}: ${describeSystemError(cause) ?? String(cause)}`, { cause });
  }
  // On exit (also one a signal forces): Chromium first, then its profile.
  let launched: Browser | undefined;
  const onExit = () => {
    // Never throws (an exit handler that throws turns a clean stop into exit code 1);
    // a profile that cannot go now is removed by the next start (removeStaleProfiles).
    try {
      // Before Puppeteer's launch() resolves there is no pid for it: Chromium is found by its profile.
      killTreeNow(launched?.process()?.pid, { alsoMentioning: userDataDir, waitMs: 1500 });
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    } catch {
      // Still in use after all (a slow machine): removed by a process of its own once free.
      removeWhenFree(userDataDir);
    }
  };
  process.on("exit", onExit);
  const args = [...CHROMIUM_ARGS, ...(options.screen ? [] : PRINT_ONLY_ARGS)];
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
      // Chromium's own temp files (its singleton socket) and its crash reports (under
      // the XDG config folder, not the profile) go inside the profile, and with it.
      env: { ...process.env, TMPDIR: path.join(userDataDir, "tmp"), XDG_CONFIG_HOME: path.join(userDataDir, "tmp"), XDG_CACHE_HOME: path.join(userDataDir, "tmp") },
      // Signals are the command's to handle (it cleans up, then exits); Puppeteer
      // would otherwise close Chromium on SIGTERM and leave the build running.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    launched = browser;
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
  // Its crash handler outlives Chromium for a moment, writing into the profile.
  killMentioning(dir, 500);
  // Chromium may still be flushing its profile for a moment after close.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => {});
}

/** A Dutch refusal unless the path is an executable file (not missing, not a folder). */
function checkExecutable(executablePath: string): void {
  const fix = "Installeer Chromium met `apt-get install -y chromium-headless-shell chromium`, of zet PUPPETEER_EXECUTABLE_PATH op het pad van een werkende Chromium.";
  const setting = process.env.PUPPETEER_EXECUTABLE_PATH ? " (PUPPETEER_EXECUTABLE_PATH)" : "";
  let isFile = false;
  try {
    isFile = statSync(executablePath).isFile();
  } catch (cause) {
    throw new PdfError(`Chromium niet gevonden op ${executablePath}${setting}. ${fix}`, { cause });
  }
  if (!isFile) throw new PdfError(`${executablePath}${setting} is een map, geen programma. ${fix}`);
  try {
    accessSync(executablePath, fsConstants.X_OK);
  } catch (cause) {
    throw new PdfError(`${executablePath}${setting} is geen uitvoerbaar programma. ${fix}`, { cause });
  }
}

function reason(err: unknown): string {
  const system = describeSystemError(err);
  if (system) return system;
  if (err instanceof Error && err.name === "TimeoutError") return "het programma gaf binnen 30 seconden geen antwoord";
  // Puppeteer's words for a program that ended before it could be driven.
  if (err instanceof Error && /Failed to launch the browser process|Target closed|Connection closed/i.test(err.message)) {
    return "het programma stopte meteen na het starten (is het wel Chromium?)";
  }
  const msg = err instanceof Error ? err.message : String(err);
  // Puppeteer's launch errors carry the full Chromium log; the first line says enough.
  return msg.split("\n")[0]?.trim() || "onbekende fout";
}

