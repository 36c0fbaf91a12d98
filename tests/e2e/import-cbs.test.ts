// `npm run import -- cbs` against a local stand-in for CBS StatLine (tests/cbs-server.ts,
// responses in the documented OData v3 shape): paging, padded keys, statuses, the
// whole-file edit, revisions of published letters and the erratum, retries, and every
// failure leaving data/ and content/ byte for byte as they were.
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EMMEN, NEDERLAND, sampleTables, table37789, table82015 } from "../cbs-fixtures.ts";
import { startCbsServer, type CbsServer, type Fault, type FakeTable } from "../cbs-server.ts";
import { copyProject, edit, runCli, runCliAsync, tree } from "../helpers.ts";

const SERIES = "data/reeksen/bijstandsvolume.yaml";
const DOSSIERS = "data/reeksen/bijstandsdossiers.yaml";
const LETTER_2 = "content/emmen/2015/2015-09-29-2e-voortgangsrapportage-investeringsplan.md";

/** A port nothing listens on: one the system just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

let server: CbsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(tables: Record<string, FakeTable>, faults: Fault[] = []): Promise<CbsServer> {
  server = await startCbsServer(tables, faults);
  return server;
}

/** Every file under data/ and content/ with its SHA-256. */
function inputs(dir: string): Map<string, string> {
  return new Map([...tree(path.join(dir, "data")), ...[...tree(path.join(dir, "content"))].map(([k, v]) => [`content/${k}`, v] as const)]);
}

const importCbs = (dir: string, base: string, extra: string[] = [], env: Record<string, string> = {}) => runCliAsync("import", ["cbs", "--bron-url", base, ...extra], dir, env);

/** Maps Groningen's dossiers to 82015NED too: a second series, read before bijstandsvolume (alphabetical). */
function mapDossiers(dir: string): void {
  edit(path.join(dir, DOSSIERS), "    bron: Jaarverslag 2017 gemeente Groningen\n", "    bron: Jaarverslag 2017 gemeente Groningen\n    cbs: { tabel: 82015NED, kolom: Bijstandsuitkeringen_1, regio: GM0014, filters: { Uitkeringsgrondslag: T001093 } }\n");
}

