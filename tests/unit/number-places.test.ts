// Every numeric place of every kind of file is read from its source text
// (scripts/model/number-places.ts): one message per mistake, at the scalar's
// file:line:column; aliases judged by their anchor; the YAML limits; the cache.
import { afterAll, describe, expect, it } from "vitest";
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fromSeries, readProject, toSeries } from "../../scripts/model/load.ts";
import type { Diagnostic } from "../../scripts/model/diagnostics.ts";
import { copyProject, edit, LETTER_4 } from "../helpers.ts";

const SERIES = "data/reeksen/bijstandsvolume.yaml";
const FROZEN = "content/emmen/2015/2015-10-27-3e-voortgangsrapportage-investeringsplan.cijfers.yaml";
const JAARVERSLAG = "content/groningen/2018/2018-04-10-jaarverslag-2017-werk-en-inkomen.md";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(mutate: (dir: string) => void) {
  const dir = copyProject();
  dirs.push(dir);
  mutate(dir);
  return { dir, project: readProject(dir) };
}

/** The errors, without the archive's (a frozen file that changes is also "gewijzigd"). */
function errorsAfter(mutate: (dir: string) => void): Diagnostic[] {
  return project(mutate).project.diagnostics.errors.filter((e) => !e.code.startsWith("RB-ARCHIEF"));
}

