// The input cache (scripts/model/input-cache.ts): a second read of unchanged files
// gives the same project and the same messages as a first, changed files are read
// afresh, and a damaged cache is ignored.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { afterAll, describe, expect, it } from "vitest";
import { readProject, type Project } from "../../scripts/model/load.ts";
import { copyProject as copy, edit, LETTER_4 } from "../helpers.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function copyProject(): string {
  const dir = copy();
  dirs.push(dir);
  return dir;
}

const CACHE = path.join(".cache", "raadsbrief", "invoer.bin");

/** What a read gives, as plain data: the project's content and its messages. */
function content(project: Project) {
  return {
    site: project.site,
    organisations: [...project.organisations],
    documentTypes: [...project.documentTypes],
    series: [...project.series],
    tables: [...project.tables],
    letters: project.letters,
    bodies: [...project.bodies],
    frozen: [...project.frozen],
    diagnostics: project.diagnostics.items,
  };
}

describe("input cache", () => {
  it("a second read of unchanged files gives the same project", () => {
    const dir = copyProject();
    const cold = readProject(dir);
    expect(existsSync(path.join(dir, CACHE))).toBe(true);
    const cached = readProject(dir);
    expect(content(cached)).toEqual(content(cold));
    expect(cold.letters.length).toBeGreaterThan(3);
  });

  it("a message about a cached file has the line and column of a fresh read", () => {
    // The letter's front matter stays the same (so it comes from the cache), but its
    // text no longer places a figure: the warning points into the front matter.
    const removeFigure = (d: string) => edit(path.join(d, LETTER_4), '{% figuur "bijstand-trend" %}', "");
    const warmed = copyProject();
    readProject(warmed);
    removeFigure(warmed);
    const fresh = copyProject();
    removeFigure(fresh);
    const expected = readProject(fresh).diagnostics.items.filter((d) => d.code === "RB-FIGUUR-NIET-GEPLAATST");
    expect(expected).toHaveLength(1);
    expect(expected[0]).toMatchObject({ file: LETTER_4, line: expect.any(Number), column: expect.any(Number) });
    expect(readProject(warmed).diagnostics.items.filter((d) => d.code === "RB-FIGUUR-NIET-GEPLAATST")).toEqual(expected);
  });

  it("a file with an error is reported again on every read, never cached as valid", () => {
    const dir = copyProject();
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-01: 3560", "2015-01: 3.560");
    const first = readProject(dir).diagnostics.errors;
    expect(first.map((e) => e.code)).toEqual(["RB-DUIZENDTALLEN"]);
    expect(readProject(dir).diagnostics.errors).toEqual(first);
  });

  it("reads unchanged files from the cache and changed files afresh", () => {
    const dir = copyProject();
    const subject = readProject(dir).letters.find((l) => l.inputPath === LETTER_4)!.subject;
    // Put a different subject into the cached value of the letter's front matter.
    const file = path.join(dir, CACHE);
    const stored = v8.deserialize(readFileSync(file)) as { version: string; entries: Map<string, Buffer> };
    let poisoned = 0;
    for (const [key, bytes] of stored.entries) {
      const value = v8.deserialize(bytes) as Record<string, unknown>;
      if (value?.onderwerp === subject) {
        stored.entries.set(key, v8.serialize({ ...value, onderwerp: "Uit de cache" }));
        poisoned++;
      }
    }
    expect(poisoned).toBe(1);
    writeFileSync(file, v8.serialize(stored));
    expect(readProject(dir).letters.find((l) => l.inputPath === LETTER_4)!.subject).toBe("Uit de cache");
    // Any change to the front matter's text: read afresh.
    edit(path.join(dir, LETTER_4), "datum: 2015-11-24", "datum:  2015-11-24");
    expect(readProject(dir).letters.find((l) => l.inputPath === LETTER_4)!.subject).toBe(subject);
  });

  it("a damaged cache file is ignored", () => {
    const dir = copyProject();
    const cold = readProject(dir);
    writeFileSync(path.join(dir, CACHE), "geen geldige cache");
    expect(content(readProject(dir))).toEqual(content(cold));
  });
});
