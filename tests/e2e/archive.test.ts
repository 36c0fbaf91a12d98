// The archive: archival PDFs, MDTO sidecars, publishing that freezes, frozen
// letters that stay frozen, tampering caught, errata linked, reproducible builds.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { copyProject, edit, LETTER_2, LETTER_4, ROOT, run, runCli, sha256 as sha, tree } from "../helpers.ts";

const SCHEMA = path.resolve(ROOT, "../shared/mdto/MDTO-XML1.0.2.xsd");
const ARCHIVED_2 = "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan/2e-voortgangsrapportage-investeringsplan";
const URL_2 = "/brieven/2015/09/2e-voortgangsrapportage-investeringsplan/";
const URL_4 = "/brieven/2015/11/4e-voortgangsrapportage-investeringsplan/";


function build(dir: string, args: string[] = []) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-archief-")), "_site");
  const r = runCli("scripts/cli/build.ts", ["--uit", out, ...args], dir);
  return { ...r, out };
}

describe("the archived PDF of the 29 September 2015 letter", () => {
  const pdf = path.join(ROOT, `${ARCHIVED_2}.pdf`);
  const catalog = () => {
    const root = run("qpdf", ["--show-object=trailer", pdf]).match(/\/Root (\d+) 0 R/)![1];
    return run("qpdf", [`--show-object=${root}`, pdf]);
  };

  it("is PDF 1.7, tagged, and passes qpdf --check", () => {
    expect(readFileSync(pdf).subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
    const info = run("pdfinfo", [pdf]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^PDF version:\s+1\.7$/m);
    expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
    const check = spawnSync("qpdf", ["--check", pdf], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("No syntax or stream encoding errors found");
  });

  it("has XMP metadata claiming PDF/A-2B, matching the document information", () => {
    const xmp = run("pdfinfo", ["-meta", pdf]);
    expect(xmp).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(xmp).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid</rdf:li></rdf:Alt></dc:title>');
    expect(xmp).toContain("<dc:creator><rdf:Seq><rdf:li>Gemeente Emmen</rdf:li></rdf:Seq></dc:creator>");
    expect(xmp).toContain("<dc:language><rdf:Bag><rdf:li>nl-NL</rdf:li></rdf:Bag></dc:language>");
    expect(xmp).toContain("<xmp:CreateDate>2015-09-29T12:00:00+02:00</xmp:CreateDate>");
    expect(spawnSync("xmllint", ["--noout", "-"], { input: xmp }).status).toBe(0);
    expect(run("pdfinfo", [pdf])).toMatch(/^CreationDate:\s+Tue Sep 29 10:00:00 2015 UTC$/m);
  });

  it("has /Lang, DisplayDocTitle and an sRGB output intent", () => {
    const cat = catalog();
    expect(cat).toContain("/Lang (nl-NL)");
    expect(cat).toMatch(/\/DisplayDocTitle true/);
    const intent = cat.match(/\/OutputIntents \[ << (.*?) >> \]/)?.[1] ?? "";
    expect(intent).toContain("/S /GTS_PDFA1");
    expect(intent).toContain("/Type /OutputIntent");
    expect(intent).toContain("/OutputConditionIdentifier (sRGB IEC61966-2.1)");
    const profile = intent.match(/\/DestOutputProfile (\d+) 0 R/)?.[1];
    expect(run("qpdf", [`--show-object=${profile}`, pdf])).toMatch(/\/N 3\b/);
    const icc = run("qpdf", [`--show-object=${profile}`, "--filtered-stream-data", pdf]);
    expect(icc.slice(36, 40)).toBe("acsp"); // an ICC profile's signature
  });

  it("has no JavaScript, encryption or external references", () => {
    const json = run("qpdf", ["--json=2", "--json-key=qpdf", pdf]);
    for (const key of ["/JavaScript", "/JS", "/Encrypt", "/Launch", "/GoToR", "/EmbeddedFile", "/RichMedia"]) {
      expect(json, key).not.toContain(`"${key}"`);
    }
    expect(run("pdfinfo", [pdf])).toMatch(/^Encrypted:\s+no$/m);
    expect(run("pdfinfo", [pdf])).toMatch(/^JavaScript:\s+no$/m);
  });

  it("embeds every font", () => {
    for (const row of run("pdffonts", [pdf]).trim().split("\n").slice(2)) expect(row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
  });

  it("passes veraPDF where it is installed", () => {
    const which = spawnSync("sh", ["-c", "command -v verapdf"], { encoding: "utf8" });
    if (which.status !== 0) return; // not installable here; the checks above stand in for it
    const r = spawnSync("verapdf", ["--flavour", "2b", "--format", "text", pdf], { encoding: "utf8" });
    expect(r.stdout).toMatch(/^PASS /m);
  });
});

describe("the MDTO sidecars in archive/", () => {
  const files = readdirSync(path.join(ROOT, "archive"), { recursive: true }).map(String).filter((f) => f.endsWith(".mdto.xml"));

  it("exist for every published letter and validate against MDTO 1.0.2", () => {
    expect(files.length).toBe(4);
    for (const f of files) {
      const r = spawnSync("xmllint", ["--noout", "--schema", SCHEMA, path.join(ROOT, "archive", f)], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it("describe the PDF exactly: size, SHA-256, PRONOM PDF/A-2b, and the record it represents", () => {
    const pdf = readFileSync(path.join(ROOT, `${ARCHIVED_2}.pdf`));
    const bestand = readFileSync(path.join(ROOT, `${ARCHIVED_2}.pdf.mdto.xml`), "utf8");
    expect(bestand).toContain(`<omvang>${pdf.length}</omvang>`);
    expect(bestand).toContain(`<checksumWaarde>${sha(pdf)}</checksumWaarde>`);
    expect(bestand).toContain("<begripCode>fmt/477</begripCode>");
    expect(bestand).toMatch(/<isRepresentatieVan>[\s\S]*<identificatieKenmerk>15\.069821<\/identificatieKenmerk>[\s\S]*<\/isRepresentatieVan>/);
    const io = readFileSync(path.join(ROOT, `${ARCHIVED_2}.mdto.xml`), "utf8");
    expect(io).toContain("<identificatieKenmerk>15.069821</identificatieKenmerk>");
    expect(io).toContain("<naam>2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid</naam>");
    expect(io).toContain("<identificatieKenmerk>gm0114</identificatieKenmerk>");
    expect(io).toContain("<taal>nl</taal>");
  });

  it("are listed in the manifest with their sizes and hashes", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "archive/manifest.json"), "utf8"));
    const entry = manifest.brieven[LETTER_2];
    expect(entry.kenmerk).toBe("15.069821");
    for (const f of entry.bestanden) {
      const bytes = readFileSync(path.join(ROOT, f.pad));
      expect([f.pad, bytes.length, sha(bytes)]).toEqual([f.pad, f.bytes, f.sha256]);
    }
    expect(entry.bestanden.map((f: { rol: string }) => f.rol)).toEqual(["brief", "cijfers", "pdf", "mdto-informatieobject", "mdto-bestand"]);
  });
});

describe("publishing", () => {
  const dir = copyProject();
  const first = runCli("scripts/cli/publish.ts", [LETTER_4], dir);

  it("sets status verzonden, freezes the figures and archives PDF, sidecars and manifest entry", () => {
    expect(first.code, first.stderr).toBe(0);
    const archived = "archive/emmen/2015/4e-voortgangsrapportage-investeringsplan/4e-voortgangsrapportage-investeringsplan";
    expect(first.stdout).toContain(`Gearchiveerd: ${archived}.pdf`);
    expect(readFileSync(path.join(dir, LETTER_4), "utf8")).toMatch(/^status: verzonden$/m);
    const frozen = readFileSync(path.join(dir, LETTER_4.replace(/\.md$/, ".cijfers.yaml")), "utf8");
    expect(frozen).toContain("bevroren_op: 2015-11-24");
    expect(frozen).toContain("2015-10:");
    expect(frozen).not.toContain("2014-12:"); // only what the letter's figures use (from January 2015)
    for (const suffix of [".pdf", ".mdto.xml", ".pdf.mdto.xml"]) expect(existsSync(path.join(dir, archived + suffix))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(dir, "archive/manifest.json"), "utf8"));
    expect(Object.keys(manifest.brieven)).toEqual([LETTER_2, "content/emmen/2015/2015-10-27-3e-voortgangsrapportage-investeringsplan.md", LETTER_4]);
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).not.toContain("RB-NIET-GEPUBLICEERD");
  });

  it("refuses to publish the same letter again, changing nothing", () => {
    const before = tree(path.join(dir, "archive"));
    const again = runCli("scripts/cli/publish.ts", [LETTER_4], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Fout: ${LETTER_4} is al gepubliceerd op 2015-11-24; het archief wordt nooit overschreven.`);
    expect(tree(path.join(dir, "archive"))).toEqual(before);
  });

  it("publishes nothing when the letter is not ready (TODO left), and undoes its changes", () => {
    const d = copyProject();
    edit(path.join(d, LETTER_4), "## Vooruitblik", "## Vooruitblik\n\nTODO: cijfers nalopen.");
    const before = readFileSync(path.join(d, LETTER_4), "utf8");
    const r = runCli("scripts/cli/publish.ts", [LETTER_4], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[RB-TODO-IN-VERZONDEN]");
    expect(readFileSync(path.join(d, LETTER_4), "utf8")).toBe(before);
    expect(existsSync(path.join(d, LETTER_4.replace(/\.md$/, ".cijfers.yaml")))).toBe(false);
    expect(existsSync(path.join(d, "archive/emmen/2015/4e-voortgangsrapportage-investeringsplan"))).toBe(false);
  });
});

describe("frozen means frozen", () => {
  let baseline: ReturnType<typeof build>;
  let revised: ReturnType<typeof build>;
  let dir: string;

  beforeAll(() => {
    dir = copyProject();
    baseline = build(dir);
    // CBS revises June and Emmen corrects August; the November concept follows data/.
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-06: 429000", "2015-06: 429800");
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-08: 3542", "2015-08: 3547");
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-10: { waarde: 3497", "2015-10: { waarde: 3488");
    revised = build(dir);
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
    const dir = copyProject();
    edit(path.join(dir, LETTER_2), "Wij vertrouwen erop", "Wij hopen");
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${LETTER_2}: fout [RB-ARCHIEF-GEWIJZIGD] Dit bestand hoort bij de gepubliceerde brief ${LETTER_2} (kenmerk 15.069821)`);
  });

  it("a changed archived PDF stops the build", () => {
    const dir = copyProject();
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
    const dir = copyProject();
    const erratum = "content/emmen/2015/2015-10-02-erratum-2e-voortgangsrapportage.md";
    const text = readFileSync(path.join(dir, LETTER_4), "utf8")
      .replace("datum: 2015-11-24", "datum: 2015-10-02")
      .replace("peildatum: 2015-10-31", "peildatum: 2015-08-31")
      .replace(/^onderwerp: .*$/m, "onderwerp: Erratum 2e Voortgangsrapportage Investeringsplan\ncorrigeert: 15.069821")
      .replace("volgnummer: 4", "volgnummer: 2");
    writeFileSync(path.join(dir, erratum), text);
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code, r.stderr).toBe(0);
    const errPage = readFileSync(path.join(r.out, "/brieven/2015/10/erratum-2e-voortgangsrapportage/index.html"), "utf8");
    expect(errPage).toMatch(/<strong>Erratum:<\/strong> deze brief corrigeert <a [^>]*href="\/brieven\/2015\/09\/2e-voortgangsrapportage-investeringsplan\/"/);
    const original = readFileSync(path.join(r.out, URL_2, "index.html"), "utf8");
    expect(original).toMatch(/<strong>Gecorrigeerd:<\/strong> op deze brief is een erratum verschenen: <a [^>]*href="\/brieven\/2015\/10\/erratum-2e-voortgangsrapportage\/"/);
  });

  it("must correct a letter that exists", () => {
    const dir = copyProject();
    edit(path.join(dir, LETTER_4), "status: concept", "status: concept\ncorrigeert: 15.999999");
    const r = build(dir, ["--zonder-pdf"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[RB-ONBEKENDE-BRIEF\] Deze brief corrigeert kenmerk '15\.999999'/);
  });
});

describe("reproducible builds", () => {
  it("two builds of the same input give byte-identical sites", () => {
    const dir = copyProject();
    const a = build(dir);
    const b = build(dir);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ta = tree(a.out);
    const tb = tree(b.out);
    expect([...ta.keys()].filter((f) => /\.(html|pdf|csv|json|xml|css)$/.test(f)).length).toBeGreaterThan(20);
    expect(tb).toEqual(ta);
  });
});
