// The harness of a bad-input corpus: each case breaks a copy of the sample project
// and runs it through BOTH `npm run check` and `npm run build -- --zonder-pdf`, as a
// user would (scripts/cli/launch.mjs). Both must exit 1 without a stack trace and
// report the same first diagnostic code at the same file:line:column (check ≡ build),
// and the failed build must leave the previous _site/ as it was.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { BUILD_OUTPUT } from "../scripts/pipeline/output.ts";
import { copyProject, ROOT, sha256 } from "./helpers.ts";

export interface CorpusCase {
  name: string;
  /** Breaks the project copy in `dir`. */
  mutate: (dir: string) => void;
  code: string;
  file: string;
  /** The error's line is the (first) line of the broken file that contains this text; omit for whole-file errors. */
  lineWith?: string;
  /** The error's column on that line, when the case is about where exactly. */
  column?: number;
  /** Text the message (or hint) must contain. */
  says: string;
  /**
   * A defect found and not yet fixed (say which): the case is expected to FAIL
   * (it.fails), so fixing the defect turns it red until this line goes.
   */
  knownDefect?: string;
}

export const at = (dir: string, rel: string) => path.join(dir, rel);

/** Runs a command as `npm run` does, without blocking the test worker (cases run concurrently). */
export function runCliAsync(command: "check" | "build", args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "cli", "launch.mjs"), command, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function siteSnapshot(site: string): string {
  return readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => `${f}\n${readFileSync(f, "utf8")}`)
    .join("\n");
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where the output reports the case's code first: "file:line:column", or "file" for a whole-file error. */
function reportedAt(output: string, c: CorpusCase): string | undefined {
  const m = new RegExp(`^(${escape(c.file)}(?::\\d+:\\d+)?): fout \\[${escape(c.code)}\\] `, "m").exec(output);
  return m?.[1];
}

/** A stack frame ("    at f (file.mjs:1:2)", "    at file:///….mjs:1:2 {") or a JavaScript error's name. */
const STACK = /^\s+at .+:\d+:\d+\)?( \{)?$|\b(Range|Reference|Type|Syntax)Error\b|Node\.js v\d+/m;

/** Every file under the project except the output and the cache, with its content: a failed run changes none of them. */
function inputSnapshot(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .filter((e) => !/^(_site|\.cache)(\/|$)/.test(path.relative(dir, path.join(e.parentPath, e.name))))
    // Only regular files are read: a case may put a named pipe among the input.
    .map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))}\n${e.isFile() ? sha256(readFileSync(path.join(e.parentPath, e.name))) : "(geen gewoon bestand)"}`)
    .sort()
    .join("\n");
}

/**
 * Runs one case through check and build; asserts the promises above, and that neither
 * wrote anything among the project's files (archive/ included; a payload that ran
 * would leave a file behind).
 */
export async function runCorpusCase(c: CorpusCase): Promise<void> {
  const dir = copyProject();
  try {
    const site = path.join(dir, "_site");
    mkdirSync(path.join(site, "brieven"), { recursive: true });
    writeFileSync(path.join(site, "index.html"), "<p>vorige build</p>");
    writeFileSync(path.join(site, "brieven", "oud.html"), "<p>oude brief</p>");
    writeFileSync(path.join(site, BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text); // a build's folder
    const before = siteSnapshot(site);
    c.mutate(dir);
    const inputs = inputSnapshot(dir);

    let where = `${escape(c.file)}(?::\\d+:\\d+)?`;
    if (c.lineWith !== undefined) {
      const lines = readFileSync(path.join(dir, c.file), "utf8").split("\n");
      const line = lines.findIndex((l) => l.includes(c.lineWith!)) + 1;
      expect(line, `"${c.lineWith}" not in ${c.file}`).toBeGreaterThan(0);
      where = `${escape(c.file)}:${line}:${c.column ?? "\\d+"}`;
    }

    // One after the other: the build then also meets the input cache the check left.
    const check = await runCliAsync("check", [], dir);
    const build = await runCliAsync("build", ["--zonder-pdf"], dir);
    for (const [name, r, output] of [["check", check, check.stdout], ["build", build, build.stderr]] as const) {
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(output, name).toMatch(new RegExp(`^${where}: fout \\[${escape(c.code)}\\] `, "m"));
      expect(output, name).toContain(c.says);
      expect(r.stdout + r.stderr, `${name}: no stack trace`).not.toMatch(STACK);
    }
    expect(reportedAt(build.stderr, c), "build reports where check does").toBe(reportedAt(check.stdout, c));
    expect(build.stderr).toContain("Er is niets gebouwd.");
    expect(siteSnapshot(site)).toBe(before);
    expect(inputSnapshot(dir), "check and build write nothing in the project").toBe(inputs);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
