// The archive: archival PDFs, MDTO sidecars, publishing that freezes, frozen
// letters that stay frozen, tampering caught, errata linked, reproducible builds.
// The PDF checks run on PDFs printed in this test run (tests/pdfa.ts); the committed
// archive is checked as what it is: files that must not change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readMdtoSchema, validateSidecars } from "../../scripts/archive/mdto-validate.ts";
import { copyProject, edit, LETTER_2, LETTER_4, ROOT, run, runCli, sha256 as sha, tree } from "../helpers.ts";
import { archivalProblems } from "../pdfa.ts";

const ARCHIVED_2 = "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan/2e-voortgangsrapportage-investeringsplan";
const ARCHIVED_4 = "archive/emmen/2015/4e-voortgangsrapportage-investeringsplan/4e-voortgangsrapportage-investeringsplan";
const LETTER_3 = "content/emmen/2015/2015-10-27-3e-voortgangsrapportage-investeringsplan.md";
const URL_2 = "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/";
const URL_4 = "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/";
const SUBJECT_4 = "4e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid";

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
const project = () => {
  const d = copyProject();
  temps.push(d);
  return d;
};

function build(dir: string, args: string[] = []) {
  const parent = mkdtempSync(path.join(tmpdir(), "raadsbrief-archief-"));
  temps.push(parent);
  const out = path.join(parent, "_site");
  const timings = path.join(parent, "tijden.json");
  const r = runCli("scripts/cli/build.ts", ["--uit", out, "--tijden", timings, ...args], dir);
  const stats = existsSync(timings) ? (JSON.parse(readFileSync(timings, "utf8")) as { pdfStats?: { printed: number; fromCache: number } }).pdfStats : undefined;
  return { ...r, out, stats };
}

/** Each document against the project's MDTO-XML 1.0.2 schema; libxml2's messages for those it rejects. */
async function schemaErrors(files: string[]): Promise<string[]> {
  const verdicts = await validateSidecars(files.map((f) => ({ name: path.basename(f), xml: readFileSync(f, "utf8") })), readMdtoSchema());
  expect(verdicts).toHaveLength(files.length);
  return verdicts.flatMap((v) => v.errors);
}

/** Every file under content/, data/ and archive/ with its hash: what publishing may change. */
const inputs = (dir: string) => new Map(["content", "data", "archive"].flatMap((sub) => [...tree(path.join(dir, sub))].map(([f, h]) => [`${sub}/${f}`, h])));

