// The pure parts of the importer: CBS's codes, keys and statuses, the spreadsheet
// cell reader (the same number rules as data/reeksen), the mappings, the YAML edit
// that leaves every other line as it was, and the HTTP client's retries.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDiscontinued, parsePeriod, periodCode, scaled, statusOf, trimKey } from "../../scripts/import/cbs-codes.ts";
import { readMonthCell, readValueCell } from "../../scripts/import/excel-cells.ts";
import { getJson, retryAfterMs, type HttpOptions } from "../../scripts/import/http.ts";
import { classify } from "../../scripts/import/run.ts";
import { editSeriesText } from "../../scripts/import/yaml-edit.ts";
import { COUNT, seriesValue } from "../../scripts/model/numbers.ts";
import { cbsMappingOf, excelMappingOf, mappingProblems } from "../../scripts/model/source-mapping.ts";
import { ROOT } from "../helpers.ts";

describe("CBS codes", () => {
  it("reads months, knows quarters and years, and refuses anything else", () => {
    expect(parsePeriod("2015MM08")).toEqual({ kind: "maand", month: "2015-08" });
    expect(parsePeriod("2015MM08  ")).toEqual({ kind: "maand", month: "2015-08" });
    expect(parsePeriod("2017KW04")).toEqual({ kind: "kwartaal" });
    expect(parsePeriod("2022JJ00")).toEqual({ kind: "jaar" });
    for (const code of ["2015MM13", "2015MM00", "2015X000", "2015-08", ""]) expect(parsePeriod(code)).toEqual({ kind: "onbekend" });
    expect(periodCode("2015-08")).toBe("2015MM08");
  });

  it("trims the padding of dimension keys", () => {
    expect(trimKey("GM0114  ")).toBe("GM0114");
    expect(trimKey("NL01    ")).toBe("NL01");
  });

  it("maps CBS's period statuses, and nothing else", () => {
    expect(statusOf("Voorlopig")).toBe("voorlopig");
    expect(statusOf("Nader voorlopig")).toBe("nader voorlopig");
    expect(statusOf("Definitief")).toBe("definitief");
    expect(statusOf("Revised provisional")).toBeUndefined();
    expect(statusOf(null)).toBeUndefined();
  });

  it("recognises a discontinued table", () => {
    expect(isDiscontinued({ Frequency: "Stopgezet" })).toBe(true);
    expect(isDiscontinued({ Status: "Gediscontinueerd" })).toBe(true);
    expect(isDiscontinued({ Frequency: "Permaand", Status: "Regulier" })).toBe(false);
  });

  it("scales by the factor without floating-point noise, and refuses what does not fit", () => {
    expect(scaled(431.9, 1000, 0)).toBe(431900);
    expect(scaled(434.1, 1000, 0)).toBe(434100);
    expect(scaled(419.4, 1, 0)).toBeUndefined();
    expect(scaled(5.3, 1, 1)).toBe(5.3);
    expect(scaled(5.25, 1, 1)).toBeUndefined();
  });
});