/** Line and column of `needle` (its first character, or of `at` inside it) in a file of the copy. */
function where(dir: string, file: string, needle: string, at = needle): { line: number; column: number } {
  const lines = readFileSync(path.join(dir, file), "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} not in ${file}`);
  return { line: line + 1, column: lines[line]!.indexOf(needle) + needle.indexOf(at) + 1 };
}

const replace = (file: string, from: string, to: string) => (d: string) => edit(path.join(d, file), from, to);

describe("every numeric place is read as written, with one message at its position", () => {
  const places: [name: string, file: string, from: string, to: string, code: string, at: string][] = [
    ["series value", SERIES, "2015-08: 3542", "2015-08: 3.542", "RB-DUIZENDTALLEN", "3.542"],
    ["series { waarde }", SERIES, "{ waarde: 433000,", "{ waarde: 433.000,", "RB-DUIZENDTALLEN", "433.000"],
    ["series value quoted", SERIES, "{ waarde: 433000,", '{ waarde: "433000",', "RB-GETAL-ALS-TEKST", '"433000"'],
    ["series target", SERIES, "waarde: 3340", "waarde: '3340'", "RB-GETAL-ALS-TEKST", "'3340'"],
    ["indicator taakstelling", "data/tabellen/jongerenloket-2006.yaml", "taakstelling: 575", "taakstelling: 1.000", "RB-DUIZENDTALLEN", "1.000"],
    ["indicator realisatie", "data/tabellen/jongerenloket-2006.yaml", "realisatie: 370", 'realisatie: "370"', "RB-GETAL-ALS-TEKST", '"370"'],
    ["sector cell", "data/tabellen/vestigingen-banen-emmen-2006.yaml", "banen12: 9054,", "banen12: 9054.5,", "RB-GEEN-GEHEEL-GETAL", "9054.5"],
    ["sector cell with a thousands comma", "data/tabellen/vestigingen-banen-emmen-2006.yaml", "banen12: 9054,", "banen12: 9,054,", "RB-DUIZENDTALLEN", "9,054"],
    ["sector total", "data/tabellen/vestigingen-banen-emmen-2006.yaml", "2006: { vestigingen: 5892", "2006: { vestigingen: 5 892", "RB-DUIZENDTALLEN", "5 892"],
    ["forecast value", "data/tabellen/aanvragen-ww-2002-2010.yaml", "2002: 2825", "2002: 2.825", "RB-DUIZENDTALLEN", "2.825"],
    ["forecast { waarde }", "data/tabellen/aanvragen-ww-2002-2010.yaml", "waarde: 3087", "waarde: 3087%", "RB-GETAL-EENHEID", "3087%"],
    ["forecast laag", "data/tabellen/prognose-bijstand-emmen-coevorden.yaml", "laag: 3180", "laag: 3,180", "RB-DUIZENDTALLEN", "3,180"],
    ["forecast hoog", "data/tabellen/prognose-bijstand-emmen-coevorden.yaml", "hoog: 3292", "hoog: 3.3e3", "RB-GETAL-NOTATIE", "3.3e3"],
    ["budget total", "data/tabellen/participatiebudget-groningen-2020.yaml", "totaal: 23260000", "totaal: 23.260.000", "RB-DUIZENDTALLEN", "23.260.000"],
    ["budget amount", "data/tabellen/participatiebudget-groningen-2020.yaml", "bedrag: 630000 }", "bedrag: € 630000 }", "RB-GETAL-EENHEID", "€ 630000"],
    ["budget amount beyond 10^12", "data/tabellen/participatiebudget-groningen-2020.yaml", "bedrag: 630000 }", "bedrag: 6300000000000 }", "RB-GETAL-TE-GROOT", "6300000000000"],
    ["letter jaar", JAARVERSLAG, "jaar: 2017", 'jaar: "2017"', "RB-GETAL-ALS-TEKST", '"2017"'],
    ["letter jaar out of range", JAARVERSLAG, "jaar: 2017", "jaar: 1017", "RB-MINIMUM", "1017"],
    ["letter volgnummer", LETTER_4, "volgnummer: 4", "volgnummer: 0x4", "RB-GETAL-NOTATIE", "0x4"],
    ["frozen series value", FROZEN, "2015-01: 3560", "2015-01: 3.560", "RB-DUIZENDTALLEN", "3.560"],
    ["frozen series target", FROZEN, "waarde: 3340", "waarde: +3340", "RB-GETAL-NOTATIE", "+3340"],
  ];

  it.each(places)("%s", (_name, file, from, to, code, at) => {
    const { dir, project: p } = project(replace(file, from, to));
    const errors = p.diagnostics.errors.filter((e) => !e.code.startsWith("RB-ARCHIEF"));
    expect(errors.map((e) => e.code)).toEqual([code]); // one message: no RB-TYPE or RB-WAARDE beside it
    expect(errors[0]).toMatchObject({ file, ...where(dir, file, to, at) });
  });

  it("the accepted numbers are the values read", () => {
    const p = readProject(path.resolve(import.meta.dirname, "../.."));
    const emmen = p.series.get("bijstandsvolume")!.regions.find((r) => r.id === "emmen")!;
    expect(emmen.observations.find((o) => o.month === "2015-01")!.value).toBe(3560);
    expect(p.series.get("bijstandsvolume")!.targets[0]!.value).toBe(3340);
    expect(p.series.get("bijstandsvolume")!.decimals).toBe(0);
  });
});

describe("tables in frozen figures are checked as tables", () => {
  const table = (body: string) => (d: string) => appendFileSync(path.join(d, FROZEN), `tabellen:\n  loket:\n${body}`);
  const indicators = (cell: string) =>
    `    soort: indicatoren\n    titel: T\n    bron: B\n    kolommen: { taakstelling: A, realisatie: B }\n    rijen:\n      - { indicator: X, taakstelling: ${cell}, realisatie: 5 }\n`;

  it("a valid table loads", () => {
    const { project: p } = project(table(indicators("50")));
    expect(p.frozen.get(LETTER_4.replace("2015-11-24-4e", "2015-10-27-3e"))!.data.tables.loket).toMatchObject({ kind: "indicatoren", rows: [{ target: 50, realised: 5 }] });
  });

  it("its numbers are read as written", () => {
    const { dir, project: p } = project(table(indicators("1.000")));
    const errors = p.diagnostics.errors.filter((e) => !e.code.startsWith("RB-ARCHIEF"));
    expect(errors.map((e) => [e.code, e.message])).toEqual([["RB-DUIZENDTALLEN", "Taakstelling X heeft een punt tussen de duizendtallen: 1.000. YAML leest dat als 1."]]);
    expect(errors[0]).toMatchObject({ file: FROZEN, ...where(dir, FROZEN, "taakstelling: 1.000", "1.000") });
  });

  it("its schema is its kind's (before: any block passed)", () => {
    expect(errorsAfter(table("    soort: indicatoren\n    titel: T\n")).map((e) => e.code)).toEqual(["RB-VERPLICHT-VELD", "RB-VERPLICHT-VELD", "RB-VERPLICHT-VELD"]);
    expect(errorsAfter(table("    soort: taart\n")).map((e) => e.code)).toEqual(["RB-KEUZE"]);
  });
});

describe("aliases are judged by their anchor", () => {
  it("a number anchored and used again is read once for each place", () => {
    const errors = errorsAfter(replace(SERIES, "2015-08: 3542\n      2015-09: { waarde: 3519, illustratief: true }", "2015-08: &x 3.542\n      2015-09: *x"));
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ["RB-DUIZENDTALLEN", 69],
      ["RB-DUIZENDTALLEN", 70],
    ]);
  });

  it("a valid anchor is a valid number, however often it is used (yaml alone stops at 100)", () => {
    const many = Array.from({ length: 150 }, (_, i) => `      ${2100 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}: *x`).join("\n");
    const { project: p } = project((d) => {
      edit(path.join(d, SERIES), "2015-08: 3542", "2015-08: &x 3542");
      edit(path.join(d, SERIES), "      2015-10: { waarde: 3497, illustratief: true }", `      2015-10: { waarde: 3497, illustratief: true }\n${many}`);
    });
    expect(p.diagnostics.errors).toEqual([]);
    const emmen = p.series.get("bijstandsvolume")!.regions.find((r) => r.id === "emmen")!;
    expect(emmen.observations.filter((o) => o.value === 3542)).toHaveLength(151);
  });

  it("an alias inside its own anchor", () => {
    const errors = errorsAfter((d) => appendFileSync(path.join(d, SERIES), "x: &a [1, *a]\n"));
    expect(errors.map((e) => e.code)).toEqual(["RB-YAML-ALIAS"]);
  });
});

