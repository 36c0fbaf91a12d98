// The stale-data footnote ("Meest recente gegevens van het CBS, bijgewerkt tot en met …"):
// two regions of the same source that stop in different months need two notes, each
// attached to its own row. One note for the source would put a wrong month on a row.
import { describe, expect, it } from "vitest";
import { computeSeriesFigure, type ComparisonFigure } from "../../scripts/figures/compute.ts";
import type { Series } from "../../scripts/model/types.ts";
import { renderComparisonTable } from "../../scripts/site/figures/comparison-table.ts";

const months = (from: number, to: number, base: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ month: `2015-${String(from + i).padStart(2, "0")}`, value: base + i, illustrative: false }));

const series: Series = {
  id: "test",
  title: "Bijstandsvolume",
  unit: "uitkeringen",
  decimals: 0,
  regions: [
    { id: "nederland", name: "Nederland", source: "CBS", observations: months(1, 6, 1000) }, // through June
    { id: "drenthe", name: "Drenthe", source: "CBS", observations: months(1, 5, 2000) }, // through May
    { id: "emmen", name: "Emmen", source: "CIV SAM gemeente Emmen", observations: months(1, 10, 3000) }, // up to date
    { id: "groningen", name: "Groningen", source: "CBS", observations: months(1, 6, 4000) }, // through June, like Nederland
  ],
  targets: [],
  notes: [],
};

function figure(): ComparisonFigure {
  const fig = computeSeriesFigure({ id: "tabel", kind: "vergelijking", series: "test", regions: ["nederland", "drenthe", "emmen", "groningen"], from: "2015-01" }, { series: { test: series } }, "2015-10-31");
  if (fig.kind !== "vergelijking") throw new Error("kind");
  return fig;
}

describe("stale-data notes per source and month", () => {
  it("one note per (source, last month), in order of appearance", () => {
    const fig = figure();
    expect(fig.staleNotes).toEqual([
      { number: 1, source: "CBS", through: "2015-06" },
      { number: 2, source: "CBS", through: "2015-05" },
    ]);
    expect(fig.rows.map((r) => [r.name, r.latest.month, r.staleNote])).toEqual([
      ["Nederland", "2015-06", 1],
      ["Drenthe", "2015-05", 2],
      ["Emmen", "2015-10", undefined],
      ["Groningen", "2015-06", 1],
    ]);
  });

  it("renders both notes with their months, each linked from its own rows", () => {
    const html = renderComparisonTable(figure(), "fig-");
    expect(html).toContain('<p class="voetnoot" id="fig-tabel-noot-1"><sup>1</sup> Meest recente gegevens van het CBS, bijgewerkt tot en met juni 2015.</p>');
    expect(html).toContain('<p class="voetnoot" id="fig-tabel-noot-2"><sup>2</sup> Meest recente gegevens van het CBS, bijgewerkt tot en met mei 2015.</p>');
    const rows = html.split("</tr>");
    const row = (name: string) => rows.find((r) => r.includes(`>${name}<`))!;
    const NOTE = (n: number) => `aria-describedby="fig-tabel-noot-${n}">`;
    const LINK = (n: number) => `<sup class="noot"><a href="#fig-tabel-noot-${n}">${n}</a></sup>`;
    const MARKS = (n: number) => `<span class="tekens">${LINK(n)}</span>`;
    expect(row("Nederland")).toContain(`${NOTE(1)}1.005${MARKS(1)}`);
    expect(row("Drenthe")).toContain(`${NOTE(2)}2.004${MARKS(2)}`);
    expect(row("Groningen")).toContain(`${NOTE(1)}4.005${MARKS(1)}`);
    expect(row("Emmen")).not.toContain("noot");
  });
});