describe("spreadsheet cells", () => {
  const what = "Aantal Emmen, 2015-10";
  it("takes a number cell as it is, whole for a count", () => {
    expect(readValueCell(3560, COUNT, what)).toEqual({ ok: true, value: 3560 });
    expect(readValueCell({ formula: "B2+1", result: 3541.9999999999995 }, COUNT, what)).toEqual({ ok: true, value: 3542 });
    expect(readValueCell(3560.5, COUNT, what)).toMatchObject({ ok: false, message: "Aantal Emmen, 2015-10 is geen geheel getal: 3560.5." });
    expect(readValueCell(5.3, seriesValue(1), "Waarde Emmen, 2015-10")).toEqual({ ok: true, value: 5.3 });
    expect(readValueCell(-3, COUNT, what)).toMatchObject({ ok: false, message: "Aantal Emmen, 2015-10 is negatief: -3." });
  });

  it("refuses Dutch-typed text with the corrected form, by the rules of numbers.ts", () => {
    expect(readValueCell("3.560", COUNT, what)).toMatchObject({ ok: false, hint: expect.stringContaining("Schrijf 3560") });
    expect(readValueCell("3 560", COUNT, what)).toMatchObject({ ok: false, message: expect.stringContaining("heeft een spatie tussen de duizendtallen") });
    expect(readValueCell("3,5", COUNT, what)).toMatchObject({ ok: false, message: expect.stringContaining("heeft een decimale komma: 3,5") });
    expect(readValueCell("3560", COUNT, what)).toMatchObject({ ok: false, message: expect.stringContaining("staat als tekst in de cel") });
    expect(readValueCell({ richText: [{ text: "3.560" }] }, COUNT, what)).toMatchObject({ ok: false, hint: expect.stringContaining("Schrijf 3560") });
    expect(readValueCell("n.v.t.", COUNT, what)).toMatchObject({ ok: false });
    expect(readValueCell(null, COUNT, what)).toEqual({ ok: "empty" });
    expect(readValueCell("  ", COUNT, what)).toEqual({ ok: "empty" });
  });

  it("reads months from date cells and Dutch texts, and refuses what is ambiguous", () => {
    expect(readMonthCell(new Date(Date.UTC(2015, 9, 1)))).toEqual({ ok: true, value: "2015-10" });
    expect(readMonthCell(new Date(Date.UTC(2015, 9, 31)))).toEqual({ ok: true, value: "2015-10" });
    for (const text of ["2015-10", "okt 2015", "okt. 2015", "oktober 2015", "Oktober 2015", " oktober  2015 "]) expect(readMonthCell(text)).toEqual({ ok: true, value: "2015-10" });
    expect(readMonthCell("mrt 2015")).toEqual({ ok: true, value: "2015-03" });
    for (const text of ["10-2015", "1-10-2015", "2015/10", "october 2015", "okt"]) expect(readMonthCell(text)).toMatchObject({ ok: false });
    expect(readMonthCell(42278)).toMatchObject({ ok: false, message: "is het getal 42278, geen maand (als datum zou het 1 oktober 2015 zijn)." });
    expect(readMonthCell(null)).toEqual({ ok: "empty" });
  });
});

describe("mappings", () => {
  const raw = {
    cbs: { tabel: "82015NED", kolom: "Bijstandsuitkeringen_1", filters: { Uitkeringsgrondslag: "T001093" } },
    excel: { blad: "Klanten", maanden: "A" },
    regios: {
      emmen: { cbs: "GM0114", excel: "B" },
      nederland: { cbs: { tabel: "37789ksz", kolom: "TotaalBijstandsuitkeringen_11", factor: 1000 } },
      noord: { cbs: { regio: "GM0014", factor: 2 } },
      zonder: {},
    },
  };
  it("resolves a region code against the series' block, and a region's own table without inheriting", () => {
    expect(cbsMappingOf(raw, "emmen")).toEqual({ mapping: { table: "82015NED", column: "Bijstandsuitkeringen_1", factor: 1, filters: { Uitkeringsgrondslag: "T001093" }, region: "GM0114" } });
    expect(cbsMappingOf(raw, "nederland")).toEqual({ mapping: { table: "37789ksz", column: "TotaalBijstandsuitkeringen_11", factor: 1000, filters: {} } });
    expect(cbsMappingOf(raw, "noord")).toMatchObject({ mapping: { table: "82015NED", factor: 2, region: "GM0014" } });
    expect(cbsMappingOf(raw, "zonder")).toBeUndefined();
    expect(excelMappingOf(raw, "emmen")).toEqual({ mapping: { sheet: "Klanten", monthColumn: "A", column: "B", firstRow: 2 } });
  });

  it("says what is missing", () => {
    expect(mappingProblems({ regios: { emmen: { cbs: "GM0114", excel: "B" } } }).map((p) => p.message)).toEqual([
      "Regio 'emmen' heeft 'cbs: GM0114', maar de reeks heeft geen 'cbs'-blok met tabel en kolom.",
      "Regio 'emmen' heeft 'excel: B', maar de reeks heeft geen 'excel'-blok.",
    ]);
  });
});

describe("classify", () => {
  const obs = (value: number, extra = {}) => ({ month: "2015-08", value, illustrative: false, ...extra });
  it("tells new, changed, replaced and unchanged apart", () => {
    expect(classify(undefined, { month: "2015-08", value: 1, status: "voorlopig" })).toBe("new");
    expect(classify(obs(3542, { illustrative: true }), { month: "2015-08", value: 3542, status: "definitief" })).toBe("replaced");
    expect(classify(obs(3542), { month: "2015-08", value: 3551, status: "definitief" })).toBe("changed");
    expect(classify(obs(3542), { month: "2015-08", value: 3542, status: "definitief" })).toBe("unchanged");
    expect(classify(obs(3542), { month: "2015-08", value: 3542, status: "voorlopig" })).toBe("changed");
    expect(classify(obs(3542, { status: "voorlopig" }), { month: "2015-08", value: 3542, status: "definitief" })).toBe("changed");
    expect(classify(obs(3542, { status: "definitief" }), { month: "2015-08", value: 3542, status: "definitief" })).toBe("unchanged");
  });
});