describe("npm run import -- cbs", () => {
  it("fetches every page, edits only the new and changed months, and lists the revised months of published letters", async () => {
    const dir = copyProject();
    const cbs = await serve(sampleTables(4));
    const before = readFileSync(path.join(dir, SERIES), "utf8");
    const r = await importCbs(dir, cbs.base);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);

    // The whole file: exactly these lines differ, everything else (comments, order, style) as it was.
    const t = today();
    const lines = before.split("\n");
    const set = (from: string, to: string) => {
      const i = lines.indexOf(from);
      expect(i, from).toBeGreaterThanOrEqual(0);
      lines[i] = to;
    };
    const insertAfter = (after: string, line: string) => lines.splice(lines.indexOf(after) + 1, 0, line);
    const cbsLine = (m: string, v: number, s: string) => `      ${m}: { waarde: ${v}, status: ${s}, opgehaald: ${t} }`;
    insertAfter("      2015-09: { waarde: 433000, illustratief: true }", cbsLine("2015-10", 434100, "voorlopig"));
    for (const [m, v] of [["2015-02", 3574], ["2015-03", 3589], ["2015-04", 3597], ["2015-05", 3584], ["2015-06", 3571], ["2015-07", 3560]] as const) {
      set(`      ${m}: { waarde: ${v}, illustratief: true }`, cbsLine(m, v, "definitief"));
    }
    set("      2015-08: 3542", cbsLine("2015-08", 3551, "definitief"));
    set("      2015-09: { waarde: 3519, illustratief: true }", cbsLine("2015-09", 3520, "nader voorlopig"));
    set("      2015-10: { waarde: 3497, illustratief: true }", cbsLine("2015-10", 3497, "voorlopig"));
    insertAfter(cbsLine("2015-10", 3497, "voorlopig"), cbsLine("2015-11", 3480, "voorlopig"));
    expect(readFileSync(path.join(dir, SERIES), "utf8")).toBe(lines.join("\n"));

    // Paging: 11 months of Emmen at 4 rows a page is three pages, each asked for.
    const pages = cbs.requests.filter((q) => q.includes("/82015NED/TypedDataSet"));
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain("$filter=substringof('MM',Perioden) and RegioS eq 'GM0114  ' and Uitkeringsgrondslag eq 'T001093'");
    expect(pages[0]).toContain("$select=Perioden,RegioS,Bijstandsuitkeringen_1");
    expect(pages[2]).toContain("$skip=8");
    expect(r.stdout).toContain("82015NED voor Emmen (reeks bijstandsvolume): pagina 3 opgehaald (11 rijen)");
    expect(new Set(cbs.userAgents)).toEqual(new Set([expect.stringMatching(/^Raadsbrief\/\d+\.\d+\.\d+ \(/)]));

    // The summary, in Dutch numbers, per region.
    expect(r.stdout).toContain("Reeks bijstandsvolume (data/reeksen/bijstandsvolume.yaml):");
    expect(r.stdout).toContain("  Nederland (CBS 37789ksz):\n    nieuw (1): oktober 2015: 434.100 (voorlopig)\n    ongewijzigd: 2 maanden");
    expect(r.stdout).toContain("  Emmen (CBS 82015NED, GM0114):\n    nieuw (1): november 2015: 3.480 (voorlopig)\n    gewijzigd (1): augustus 2015: 3.542 → 3.551 (definitief)");
    expect(r.stdout).toContain("illustratief cijfer vervangen door het echte (8): februari 2015: 3.574 † → 3.574 (definitief);");
    expect(r.stdout).toContain("september 2015: 3.519 † → 3.520 (nader voorlopig); oktober 2015: 3.497 † → 3.497 (voorlopig)");
    expect(r.stdout).toContain("    ongewijzigd: 1 maand");

    // Published letters that used a revised month: both figures, and the erratum command.
    expect(r.stdout).toContain(
      "De gepubliceerde brief content/emmen/2015/2015-09-29-2e-voortgangsrapportage-investeringsplan.md (kenmerk 15.069821) gebruikte voor Emmen, augustus 2015: 3.542; CBS geeft nu 3.551 (definitief).",
    );
    expect(r.stdout).toContain("gebruikte voor Emmen, september 2015: 3.519; CBS geeft nu 3.520 (nader voorlopig).");
    expect(r.stdout).toContain(`npm run new -- erratum ${LETTER_2}`);
    expect(r.stdout).toContain("Bijgewerkt: data/reeksen/bijstandsvolume.yaml");

    // The result passes the check; the published letters did not change.
    const check = runCli("check", [], dir);
    expect(check.stdout + check.stderr).not.toContain("fout");
    expect(check.code).toBe(0);

    // The same import again: nothing new, nothing written.
    const after = readFileSync(path.join(dir, SERIES), "utf8");
    const again = await importCbs(dir, cbs.base);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Niets gewijzigd: alle cijfers waren al bij.");
    expect(readFileSync(path.join(dir, SERIES), "utf8")).toBe(after);

    // The erratum: a concept that corrects the letter, with both figures in its first paragraph.
    const e = runCli("new", ["erratum", LETTER_2, "--datum", "2015-12-01"], dir);
    expect(e.stderr).toBe("");
    const erratumPath = "content/emmen/2015/2015-12-01-erratum-2e-voortgangsrapportage-investeringsplan.md";
    expect(e.stdout).toContain(`Nieuw: ${erratumPath}`);
    const erratum = readFileSync(path.join(dir, erratumPath), "utf8");
    expect(erratum).toContain("\ncorrigeert: \"15.069821\"\n");
    expect(erratum).toContain("\nstatus: concept\n");
    expect(erratum).toContain("\ndatum: 2015-12-01\n");
    expect(erratum).not.toContain("figuren:");
    const firstParagraph = erratum.split("---\n")[2]!.trim().split("\n\n")[0]!;
    expect(firstParagraph).toContain("In onze brief van 29 september 2015 (kenmerk 15.069821)");
    expect(firstParagraph).toContain("Voor Emmen, augustus 2015 stond in de brief 3.542; het CBS geeft nu 3.551 (definitief).");
    const checked = runCli("check", [], dir);
    expect(checked.code).toBe(0);
    // The next letter of the series still follows the 4th, not the erratum.
    const next = runCli("new", ["voortgangsrapportage", "2015-12-22", "--organisatie", "emmen"], dir);
    expect(next.stdout).toContain("Gebaseerd op content/emmen/2015/2015-11-24-4e-voortgangsrapportage-investeringsplan.md");
  });

  it("after an import, the site shows provisional figures as such", async () => {
    const dir = copyProject();
    const cbs = await serve(sampleTables());
    expect((await importCbs(dir, cbs.base)).code).toBe(0);
    const out = path.join(dir, "_site");
    const build = runCli("build", ["--zonder-pdf", "--met-concepten", "--uit", out], dir);
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    const fetched = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    // The November letter (a concept, built from data/): October is provisional for both regions.
    const letter = readFileSync(path.join(out, "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html"), "utf8");
    const cell = 'utrecht-table__cell utrecht-table__cell--numeric-column getal';
    // The comparison table (start and latest per region), and the trend chart's figures and text.
    expect(letter).toContain(`Emmen<span class="bronteken">**</span></th><td class="${cell}">3.560</td><td class="${cell}">3.497<span class="tekens"><sup class="voorlopig" title="voorlopig cijfer">v</sup></span></td>`);
    expect(letter).toContain(`<td class="${cell}">419.400</td><td class="${cell}">434.100<span class="tekens"><sup class="voorlopig" title="voorlopig cijfer">v</sup></span></td>`);
    expect(letter).toContain("Voorlopige cijfers (open markering): Nederland oktober 2015; Emmen september 2015 tot en met oktober 2015.");
    expect(letter).toMatch(/<g class="mark-symbol role-mark layer_4_marks">(<path [^>]*fill="#ffffff" stroke="#[0-9a-f]{6}" stroke-width="1.5"[^>]*\/>){3}<\/g>/);
    expect(letter).toContain(`<sup class="voorlopig">v</sup> Voorlopig cijfer, CBS, opgehaald op ${fetched}.</p>`);
    // The series page: every provisional month marked, and the footnotes.
    const page = readFileSync(path.join(out, "reeksen/bijstandsvolume/index.html"), "utf8");
    expect(page).toContain('getal">3.480<span class="tekens"><sup class="voorlopig" title="voorlopig cijfer">v</sup></span></td>');
    expect(page).toContain('getal">3.520<span class="tekens"><sup class="voorlopig" title="nader voorlopig cijfer">v</sup></span></td>');
    expect(page).toContain(`<sup class="voorlopig">v</sup> Nader voorlopig cijfer, CBS, opgehaald op ${fetched}.</p>`);
    // Its chart: open markers, named in the text alternative.
    expect(page).toContain("Voorlopige cijfers (open markering): Nederland oktober 2015; Emmen september 2015 tot en met november 2015.");
    const csv = readFileSync(path.join(out, "reeksen/bijstandsvolume/bijstandsvolume.csv"), "utf8");
    expect(csv).toContain(`bijstandsvolume;2015-11;emmen;Emmen;3480;uitkeringen;CIV SAM gemeente Emmen;nee;voorlopig;${today()}\r\n`);
  });

  it("replaces a provisional figure by the final one, and says so", async () => {
    const dir = copyProject();
    let cbs = await serve(sampleTables());
    expect((await importCbs(dir, cbs.base)).code).toBe(0);
    await cbs.close();
    const final = EMMEN.map((f) => (f.month === "2015-10" ? { ...f, value: 3490 } : f));
    cbs = await serve({ "82015NED": table82015(final, { provisional: ["2015-11"] }), "37789ksz": table37789(NEDERLAND, ["2015-10"]) });
    const r = await importCbs(dir, cbs.base);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("gewijzigd (2): september 2015: 3.520 (nader voorlopig) → 3.520 (definitief); oktober 2015: 3.497 (voorlopig) → 3.490 (definitief)");
    expect(readFileSync(path.join(dir, SERIES), "utf8")).toContain(`      2015-10: { waarde: 3490, status: definitief, opgehaald: ${today()} }\n`);
  });

  it("waits as asked after a 429 and goes on", async () => {
    const dir = copyProject();
    const cbs = await serve(sampleTables(), [{ match: "/37789ksz/TypedDataSet", answers: [{ status: 429, headers: { "retry-after": "1" } }] }]);
    const r = await importCbs(dir, cbs.base);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("vraagt ons te wachten (HTTP 429, te veel verzoeken); over 1 s nog een poging (2 van 3).");
    expect(r.stdout).toContain("Bijgewerkt: data/reeksen/bijstandsvolume.yaml");
    expect(cbs.requests.filter((q) => q.includes("/37789ksz/TypedDataSet"))).toHaveLength(2);
  });

  describe("fails in Dutch and writes nothing", () => {
    const cases: { name: string; setup?: (dir: string) => void; tables?: () => Record<string, FakeTable>; faults?: Fault[]; base?: string; env?: Record<string, string>; says: string[] }[] = [
      {
        name: "a server error three times",
        faults: [{ match: "/37789ksz/TypedDataSet", answers: [{ status: 500 }, { status: 500 }, { status: 500 }] }],
        says: ["gaf een serverfout (HTTP 500), ook na 3 pogingen. Probeer het later opnieuw.", "Er is niets gewijzigd."],
      },
      {
        name: "a table that does not exist (404)",
        setup: (dir) => edit(path.join(dir, SERIES), "tabel: 37789ksz", "tabel: 37789xyz"),
        says: ["Tabel 37789xyz bestaat niet bij CBS", "Controleer 'tabel' in de reeks"],
      },
      {
        name: "a table without metadata",
        tables: () => ({ ...sampleTables(), "37789ksz": { ...table37789(NEDERLAND), info: null } }),
        says: ["Tabel 37789ksz bestaat niet bij CBS"],
      },
      {
        name: "a discontinued table",
        tables: () => ({ ...sampleTables(), "37789ksz": { ...table37789(NEDERLAND), info: { Title: "Sociale zekerheid; kerncijfers", Frequency: "Stopgezet", Status: "Gediscontinueerd" } } }),
        says: ["Tabel 37789ksz („Sociale zekerheid; kerncijfers”) wordt niet meer bijgewerkt: CBS heeft hem stopgezet."],
      },
      {
        name: "a renamed column",
        setup: (dir) => edit(path.join(dir, SERIES), "kolom: TotaalBijstandsuitkeringen_11", "kolom: TotaalBijstandsuitkering_11"),
        says: ["Kolom 'TotaalBijstandsuitkering_11' bestaat niet (meer) in tabel 37789ksz (", "bedoelde u 'TotaalBijstandsuitkeringen_11'?"],
      },
      {
        name: "a region code the table does not have",
        setup: (dir) => edit(path.join(dir, SERIES), "cbs: GM0114", "cbs: GM114"),
        says: ["Regiocode van Emmen (reeks bijstandsvolume) 'GM114' staat niet in RegioS van tabel 82015NED. Bedoelde u 'GM0114'?"],
      },
      {
        name: "a figure that is no whole number after the factor",
        setup: (dir) => edit(path.join(dir, SERIES), "factor: 1000", "factor: 1"),
        says: ["CBS geeft voor Nederland (reeks bijstandsvolume), 2015-01 het cijfer 419.4; dat past niet in de reeks (een geheel getal). Controleer 'factor' en 'kolom'"],
      },
      {
        name: "a result that does not pass the check (a count over a billion)",
        tables: () => ({ ...sampleTables(), "82015NED": table82015(EMMEN.map((f) => (f.month === "2015-11" ? { ...f, value: 2_000_000_000 } : f)), { groningen: [{ month: "2017-01", value: 10338 }, { month: "2018-01", value: 10200 }] }) }),
        says: ["data/reeksen/bijstandsvolume.yaml:", "fout [RB-GETAL-TE-GROOT] Aantal Emmen, 2015-11 is 2000000000: te groot", "Er is niets gewijzigd."],
      },
      {
        name: "no connection",
        base: "closed",
        says: ["(ECONNREFUSED). Controleer de internetverbinding of --bron-url (http://127.0.0.1:", "Geen verbinding met 127.0.0.1:"],
      },
      {
        name: "a server that never answers",
        faults: [{ match: "/37789ksz/TableInfos", answers: ["hang", "hang", "hang"] }],
        env: { RAADSBRIEF_IMPORT_TIMEOUT: "1" },
        says: ["Geen verbinding met 127.0.0.1:", "(geen antwoord binnen 1 s). Controleer de internetverbinding of --bron-url"],
      },
      {
        name: "a refused request (HTTP 403)",
        faults: [{ match: "RegioS eq 'GM0114", answers: [{ status: 403 }] }],
        says: ["CBS weigerde het verzoek voor 82015NED voor Emmen (reeks bijstandsvolume) (HTTP 403)."],
      },
    ];
    it.each(cases)("$name", async ({ setup, tables, faults, base, env, says }) => {
      const dir = copyProject();
      // A second series, read first: a failure in the later one must not leave the first written.
      mapDossiers(dir);
      setup?.(dir);
      const groningen = [{ month: "2017-01", value: 10338 }, { month: "2018-01", value: 10200 }];
      const all = tables?.() ?? { ...sampleTables(), "82015NED": table82015(EMMEN, { groningen }) };
      const cbs = await serve(all, faults);
      const before = inputs(dir);
      const r = await importCbs(dir, base === "closed" ? `http://127.0.0.1:${await closedPort()}/odata` : cbs.base, [], env);
      expect(r.code).toBe(1);
      for (const s of says) expect(r.stderr).toContain(s);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(inputs(dir)).toEqual(before);
      expect(readdirSync(path.join(dir, "data/reeksen")).filter((f) => f.includes(".import-"))).toEqual([]);
    });

    it("the second series is what fails: the first was ready and is not written either", async () => {
      const dir = copyProject();
      mapDossiers(dir);
      const groningen = [{ month: "2017-01", value: 10338 }, { month: "2018-01", value: 10200 }];
      const cbs = await serve({ ...sampleTables(), "82015NED": table82015(EMMEN, { groningen }) }, [{ match: "/37789ksz/TableInfos", answers: [{ status: 404 }] }]);
      const before = readFileSync(path.join(dir, DOSSIERS), "utf8");
      const r = await importCbs(dir, cbs.base);
      expect(r.code).toBe(1);
      expect(readFileSync(path.join(dir, DOSSIERS), "utf8")).toBe(before);
    });
  });

  it("--reeks imports one series; an unknown one is refused with a suggestion", async () => {
    const dir = copyProject();
    mapDossiers(dir);
    const groningen = [{ month: "2017-01", value: 10338 }, { month: "2018-01", value: 10200 }];
    const cbs = await serve({ ...sampleTables(), "82015NED": table82015(EMMEN, { groningen }) });
    const only = await importCbs(dir, cbs.base, ["--reeks", "bijstandsdossiers"]);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain("gewijzigd (1): januari 2018: 10.178 → 10.200 (definitief)");
    expect(only.stdout).not.toContain("Reeks bijstandsvolume");
    const wrong = await importCbs(dir, cbs.base, ["--reeks", "bijstandvolume"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("Reeks 'bijstandvolume' bestaat niet in data/reeksen/. Bedoelde u 'bijstandsvolume'?");
  });
});
