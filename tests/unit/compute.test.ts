import { describe, expect, it } from "vitest";
import path from "node:path";
import { computeFigure } from "../../scripts/figures/compute.ts";
import { letterData, sliceLetterData } from "../../scripts/figures/letter-data.ts";
import { readProject } from "../../scripts/model/load.ts";
import { renderComparisonTable } from "../../scripts/site/figures/comparison-table.ts";
import { trendDescription } from "../../scripts/site/figures/trend-figure.ts";

const root = path.resolve(import.meta.dirname, "../..");
const project = readProject(root);
const bySlug = (slug: string) => project.letters.find((l) => l.slug === slug)!;

describe("sample project", () => {
  it("loads without errors", () => {
    expect(project.diagnostics.errors).toEqual([]);
    expect(project.letters.map((l) => l.slug)).toEqual([
      "beleidsplan-werk-en-inkomen-2007-2010",
      "uitnodiging-commissie-beleidsplan-werk-en-inkomen",
      "banen-en-bijstand-coevorden-2006",
      "2e-voortgangsrapportage-investeringsplan",
      "3e-voortgangsrapportage-investeringsplan",
      "4e-voortgangsrapportage-investeringsplan",
      "jaarverslag-2017-werk-en-inkomen",
      "uitnodiging-commissie-werk-en-inkomen",
    ]);
    expect([...project.organisations.keys()].sort()).toEqual(["coevorden", "emmen", "groningen"]);
  });
});

describe("comparison table of the 29 September 2015 letter (frozen figures)", () => {
  const letter = bySlug("2e-voortgangsrapportage-investeringsplan");
  const data = letterData(project, letter);
  const def = letter.figures.find((f) => f.id === "bijstand-tabel")!;
  const fig = computeFigure(def, data, letter.peildatum);

  it("uses the frozen figures, not data/", () => {
    expect(project.frozen.has(letter.inputPath)).toBe(true);
    // data/ has CBS figures through September 2015; the letter was sent with June.
    expect(sliceLetterData(letter, project.series).series.bijstandsvolume!.regions[0]!.observations.at(-1)!.month).toBe("2015-08");
  });

  it("computes start, latest and change per region", () => {
    if (fig.kind !== "vergelijking") throw new Error("kind");
    expect(fig.rows.map((r) => [r.name, r.start.value, r.latest.month, r.latest.value, Math.round(r.change * 1000) / 10])).toEqual([
      ["Nederland", 419400, "2015-06", 429000, 2.3],
      ["Emmen", 3560, "2015-08", 3542, -0.5],
    ]);
    expect(fig.sources).toEqual([
      { mark: "*", source: "CBS" },
      { mark: "**", source: "CIV SAM gemeente Emmen" },
    ]);
    expect(fig.staleNotes).toEqual([{ number: 1, source: "CBS", through: "2015-06" }]);
    expect(fig.rows[0]!.staleNote).toBe(1);
    expect(fig.rows[1]!.staleNote).toBeUndefined();
  });

  it("renders the table with Dutch numbers, the source line and the generated footnote", () => {
    if (fig.kind !== "vergelijking") throw new Error("kind");
    const html = renderComparisonTable(fig, "fig-");
    const NUM = '<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal"';
    expect(html).toContain(`${NUM}>419.400</td>`);
    // Marks sit in a box of their own after the digits; the other numbers of the column get an empty one.
    expect(html).toContain('429.000<span class="tekens"><sup class="noot"><a href="#fig-bijstand-tabel-noot-1">1</a></sup></span>');
    expect(html).toContain(`${NUM}>+2,3%</td>`);
    expect(html).toContain(`${NUM}>3.542<span class="tekens"></span></td>${NUM}>\u22120,5%</td>`);
    expect(html).toContain("Bron: * CBS, ** CIV SAM gemeente Emmen.");
    expect(html).toContain("Meest recente gegevens van het CBS, bijgewerkt tot en met juni 2015.");
    expect(html).toMatch(/<th scope="col" class="[^"]*">Januari 2015<\/th><th scope="col" class="[^"]*">Augustus 2015<\/th>/);
    expect(html).not.toMatch(/\n\s*\n/); // a blank line would end markdown-it's HTML block
  });
});

describe("trend of the 29 September 2015 letter", () => {
  const letter = bySlug("2e-voortgangsrapportage-investeringsplan");
  const def = letter.figures.find((f) => f.id === "bijstand-trend")!;
  const fig = computeFigure(def, letterData(project, letter), letter.peildatum);

  it("indexes each region to January 2015 = 100 and places the target", () => {
    if (fig.kind !== "trend") throw new Error("kind");
    expect(fig.lines.map((l) => [l.name, l.points.length, l.points[0]!.index])).toEqual([
      ["Nederland", 6, 100],
      ["Emmen", 8, 100],
    ]);
    expect(fig.lines[1]!.points.at(-1)!.index).toBeCloseTo((3542 / 3560) * 100, 10);
    expect(fig.target).toMatchObject({ region: "emmen", date: "2015-12-31", value: 3340 });
    expect(fig.target!.index).toBeCloseTo((3340 / 3560) * 100, 10);
  });

  it("describes the chart in words with the figures", () => {
    if (fig.kind !== "trend") throw new Error("kind");
    expect(trendDescription(fig)).toBe(
      "Lijngrafiek van bijstandsvolume in Nederland en Emmen, als index met januari 2015 = 100, van januari 2015 tot en met augustus 2015. " +
        "Nederland: van 419.400 naar 429.000 (+2,3%, index 102,3, laatste cijfer juni 2015). " +
        "Emmen: van 3.560 naar 3.542 (\u22120,5%, index 99,5). " +
        "Ambitie Investeringsplan eind 2015 (Emmen): 3.340 (index 93,8). " +
        // The made-up months are named, and how the chart draws them (a cross, not the line's marker).
        "In de grafiek staan illustratieve cijfers als kruisje (×): februari 2015 tot en met juli 2015; die komen niet uit een brondocument.",
    );
  });
});

describe("a concept letter uses live data", () => {
  it("takes the latest CBS month before the peildatum and notes it", () => {
    const letter = bySlug("4e-voortgangsrapportage-investeringsplan");
    expect(project.frozen.has(letter.inputPath)).toBe(false);
    const fig = computeFigure(letter.figures[0]!, letterData(project, letter), letter.peildatum);
    if (fig.kind !== "vergelijking") throw new Error("kind");
    expect(fig.rows.map((r) => [r.latest.month, r.latest.value])).toEqual([
      ["2015-09", 433000],
      ["2015-10", 3497],
    ]);
    expect(fig.staleNotes).toEqual([{ number: 1, source: "CBS", through: "2015-09" }]);
    expect(fig.illustrative).toBe(true);
  });
});
