// No stack trace and no raw errno text without --debug: each way a build can fail
// for reasons outside the input (Chromium missing, a folder, not a program or
// crashing; the output or cache not writable, read-only, full, or in the way; a
// chart worker out of memory; esbuild failing on the tool's code; a step that hangs)
// is told in Dutch through the real CLI, naming the file or setting, with exit code 1.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, ROOT } from "../helpers.ts";

let project: string;
let scratch: string;
const asRoot = process.getuid?.() === 0;
/** A private mount namespace (root): a tiny or read-only file system for this test only. */
const canMount = asRoot && spawnSync("unshare", ["-m", "true"]).status === 0;

/**
 * The real CLI (the launcher, as npm runs it), with a hard limit on the wait: a hang fails the test.
 * With the concepts: the published letters' pages and PDFs are archived, so only the concepts are
 * printed and have charts rendered.
 */
function build(args: string[], env: Record<string, string> = {}, cwd = project, wrap?: (argv: string[]) => string[]) {
  const argv = [process.execPath, path.join(ROOT, "scripts", "cli", "launch.mjs"), "build", "--met-concepten", ...args];
  const [cmd, ...rest] = wrap ? wrap(argv) : argv;
  const r = spawnSync(cmd!, rest, { cwd, encoding: "utf8", timeout: 90_000, env: { ...process.env, NO_COLOR: "1", CI: "1", ...env } });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Exit 1, the Dutch message, no stack trace, no English errno text ("EACCES: permission denied"). */
function expectDutchFailure(r: { code: number | null; stderr: string; stdout: string }, message: RegExp): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).toMatch(/^Fout: /m);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/\bE[A-Z]{3,}:|\b(?:ERR_[A-Z_]+)\b/);
}

beforeAll(() => {
  project = copyProject();
  scratch = mkdtempSync(path.join(tmpdir(), "raadsbrief-fouten-"));
  writeFileSync(path.join(scratch, "stopt.sh"), "#!/bin/sh\nexit 1\n");
  chmodSync(path.join(scratch, "stopt.sh"), 0o755);
  writeFileSync(path.join(scratch, "geen-programma"), "tekst\n");
  chmodSync(path.join(scratch, "geen-programma"), 0o644);
});

