// The bad-input corpus: every kind of mistake a secretariat can make, each run
// through the real `npm run check` and `npm run build` (tests/corpus.ts). Each case
// asserts the specific Dutch message at the same file:line:column in both, exit code
// 1, no stack trace, and an untouched previous _site/.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { at, runCorpusCase, type CorpusCase } from "../corpus.ts";
import { edit, LETTER_2, LETTER_4 } from "../helpers.ts";

const SERIES = "data/reeksen/bijstandsvolume.yaml";
const ORG = "data/organisaties/emmen.yaml";
const SITE = "data/site.yaml";
const TABLE = "data/tabellen/jongerenloket-2006.yaml";
const BUDGET = "data/tabellen/participatiebudget-groningen-2020.yaml";
const NNBSP = "\u202f";

const append = (file: string, text: string) => writeFileSync(file, readFileSync(file, "utf8") + text);

const cases: CorpusCase[] = [
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
  { name: "Dutch thousands separator (3.560)", mutate: (d) => edit(at(d, SERIES), "2015-01: 3560", "2015-01: 3.560"), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: "2015-01: 3.560", column: 16, says: "Schrijf 3560, zonder punt, komma of spatie" },
  { name: "fractional count", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 3542.5"), code: "RB-GEEN-GEHEEL-GETAL", file: SERIES, lineWith: "2015-08: 3542.5", says: "Een aantal is een geheel getal" },
  { name: "count with a comma (text)", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 3,542"), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: "2015-08: 3,542", says: "Schrijf 3542, zonder punt, komma of spatie" },
  { name: "a count that is not a number", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: drie"), code: "RB-WAARDE", file: SERIES, lineWith: "2015-08: drie", says: "moet een getal zijn" },
  // Numbers judged as written (scripts/model/numbers.ts): YAML reads each of these as something else, or as text.
  { name: "3.000 in a series (YAML: 3)", mutate: (d) => edit(at(d, SERIES), "2015-10: { waarde: 3497, illustratief: true }", "2015-10: 3.000"), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: "2015-10: 3.000", column: 16, says: "Schrijf 3000," },
  { name: "433.000 national (YAML: 433)", mutate: (d) => edit(at(d, SERIES), "2015-09: { waarde: 433000, illustratief: true }", "2015-09: { waarde: 433.000, illustratief: true }"), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: "waarde: 433.000", column: 26, says: "Schrijf 433000," },
  { name: "1.000 in a table cell", mutate: (d) => edit(at(d, TABLE), "taakstelling: 575", "taakstelling: 1.000"), code: "RB-DUIZENDTALLEN", file: TABLE, lineWith: "taakstelling: 1.000", column: 43, says: "Taakstelling Preventie heeft een punt tussen de duizendtallen" },
  { name: "target 3.000", mutate: (d) => edit(at(d, SERIES), "waarde: 3340", "waarde: 3.000"), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: "waarde: 3.000", column: 13, says: "Aantal doel 1 heeft een punt" },
  { name: "decimal comma 3,5", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 3,5"), code: "RB-DECIMALE-KOMMA", file: SERIES, lineWith: "2015-08: 3,5", column: 16, says: "heeft een decimale komma: 3,5" },
  { name: "decimal comma in a flow block ({ waarde: 3,5 })", mutate: (d) => edit(at(d, SERIES), "2015-07: { waarde: 3560, illustratief: true }", "2015-07: { waarde: 3,5, illustratief: true }"), code: "RB-DECIMALE-KOMMA", file: SERIES, lineWith: "waarde: 3,5", column: 26, says: "heeft een decimale komma: 3,5" },
  { name: 'quoted number "3000"', mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", '2015-08: "3542"'), code: "RB-GETAL-ALS-TEKST", file: SERIES, lineWith: '2015-08: "3542"', column: 16, says: "Schrijf 3542 zonder aanhalingstekens." },
  { name: "narrow no-break space 3 000", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", `2015-08: 3${NNBSP}542`), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: `2015-08: 3${NNBSP}542`, column: 16, says: "heeft een smalle vaste spatie tussen de duizendtallen" },
  { name: "percent sign 12%", mutate: (d) => edit(at(d, TABLE), "realisatie: 188", "realisatie: 12%"), code: "RB-GETAL-EENHEID", file: TABLE, lineWith: "realisatie: 12%", says: "Schrijf alleen het getal: 12." },
  { name: "euro sign € 1000", mutate: (d) => edit(at(d, BUDGET), "bedrag: 630000", "bedrag: € 630000"), code: "RB-GETAL-EENHEID", file: BUDGET, lineWith: "bedrag: € 630000", says: "Schrijf alleen het getal: 630000." },
  { name: "hexadecimal 0x1F", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 0x1F"), code: "RB-GETAL-NOTATIE", file: SERIES, lineWith: "2015-08: 0x1F", column: 16, says: "hexadecimaal getal: 0x1F (YAML leest dat als 31)" },
  { name: "exponent 1e15 (used to crash the build)", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 1e15"), code: "RB-GETAL-NOTATIE", file: SERIES, lineWith: "2015-08: 1e15", column: 16, says: "met een exponent: 1e15" },
  { name: "count beyond 10^9", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: 3542000000000000"), code: "RB-GETAL-TE-GROOT", file: SERIES, lineWith: "2015-08: 3542000000000000", column: 16, says: "te groot, een aantal ligt tussen 0 en 1.000.000.000" },
  { name: ".inf", mutate: (d) => edit(at(d, SERIES), "2015-08: 3542", "2015-08: .inf"), code: "RB-GETAL-NOTATIE", file: SERIES, lineWith: "2015-08: .inf", says: "betekent in YAML 'oneindig'" },
  { name: "year outside 1800–2200 in a letter", mutate: (d) => edit(at(d, "content/groningen/2018/2018-04-10-jaarverslag-2017-werk-en-inkomen.md"), "jaar: 2017", "jaar: 20017"), code: "RB-GETAL-TE-GROOT", file: "content/groningen/2018/2018-04-10-jaarverslag-2017-werk-en-inkomen.md", lineWith: "jaar: 20017", column: 7, says: "een jaar ligt tussen 1800 en 2200" },
  { name: "sequence number written 4.0", mutate: (d) => edit(at(d, LETTER_4), "volgnummer: 4", "volgnummer: 4.0"), code: "RB-GEEN-GEHEEL-GETAL", file: LETTER_4, lineWith: "volgnummer: 4.0", column: 15, says: "Schrijf 4." },
  {
    name: "alias bomb (billion laughs)",
    mutate: (d) => {
      const level = (name: string, of: string) => `${name}: &${name} [${Array(10).fill(`*${of}`).join(", ")}]\n`;
      const bomb = `lol: &lol lol\n${level("a", "lol")}${level("b", "a")}${level("c", "b")}${level("d", "c")}${level("e", "d")}${level("f", "e")}${level("g", "f")}${level("h", "g")}${level("i", "h")}`;
      writeFileSync(at(d, "data/reeksen/bom.yaml"), bomb);
    },
    code: "RB-YAML-ALIAS",
    file: "data/reeksen/bom.yaml",
    lineWith: "e: &e",
    says: "laat het bestand uitdijen tot meer dan 100.000 herhaalde waarden",
  },
  {
    name: "5,000 levels of nesting",
    mutate: (d) => writeFileSync(at(d, "data/reeksen/diep.yaml"), `titel: Diep\neenheid: x\nregios: ${"[".repeat(5000)}${"]".repeat(5000)}\n`),
    code: "RB-YAML-TE-DIEP",
    file: "data/reeksen/diep.yaml",
    lineWith: "regios: [[[",
    column: 72, // "regios: " then the 64th "[" (the file's own block is level 1)
    says: "meer dan 64 niveaus diep genest",
  },
  {
    name: "5,000 block levels of nesting",
    mutate: (d) => writeFileSync(at(d, "data/reeksen/diep.yaml"), `titel: Diep\neenheid: x\nregios:\n  ${"- ".repeat(5000)}x\n`),
    code: "RB-YAML-TE-DIEP",
    file: "data/reeksen/diep.yaml",
    lineWith: "  - - -",
    column: 129,
    says: "meer dan 64 niveaus diep genest",
  },
  { name: "sent letter with TODO in the text", mutate: (d) => edit(at(d, LETTER_2), "Wij hopen u hiermee", "TODO: slot nakijken. Wij hopen u hiermee"), code: "RB-TODO-IN-VERZONDEN", file: LETTER_2, lineWith: "TODO: slot nakijken", says: "status 'verzonden' maar bevat nog TODO" },
  { name: "sent letter with TODO in the front matter", mutate: (d) => edit(at(d, LETTER_2), "ons_kenmerk: 15.069821", "ons_kenmerk: TODO"), code: "RB-TODO-IN-VERZONDEN", file: LETTER_2, lineWith: "ons_kenmerk: TODO", says: "'ons_kenmerk' is nog TODO" },
  { name: "broken front matter (no closing ---)", mutate: (d) => edit(at(d, LETTER_4), "---\nMet deze 4e", "Met deze 4e"), code: "RB-GEEN-FRONT-MATTER", file: LETTER_4, lineWith: "---", says: "De brief begint niet met front matter" },
  { name: "file that is not UTF-8", mutate: (d) => writeFileSync(at(d, LETTER_4), Buffer.concat([readFileSync(at(d, LETTER_4)), Buffer.from([0x0a, 0x47, 0x65, 0xeb, 0x6e, 0x0a])])), code: "RB-CODERING", file: LETTER_4, says: "Het bestand is geen UTF-8-tekst." },
  { name: "empty narrative", mutate: (d) => writeFileSync(at(d, LETTER_4), readFileSync(at(d, LETTER_4), "utf8").replace(/\n---\n[\s\S]*$/, "\n---\n\n")), code: "RB-LEGE-TEKST", file: LETTER_4, says: "De brief heeft geen tekst onder de front matter." },
  { name: "unclosed Nunjucks tag in the narrative", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", "{% if toelichting %}\n\n## Vooruitblik"), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% if toelichting %}", says: "De opdracht {% if %} kan niet in de tekst" },
  { name: "unknown tag in the narrative", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", '{% grafiek "bijstand-trend" %}\n\n## Vooruitblik'), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% grafiek", says: "Onbekende opdracht {% grafiek %}." },
  { name: "figure placed but not defined", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", '{% figuur "bijstand-taart" %}\n\n## Vooruitblik'), code: "RB-ONBEKENDE-FIGUUR", file: LETTER_4, lineWith: 'figuur "bijstand-taart"', says: "Bedoelde u 'bijstand-tabel'?" },
  { name: "missing include in the narrative", mutate: (d) => edit(at(d, LETTER_4), "## Vooruitblik", '{% include "toelichting.njk" %}\n\n## Vooruitblik'), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: '{% include "toelichting.njk" %}', says: "De opdracht {% include %} kan niet in de tekst" },
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
  // Who the site is from (data/site.yaml, model/site-identity.ts) and what an organisation may be called.
  { name: "a site of three organisations that does not say who publishes it", mutate: (d) => writeFileSync(at(d, SITE), readFileSync(at(d, SITE), "utf8").replace(/^uitgever:\n(?: {2}.*\n)+/m, "")), code: "RB-SITE-UITGEVER", file: SITE, says: "De site heeft 3 organisaties (coevorden, emmen, groningen), maar data/site.yaml zegt niet wie de site uitgeeft." },
  { name: "a site with both a publisher and an organisation", mutate: (d) => append(at(d, SITE), "organisatie: emmen\n"), code: "RB-SITE-UITGEVER", file: SITE, lineWith: "uitgever:", says: "noemt zowel 'organisatie' als 'uitgever'" },
  { name: "the site's organisation mistyped", mutate: (d) => writeFileSync(at(d, SITE), readFileSync(at(d, SITE), "utf8").replace(/^uitgever:\n(?: {2}.*\n)+/m, "organisatie: emen\n")), code: "RB-ONBEKENDE-ORGANISATIE", file: SITE, lineWith: "organisatie: emen", says: "Bedoelde u 'emmen'?" },
  { name: "an organisation file whose name cannot be an address", mutate: (d) => writeFileSync(at(d, "data/organisaties/Emmen Oost.yaml"), readFileSync(at(d, ORG))), code: "RB-ORGANISATIE-NAAM", file: "data/organisaties/Emmen Oost.yaml", says: "De bestandsnaam 'Emmen Oost' kan geen organisatie zijn" },
  { name: "an organisation named like a folder of the site", mutate: (d) => writeFileSync(at(d, "data/organisaties/brieven.yaml"), readFileSync(at(d, ORG))), code: "RB-ORGANISATIE-NAAM", file: "data/organisaties/brieven.yaml", says: "De naam 'brieven' is een map van de site zelf (/brieven/)" },
  // Where `npm run import` takes a series' figures from.
  { name: "a region's CBS code without the series' block", mutate: (d) => edit(at(d, SERIES), "cbs:\n  tabel: 82015NED\n  kolom: Bijstandsuitkeringen_1\n  filters: { Uitkeringsgrondslag: T001093 }\n", ""), code: "RB-KOPPELING", file: SERIES, lineWith: "    cbs: GM0114", column: 10, says: "Regio 'emmen' heeft 'cbs: GM0114', maar de reeks heeft geen 'cbs'-blok met tabel en kolom." },
  { name: "a factor with a thousands point (YAML: 1)", mutate: (d) => edit(at(d, SERIES), "factor: 1000", "factor: 1.000"), code: "RB-DUIZENDTALLEN", file: SERIES, lineWith: "factor: 1.000", says: "De factor van 'cbs' bij Nederland heeft een punt tussen de duizendtallen: 1.000. YAML leest dat als 1." },
  { name: "a region code in lower case", mutate: (d) => edit(at(d, SERIES), "cbs: GM0114", "cbs: gm0114"), code: "RB-TYPE", file: SERIES, lineWith: "cbs: gm0114", says: "moet een CBS-regiocode zijn (zoals GM0114 of NL01)" },
  { name: "a CBS status that does not exist", mutate: (d) => edit(at(d, SERIES), "2015-10: { waarde: 3497, illustratief: true }", "2015-10: { waarde: 3497, status: voorlopg, opgehaald: 2015-11-20 }"), code: "RB-WAARDE", file: SERIES, lineWith: "status: voorlopg", says: "of 'status' en 'opgehaald'" },
];

describe("bad-input corpus", () => {
  it("has at least 45 distinct cases", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.concurrent.each(cases.filter((c) => !c.knownDefect))("$name → $code", runCorpusCase);
  // Each of these fails today for the reason in `knownDefect`; fixing it makes this red: then drop the field.
  it.concurrent.fails.each(cases.filter((c) => c.knownDefect))("KNOWN DEFECT: $name → $code", runCorpusCase);
});
