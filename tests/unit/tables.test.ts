// Computed cells of every table kind, asserted exactly, and every chart spec of the
// sample site validated against the Vega-Lite JSON schema.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { trendSpec } from "../../scripts/charts/trend.ts";
import { validateVegaLiteSpec } from "../../scripts/charts/schema.ts";
import { computeFigure } from "../../scripts/figures/compute.ts";
import { letterData } from "../../scripts/figures/letter-data.ts";
import { computeBudget, computeIndicators, computeSectors } from "../../scripts/figures/tables.ts";
import { formatChange, formatEuroWords, formatPercent } from "../../scripts/format/nl.ts";
import { readProject } from "../../scripts/model/load.ts";
import { forecastFigureSpec, sectorChartSpec } from "../../scripts/site/figures/chart-figures.ts";
import { formatSignedCount, renderBudget, renderIndicatorTable, renderSectorTable } from "../../scripts/site/figures/table-figures.ts";
import { trendChartInput } from "../../scripts/site/figures/trend-figure.ts";
import { copyProject, edit } from "../helpers.ts";

const project = readProject(path.resolve(import.meta.dirname, "../.."));
const table = <K extends string>(id: string, kind: K) => {
  const t = project.tables.get(id);
  if (t?.kind !== kind) throw new Error(`${id} is no ${kind}`);
  return t as Extract<NonNullable<typeof t>, { kind: K }>;
};

describe("indicator tables", () => {
  it("compute the share of the target reached", () => {
    const fig = computeIndicators("j", table("jongerenloket-2006", "indicatoren"));
    expect(fig.rows.map((r) => [r.indicator, r.target, r.realised, formatPercent(r.share)])).toEqual([
      ["Poortwachter", 50, 188, "376%"],
      ["Preventie", 575, 325, "57%"],
      ["Instroom", 425, 286, "67%"],
      ["Uitstroom", 265, 370, "140%"],
      ["Doorstroom", 50, 58, "116%"],
    ]);
    const vac = computeIndicators("v", table("vacatureloket-2006", "indicatoren"));
    expect(vac.rows.map((r) => formatPercent(r.share))).toEqual(["91%", "91%", "66%"]);
    const html = renderIndicatorTable(fig, "fig-");
    expect(html).toContain('<th scope="row" class="utrecht-table__header-cell">Poortwachter</th><td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">50</td><td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">188</td><td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">376%</td>');
  });
});

describe("sector tables", () => {
  const fig = computeSectors("b", table("vestigingen-banen-emmen-2006", "sectoren"), "sectoren");

  it("compute the change per sector on the chosen measure", () => {
    const byCode = Object.fromEntries(fig.rows.map((r) => [r.code, [formatSignedCount(r.change), formatChange(r.changeShare!)]]));
    expect(byCode).toEqual({
      A: ["\u221240", "\u22121,7%"],
      C: ["\u221225", "\u22129,2%"],
      D: ["\u2212173", "\u22121,8%"],
      E: ["+6", "+4,2%"],
      F: ["+77", "+2,0%"],
      G: ["\u221234", "\u22120,4%"],
      H: ["+13", "+0,9%"],
      I: ["+121", "+6,9%"],
      J: ["+8", "+1,4%"],
      K: ["+129", "+2,7%"],
      L: ["\u2212137", "\u22126,8%"],
      M: ["\u22126", "\u22120,2%"],
      N: ["+292", "+4,0%"],
      O: ["+47", "+2,7%"],
    });
  });

  it("compute the total row from the rows, equal to the source's stated total", () => {
    expect(fig.total.values).toEqual({ "2005": { vestigingen: 5584, banen12: 40038, banen: 46593 }, "2006": { vestigingen: 5892, banen12: 40355, banen: 46871 } });
    expect([formatSignedCount(fig.total.change), formatChange(fig.total.changeShare!)]).toEqual(["+278", "+0,6%"]);
    const coe = computeSectors("c", table("vestigingen-banen-coevorden-2006", "sectoren"), "sectoren");
    expect([coe.total.values["2006"]!.banen, formatSignedCount(coe.total.change), formatChange(coe.total.changeShare!)]).toEqual([13851, "+312", "+2,3%"]);
    const html = renderSectorTable(fig, "fig-");
    expect(html).toMatch(/<tfoot class="utrecht-table__footer">\s*<tr class="utrecht-table__row totaalrij"><th scope="row" class="utrecht-table__header-cell">Totaal<\/th>(<td[^>]*>[^<]*<\/td>){6}<td[^>]*>\+278<\/td><td[^>]*>\+0,6%<\/td><\/tr>/);
  });

  it("refuse a stated total that does not match the rows, naming the cell", () => {
    const dir = copyProject();
    edit(path.join(dir, "data/tabellen/vestigingen-banen-emmen-2006.yaml"), "2006: { vestigingen: 5892, banen12: 40355, banen: 46871 }", "2006: { vestigingen: 5892, banen12: 40355, banen: 46781 }");
    const errors = readProject(dir).diagnostics.errors;
    expect(errors[0]!.column).toBe(53); // at the stated value itself
    expect(errors.map((e) => [e.code, e.file, e.line, e.message])).toEqual([
      ["RB-TOTAAL-KLOPT-NIET", "data/tabellen/vestigingen-banen-emmen-2006.yaml", 29, "Het totaal Banen totaal 2006 is 46.781, maar de rijen tellen op tot 46.871 (verschil -90)."],
    ]);
  });
});

