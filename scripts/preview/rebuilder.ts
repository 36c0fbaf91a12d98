// The preview's builds: the same build as `npm run build` (scripts/cli/build.ts, so
// pipeline/build.ts's build(), without PDFs) into the preview's own folder, once at
// the start and again after every change to content/, data/ or templates/. Each
// runs in a process of its own: Eleventy keeps templates in caches for the life of
// a process, and a build that fails or hangs cannot take the server with it.
// A change during a build starts one more build after it.
import { spawn, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { watchTrees, type TreeWatcher } from "./watch-tree.ts";

export interface BuildOutcome {
  ok: boolean;
  /** Counts every finished build, good or failed: the version pages are served with. */
  version: number;
  /** The build's Dutch report (stderr) when it failed. */
  report?: string;
  /** Its warnings, when it succeeded with some. */
  warnings?: string;
  seconds: number;
}

export interface RebuilderOptions {
  root: string;
  /** The folder the builds write (the preview serves it). */
  siteDir: string;
  /** scripts/cli/launch.mjs of the tool. */
  launcher: string;
  /** Folders whose changes start a build. */
  watched: string[];
  debug: boolean;
  onStart: (changed: string[]) => void;
  onDone: (outcome: BuildOutcome) => void;
}

/** Lines of a build's output that are progress or its summary, not worth repeating. */
const CHATTER = /^(?:Pagina's|PDF's): |^Klaar: /;

export class Rebuilder {
  private child: ChildProcess | undefined;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private watcher: TreeWatcher | undefined;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;
  version = 0;
  /** The last finished build. */
  last: BuildOutcome | undefined;

  constructor(private readonly options: RebuilderOptions) {}

  /** Starts watching and the first build. */
  start(): void {
    this.watcher = watchTrees(this.options.watched, (file) => this.changed(file));
    this.run([]);
  }

  /** True while a build runs or a change waits for one. */
  get busy(): boolean {
    return this.child !== undefined || this.timer !== undefined;
  }

  /** Resolves once no build runs and no change waits (at once if so). */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops watching and ends a running build (which removes its temp folder on SIGTERM); resolves when it has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const ended = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await ended;
    }
  }

  /** The running build's process, to kill it without waiting when the server must stop now. */
  get running(): ChildProcess | undefined {
    return this.child;
  }

  private changed(file: string): void {
    if (this.stopped) return;
    if (!this.pending.includes(file)) this.pending.push(file);
    // A burst of saves (an editor writes a backup, then the file) is one change.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.child) this.run(this.pending.splice(0));
    }, 200);
  }

  private run(changed: string[]): void {
    if (this.stopped) return;
    const { root, siteDir, launcher, debug } = this.options;
    const started = performance.now();
    this.options.onStart(changed);
    const child = spawn(process.execPath, [launcher, "build", "--zonder-pdf", "--met-concepten", "--uit", siteDir, ...(debug ? ["--debug"] : [])], {
      cwd: root,
      // Plain progress lines (CI), no colour codes in the report the browser shows.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c));
    child.stderr!.on("data", (c: Buffer) => (stderr += c));
    child.once("error", (error) => (stderr += `Fout: de build kon niet worden gestart: ${error.message}\n`));
    child.once("close", (code, signal) => {
      this.child = undefined;
      if (this.stopped) return;
      const seconds = (performance.now() - started) / 1000;
      this.version++;
      const warnings = stripVTControlCharacters(stdout)
        .split("\n")
        .filter((l) => !CHATTER.test(l))
        .join("\n")
        .trim();
      const ok = code === 0;
      this.last = {
        ok,
        version: this.version,
        seconds,
        ...(ok ? (warnings ? { warnings } : {}) : { report: stripVTControlCharacters(stderr).trim() || `De build stopte onverwacht (${signal ?? `code ${code}`}).` }),
      };
      this.options.onDone(this.last);
      // Saved again while it built: once more, with what changed since.
      if (this.pending.length > 0 && !this.timer) this.run(this.pending.splice(0));
      if (!this.busy) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }
}
