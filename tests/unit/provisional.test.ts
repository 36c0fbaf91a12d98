// Provisional figures (CBS's voorlopig / nader voorlopig) show as such: a "v" after
// the number in tables, a footnote with the day they were fetched, an open marker in
// the trend chart named in its description, and a status in the downloads. Figures
// without a status render exactly as before.
import { describe, expect, it } from "vitest";
import { computeSeriesFigure, type ComparisonFigure, type TrendFigure } from "../../scripts/figures/compute.ts";
import { fromSeries, toSeries } from "../../scripts/model/load.ts";
import { trendSpec } from "../../scripts/charts/trend.ts";
import { renderComparisonTable } from "../../scripts/site/figures/comparison-table.ts";
import { provisionalNotes } from "../../scripts/site/figures/sources.ts";
import { trendChartInput, trendDescription } from "../../scripts/site/figures/trend-figure.ts";
import { seriesCsv, seriesJson } from "../../scripts/site/downloads.ts";
import type { Organisation } from "../../scripts/model/types.ts";

const raw = (emmenOct: Record<string, unknown> | number) => ({
  titel: "Bijstandsvolume",
  eenheid: "uitkeringen",
  regios: {
    nederland: { naam: "Nederland", bron: "CBS", waarden: { "2015-01": 419400, "2015-10": { waarde: 434100, status: "nader voorlopig", opgehaald: "2015-11-20" } } },
    emmen: { naam: "Emmen", bron: "CIV SAM gemeente Emmen", waarden: { "2015-01": 3560, "2015-09": 3519, "2015-10": emmenOct } },
  },
});
const provisional = toSeries("bijstandsvolume", raw({ waarde: 3497, status: "voorlopig", opgehaald: "2015-11-20" }));
const org = { id: "emmen", colours: { primary: "#00528a", accent: "#c33" } } as Organisation;

function figure(kind: "vergelijking" | "trend", series = provisional) {
  return computeSeriesFigure({ id: "f", kind, series: "bijstandsvolume", regions: ["nederland", "emmen"], from: "2015-01" }, { series: { bijstandsvolume: series } }, "2015-10-31");
}

describe("the comparison table", () => {
  const html = renderComparisonTable(figure("vergelijking") as ComparisonFigure, "fig-");

  it("marks a provisional figure with a superscript v after the digits, and says which status in its title", () => {
    expect(html).toContain('getal">3.497<span class="tekens"><sup class="voorlopig" title="voorlopig cijfer">v</sup></span></td>');
    expect(html).toContain('getal">434.100<span class="tekens"><sup class="voorlopig" title="nader voorlopig cijfer">v</sup></span></td>');
    // A final figure has no mark.
    expect(html).toContain('getal">3.560</td>');
  });

  it("has a footnote per status with the day it was fetched", () => {
    expect(html).toContain('<p class="voetnoot"><sup class="voorlopig">v</sup> Voorlopig cijfer, CBS, opgehaald op 20 november 2015.</p>');
    expect(html).toContain('<p class="voetnoot"><sup class="voorlopig">v</sup> Nader voorlopig cijfer, CBS, opgehaald op 20 november 2015.</p>');
  });

  it("is unchanged for figures without a status", () => {
    const plain = { ...provisional, regions: provisional.regions.map((r) => ({ ...r, observations: r.observations.map(({ status: _s, retrieved: _r, ...o }) => o) })) };
    const out = renderComparisonTable(figure("vergelijking", plain) as ComparisonFigure, "fig-");
    expect(out).not.toContain("voorlopig");
    expect(out).toContain('getal">3.497</td>');
  });
});

describe("the trend chart", () => {
  const fig = figure("trend") as TrendFigure;

  it("names the provisional months in its description", () => {
    expect(trendDescription(fig)).toContain("Voorlopige cijfers (open markering): Nederland oktober 2015; Emmen oktober 2015.");
  });

  it("draws provisional points as open markers, in a layer of their own", () => {
    const spec = trendSpec(trendChartInput(fig, "fig-f", org)) as {
      layer: { mark: { type: string; fill?: string }; data: { name: string } }[];
      datasets: Record<string, { month: string; provisional?: boolean }[]>;
    };
    const open = spec.layer.filter((l) => l.mark.type === "point" && l.mark.fill === "#ffffff");
    expect(open).toHaveLength(1);
    // The chart's rows are named datasets (vega-render.ts keeps the rest of the spec as its shape).
    expect(spec.datasets[open[0]!.data.name]!.map((v) => v.month)).toEqual(["2015-10", "2015-10"]);
  });

  it("has no such layer without provisional figures (the SVG stays as it was)", () => {
    const plain = computeSeriesFigure(
      { id: "f", kind: "trend", series: "bijstandsvolume", regions: ["emmen"], from: "2015-01" },
      { series: { bijstandsvolume: toSeries("bijstandsvolume", raw(3497)) } },
      "2015-10-31",
    ) as TrendFigure;
    const spec = trendSpec(trendChartInput(plain, "fig-f", org)) as { layer: { mark: { fill?: string } }[] };
    expect(spec.layer.some((l) => l.mark.fill === "#ffffff")).toBe(false);
  });
});

describe("the downloads", () => {
  it("carry the status and the day it was fetched", () => {
    const csv = seriesCsv(provisional);
    expect(csv.split("\r\n")[0]).toBe("\uFEFFreeks;maand;regio;regionaam;waarde;eenheid;bron;illustratief;status;opgehaald");
    expect(csv).toContain("bijstandsvolume;2015-10;emmen;Emmen;3497;uitkeringen;CIV SAM gemeente Emmen;nee;voorlopig;2015-11-20\r\n");
    expect(csv).toContain("bijstandsvolume;2015-01;emmen;Emmen;3560;uitkeringen;CIV SAM gemeente Emmen;nee;;\r\n");
    const json = JSON.parse(seriesJson(provisional, "https://example.nl"));
    expect(json.regios[1].waarden).toContainEqual({ maand: "2015-10", waarde: 3497, status: "voorlopig", opgehaald: "2015-11-20" });
    expect(json.regios[1].waarden).toContainEqual({ maand: "2015-01", waarde: 3560 });
  });
});

describe("provisionalNotes", () => {
  it("gives one note per status and day, voorlopig first, and none for final figures", () => {
    expect(
      provisionalNotes([
        { status: "nader voorlopig", retrieved: "2015-11-20" },
        { status: "voorlopig", retrieved: "2015-11-20" },
        { status: "voorlopig", retrieved: "2015-11-20" },
        { status: "definitief", retrieved: "2015-11-20" },
        {},
      ]),
    ).toEqual(["Voorlopig cijfer, CBS, opgehaald op 20 november 2015.", "Nader voorlopig cijfer, CBS, opgehaald op 20 november 2015."]);
  });
});

describe("frozen figures", () => {
  it("keep the status and the day a figure was fetched (fromSeries, as freezing writes them)", () => {
    const frozen = fromSeries(provisional);
    expect(frozen.regios.emmen.waarden["2015-10"]).toEqual({ waarde: 3497, status: "voorlopig", opgehaald: "2015-11-20" });
    expect(frozen.regios.emmen.waarden["2015-01"]).toBe(3560);
    expect(toSeries("bijstandsvolume", frozen)).toEqual(provisional);
  });
});