afterAll(() => {
  for (const dir of [project, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Chromium that cannot print", () => {
  const chromium = (value: string) => ({ PUPPETEER_EXECUTABLE_PATH: value });
  it("missing", () => {
    expectDutchFailure(build(["--uit", path.join(scratch, "a")], chromium("/bestaat/niet/chromium")), /Chromium niet gevonden op \/bestaat\/niet\/chromium \(PUPPETEER_EXECUTABLE_PATH\)\. Installeer Chromium/);
  });
  it("a folder", () => {
    expectDutchFailure(build(["--uit", path.join(scratch, "b")], chromium("/tmp")), /\/tmp \(PUPPETEER_EXECUTABLE_PATH\) is een map, geen programma\./);
  });
  it("not a program", () => {
    const file = path.join(scratch, "geen-programma");
    expectDutchFailure(build(["--uit", path.join(scratch, "c")], chromium(file)), new RegExp(`${file} \\(PUPPETEER_EXECUTABLE_PATH\\) is geen uitvoerbaar programma\\.`));
  });
  it("crashing at start", () => {
    const file = path.join(scratch, "stopt.sh");
    expectDutchFailure(build(["--uit", path.join(scratch, "d")], chromium(file)), new RegExp(`Chromium \\(${file}\\) kon niet worden gestart: het programma stopte meteen na het starten`));
  });
  it("with --debug, the stack is shown", () => {
    const r = build(["--uit", path.join(scratch, "e"), "--debug"], chromium("/tmp"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
});

describe("the output and the cache", () => {
  it("a folder that takes no new folders (/proc): ENOENT", () => {
    expectDutchFailure(build(["--zonder-pdf", "--uit", "/proc/raadsbrief"]), /De uitvoermap \/proc\/raadsbrief kan niet worden geschreven\.[^]*Kon \/proc\/raadsbrief\.tmp-\d+ niet maken: die plek bestaat niet of laat geen nieuwe bestanden toe/);
  });
  it("no permission (/sys): EACCES or EPERM", () => {
    expectDutchFailure(build(["--zonder-pdf", "--tijden", "/sys/raadsbrief.json"]), /--tijden \/sys\/raadsbrief\.json: Kon \/sys\/raadsbrief\.json\.tmp-\d+ niet openen: (?:u hebt daar geen toestemming voor|dat is niet toegestaan)\./);
  });
  it("a file where the cache folder should be: ENOTDIR", () => {
    const other = copyProject();
    writeFileSync(path.join(other, ".cache"), "in de weg\n");
    expectDutchFailure(build(["--zonder-pdf"], {}, other), /Kon \S*\.cache\/raadsbrief\/\S+ niet \w+: een deel van het pad is een bestand, geen map\./);
    rmSync(other, { recursive: true, force: true });
  });
  it.skipIf(!canMount)("a read-only file system: EROFS", () => {
    const mount = path.join(scratch, "alleen-lezen");
    mkdirSync(mount);
    const r = build(["--zonder-pdf", "--uit", path.join(mount, "_site")], {}, project, (argv) => ["unshare", "-m", "sh", "-c", `mount -t tmpfs -o ro,size=1m tmpfs "$0" && exec "$@"`, mount, ...argv]);
    expectDutchFailure(r, new RegExp(`Kon ${mount}/_site\\.tmp-\\d+ niet maken: die plek is alleen-lezen\\.`));
  });
  it.skipIf(!canMount)("a full disk: ENOSPC", () => {
    const mount = path.join(scratch, "vol");
    mkdirSync(mount);
    const r = build(["--zonder-pdf", "--uit", path.join(mount, "_site")], {}, project, (argv) => ["unshare", "-m", "sh", "-c", `mount -t tmpfs -o size=256k tmpfs "$0" && exec "$@"`, mount, ...argv]);
    expectDutchFailure(r, /de schijf is vol\. Maak ruimte vrij/);
    expect(r.stderr).toContain(`Er is niets gewijzigd in ${path.join(mount, "_site")}.`);
  });
});

describe("the tool's own parts", () => {
  it("a chart worker out of memory", () => {
    const other = copyProject(); // no chart cache: every chart is rendered
    const r = build(["--zonder-pdf"], { RAADSBRIEF_TEST_CHART_FAULT: "geheugen" }, other);
    // Reported at the letter's figure, like any chart that fails.
    expect(r.stderr).toMatch(/^content\/\S+\.md:\d+:\d+: fout \[RB-PAGINA\] De pagina kon niet worden gemaakt: Grafiek 'fig-[^']+' kon niet worden gemaakt: de grafiek had meer geheugen nodig dan een grafiekwerker mag gebruiken \(192 MB\)/m);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/ERR_WORKER_OUT_OF_MEMORY/);
    rmSync(other, { recursive: true, force: true });
  });

  it("esbuild failing on the tool's code", () => {
    const tool = path.join(scratch, "gereedschap");
    for (const part of ["scripts", "templates", "package.json", "package-lock.json", ".eleventy.ts", "tsconfig.json"]) cpSync(path.join(ROOT, part), path.join(tool, part), { recursive: true });
    symlinkSync(path.join(ROOT, "node_modules"), path.join(tool, "node_modules"));
    writeFileSync(path.join(tool, "scripts", "cli", "check.ts"), "const = ;\n");
    const r = spawnSync(process.execPath, [path.join(tool, "scripts", "cli", "launch.mjs"), "check"], { cwd: project, encoding: "utf8", timeout: 90_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Fout: Raadsbrief kon zijn code niet voorbereiden \(esbuild, in \S+gereedschap\/\.cache\/raadsbrief\/code\)\./m);
    expect(r.stderr).toContain("Draai `npm ci` opnieuw en probeer het nog eens.");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("a step that hangs", () => {
  it.each([
    ["zoekindex", "RAADSBRIEF_SEARCH_TIMEOUT", "zoekindex maken (Pagefind)"],
    ["html", "RAADSBRIEF_HTML_TIMEOUT", "HTML-pagina's maken (Eleventy)"],
    ["grafieken", "RAADSBRIEF_CHARTS_TIMEOUT", "grafieken maken (Vega)"],
  ])("%s: stopped at its limit with a Dutch message naming the step and the setting", (step, variable, label) => {
    const r = build(["--zonder-pdf", "--uit", path.join(scratch, `hangt-${step}`)], { RAADSBRIEF_TEST_HANG: step, [variable]: "2" });
    expectDutchFailure(r, new RegExp(`De stap '${label.replace(/[()]/g, "\\$&")}' was na 2 seconden nog niet klaar en is afgebroken\\. .*zet dan ${variable} op meer seconden`));
  });

  it("an invalid limit is refused before anything runs", () => {
    expectDutchFailure(build(["--zonder-pdf"], { RAADSBRIEF_PDF_TIMEOUT: "lang" }), /RAADSBRIEF_PDF_TIMEOUT='lang' is geen geldig aantal seconden/);
  });
});
