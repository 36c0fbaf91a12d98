// Which organisations' search indexes an incremental build keeps (pipeline/incremental.ts):
// those with no letter rendered again, and only when the previous build wrote them.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadProject } from "../../scripts/model/load.ts";
import { listingKey, planReuse } from "../../scripts/pipeline/incremental.ts";
import type { BuildState } from "../../scripts/pipeline/up-to-date.ts";
import { LETTER_4, ROOT } from "../helpers.ts";

const out = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-zoekindex-behouden-")), "_site");
afterAll(() => rmSync(path.dirname(out), { recursive: true, force: true }));

const project = loadProject(ROOT);

/** A previous build's folder with these files, and its record. */
function previousBuild(files: string[]): BuildState {
  rmSync(out, { recursive: true, force: true });
  const outputs: Record<string, [number, number]> = {};
  for (const rel of files) {
    const file = path.join(out, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, rel);
    const st = statSync(file);
    outputs[path.join(...rel.split("/"))] = [st.size, st.mtimeMs];
  }
  const letterFiles = Object.fromEntries(project.letters.map((l) => [l.inputPath, "same"]));
  return { key: "k", shared: "s", letterFiles, listing: listingKey(project), outDir: out, outputs, letters: project.letters.length, pdfs: 0, leftOut: 0, warnings: 0, warningsText: "", layout: {} };
}

const index = (o: string) => [`pagefind/${o}/pagefind-entry.json`, `pagefind/${o}/index/nl_1.pf_index`];

describe("the search indexes an incremental build keeps", () => {
  it("are those of the organisations without an edited letter; the edited letter's organisation's is made again", () => {
    const previous = previousBuild(["index.html", ...index("coevorden"), ...index("emmen"), ...index("groningen")]);
    expect(project.letters.find((l) => l.inputPath === LETTER_4)?.organisation).toBe("emmen");
    const plan = planReuse(previous, out, { key: "k2", shared: "s", letterFiles: { ...previous.letterFiles, [LETTER_4]: "edited" } }, project)!;
    expect([...plan.searchKept].sort()).toEqual(["coevorden", "groningen"]);
    expect(plan.files.filter((f) => f.startsWith("pagefind/")).sort()).toEqual([...index("coevorden"), ...index("groningen")].sort());
  });

  it("never an index the previous build did not write (a site of the older layout, one index in pagefind/)", () => {
    const previous = previousBuild(["index.html", "pagefind/pagefind-entry.json", "pagefind/pagefind.js", ...index("coevorden")]);
    const plan = planReuse(previous, out, { key: "k2", shared: "s", letterFiles: { ...previous.letterFiles, [LETTER_4]: "edited" } }, project)!;
    expect([...plan.searchKept]).toEqual(["coevorden"]);
    expect(plan.files.filter((f) => f.startsWith("pagefind/")).sort()).toEqual(index("coevorden").sort());
  });
});
