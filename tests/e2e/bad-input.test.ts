// The bad-input corpus: every kind of mistake a secretariat can make, each run
// through the real `npm run build`. Each case asserts the specific Dutch message at
// the right file:line, exit code 1, no stack trace, and an untouched previous _site/.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { BUILD_OUTPUT } from "../../scripts/pipeline/output.ts";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyProject, edit, LETTER_2, LETTER_4, ROOT } from "../helpers.ts";

const SERIES = "data/reeksen/bijstandsvolume.yaml";
const ORG = "data/organisaties/emmen.yaml";

interface Case {
  name: string;
  /** Breaks the project copy in `dir`. */
  mutate: (dir: string) => void;
  code: string;
  file: string;
  /** The error's line is the (first) line of the broken file that contains this text; omit for whole-file errors. */
  lineWith?: string;
  /** Text the message (or hint) must contain. */
  says: string;
}

const at = (dir: string, rel: string) => path.join(dir, rel);
const append = (file: string, text: string) => writeFileSync(file, readFileSync(file, "utf8") + text);

const cases: Case[] = [
  { name: "YAML syntax: unclosed quote", mutate: (d) => edit(at(d, ORG), "naam: Gemeente Emmen", 'naam: "Gemeente Emmen'), code: "RB-YAML-MISSING-CHAR", file: ORG, lineWith: 'naam: "Gemeente Emmen', says: "Er ontbreekt een teken" },
  { name: "tab as indentation", mutate: (d) => edit(at(d, ORG), "  straat: Raadhuisplein 1", "\tstraat: Raadhuisplein 1"), code: "RB-YAML-TAB-AS-INDENT", file: ORG, lineWith: "\tstraat", says: "Een tab als inspringing" },
  { name: "duplicate month", mutate: (d) => edit(at(d, SERIES), "      2015-10: { waarde: 3497, illustratief: true }", "      2015-10: { waarde: 3497, illustratief: true }\n      2015-10: 3500"), code: "RB-YAML-DUPLICATE-KEY", file: SERIES, lineWith: "2015-10: 3500", says: "elke maand mag maar één keer voorkomen" },
  { name: "wrong type: list instead of text", mutate: (d) => edit(at(d, SERIES), "    naam: Emmen", "    naam: [Emmen, Coevorden]"), code: "RB-TYPE", file: SERIES, lineWith: "naam: [Emmen", says: "'regios.emmen.naam' moet tekst zijn, maar is een lijst" },
  { name: "missing required field", mutate: (d) => edit(at(d, LETTER_4), "behandeld_door: B. Preijde\n", ""), code: "RB-VERPLICHT-VELD", file: LETTER_4, lineWith: "type: voortgangsrapportage", says: "Verplicht veld 'behandeld_door' ontbreekt (een voortgangsrapportage heeft het nodig)." },
  { name: "unknown field with a suggestion", mutate: (d) => edit(at(d, LETTER_4), "peildatum: 2015-10-31", "peildatum: 2015-10-31\nondertekenaar: burgemeester"), code: "RB-ONBEKEND-VELD", file: LETTER_4, lineWith: "ondertekenaar: burgemeester", says: "Bedoelde u 'ondertekenaars'?" },
  { name: "date that does not exist", mutate: (d) => edit(at(d, LETTER_4), "datum: 2015-11-24", "datum: 2015-02-30"), code: "RB-DATUM", file: LETTER_4, lineWith: "datum: 2015-02-30", says: "'2015-02-30' in 'datum' is geen geldige datum." },
  { name: "date in the wrong notation", mutate: (d) => edit(at(d, LETTER_4), "datum: 2015-11-24", "datum: 24-11-2015"), code: "RB-DATUM", file: LETTER_4, lineWith: "datum: 24-11-2015", says: "Schrijf een bestaande datum als JJJJ-MM-DD" },
  { name: "month key that is not a month", mutate: (d) => edit(at(d, SERIES), "      2015-10: { waarde: 3497", "      2015-13: { waarde: 3497"), code: "RB-MAAND", file: SERIES, lineWith: "2015-13:", says: "'2015-13' in 'regios.emmen.waarden' is geen geldige maand." },
  { name: "peildatum after the letter's date", mutate: (d) => edit(at(d, LETTER_4), "peildatum: 2015-10-31", "peildatum: 2015-12-31"), code: "RB-PEILDATUM-NA-DATUM", file: LETTER_4, lineWith: "peildatum: 2015-12-31", says: "De peildatum (2015-12-31) ligt na de datum van de brief (2015-11-24)." },
  {
    name: "peildatum outside the data",
    mutate: (d) => {
      edit(at(d, LETTER_4), "datum: 2015-11-24\npeildatum: 2015-10-31", "datum: 2013-07-01\npeildatum: 2013-06-30");
      writeFileSync(at(d, LETTER_4), readFileSync(at(d, LETTER_4), "utf8").replaceAll("vanaf: 2015-01", "vanaf: 2013-01"));
    },
    code: "RB-PEILDATUM-BUITEN-DATA",
    file: LETTER_4,
    lineWith: "peildatum: 2013-06-30",
    says: "geen cijfers tussen 2013-01 en de peildatum 2013-06-30",
  },
  { name: "figure starting after the peildatum", mutate: (d) => writeFileSync(at(d, LETTER_4), readFileSync(at(d, LETTER_4), "utf8").replace("vanaf: 2015-01", "vanaf: 2015-12")), code: "RB-VANAF-NA-PEILDATUM", file: LETTER_4, lineWith: "vanaf: 2015-12", says: "begint in 2015-12, na de peildatum" },
  { name: "unknown series", mutate: (d) => writeFileSync(at(d, LETTER_4), readFileSync(at(d, LETTER_4), "utf8").replace("reeks: bijstandsvolume", "reeks: bijstandvolume")), code: "RB-ONBEKENDE-REEKS", file: LETTER_4, lineWith: "reeks: bijstandvolume", says: "Bedoelde u 'bijstandsvolume'?" },
  { name: "unknown region", mutate: (d) => writeFileSync(at(d, LETTER_4), readFileSync(at(d, LETTER_4), "utf8").replace("regios: [nederland, emmen]", "regios: [nederland, Emmen]")), code: "RB-ONBEKENDE-REGIO", file: LETTER_4, lineWith: "regios: [nederland, Emmen]", says: "Regio 'Emmen' staat niet in reeks 'bijstandsvolume'." },
  { name: "unknown organisation", mutate: (d) => edit(at(d, LETTER_4), "organisatie: emmen", "organisatie: emen"), code: "RB-ONBEKENDE-ORGANISATIE", file: LETTER_4, lineWith: "organisatie: emen", says: "Bedoelde u 'emmen'?" },
  { name: "unknown document type", mutate: (d) => edit(at(d, LETTER_4), "type: voortgangsrapportage", "type: voortgangsraportage"), code: "RB-ONBEKEND-TYPE", file: LETTER_4, lineWith: "type: voortgangsraportage", says: "Bedoelde u 'voortgangsrapportage'?" },
  { name: "unknown signatory", mutate: (d) => edit(at(d, LETTER_4), "ondertekenaars: [gemeentesecretaris, burgemeester]", "ondertekenaars: [gemeentesecretaris, wethouder]"), code: "RB-ONBEKENDE-ONDERTEKENAAR", file: LETTER_4, lineWith: "ondertekenaars: [gemeentesecretaris, wethouder]", says: "Ondertekenaar 'wethouder' staat niet bij Gemeente Emmen" },
  { name: "negative count", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: -3542"), code: "RB-NEGATIEF", file: SERIES, lineWith: "2015-08: -3542", says: "Aantal Emmen, 2015-08 is negatief: -3542." },
  { name: "Dutch thousands separator (3.560)", mutate: (d) => edit(at(d, SERIES), "2015-01: 3560", "2015-01: 3.560"), code: "RB-GEEN-GEHEEL-GETAL", file: SERIES, lineWith: "2015-01: 3.560", says: "Schrijf 3560 zonder punt: YAML leest 3.560 als 3,56." },
  { name: "fractional count", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 3542.5"), code: "RB-GEEN-GEHEEL-GETAL", file: SERIES, lineWith: "2015-08: 3542.5", says: "Een aantal is een geheel getal" },
  { name: "count with a comma (text)", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 3,542"), code: "RB-WAARDE", file: SERIES, lineWith: "2015-08: 3,542", says: "Schrijf 3542, zonder punt, komma of spatie." },
  { name: "sent letter with TODO in the text", mutate: (d) => edit(at(d, LETTER_2), "Wij vertrouwen erop", "TODO: slot nakijken. Wij vertrouwen erop"), code: "RB-TODO-IN-VERZONDEN", file: LETTER_2, lineWith: "TODO: slot nakijken", says: "status 'verzonden' maar bevat nog TODO" },
  { name: "sent letter with TODO in the front matter", mutate: (d) => edit(at(d, LETTER_2), "ons_kenmerk: 15.069821", "ons_kenmerk: TODO"), code: "RB-TODO-IN-VERZONDEN", file: LETTER_2, lineWith: "ons_kenmerk: TODO", says: "'ons_kenmerk' is nog TODO" },
  { name: "broken front matter (no closing ---)", mutate: (d) => edit(at(d, LETTER_4), "---\nDeze brief", "Deze brief"), code: "RB-GEEN-FRONT-MATTER", file: LETTER_4, lineWith: "---", says: "De brief begint niet met front matter" },
  { name: "file that is not UTF-8", mutate: (d) => writeFileSync(at(d, LETTER_4), Buffer.concat([readFileSync(at(d, LETTER_4)), Buffer.from([0x0a, 0x47, 0x65, 0xeb, 0x6e, 0x0a])])), code: "RB-CODERING", file: LETTER_4, says: "Het bestand is geen UTF-8-tekst." },
  { name: "empty narrative", mutate: (d) => writeFileSync(at(d, LETTER_4), readFileSync(at(d, LETTER_4), "utf8").replace(/\n---\n[\s\S]*$/, "\n---\n\n")), code: "RB-LEGE-TEKST", file: LETTER_4, says: "De brief heeft geen tekst onder de front matter." },
  { name: "unclosed Nunjucks tag in the narrative", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", "{% if toelichting %}\n\n## Vooruitblik"), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% if toelichting %}", says: "Het blok {% if %} is niet afgesloten." },
  { name: "unknown tag in the narrative", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", '{% grafiek "bijstand-trend" %}\n\n## Vooruitblik'), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% grafiek", says: "Onbekende opdracht {% grafiek %}." },
  { name: "figure placed but not defined", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", '{% figuur "bijstand-taart" %}\n\n## Vooruitblik'), code: "RB-ONBEKENDE-FIGUUR", file: LETTER_4, lineWith: 'figuur "bijstand-taart"', says: "Bedoelde u 'bijstand-tabel'?" },
  { name: "missing include in the narrative", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", '{% include "toelichting.njk" %}\n\n## Vooruitblik'), code: "RB-PAGINA", file: LETTER_4, lineWith: '{% include "toelichting.njk" %}', says: "Het sjabloon 'toelichting.njk' bestaat niet." },
  { name: "missing layout", mutate: (d) => edit(at(d, "data/documentsoorten.yaml"), "layout: memo", "layout: notitie"), code: "RB-LAYOUT-ONTBREEKT", file: "data/documentsoorten.yaml", lineWith: "layout: notitie", says: "templates/layouts/notitie.njk bestaat niet" },
  { name: "colour that is not a colour", mutate: (d) => edit(at(d, ORG), 'primaire_kleur: "#00607a"', "primaire_kleur: blauw"), code: "RB-PATROON", file: ORG, lineWith: "primaire_kleur: blauw", says: "Schrijf een kleur als #RRGGBB" },
  { name: "e-mail address that is not one", mutate: (d) => edit(at(d, LETTER_4), "email: gemeente@emmen.nl", "email: gemeente.emmen.nl"), code: "RB-EMAIL", file: LETTER_4, lineWith: "email: gemeente.emmen.nl", says: "geen geldig e-mailadres" },
  { name: "missing site settings", mutate: (d) => rmSync(at(d, "data/site.yaml")), code: "RB-BESTAND-ONTBREEKT", file: "data/site.yaml", says: "data/site.yaml ontbreekt." },
  {
    name: "50 MB YAML file",
    mutate: (d) => {
      const line = "# opvulling\n".repeat(1024);
      writeFileSync(at(d, "data/reeksen/groot.yaml"), line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    },
    code: "RB-TE-GROOT",
    file: "data/reeksen/groot.yaml",
    says: "Het bestand is 50,0 MB; de grens is 5 MB.",
  },
  {
    // Reading a named pipe would wait for a writer forever: refused before it is read.
    name: "a named pipe instead of a file",
    mutate: (d) => {
      const r = spawnSync("mkfifo", [at(d, "data/reeksen/pijp.yaml")]);
      if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
    },
    code: "RB-GEEN-BESTAND",
    file: "data/reeksen/pijp.yaml",
    says: "Dit is geen gewoon bestand (maar een map, een named pipe of een apparaat)",
  },
];

function runBuild(cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts/cli/build.ts")], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function siteSnapshot(site: string): string {
  return readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => `${f}\n${readFileSync(f, "utf8")}`)
    .join("\n");
}

describe("bad-input corpus", () => {
  it("has at least 25 distinct cases", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.concurrent.each(cases)("$name → $code", async (c) => {
    const dir = copyProject();
    const site = path.join(dir, "_site");
    mkdirSync(path.join(site, "brieven"), { recursive: true });
    writeFileSync(path.join(site, "index.html"), "<p>vorige build</p>");
    writeFileSync(path.join(site, "brieven", "oud.html"), "<p>oude brief</p>");
    writeFileSync(path.join(site, BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text); // a build's folder
    const before = siteSnapshot(site);

    c.mutate(dir);
    const r = await runBuild(dir);

    expect(r.code, r.stdout + r.stderr).toBe(1);
    const output = r.stderr;
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    let where = `${escape(c.file)}(:\\d+:\\d+)?`;
    if (c.lineWith !== undefined) {
      const lines = readFileSync(path.join(dir, c.file), "utf8").split("\n");
      const line = lines.findIndex((l) => l.includes(c.lineWith!)) + 1;
      expect(line, `"${c.lineWith}" not in ${c.file}`).toBeGreaterThan(0);
      where = `${escape(c.file)}:${line}:\\d+`;
    }
    expect(output).toMatch(new RegExp(`^${where}: fout \\[${c.code}\\] `, "m"));
    expect(output).toContain(c.says);
    expect(output).toContain("Er is niets gebouwd.");
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
    expect(siteSnapshot(site)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
