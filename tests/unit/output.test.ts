// The rules for where Raadsbrief may write (scripts/pipeline/output.ts), exactly:
// which output folders and files are refused, with which message, and how the
// build's temp folder lives and goes.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BENCH_FOLDER,
  BUILD_OUTPUT,
  BuildFolder,
  hasMarker,
  insideOrRefuse,
  isInside,
  OutputRefusedError,
  OutputWriteError,
  removeStaleTemps,
  resolveOutputDir,
  resolveOwnFile,
  resolveReal,
} from "../../scripts/pipeline/output.ts";

let base: string;
let root: string;
let tool: string;
const places = () => ({ root, toolDir: tool });
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof OutputRefusedError) return error.message;
    throw error;
  }
  throw new Error("not refused");
};
const ownTimings = { option: "--tijden", what: "de tijden", isOwn: (t: string) => t.includes('"kind": "raadsbrief-timings"') };

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), "raadsbrief-uitvoer-"));
  root = path.join(base, "project");
  tool = path.join(base, "tool");
  for (const d of ["content/emmen", "data", "archive", ".git", ".cache/raadsbrief"]) mkdirSync(path.join(root, d), { recursive: true });
  for (const d of ["scripts", "templates", "node_modules"]) mkdirSync(path.join(tool, d), { recursive: true });
  writeFileSync(path.join(root, "archive", "manifest.json"), "{}");
  writeFileSync(path.join(root, "package.json"), "{}");
});

afterEach(() => {
  chmodSync(base, 0o755);
  rmSync(base, { recursive: true, force: true });
});

describe("isInside", () => {
  it("is strict and does not mistake a sibling with a longer name", () => {
    expect(isInside("/a/b", "/a/b/c")).toBe(true);
    expect(isInside("/a/b", "/a/b")).toBe(false);
    expect(isInside("/a/b", "/a/bc")).toBe(false);
    expect(isInside("/a/b", "/a")).toBe(false);
    expect(isInside("/", "/a")).toBe(true);
    expect(isInside("/a/b", "/a/b/..c")).toBe(true);
  });
});

describe("resolveReal", () => {
  it("resolves links in the part that exists and keeps the rest", () => {
    symlinkSync(root, path.join(base, "koppeling"));
    expect(resolveReal(path.join(base, "koppeling", "nieuw", "x"), "--uit")).toBe(path.join(root, "nieuw", "x"));
  });
  it("refuses a path through a file", () => {
    expect(refusal(() => resolveReal(path.join(root, "package.json", "x"), "--uit"))).toBe(`--uit ${path.join(root, "package.json", "x")}: ${path.join(root, "package.json")} is een bestand, geen map; daarin kan niets worden gemaakt.`);
  });
});