describe("budgets", () => {
  it("list the items in Dutch amounts and check the total", () => {
    const fig = computeBudget("p", table("participatiebudget-groningen-2020", "begroting"));
    expect([fig.sum, fig.onTop]).toEqual([23_260_000, 2_000_000]);
    expect(fig.table.items.map((i) => formatEuroWords(i.amount))).toEqual([
      "€\u00a08,725 miljoen",
      "€\u00a04,54 miljoen",
      "€\u00a06,825 miljoen",
      "€\u00a0630 duizend",
      "€\u00a02,24 miljoen",
      "€\u00a0300 duizend",
      "€\u00a02 miljoen",
    ]);
    expect(renderBudget(fig, "fig-")).toContain("totaal €\u00a023,26 miljoen, de som van de posten; daarbovenop €\u00a02 miljoen.");
  });

  it("refuse items that do not add up to the total", () => {
    const dir = copyProject();
    edit(path.join(dir, "data/tabellen/participatiebudget-groningen-2020.yaml"), "bedrag: 300000 }", "bedrag: 310000 }");
    const errors = readProject(dir).diagnostics.errors;
    expect(errors.map((e) => [e.code, e.line])).toEqual([["RB-TOTAAL-KLOPT-NIET", 4]]);
    expect(errors[0]!.message).toBe("Het totaal is € 23.260.000, maar de posten (zonder 'bovenop') tellen op tot € 23.270.000.");
  });
});

describe("every chart spec of the sample site", () => {
  it("validates against the Vega-Lite JSON schema", () => {
    let checked = 0;
    for (const letter of project.letters) {
      const org = project.organisations.get(letter.organisation)!;
      const data = letterData(project, letter);
      for (const def of letter.figures) {
        const fig = computeFigure(def, data, letter.peildatum);
        const id = `fig-${fig.id}`;
        const spec =
          fig.kind === "trend"
            ? trendSpec(trendChartInput(fig, id, org))
            : fig.kind === "prognose"
              ? forecastFigureSpec(fig, id, org)
              : fig.kind === "sectorgrafiek"
                ? sectorChartSpec(fig, id, org)
                : undefined;
        if (!spec) continue;
        expect(validateVegaLiteSpec(spec), `${letter.inputPath} ${def.id}`).toEqual([]);
        checked++;
      }
    }
    // 3 trend charts (one per progress letter), 2 forecasts and 1 sector chart in the plan,
    // and Coevorden's letter: a sector chart and a forecast.
    expect(checked).toBe(8);
  });
});
