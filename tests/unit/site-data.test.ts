// What pages may see of other letters: summaries without figures. The incremental
// build (scripts/pipeline/incremental.ts) relies on it: a letter's figures are
// shown on its own page only, so editing them renders that page only.
import { describe, expect, it } from "vitest";
import { loadProject } from "../../scripts/model/load.ts";
import { listingKey } from "../../scripts/pipeline/incremental.ts";
import { letterView } from "../../scripts/site/letter-view.ts";
import { archive, latestLetters, letterSummaries, typeListings } from "../../scripts/site/site-data.ts";
import { archiveFilters, organisationPages, selections, type Filter } from "../../scripts/site/selections.ts";
import { selectionUrl } from "../../scripts/model/urls.ts";
import { ROOT } from "../helpers.ts";

describe("letter summaries", () => {
  const project = loadProject(ROOT);

  it("carry every field of a letter but its figures, in the project's order", () => {
    const summaries = letterSummaries(project);
    expect(summaries.map((s) => s.inputPath)).toEqual(project.letters.map((l) => l.inputPath));
    for (const [i, s] of summaries.entries()) {
      expect(s).not.toHaveProperty("figures");
      const { figures: _f, ...rest } = project.letters[i]!;
      expect(s).toEqual(rest);
    }
  });

  it("are all that listings and errata links get", () => {
    const listed = [...archive(project).flatMap((y) => y.months.flatMap((m) => m.letters)), ...typeListings(project).flatMap((t) => t.letters), ...latestLetters(project, 10)];
    expect(listed.length).toBeGreaterThan(0);
    for (const l of listed) expect(l).not.toHaveProperty("figures");
    for (const letter of project.letters) {
      const view = letterView(project, letter);
      for (const other of [...(view.corrects ? [view.corrects] : []), ...view.correctedBy]) expect(other).not.toHaveProperty("figures");
    }
  });

  it("a letter's figures changed leave the listing key as it was; its subject changed does not", () => {
    const key = listingKey(project);
    const withLetter = (change: object) => ({ ...project, letters: project.letters.map((l, i) => (i === 0 ? { ...l, ...change } : l)) });
    expect(listingKey(withLetter({ figures: [] }))).toBe(key);
    expect(listingKey(withLetter({ subject: "Een ander onderwerp" }))).not.toBe(key);
  });
});

describe("the archive's filters", () => {
  const project = loadProject(ROOT);
  const letters = letterSummaries(project);
  // Every page a filter option can lead to, by its address: each organisation, year and type, or any.
  const byUrl = new Map<string, Filter>();
  for (const organisation of [undefined, ...project.organisations.keys()]) {
    for (const year of [undefined, ...new Set(letters.map((l) => l.date.slice(0, 4)))]) {
      for (const type of [undefined, ...project.documentTypes.keys()]) byUrl.set(selectionUrl({ organisation, year, type }), { organisation, year, type });
    }
  }
  // Counted the plain way: the letters that match the option's choices.
  const matching = (f: Filter) => letters.filter((l) => (!f.organisation || l.organisation === f.organisation) && (!f.year || l.date.startsWith(`${f.year}-`)) && (!f.type || l.type === f.type)).length;

  it("count for each option the letters it leads to, on every page that has filters", () => {
    expect(new Set(project.letters.map((l) => l.organisation)).size).toBeGreaterThan(1);
    const pages = [...selections(project).map((s) => s.filters), archiveFilters(project), ...organisationPages(project).map((o) => o.filters)];
    const options = pages.flatMap((groups) => groups.flatMap((g) => g.options));
    expect(options.length).toBeGreaterThan(20);
    for (const option of options) {
      const filter = byUrl.get(option.url);
      expect(filter, option.url).toBeDefined();
      expect(option.count, option.url).toBe(matching(filter!));
    }
  });
});