describe("resolveOutputDir", () => {
  const advice = "De build vervangt zijn uitvoermap in zijn geheel; kies een aparte map, bijvoorbeeld _site.";

  it("allows a new folder in the project, or an empty one, resolved", () => {
    expect(resolveOutputDir(places(), "_site")).toBe(path.join(root, "_site"));
    mkdirSync(path.join(base, "leeg"));
    expect(resolveOutputDir(places(), "../leeg")).toBe(path.join(base, "leeg"));
  });

  it("allows a folder an earlier build wrote (it has the marker)", () => {
    mkdirSync(path.join(root, "_site"));
    writeFileSync(path.join(root, "_site", "index.html"), "x");
    writeFileSync(path.join(root, "_site", BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text);
    expect(resolveOutputDir(places(), "_site")).toBe(path.join(root, "_site"));
  });

  it("allows a site an earlier version built before the marker existed (its stylesheet and search index), not a folder with only one of them", () => {
    mkdirSync(path.join(root, "_site", "assets", "css"), { recursive: true });
    writeFileSync(path.join(root, "_site", "assets", "css", "raadsbrief.css"), "x");
    expect(() => resolveOutputDir(places(), "_site")).toThrow(OutputRefusedError);
    mkdirSync(path.join(root, "_site", "pagefind"));
    writeFileSync(path.join(root, "_site", "pagefind", "pagefind.js"), "x");
    expect(resolveOutputDir(places(), "_site")).toBe(path.join(root, "_site"));
  });

  it("refuses the project root and every folder above it", () => {
    expect(refusal(() => resolveOutputDir(places(), "."))).toBe(`--uit . (${root}): dat is de projectmap zelf. ${advice}`);
    expect(refusal(() => resolveOutputDir(places(), ".."))).toBe(`--uit .. (${base}): die map bevat de projectmap (${root}). ${advice}`);
    expect(refusal(() => resolveOutputDir(places(), "/"))).toBe(`--uit /: die map bevat de projectmap (${root}). ${advice}`);
  });

  it("refuses the tool's folder too", () => {
    expect(refusal(() => resolveOutputDir(places(), tool))).toBe(`--uit ${tool}: dat is de projectmap zelf. ${advice}`);
  });

  it("refuses every protected folder, what holds one, and what lies in one, whether it exists or not", () => {
    const cases: [string, string][] = [
      ["content", "content"],
      ["content/x", "content"],
      ["content/emmen", "content"],
      ["data", "data"],
      ["archive", "archive"],
      ["templates", "templates"],
      ["scripts", "scripts"],
      ["node_modules", "node_modules"],
      [".git", ".git"],
      [".git/objects", ".git"],
      [".cache/raadsbrief", ".cache/raadsbrief"],
      [".cache/raadsbrief/pdf/x", ".cache/raadsbrief"],
      [".cache", ".cache/raadsbrief"],
      [path.join(tool, "node_modules", "x"), "node_modules"],
      [path.join(tool, "templates"), "templates"],
    ];
    for (const [requested, name] of cases) {
      const message = refusal(() => resolveOutputDir(places(), requested));
      expect(message, requested).toMatch(new RegExp(`^--uit ${requested.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*: die plek is of bevat ${name.replace(".", "\\.")}/ van het project, of ligt erin\\. `));
    }
  });

  it("judges the real path: a link to the project, or to content/, is refused", () => {
    symlinkSync(root, path.join(base, "naar-project"));
    symlinkSync(path.join(root, "content"), path.join(base, "naar-content"));
    expect(refusal(() => resolveOutputDir(places(), path.join(base, "naar-project")))).toBe(`--uit ${path.join(base, "naar-project")} (${root}): dat is de projectmap zelf. ${advice}`);
    expect(refusal(() => resolveOutputDir(places(), path.join(base, "naar-content", "x")))).toContain("die plek is of bevat content/ van het project");
  });

  it("guards the target of a protected folder that is a link (node_modules of a copy)", () => {
    const shared = path.join(base, "gedeeld");
    mkdirSync(shared);
    rmSync(path.join(tool, "node_modules"), { recursive: true });
    symlinkSync(shared, path.join(tool, "node_modules"));
    expect(refusal(() => resolveOutputDir(places(), path.join(shared, "x")))).toContain("die plek is of bevat node_modules/ van het project");
  });

  it("refuses an existing file, and a folder with files no build wrote", () => {
    expect(refusal(() => resolveOutputDir(places(), "package.json"))).toBe(`--uit package.json (${path.join(root, "package.json")}): dat is een bestaand bestand, geen map. ${advice}`);
    mkdirSync(path.join(root, "vreemd"));
    writeFileSync(path.join(root, "vreemd", "belangrijk.txt"), "x");
    expect(refusal(() => resolveOutputDir(places(), "vreemd"))).toBe(
      `--uit vreemd (${path.join(root, "vreemd")}): deze map bestaat al en bevat bestanden die niet door Raadsbrief zijn gemaakt (er staat geen .raadsbrief-uitvoer in). ${advice} Kies een nieuwe of lege map, of maak deze map eerst zelf leeg.`,
    );
    // A marker with other text is not ours.
    writeFileSync(path.join(root, "vreemd", BUILD_OUTPUT.marker.name), "iets anders");
    expect(() => resolveOutputDir(places(), "vreemd")).toThrow(OutputRefusedError);
  });

  it("refuses a folder whose parent does not exist, and an empty option", () => {
    expect(refusal(() => resolveOutputDir(places(), "a/b/_site"))).toBe(`--uit a/b/_site (${path.join(root, "a/b/_site")}): de map ${path.join(root, "a/b")} bestaat niet. Maak die eerst, of kies een andere plek.`);
    expect(refusal(() => resolveOutputDir(places(), ""))).toBe(`Geef bij --uit een map. ${advice}`);
  });

  it("recognises a benchmark folder by its own marker, not the build's", () => {
    mkdirSync(path.join(root, "bank"));
    writeFileSync(path.join(root, "bank", BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text);
    expect(refusal(() => resolveOutputDir(places(), "bank", BENCH_FOLDER))).toMatch(/^--map bank .*er staat geen \.raadsbrief-benchmark in/);
    writeFileSync(path.join(root, "bank", BENCH_FOLDER.marker.name), BENCH_FOLDER.marker.text);
    expect(resolveOutputDir(places(), "bank", BENCH_FOLDER)).toBe(path.join(root, "bank"));
  });
});

describe("resolveOwnFile", () => {
  it("allows a new file, and a file of its own kind", () => {
    expect(resolveOwnFile(places(), "tijden.json", ownTimings)).toBe(path.join(root, "tijden.json"));
    writeFileSync(path.join(root, "tijden.json"), '{\n  "kind": "raadsbrief-timings"\n}\n');
    expect(resolveOwnFile(places(), "tijden.json", ownTimings)).toBe(path.join(root, "tijden.json"));
  });

  it("refuses input, files of another kind, folders, the output folder, and what lies behind a link", () => {
    expect(refusal(() => resolveOwnFile(places(), "archive/manifest.json", ownTimings))).toBe(
      `--tijden archive/manifest.json (${path.join(root, "archive/manifest.json")}): die plek is of bevat archive/ van het project, of ligt erin. Kies een bestand buiten de invoer, bijvoorbeeld --tijden tijden.json.`,
    );
    expect(refusal(() => resolveOwnFile(places(), "content/emmen/nieuw.md", ownTimings))).toContain("die plek is of bevat content/ van het project");
    expect(refusal(() => resolveOwnFile(places(), "package.json", ownTimings))).toBe(
      `--tijden package.json (${path.join(root, "package.json")}): dat bestand bestaat al en is niet door Raadsbrief geschreven; het wordt niet overschreven. Kies een nieuwe naam.`,
    );
    expect(refusal(() => resolveOwnFile(places(), "data", ownTimings))).toContain("die plek is of bevat data/ van het project");
    mkdirSync(path.join(root, "map"));
    expect(refusal(() => resolveOwnFile(places(), "map", ownTimings))).toBe(`--tijden map (${path.join(root, "map")}): dat is een map, geen bestand.`);
    expect(refusal(() => resolveOwnFile(places(), "_site/t.json", { ...ownTimings, outputDir: path.join(root, "_site") }))).toBe(
      `--tijden _site/t.json (${path.join(root, "_site/t.json")}): dat ligt in de uitvoermap ${path.join(root, "_site")}, die de build vervangt. Kies een bestand daarbuiten.`,
    );
    symlinkSync(path.join(root, "archive", "manifest.json"), path.join(base, "onschuldig.json"));
    expect(refusal(() => resolveOwnFile(places(), path.join(base, "onschuldig.json"), ownTimings))).toContain("die plek is of bevat archive/ van het project");
    expect(refusal(() => resolveOwnFile(places(), "/dev/null/x", ownTimings))).toBe("--tijden /dev/null/x: /dev/null is een bestand, geen map; daarin kan niets worden gemaakt.");
  });
});

describe("insideOrRefuse", () => {
  it("accepts names inside the folder only", () => {
    expect(insideOrRefuse("/site/pagefind", "fragment/a.pf_fragment")).toBe("/site/pagefind/fragment/a.pf_fragment");
    expect(() => insideOrRefuse("/site/pagefind", "../../etc/x")).toThrow(OutputRefusedError);
    expect(() => insideOrRefuse("/site/pagefind", "/etc/x")).toThrow(OutputRefusedError);
  });
});

describe("BuildFolder", () => {
  it("makes the temp folder beside the output with the marker, swaps it in, and leaves nothing else", async () => {
    const out = path.join(root, "_site");
    const folder = new BuildFolder(out);
    folder.create();
    expect(folder.tmp).toBe(`${out}.tmp-${process.pid}`);
    expect(hasMarker(folder.tmp)).toBe(true);
    writeFileSync(path.join(folder.tmp, "index.html"), "nieuw");
    await folder.swapIn();
    folder.release();
    expect(readFileSync(path.join(out, "index.html"), "utf8")).toBe("nieuw");
    expect(readdirSync(root).filter((f) => f.startsWith("_site"))).toEqual(["_site"]);
  });

  it("leaves the old output to a process of its own, which renames it after its pid and removes it", async () => {
    const out = path.join(root, "_site");
    const first = new BuildFolder(out);
    first.create();
    // Big enough that removing it takes a while: 3,000 files in 300 folders.
    for (let d = 0; d < 300; d++) {
      mkdirSync(path.join(first.tmp, `brief-${d}`));
      for (let f = 0; f < 10; f++) writeFileSync(path.join(first.tmp, `brief-${d}`, `${f}.html`), "oud");
    }
    await first.swapIn();
    first.release();
    const second = new BuildFolder(out);
    second.create();
    writeFileSync(path.join(second.tmp, "index.html"), "nieuw");
    await second.swapIn();
    second.release();
    expect(readFileSync(path.join(out, "index.html"), "utf8")).toBe("nieuw");
    const olds = () => readdirSync(root).filter((f) => f.startsWith("_site.oud-"));
    // Not removed before swapIn returned: the build does not wait for it.
    expect(olds()).toHaveLength(1);
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (olds().length > 0 && Date.now() < deadline) {
      for (const name of olds()) seen.add(name);
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(readdirSync(root).filter((f) => f.startsWith("_site"))).toEqual(["_site"]);
    // Renamed after the remover's pid, so the next build leaves it alone while it works (removeStaleTemps).
    expect([...seen].some((name) => name !== `_site.oud-${process.pid}`)).toBe(true);
  });

  it("removes its temp folder when discarded, and on exit until released", () => {
    const folder = new BuildFolder(path.join(root, "_site"));
    const listeners = process.listenerCount("exit");
    folder.create();
    expect(process.listenerCount("exit")).toBe(listeners + 1);
    folder.discard();
    expect(existsSync(folder.tmp)).toBe(false);
    expect(process.listenerCount("exit")).toBe(listeners);
  });

  it("reports a folder it cannot make as OutputWriteError, without looping (/proc)", () => {
    const folder = new BuildFolder("/proc/raadsbrief-test");
    expect(() => folder.create()).toThrow(OutputWriteError);
    expect(() => new BuildFolder("/proc/raadsbrief-test").create()).toThrow("De uitvoermap /proc/raadsbrief-test kan niet worden geschreven. Kies met --uit een map waarin u mag schrijven.");
  });
});

describe("removeStaleTemps", () => {
  it("removes temp folders of dead processes that are a build's (marker, or empty), nothing else", () => {
    const out = path.join(root, "_site");
    const dead = 2 ** 22 + 12345; // above Linux's pid_max: never a running process
    const ours = `${out}.tmp-${dead}`;
    mkdirSync(ours);
    writeFileSync(path.join(ours, BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text);
    mkdirSync(`${out}.oud-${dead}`); // empty: a build's, killed before it wrote anything
    const foreign = `${out}.tmp-${dead + 1}`;
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "eigen-werk.txt"), "x");
    const alive = `${out}.tmp-${process.pid}`;
    mkdirSync(alive);
    const other = path.join(root, "_site2.tmp-1");
    mkdirSync(other);
    removeStaleTemps(out);
    expect(readdirSync(root).filter((f) => f.includes(".tmp-") || f.includes(".oud-")).sort()).toEqual([path.basename(foreign), path.basename(alive), "_site2.tmp-1"].sort());
  });
});
