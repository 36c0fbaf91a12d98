// Test helpers: temporary copies of the sample project to break on purpose, and
// running the real command-line tools.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { afterAll } from "vitest";
import { descendants } from "../scripts/util/processes.ts";

export const ROOT = path.resolve(import.meta.dirname, "..");

// Temp folders made through these helpers go when the test file is done (this hook is
// registered for every test file that imports the helpers).
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
});

/** A new temp folder, removed after the test file. */
export function tempDir(prefix = "raadsbrief-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A fresh copy of the project's input (data/, content/, archive/) in a temp folder, removed after the test file. */
export function copyProject(): string {
  const dir = tempDir();
  for (const sub of ["data", "content", "archive"]) {
    if (existsSync(path.join(ROOT, sub))) cpSync(path.join(ROOT, sub), path.join(dir, sub), { recursive: true });
  }
  return dir;
}

/** Replaces exactly one occurrence of `from` in a file (fails loudly otherwise). */
export function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`${file}: expected one "${from}", found ${count}`);
  writeFileSync(file, text.replace(from, to));
}

/**
 * What a build left beside its output folder `_site` in `dir` (`_site.tmp-…`, `_site.oud-…`),
 * once the old output a build hands to a process of its own (removeAfterwards in
 * scripts/pipeline/output.ts) is gone, or after 20 s.
 */
export function leftBeside(dir: string): string[] {
  const left = () => readdirSync(dir).filter((f) => f.startsWith("_site."));
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 20_000;
  while (left().some((f) => f.startsWith("_site.oud-")) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 20);
  return left();
}

export const LETTER_2 = "content/emmen/2015/2015-09-29-2e-voortgangsrapportage-investeringsplan.md";
export const LETTER_4 = "content/emmen/2015/2015-11-24-4e-voortgangsrapportage-investeringsplan.md";

/**
 * Runs a command (e.g. "scripts/cli/build.ts") as `npm run` does, through the launcher
 * and its bundle (scripts/cli/launch.mjs), with cwd = project dir; `env` adds variables.
 */
export function runCli(script: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const command = path.basename(script, ".ts");
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "cli", "launch.mjs"), command, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * runCli without blocking: for a command that talks to a server in the test's own
 * process (tests/cbs-server.ts), which must go on answering while the command runs.
 */
export function runCliAsync(script: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = path.basename(script, ".ts");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "cli", "launch.mjs"), command, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Every file under dir (relative path) with its SHA-256, sorted: two equal maps are two identical trees. */
export function tree(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort()
      .map((f) => [path.relative(dir, f), sha256(readFileSync(f))]),
  );
}

/** Every process below `pid` with its command line (from /proc); gone ones are left out. */
export function processTree(pid: number): { pid: number; cmd: string }[] {
  return descendants(pid).flatMap((p) => {
    try {
      return [{ pid: p, cmd: readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ") }];
    } catch {
      return [];
    }
  });
}