describe("YAML limits: a message at the place, never a stack", () => {
  const bomb = (levels: number) => {
    let text = "lol: &l0 lol\n";
    for (let i = 1; i <= levels; i++) text += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(", ")}]\n`;
    return text;
  };

  it("a billion laughs", () => {
    const { dir, project: p } = project((d) => writeFileSync(path.join(d, "data/reeksen/bom.yaml"), bomb(9)));
    // l1–l4 copy 12,340 values; each *l4 in l5 adds 11,111: the 8th passes 100,000 (column 10 + 7 × 5).
    expect(p.diagnostics.errors.map((e) => [e.code, e.file, e.line, e.column])).toEqual([["RB-YAML-ALIAS", "data/reeksen/bom.yaml", where(dir, "data/reeksen/bom.yaml", "l5:").line, 45]]);
    expect(p.diagnostics.errors[0]!.message).toBe("De verwijzing *l4 laat het bestand uitdijen tot meer dan 100.000 herhaalde waarden.");
    // And again, now that the cache has been written: never stored as valid.
    expect(readProject(dir).diagnostics.errors).toEqual(p.diagnostics.errors);
  });

  it("aliases nesting deeper than the limit", () => {
    let text = "a0: &a0 [1]\n";
    for (let i = 1; i <= 70; i++) text += `a${i}: &a${i} [*a${i - 1}]\n`;
    const errors = errorsAfter((d) => writeFileSync(path.join(d, "data/reeksen/diep.yaml"), text));
    expect(errors.map((e) => [e.code, e.line])).toEqual([["RB-YAML-TE-DIEP", 64]]);
  });

  it.each([
    // The file's own block is level 1: the 64th list or block inside it is one too many.
    ["flow lists", `titel: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, 1, 8 + 63],
    ["flow blocks", `titel: ${"{a: ".repeat(5000)}1${"}".repeat(5000)}\n`, 1, 8 + 63 * 4],
    ["block lists", `titel:\n  ${"- ".repeat(5000)}1\n`, 2, 3 + 63 * 2],
  ])("5,000 nested %s", (_name, text, line, column) => {
    const errors = errorsAfter((d) => writeFileSync(path.join(d, "data/reeksen/diep.yaml"), text));
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([["RB-YAML-TE-DIEP", line, column]]);
  });

  it("64 levels are fine (then the schema speaks)", () => {
    const errors = errorsAfter((d) => writeFileSync(path.join(d, "data/reeksen/diep.yaml"), `titel: ${"[".repeat(63)}${"]".repeat(63)}\n`));
    expect(errors.map((e) => e.code).sort()).toEqual(["RB-TYPE", "RB-VERPLICHT-VELD", "RB-VERPLICHT-VELD"]);
  });
});

describe("decimalen", () => {
  const RATE = `titel: Werkloosheid\neenheid: procent\ndecimalen: 1\nregios:\n  emmen:\n    naam: Emmen\n    bron: CBS\n    waarden:\n      2015-01: 5.3\n      2015-02: { waarde: 5, illustratief: true }\n`;

  it("a series with decimalen: 1 reads 5.3", () => {
    const { project: p } = project((d) => writeFileSync(path.join(d, "data/reeksen/werkloosheid.yaml"), RATE));
    expect(p.diagnostics.errors).toEqual([]);
    const s = p.series.get("werkloosheid")!;
    expect(s.decimals).toBe(1);
    expect(s.regions[0]!.observations.map((o) => o.value)).toEqual([5.3, 5]);
  });

  it.each([
    ["5.25", "RB-TE-VEEL-DECIMALEN"],
    ["5.300", "RB-GETAL-DUBBELZINNIG"],
    ["5,3", "RB-DECIMALE-KOMMA"],
  ])("%s → %s", (value, code) => {
    const errors = errorsAfter((d) => writeFileSync(path.join(d, "data/reeksen/werkloosheid.yaml"), RATE.replace("2015-01: 5.3", `2015-01: ${value}`)));
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([[code, 9, 16]]);
  });

  it("survives freezing: the frozen series says decimalen too", () => {
    const { project: p } = project((d) => writeFileSync(path.join(d, "data/reeksen/werkloosheid.yaml"), RATE));
    const s = p.series.get("werkloosheid")!;
    expect(fromSeries(s).decimalen).toBe(1);
    expect(toSeries("werkloosheid", fromSeries(s))).toEqual(s);
    expect("decimalen" in fromSeries(p.series.get("bijstandsvolume")!)).toBe(false); // counts' frozen files stay as they were
  });

  it("decimalen itself is read as written", () => {
    const errors = errorsAfter((d) => writeFileSync(path.join(d, "data/reeksen/werkloosheid.yaml"), RATE.replace("decimalen: 1", "decimalen: 4")));
    expect(errors.map((e) => [e.code, e.line])).toEqual([["RB-GETAL-TE-GROOT", 3]]);
  });
});
