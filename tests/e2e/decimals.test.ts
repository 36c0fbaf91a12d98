// A series with decimals, end to end: an illustrative unemployment rate with
// `decimalen: 1` (a test fixture, not sample data) goes through the real build, and
// every place that shows its figures shows them the Dutch way with one decimal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyProject, runCli } from "../helpers.ts";

const SERIES = `# Illustratief: een verzonnen werkloosheidspercentage, voor de test van decimalen.
titel: Werkloosheid
eenheid: procent
decimalen: 1
regios:
  nederland:
    naam: Nederland
    bron: CBS
    waarden:
      2015-01: 6.9
      2015-02: { waarde: 6.8, illustratief: true }
      2015-03: 6
  emmen:
    naam: Emmen
    bron: CBS
    waarden:
      2015-01: 5
      2015-02: { waarde: 5.1, illustratief: true }
      2015-03: 5.3
doelen:
  - regio: emmen
    datum: 2015-12-31
    waarde: 4.5
    omschrijving: Doel eind 2015
`;

const LETTER = `---
type: raadsbrief
organisatie: emmen
datum: 2015-04-20
peildatum: 2015-03-31
onderwerp: Werkloosheid in Emmen
ons_kenmerk: TEST-DEC-1
afdeling: Leren & Werken
behandeld_door: B. Preijde
ondertekenaars: [gemeentesecretaris, burgemeester]
status: concept
illustratief: true
figuren:
  werkloosheid-tabel: { soort: vergelijking, reeks: werkloosheid, regios: [nederland, emmen], vanaf: 2015-01 }
  werkloosheid-trend: { soort: trend, reeks: werkloosheid, regios: [nederland, emmen], vanaf: 2015-01 }
---
Een illustratieve brief voor de test van decimalen.

{% figuur "werkloosheid-tabel" %}

{% figuur "werkloosheid-trend" %}
`;

const NUM = '<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal"';
let dir: string;
let site: string;
const read = (rel: string) => readFileSync(path.join(site, rel), "utf8");

beforeAll(() => {
  dir = copyProject();
  site = path.join(dir, "_site");
  writeFileSync(path.join(dir, "data/reeksen/werkloosheid.yaml"), SERIES);
  writeFileSync(path.join(dir, "content/emmen/2015/2015-04-20-werkloosheid.md"), LETTER);
  // The letter is a concept: built with the concepts.
  const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--met-concepten"], dir);
  if (r.code !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a series with decimalen: 1", () => {
  it("the letter's table shows 5,0 and 5,3 (not 5 and 5)", () => {
    const html = read("emmen/2015/04/werkloosheid/index.html");
    const table = html.slice(html.indexOf('id="fig-werkloosheid-tabel"'), html.indexOf('class="bronvermelding"', html.indexOf('id="fig-werkloosheid-tabel"')));
    expect(table).toContain(`${NUM}>6,9</td>`);
    expect(table).toContain(`${NUM}>6,0</td>`);
    expect(table).toContain(`${NUM}>5,0</td>`);
    expect(table).toContain(`${NUM}>5,3</td>`);
    expect(table).toContain(`${NUM}>+6,0%</td>`); // 5,0 → 5,3
  });

  it("the chart's figures and target read 5,3 and 4,5", () => {
    const html = read("emmen/2015/04/werkloosheid/index.html");
    const trend = html.slice(html.indexOf('id="fig-werkloosheid-trend"'));
    // Marks sit in a box of their own (empty where a number has none), so digits align.
    expect(trend).toContain(`${NUM}>5,3<span class="tekens"></span></td>`);
    expect(trend).toContain(`${NUM}>5,1<span class="tekens"><span class="illustratief"`);
    expect(trend).toContain("van 5,0 naar 5,3"); // the text alternative
    expect(trend).toContain("Doel eind 2015: 4,5"); // the target's label in the SVG
  });

  it("the series page shows every value with one decimal", () => {
    const page = read("reeksen/werkloosheid/index.html");
    const all = page.slice(page.indexOf('aria-labelledby="tabel"'), page.indexOf("</section>", page.indexOf('aria-labelledby="tabel"'))); // "Alle cijfers"
    expect(all).toMatch(/getal">6,0<\/td>/);
    expect(all).toMatch(/getal">5,3<\/td>/);
    expect(all).toMatch(/getal">5,0<\/td>/);
    expect(all).toContain("Doel eind 2015: 4,5 procent");
  });

  it("the downloads keep the decimals (CSV with a point, JSON as numbers with decimalen)", () => {
    const csv = read("reeksen/werkloosheid/werkloosheid.csv");
    expect(csv).toContain("werkloosheid;2015-01;emmen;Emmen;5,0;procent;CBS;nee;;\r\n");
    expect(csv).toContain("werkloosheid;2015-03;emmen;Emmen;5,3;procent;CBS;nee;;\r\n");
    const json = JSON.parse(read("reeksen/werkloosheid/werkloosheid.json"));
    expect(json.decimalen).toBe(1);
    expect(json.regios[1].waarden[2]).toEqual({ maand: "2015-03", waarde: 5.3 });
  });
});
