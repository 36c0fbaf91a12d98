// The output folder belongs to the tool alone: `npm run build` with hostile --uit
// and --tijden values refuses each (exit 1, a Dutch message, no stack trace), and
// the project's whole tree (every file's SHA-256, .git and the previous _site/
// included) and the folder around it are exactly as before.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, leftBeside, LETTER_4, runCli, tree } from "../helpers.ts";

let base: string;
let project: string;
let readOnly: string;
/** Root ignores file modes; an immutable folder refuses root too. */
const asRoot = process.getuid?.() === 0;

function makeReadOnly(dir: string): void {
  if (asRoot) spawnSync("chattr", ["+i", dir]);
  else chmodSync(dir, 0o555);
}

function undoReadOnly(dir: string): void {
  if (asRoot) spawnSync("chattr", ["-i", dir]);
  else chmodSync(dir, 0o755);
}

/** Everything under the project and beside it, file by file, with its hash; links by their target. */
function everything(): Map<string, string> {
  const files = tree(base);
  for (const e of readdirSync(base, { recursive: true, withFileTypes: true })) {
    const full = path.join(e.parentPath, e.name);
    if (e.isSymbolicLink()) files.set(path.relative(base, full), `link`);
    else if (e.isDirectory()) files.set(`${path.relative(base, full)}/`, "map");
  }
  return files;
}

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), "raadsbrief-bewaakt-"));
  const copy = copyProject();
  project = path.join(base, "project");
  // Within `base`, so the folder around the project is checked too.
  spawnSync("mv", [copy, project]);
  const git = spawnSync("git", ["init", "-q", project], { encoding: "utf8" });
  expect(git.status, git.stderr).toBe(0);
  writeFileSync(path.join(project, "package.json"), '{ "name": "gemeente" }\n');
  writeFileSync(path.join(project, "notities.txt"), "eigen aantekeningen\n");
  // A previous build, so _site/ and .cache/ exist and must survive.
  const first = runCli("scripts/cli/build.ts", ["--zonder-pdf"], project);
  expect(first.code, first.stderr).toBe(0);
  mkdirSync(path.join(base, "vreemd"));
  writeFileSync(path.join(base, "vreemd", "belangrijk.txt"), "niet van Raadsbrief\n");
  writeFileSync(path.join(base, "vreemd.json"), '{ "eigen": true }\n');
  symlinkSync(project, path.join(base, "koppeling"));
  readOnly = path.join(base, "alleen-lezen");
  mkdirSync(readOnly);
  makeReadOnly(readOnly);
});

afterAll(() => {
  if (readOnly) undoReadOnly(readOnly);
  if (base) rmSync(base, { recursive: true, force: true });
});

/** Runs a build that must be refused; returns its stderr. */
function refused(args: string[]): string {
  const r = runCli("scripts/cli/build.ts", args, project);
  expect(r.code, `${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(1);
  expect(r.stderr, args.join(" ")).toMatch(/^Fout: /m);
  expect(r.stderr, args.join(" ")).not.toMatch(/^\s+at /m); // no stack trace
  expect(r.stderr, args.join(" ")).not.toMatch(/\bE[A-Z]{3,}:/); // no English errno text
  expect(r.stdout, args.join(" ")).not.toContain("Klaar");
  return r.stderr;
}

describe("hostile output folders and timing files", () => {
  it("are each refused, and nothing in or around the project changes", () => {
    const before = everything();
    const outCases: [string, RegExp][] = [
      [".", /--uit \.[^:]*: dat is de projectmap zelf\./],
      ["..", /--uit \.\.[^:]*: die map bevat de projectmap/],
      ["/", /--uit \/: die map bevat de projectmap/],
      ["content", /--uit content[^:]*: die plek is of bevat content\/ van het project/],
      ["content/x", /--uit content\/x[^:]*: die plek is of bevat content\//],
      ["data", /die plek is of bevat data\//],
      ["archive", /die plek is of bevat archive\//],
      ["templates", /die plek is of bevat templates\//],
      ["scripts", /die plek is of bevat scripts\//],
      ["node_modules", /die plek is of bevat node_modules\//],
      [".git", /die plek is of bevat \.git\//],
      [".cache", /die plek is of bevat \.cache\/raadsbrief\//],
      [path.join(base, "koppeling"), /: dat is de projectmap zelf\./],
      [path.join(base, "koppeling", "data"), /die plek is of bevat data\//],
      [path.join(base, "vreemd"), /deze map bestaat al en bevat bestanden die niet door Raadsbrief zijn gemaakt \(er staat geen \.raadsbrief-uitvoer in\)/],
      ["notities.txt", /dat is een bestaand bestand, geen map\./],
      [LETTER_4, /die plek is of bevat content\//],
      ["/proc/x", /De uitvoermap \/proc\/x kan niet worden geschreven\.[^]*Kon \/proc\/x\.tmp-\d+ niet maken: die plek bestaat niet of laat geen nieuwe bestanden toe/],
      ["/sys/x", /De uitvoermap \/sys\/x kan niet worden geschreven\.[^]*Kon \/sys\/x\.tmp-\d+ niet maken: (?:dat is niet toegestaan|u hebt daar geen toestemming voor|die plek is alleen-lezen)/],
      ["/dev/null/x", /--uit \/dev\/null\/x: \/dev\/null is een bestand, geen map/],
      [path.join(readOnly, "_site"), /kan niet worden geschreven\.[^]*niet maken: (?:dat is niet toegestaan|u hebt daar geen toestemming voor)/],
    ];
    for (const [out, message] of outCases) {
      expect(refused(["--zonder-pdf", "--uit", out]), out).toMatch(message);
    }
    const timingCases: [string, RegExp][] = [
      ["archive/manifest.json", /--tijden archive\/manifest\.json[^:]*: die plek is of bevat archive\/ van het project/],
      [LETTER_4, /die plek is of bevat content\//],
      ["package.json", /--tijden package\.json[^:]*: dat bestand bestaat al en is niet door Raadsbrief geschreven; het wordt niet overschreven/],
      [path.join(base, "vreemd.json"), /dat bestand bestaat al en is niet door Raadsbrief geschreven/],
      ["_site/tijden.json", /dat ligt in de uitvoermap .*_site, die de build vervangt/],
      [".git/config", /die plek is of bevat \.git\//],
      ["/sys/x.json", /Kon \/sys\/x\.json\.tmp-\d+ niet openen: (?:dat is niet toegestaan|u hebt daar geen toestemming voor)/],
    ];
    for (const [file, message] of timingCases) {
      expect(refused(["--zonder-pdf", "--tijden", file]), file).toMatch(message);
    }
    expect(refused(["--uit"])).toContain("--uit heeft een waarde nodig");
    // Every file, folder and link in and around the project: byte for byte as before.
    expect(everything()).toEqual(before);
  });

  it("still builds into a folder an earlier build wrote, and a timings file of its own", () => {
    const timings = path.join(base, "tijden.json");
    const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--tijden", timings], project);
    expect(r.code, r.stderr).toBe(0);
    const again = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--tijden", timings], project);
    expect(again.code, again.stderr).toBe(0);
    // The first build's site, replaced, is removed by a process of its own: then nothing is left beside it.
    expect(leftBeside(project)).toEqual([]);
    expect(readdirSync(project).filter((f) => f.startsWith("_site"))).toEqual(["_site"]);
  });
});