describe("publishing the November letter (printed in this run)", () => {
  let dir: string;
  let first: ReturnType<typeof runCli>;
  let pdf: string;

  beforeAll(() => {
    dir = project();
    first = runCli("scripts/cli/publish.ts", [LETTER_4], dir);
    pdf = path.join(dir, `${ARCHIVED_4}.pdf`);
  });

  it("sets status verzonden, freezes the figures and archives PDF, sidecars and manifest entry", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Gearchiveerd: ${ARCHIVED_4}.pdf`);
    expect(readFileSync(path.join(dir, LETTER_4), "utf8")).toMatch(/^status: verzonden$/m);
    const frozen = readFileSync(path.join(dir, LETTER_4.replace(/\.md$/, ".cijfers.yaml")), "utf8");
    expect(frozen).toContain("bevroren_op: 2015-11-24");
    expect(frozen).toContain("2015-10:");
    expect(frozen).not.toContain("2014-12:"); // only what the letter's figures use (from January 2015)
    for (const suffix of [".pdf", ".mdto.xml", ".pdf.mdto.xml"]) expect(existsSync(path.join(dir, ARCHIVED_4 + suffix))).toBe(true);
    // The page's article with its stylesheet and logo, beside the PDF (scripts/archive/article.ts).
    const folder = path.dirname(ARCHIVED_4);
    for (const f of ["artikel.html", "opmaak.css", "bestanden/logo/emmen.svg"]) expect(first.stdout).toContain(`Gearchiveerd: ${folder}/${f}`);
    const manifest = JSON.parse(readFileSync(path.join(dir, "archive/manifest.json"), "utf8"));
    expect(Object.keys(manifest.brieven)).toEqual([LETTER_2, LETTER_3, LETTER_4]);
    expect(manifest.brieven[LETTER_4].bestanden.map((f: { rol: string }) => f.rol)).toEqual(["brief", "cijfers", "pdf", "mdto-informatieobject", "mdto-bestand", "artikel", "opmaak", "bestand"]);
    for (const f of manifest.brieven[LETTER_4].bestanden) {
      const bytes = readFileSync(path.join(dir, f.pad));
      expect([f.pad, bytes.length, sha(bytes)]).toEqual([f.pad, f.bytes, f.sha256]);
    }
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain("Alles in orde");
  });

  it("prints a PDF 1.7 that is tagged and passes qpdf --check", () => {
    expect(readFileSync(pdf).subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
    const info = run("pdfinfo", [pdf]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
    expect(info).toMatch(/^CreationDate:\s+Tue Nov 24 11:00:00 2015 UTC$/m);
    const check = spawnSync("qpdf", ["--check", pdf], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("No syntax or stream encoding errors found");
  });

  it("prints an archival PDF/A-2B: XMP, sRGB output intent, fonts, /Lang, structure, nothing active", () => {
    expect(archivalProblems(pdf, { title: SUBJECT_4, author: "Gemeente Emmen" })).toEqual([]);
    const xmp = run("pdfinfo", ["-meta", pdf]);
    expect(xmp).toContain("<dc:language><rdf:Bag><rdf:li>nl-NL</rdf:li></rdf:Bag></dc:language>");
    expect(xmp).toContain("<xmp:CreateDate>2015-11-24T12:00:00+01:00</xmp:CreateDate>");
  });

  it("passes veraPDF where it is installed", () => {
    const which = spawnSync("sh", ["-c", "command -v verapdf"], { encoding: "utf8" });
    // Not installable here; archivalProblems (above) checks the same rules structurally without it.
    if (which.status !== 0) return;
    const r = spawnSync("verapdf", ["--flavour", "2b", "--format", "text", pdf], { encoding: "utf8" });
    expect(r.stdout).toMatch(/^PASS /m);
  });

  it("writes sidecars that the MDTO schema accepts and that describe this PDF exactly", async () => {
    expect(await schemaErrors([`${ARCHIVED_4}.mdto.xml`, `${ARCHIVED_4}.pdf.mdto.xml`].map((f) => path.join(dir, f)))).toEqual([]);
    const bytes = readFileSync(pdf);
    const bestand = readFileSync(path.join(dir, `${ARCHIVED_4}.pdf.mdto.xml`), "utf8");
    expect(bestand).toContain(`<omvang>${bytes.length}</omvang>`);
    expect(bestand).toContain(`<checksumWaarde>${sha(bytes)}</checksumWaarde>`);
    expect(bestand).toContain("<begripCode>fmt/477</begripCode>");
    expect(bestand).toMatch(/<isRepresentatieVan>[\s\S]*<identificatieKenmerk>15\.079952<\/identificatieKenmerk>[\s\S]*<\/isRepresentatieVan>/);
  });

  it("refuses to publish the same letter again, changing nothing", () => {
    const before = inputs(dir);
    const again = runCli("scripts/cli/publish.ts", [LETTER_4], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Fout: ${LETTER_4} is al gepubliceerd op 2015-11-24; het archief wordt nooit overschreven.`);
    expect(inputs(dir)).toEqual(before);
  });
});