describe("editing a series file", () => {
  const sample = readFileSync(path.join(ROOT, "data/reeksen/bijstandsvolume.yaml"), "utf8");

  it("changes only the lines of the new and changed months; comments, order and style stay", () => {
    const out = editSeriesText(sample, [
      { region: "emmen", month: "2015-08", value: 3551, status: "definitief", retrieved: "2015-11-20" },
      { region: "emmen", month: "2015-11", value: 3480, status: "voorlopig", retrieved: "2015-11-20" },
      { region: "nederland", month: "2013-12", value: 397000, status: "definitief", retrieved: "2015-11-20" },
    ]);
    const expected = sample
      .replace("      2015-08: 3542\n", "      2015-08: { waarde: 3551, status: definitief, opgehaald: 2015-11-20 }\n")
      .replace("      2015-10: { waarde: 3497, illustratief: true }\n", "      2015-10: { waarde: 3497, illustratief: true }\n      2015-11: { waarde: 3480, status: voorlopig, opgehaald: 2015-11-20 }\n")
      .replace("    waarden:\n      2014-01: { waarde: 398600", "    waarden:\n      2013-12: { waarde: 397000, status: definitief, opgehaald: 2015-11-20 }\n      2014-01: { waarde: 398600");
    expect(out).toBe(expected);
  });

  it("writes a plain number for a spreadsheet's figure, keeps a comment on the value, and drops the placeholder of npm run new", () => {
    const text = "titel: X\nregios:\n  emmen:\n    waarden:\n      2015-01: 3560  # uit de brief\n      2015-02: {waarde: 1, illustratief: true}\n      # 2015-03:     # TODO: vul het cijfer voor maart 2015 in en haal het #-teken weg\n";
    const out = editSeriesText(text, [
      { region: "emmen", month: "2015-01", value: 3561 },
      { region: "emmen", month: "2015-03", value: 3590, status: "voorlopig", retrieved: "2015-04-20" },
    ]);
    expect(out).toBe("titel: X\nregios:\n  emmen:\n    waarden:\n      2015-01: 3561 # uit de brief\n      2015-02: {waarde: 1, illustratief: true}\n      2015-03: {waarde: 3590, status: voorlopig, opgehaald: 2015-04-20}\n");
  });
});

describe("the HTTP client", () => {
  const answers: { status: number; headers?: Record<string, string>; body?: string }[] = [];
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    const a = answers.shift() ?? { status: 200, body: '{"value":[]}' };
    res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
    res.end(a.body ?? "{}");
  });
  const ready = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const waits: number[] = [];
  const lines: string[] = [];
  const opts: HttpOptions = { userAgent: "Raadsbrief/test", timeoutMs: 5000, attempts: 3, backoffMs: 1000, maxRetryAfterMs: 60_000, baseHint: "--bron-url", sleep: async (ms) => void waits.push(ms), log: (l) => lines.push(l) };

  it("honours Retry-After on 429 and backs off on 5xx, then succeeds", async () => {
    const url = await ready;
    answers.push({ status: 429, headers: { "retry-after": "7" } }, { status: 503 });
    hits = 0;
    waits.length = 0;
    expect(await getJson(url, opts)).toEqual({ status: 200, body: { value: [] } });
    expect(hits).toBe(3);
    expect(waits).toEqual([7000, 2000]);
  });

  it("gives up after three server errors, in Dutch", async () => {
    const url = await ready;
    answers.push({ status: 500 }, { status: 500 }, { status: 500 });
    await expect(getJson(url, opts)).rejects.toThrow(/gaf een serverfout \(HTTP 500\), ook na 3 pogingen\. Probeer het later opnieuw\./);
  });

  it("does not wait longer than it may, and returns a 404 to the caller", async () => {
    const url = await ready;
    answers.push({ status: 429, headers: { "retry-after": "3600" } });
    await expect(getJson(url, opts)).rejects.toThrow(/vraagt 3600 s te wachten; dat is langer dan Raadsbrief wacht/);
    answers.push({ status: 404 });
    expect(await getJson(url, opts)).toEqual({ status: 404, body: undefined });
    answers.push({ status: 200, body: "<html>" });
    await expect(getJson(url, opts)).rejects.toThrow(/gaf geen geldige JSON terug/);
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("120")).toBe(120_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