describe("publishing refuses, changing nothing", () => {
  it("a letter that is not ready (TODO left): the changes it made are undone", () => {
    const d = project();
    edit(path.join(d, LETTER_4), "## Vooruitblik", "## Vooruitblik\n\nTODO: cijfers nalopen.");
    const before = inputs(d);
    const r = runCli("scripts/cli/publish.ts", [LETTER_4], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[RB-TODO-IN-VERZONDEN]");
    expect(inputs(d)).toEqual(before);
  });

  it("a letter whose ons kenmerk another letter has", () => {
    const d = project();
    edit(path.join(d, LETTER_4), "ons_kenmerk: 15.079952", "ons_kenmerk: 15.069821");
    const before = inputs(d);
    const r = runCli("scripts/cli/publish.ts", [LETTER_4], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${LETTER_4}:10:14: fout \\[RB-DUBBEL-KENMERK\\] Ons kenmerk '15\\.069821' staat ook in ${LETTER_2}`, "m"));
    expect(inputs(d)).toEqual(before);
  });
});

describe("publishing a letter that was marked verzonden by hand", () => {
  it("is what check asks for, and then check passes", () => {
    const d = project();
    edit(path.join(d, LETTER_4), "status: concept", "status: verzonden");
    const check = runCli("scripts/cli/check.ts", [], d);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`[RB-NIET-GEPUBLICEERD]`);
    expect(check.stdout).toContain(`npm run publish -- ${LETTER_4}`);
    const r = runCli("scripts/cli/publish.ts", [LETTER_4], d);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("Status verzonden:"); // it already was
    expect(r.stdout).toContain(`Gearchiveerd: ${ARCHIVED_4}.pdf`);
    expect(runCli("scripts/cli/check.ts", [], d).code).toBe(0);
  });
});

describe("MDTO validation in publish: all or nothing", () => {
  /** publishLetter with another schema, from the sources under tsx (the plain path). */
  function publishWithSchema(d: string, schema: string) {
    const scratch = mkdtempSync(path.join(tmpdir(), "raadsbrief-schema-"));
    temps.push(scratch);
    writeFileSync(path.join(scratch, "schema.xsd"), schema);
    const api = new URL("../../scripts/archive/publish.ts", import.meta.url).href;
    writeFileSync(
      path.join(scratch, "publiceer.mts"),
      `import { readFileSync } from "node:fs";\nimport { publishLetter } from ${JSON.stringify(api)};\n` +
        `try { await publishLetter(process.cwd(), ${JSON.stringify(LETTER_4)}, (l) => console.log(l), { mdtoSchema: readFileSync(${JSON.stringify(path.join(scratch, "schema.xsd"))}, "utf8") }); }\n` +
        `catch (e) { console.error(e.message); process.exitCode = 1; }\n`,
    );
    return spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(scratch, "publiceer.mts")], { cwd: d, encoding: "utf8" });
  }
  const schema = readMdtoSchema();

  it("a sidecar the schema rejects from the letter's data alone stops publish before anything is written", () => {
    const d = project();
    // This schema requires a trefwoord, which our informatieobject does not have.
    const strict = schema.replace('name="trefwoord" type="xsd:string" minOccurs="0"', 'name="trefwoord" type="xsd:string" minOccurs="1"');
    expect(strict).not.toBe(schema);
    const before = inputs(d);
    const r = publishWithSchema(d, strict);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain("De MDTO-gegevens voldoen niet aan het MDTO-XML 1.0.2-schema");
    expect(r.stderr).toContain("4e-voortgangsrapportage-investeringsplan.mdto.xml:");
    expect(r.stderr).toContain("This element is not expected. Expected is one of ( {https://www.nationaalarchief.nl/mdto}classificatie, {https://www.nationaalarchief.nl/mdto}trefwoord ).");
    expect(r.stdout).not.toContain("Status verzonden"); // refused before the first write
    expect(inputs(d)).toEqual(before);
  });

  it("a sidecar the schema rejects once the PDF is printed: letter, figures, archive/ and manifest are as they were", () => {
    const d = project();
    // Accepts the size 0 the first check uses, rejects the printed PDF's real size.
    const strict = schema.replace('name="omvang" type="xsd:nonNegativeInteger"', 'name="omvang" type="xsd:nonPositiveInteger"');
    expect(strict).not.toBe(schema);
    const before = inputs(d);
    const r = publishWithSchema(d, strict);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("Cijfers bevroren"); // it got as far as writing the letter
    expect(r.stderr).toMatch(/4e-voortgangsrapportage-investeringsplan\.pdf\.mdto\.xml:\d+: Schemas validity error : Element '\{https:\/\/www\.nationaalarchief\.nl\/mdto\}omvang': '\d+' is not a valid value of the atomic type 'xs:nonPositiveInteger'/);
    expect(inputs(d)).toEqual(before);
    expect(readdirSync(path.join(d, "archive/emmen/2015"))).toEqual(["2e-voortgangsrapportage-investeringsplan", "3e-voortgangsrapportage-investeringsplan"]);
  });
});

describe("the committed archive", () => {
  const sidecars = readdirSync(path.join(ROOT, "archive"), { recursive: true }).map(String).filter((f) => f.endsWith(".mdto.xml"));

  it("has sidecars for every published letter that the MDTO schema accepts", async () => {
    expect(sidecars.length).toBe(4);
    expect(await schemaErrors(sidecars.map((f) => path.join(ROOT, "archive", f)))).toEqual([]);
  });

  it("lists every archived file in the manifest with its size and hash", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "archive/manifest.json"), "utf8"));
    const entry = manifest.brieven[LETTER_2];
    expect(entry.kenmerk).toBe("15.069821");
    for (const f of entry.bestanden) {
      const bytes = readFileSync(path.join(ROOT, f.pad));
      expect([f.pad, bytes.length, sha(bytes)]).toEqual([f.pad, f.bytes, f.sha256]);
    }
    expect(entry.bestanden.map((f: { rol: string }) => f.rol)).toEqual(["brief", "cijfers", "pdf", "mdto-informatieobject", "mdto-bestand", "artikel", "opmaak", "bestand"]);
    const bestand = readFileSync(path.join(ROOT, `${ARCHIVED_2}.pdf.mdto.xml`), "utf8");
    const pdf = readFileSync(path.join(ROOT, `${ARCHIVED_2}.pdf`));
    expect(bestand).toContain(`<checksumWaarde>${sha(pdf)}</checksumWaarde>`);
  });

  it("holds archival PDFs (printed when they were published; the checks above run on a fresh print)", () => {
    expect(archivalProblems(path.join(ROOT, `${ARCHIVED_2}.pdf`), { title: "2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid", author: "Gemeente Emmen" })).toEqual([]);
  });
});

describe("frozen means frozen", () => {
  let baseline: ReturnType<typeof build>;
  let revised: ReturnType<typeof build>;
  let dir: string;

  beforeAll(() => {
    dir = project();
    baseline = build(dir, ["--met-concepten"]);
    // CBS revises June and Emmen corrects August; the November concept follows data/.
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-06: 429000", "2015-06: 429800");
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-08: 3542", "2015-08: 3547");
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-10: { waarde: 3497", "2015-10: { waarde: 3488");
    revised = build(dir, ["--met-concepten"]);
  });

  it("leaves a published letter's page, PDF and figures unchanged", () => {
    expect(baseline.code, baseline.stderr).toBe(0);
    expect(revised.code, revised.stderr).toBe(0);
    const page = (b: { out: string }) => readFileSync(path.join(b.out, URL_2, "index.html"), "utf8");
    expect(page(revised)).toBe(page(baseline));
    expect(page(revised)).toContain("429.000");
    expect(page(revised)).not.toContain("429.800");
    const pdf = readFileSync(path.join(revised.out, URL_2, "2e-voortgangsrapportage-investeringsplan.pdf"));
    expect(sha(pdf)).toBe(sha(readFileSync(path.join(ROOT, `${ARCHIVED_2}.pdf`))));
  });

  it("while the concept letter shows the revised figure", () => {
    expect(readFileSync(path.join(revised.out, URL_4, "index.html"), "utf8")).toContain("3.488");
  });
});

describe("tampering with the archive is caught by every build", () => {
  it("an edited published letter stops the build, naming the file", () => {
    const dir = project();
    edit(path.join(dir, LETTER_2), "Wij hopen u hiermee", "Wij vertrouwen u hiermee");
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${LETTER_2}: fout [RB-ARCHIEF-GEWIJZIGD] Dit bestand hoort bij de gepubliceerde brief ${LETTER_2} (kenmerk 15.069821)`);
  });

  it("a changed archived PDF stops the build", () => {
    const dir = project();
    const file = path.join(dir, `${ARCHIVED_2}.pdf`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(file, bytes);
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${ARCHIVED_2}.pdf: fout [RB-ARCHIEF-GEWIJZIGD]`);
  });
});

describe("an erratum", () => {
  it("names the letter it corrects, and both pages link to each other", () => {
    const dir = project();
    const erratum = "content/emmen/2015/2015-10-02-erratum-2e-voortgangsrapportage.md";
    const text = readFileSync(path.join(dir, LETTER_4), "utf8")
      .replace("datum: 2015-11-24", "datum: 2015-10-02")
      .replace("peildatum: 2015-10-31", "peildatum: 2015-08-31")
      .replace(/^onderwerp: .*$/m, "onderwerp: Erratum 2e Voortgangsrapportage Investeringsplan\ncorrigeert: 15.069821")
      .replace("ons_kenmerk: 15.079952", "ons_kenmerk: 15.071002") // an erratum has its own kenmerk
      .replace("volgnummer: 4", "volgnummer: 2");
    writeFileSync(path.join(dir, erratum), text);
    // The erratum is still a concept: the preview (and --met-concepten) shows both links.
    const r = build(dir, ["--zonder-pdf", "--met-concepten"]);
    expect(r.code, r.stderr).toBe(0);
    const errPage = readFileSync(path.join(r.out, "/emmen/2015/10/erratum-2e-voortgangsrapportage/index.html"), "utf8");
    expect(errPage).toMatch(/<strong>Erratum:<\/strong> deze brief corrigeert <a [^>]*href="\/emmen\/2015\/09\/2e-voortgangsrapportage-investeringsplan\/"/);
    const original = readFileSync(path.join(r.out, URL_2, "index.html"), "utf8");
    expect(original).toMatch(/<strong>Gecorrigeerd:<\/strong> op deze brief is een erratum verschenen: <a [^>]*href="\/emmen\/2015\/10\/erratum-2e-voortgangsrapportage\/"/);
    // The notice is about the letter, not in it: outside its article, which is the archived one, byte for byte.
    const article = original.slice(original.indexOf('<article class="brief"'), original.indexOf("</article>") + "</article>".length);
    expect(article).toBe(readFileSync(path.join(dir, path.dirname(ARCHIVED_2), "artikel.html"), "utf8"));
    expect(original.indexOf("<strong>Gecorrigeerd:</strong>")).toBeLessThan(original.indexOf('<article class="brief"'));

    // The public site: the published letter does not point at an erratum that has not been sent.
    const publicSite = build(dir, ["--zonder-pdf"]);
    expect(publicSite.code, publicSite.stderr).toBe(0);
    const publicPage = readFileSync(path.join(publicSite.out, URL_2, "index.html"), "utf8");
    expect(publicPage).not.toContain("Gecorrigeerd");
    expect(publicPage).not.toContain("erratum-2e-voortgangsrapportage");
    expect(existsSync(path.join(publicSite.out, "/emmen/2015/10/erratum-2e-voortgangsrapportage/"))).toBe(false);
  });

  it("is scaffolded by npm run new for any published letter: a text correction when no figure was revised, and it passes check", () => {
    const dir = project();
    const r = runCli("scripts/cli/new.ts", ["erratum", LETTER_2, "--datum", "2015-10-02"], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = "content/emmen/2015/2015-10-02-erratum-2e-voortgangsrapportage-investeringsplan.md";
    const text = readFileSync(path.join(dir, file), "utf8");
    expect(text).toContain('\ncorrigeert: "15.069821"\n');
    expect(text).toContain("In onze brief van 29 september 2015 (kenmerk 15.069821) over „2e Voortgangsrapportage");
    expect(text).toContain("TODO: schrijf wat er in de brief stond en wat het moet zijn.");
    expect(text).not.toContain("figuren:");
    // A concept with TODO in its reference block: a warning, not an error.
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.code, check.stdout).toBe(0);
    // A concept cannot be corrected by an erratum.
    const refused = runCli("scripts/cli/new.ts", ["erratum", LETTER_4], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain("is niet gepubliceerd");
  });

  it("must correct a letter that exists", () => {
    const dir = project();
    edit(path.join(dir, LETTER_4), "status: concept", "status: concept\ncorrigeert: 15.999999");
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[RB-ONBEKENDE-BRIEF\] Deze brief corrigeert kenmerk '15\.999999'/);
  });
});

describe("reproducible builds", () => {
  it("two builds of the same input, each printing every PDF afresh, give byte-identical sites", () => {
    const dir = project();
    const a = build(dir, ["--met-concepten"]);
    // Without the cache the second build prints every letter again instead of reusing the first's PDFs.
    rmSync(path.join(dir, ".cache"), { recursive: true, force: true });
    const b = build(dir, ["--met-concepten"]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // Eight letters: two published (their archived PDFs are copied), six printed by each build.
    expect(a.stats).toMatchObject({ printed: 6, fromCache: 0 });
    expect(b.stats).toMatchObject({ printed: 6, fromCache: 0 });
    const ta = tree(a.out);
    const tb = tree(b.out);
    expect([...ta.keys()].filter((f) => /\.(html|pdf|csv|json|xml|css)$/.test(f)).length).toBeGreaterThan(20);
    expect(tb).toEqual(ta);
  });
});

describe("a letter published before articles were archived", () => {
  const FOLDER_2 = path.dirname(ARCHIVED_2);
  /** A copy where the 2e letter's article, stylesheet and logo were never archived. */
  function beforeArticles(): string {
    const dir = project();
    const manifestFile = path.join(dir, "archive/manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    const entry = manifest.brieven[LETTER_2];
    entry.bestanden = entry.bestanden.filter((f: { rol: string }) => !["artikel", "opmaak", "bestand"].includes(f.rol));
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const f of ["artikel.html", "opmaak.css", "bestanden"]) rmSync(path.join(dir, FOLDER_2, f), { recursive: true });
    return dir;
  }

  it("is a warning in check and build, naming the one-time command", () => {
    const dir = beforeArticles();
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`^${LETTER_2}:20:9: waarschuwing \\[RB-ARCHIEF-ZONDER-ARTIKEL\\] Deze brief is gepubliceerd op 2015-09-29 \\(kenmerk 15\\.069821\\), maar zijn webpagina is niet gearchiveerd`, "m"));
    expect(check.stdout).toContain(`→ Archiveer de pagina eenmalig met \`npm run publish -- --artikel ${LETTER_2}\``);
    expect(check.stdout).not.toContain(`${LETTER_3}:20:9: waarschuwing`);
    // Until then its page is made from today's templates and data, as before.
    edit(path.join(dir, "data/organisaties/emmen.yaml"), "naam: C. Bijl", "naam: A. van Nieuwenhuizen");
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("[RB-ARCHIEF-ZONDER-ARTIKEL]");
    expect(readFileSync(path.join(r.out, URL_2, "index.html"), "utf8")).toContain("A. van Nieuwenhuizen");
  });

  it("`npm run publish -- --artikel` adds exactly the committed article, stylesheet and logo; nothing archived changes", () => {
    const dir = beforeArticles();
    const before = inputs(dir);
    const r = runCli("scripts/cli/publish.ts", ["--artikel", LETTER_2], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Webpagina gearchiveerd: ${LETTER_2} (kenmerk 15.069821).`);
    const now = inputs(dir);
    // Every file that was there is unchanged (PDF, sidecars, letter, figures), but the manifest.
    for (const [f, h] of before) if (f !== "archive/manifest.json") expect(now.get(f), f).toBe(h);
    const added = [...now.keys()].filter((f) => !before.has(f)).sort();
    expect(added).toEqual([`${FOLDER_2}/artikel.html`, `${FOLDER_2}/bestanden/logo/emmen.svg`, `${FOLDER_2}/opmaak.css`]);
    // Reproducible: the same bytes as the committed archive, the manifest included.
    for (const f of [...added, "archive/manifest.json"]) expect(now.get(f), f).toBe(sha(readFileSync(path.join(ROOT, f))));
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.stdout).toContain("Alles in orde");
  });

  it("is refused for a letter whose article is archived, and for a concept, changing nothing", () => {
    const dir = project();
    const before = inputs(dir);
    const again = runCli("scripts/cli/publish.ts", ["--artikel", LETTER_2], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Fout: De webpagina van ${LETTER_2} is al gearchiveerd (${FOLDER_2}/artikel.html); het archief wordt nooit overschreven.`);
    const concept = runCli("scripts/cli/publish.ts", ["--artikel", LETTER_4], dir);
    expect(concept.code).toBe(1);
    expect(concept.stderr).toContain(`Fout: ${LETTER_4} is niet gepubliceerd.`);
    expect(inputs(dir)).toEqual(before);
  });
});
