// MDTO sidecars of an archived letter: valid against the Nationaal Archief's
// MDTO-XML 1.0.2 schema (the project's own copy, validated with libxml2 as
// `npm run publish` does), with the letter's values in the right places and both
// documents pointing at each other.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  bestandXml,
  informatieobjectXml,
  MdtoError,
  pronomForPdf,
  pronomForPdfA,
  type MdtoInput,
} from "../../scripts/archive/mdto.ts";
import { MDTO_SCHEMA_PATH, MdtoSchemaError, readMdtoSchema, validateSidecars, type SchemaVerdict } from "../../scripts/archive/mdto-validate.ts";
import { loadProject } from "../../scripts/model/load.ts";
import type { DocumentType, Letter, Organisation } from "../../scripts/model/types.ts";
import { ROOT } from "../helpers.ts";

const NS = "https://www.nationaalarchief.nl/mdto";
const tmp = mkdtempSync(path.join(tmpdir(), "raadsbrief-mdto-"));
let fileNo = 0;
// Read by every test that validates: without the schema each of them fails, none passes or skips.
const schema = () => readMdtoSchema();

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function xmllint(...args: string[]) {
  const r = spawnSync("xmllint", args, { encoding: "utf8" });
  if (r.error) throw r.error; // xmllint missing: libxml2-utils (scripts/install-system-deps.sh)
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function toFile(xml: string): string {
  const file = path.join(tmp, `doc-${++fileNo}.xml`);
  writeFileSync(file, xml);
  return file;
}

/** The schema's verdict on one document, as publish gets it. */
async function validate(xml: string): Promise<SchemaVerdict> {
  const [verdict] = await validateSidecars([{ name: "sidecar.mdto.xml", xml }], schema());
  return verdict!;
}

async function expectValid(xml: string): Promise<void> {
  const r = await validate(xml);
  // The message shows libxml2's complaints when the schema rejects the document.
  expect(r.errors, `the schema rejected the document:\n${xml}`).toEqual([]);
  expect(r.valid).toBe(true);
}

/** One value by path of MDTO elements ("MDTO/bestand/omvang"), namespace checked. */
function xpath(xml: string, expr: string): string {
  const steps = expr
    .split("/")
    .map((s) => `*[local-name()='${s}' and namespace-uri()='${NS}']`)
    .join("/");
  const r = xmllint("--xpath", `string(/${steps})`, toFile(xml));
  if (r.code !== 0) throw new Error(`xmllint --xpath ${expr}: ${r.err}`);
  return r.out.replace(/\n$/, ""); // xmllint ends its answer with a newline
}

const ONDERWERP = "2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid";
const SHA = createHash("sha256").update("raadsbrief 15.069821").digest("hex");

const emmen: Organisation = {
  id: "emmen",
  name: "Gemeente Emmen",
  shortName: "Emmen",
  municipalityCode: "gm0114",
  visitingAddress: { street: "Raadhuisplein 1", postcode: "7811 AP", city: "Emmen" },
  postalAddress: { poBox: "Postbus 30001", postcode: "7800 RA", city: "Emmen" },
  phone: "14 0591",
  email: "gemeente@emmen.nl",
  website: "https://www.emmen.nl",
  board: "burgemeester en wethouders van Emmen,",
  defaultAddressee: "de raad van de gemeente Emmen",
  signatories: [],
  colours: { primary: "#00607a", accent: "#b3470c" },
};

const voortgangsrapportage: DocumentType = { id: "voortgangsrapportage", name: "Voortgangsrapportage", plural: "Voortgangsrapportages", layout: "brief", required: [], referenceFields: [], wooCategory: "ingekomen-stukken" };

const letter: Letter = {
  inputPath: "content/emmen/2015/2015-09-29-2e-voortgangsrapportage-investeringsplan.md",
  slug: "2e-voortgangsrapportage-investeringsplan",
  url: "/brieven/2015/09/2e-voortgangsrapportage-investeringsplan/",
  pdfUrl: "/brieven/2015/09/2e-voortgangsrapportage-investeringsplan/2e-voortgangsrapportage-investeringsplan.pdf",
  type: "voortgangsrapportage",
  organisation: "emmen",
  date: "2015-09-29",
  peildatum: "2015-08-31",
  subject: ONDERWERP,
  title: ONDERWERP,
  onsKenmerk: "15.069821",
  uwKenmerk: "",
  bijlage: "2e voortgangsrapportage",
  afdeling: "Leren & Werken",
  team: "Kwaliteit",
  behandeldDoor: "B. Preijde",
  from: "",
  phone: "14 0591",
  email: "gemeente@emmen.nl",
  addressee: "de raad van de gemeente Emmen",
  salutation: "Geachte leden van de raad,",
  closing: "Hoogachtend,",
  signatories: ["gemeentesecretaris", "burgemeester"],
  status: "verzonden",
  figures: [],
  illustrative: false,
};

const input: MdtoInput = {
  letter,
  organisation: emmen,
  documentType: voortgangsrapportage,
  pdf: { fileName: "2e-voortgangsrapportage-investeringsplan.pdf", bytes: 123456, sha256: SHA, pdfVersion: "1.7" },
  archivedOn: "2015-09-29",
};

const withLetter = (changes: Partial<Letter>): MdtoInput => ({ ...input, letter: { ...letter, ...changes } });

afterEach(() => {
  vi.useRealTimers();
});

describe("the informatieobject (the letter)", () => {
  const xml = informatieobjectXml(input);
  const io = (p: string) => xpath(xml, `MDTO/informatieobject/${p}`);

  it("is valid MDTO 1.0.2", async () => {
    await expectValid(xml);
  });

  it("is identified by ons kenmerk and named by the onderwerp", () => {
    expect(io("identificatie/identificatieKenmerk")).toBe("15.069821");
    expect(io("identificatie/identificatieBron")).toBe("Gemeente Emmen, ons kenmerk");
    expect(io("naam")).toBe(ONDERWERP);
    expect(io("aggregatieniveau/begripLabel")).toBe("Archiefstuk");
    expect(io("aggregatieniveau/begripBegrippenlijst/verwijzingNaam")).toBe("Begrippenlijst Aggregatieniveaus MDTO");
    expect(io("omschrijving")).toBe(
      "Voortgangsrapportage van burgemeester en wethouders van Emmen aan de raad van de gemeente Emmen. Bijlage: 2e voortgangsrapportage.",
    );
  });

  it("names the municipality as archiefvormer by its TOOI code", () => {
    expect(io("archiefvormer/verwijzingNaam")).toBe("Gemeente Emmen");
    expect(io("archiefvormer/verwijzingIdentificatie/identificatieKenmerk")).toBe("gm0114");
    expect(io("archiefvormer/verwijzingIdentificatie/identificatieBron")).toBe("TOOI register gemeenten compleet");
  });

  it("has language, dates, waardering and beperking gebruik", () => {
    expect(io("taal")).toBe("nl");
    expect(io("event/eventType/begripLabel")).toBe("Verzending");
    expect(io("event/eventTijd")).toBe("2015-09-29");
    expect(io("event/eventVerantwoordelijkeActor/verwijzingIdentificatie/identificatieKenmerk")).toBe("gm0114");
    expect(io("dekkingInTijd/dekkingInTijdType/begripLabel")).toBe("Peildatum");
    expect(io("dekkingInTijd/dekkingInTijdBegindatum")).toBe("2015-08-31");
    expect(io("waardering/begripCode")).toBe("B");
    expect(io("waardering/begripLabel")).toBe("Blijvend te bewaren");
    expect(io("waardering/begripBegrippenlijst/verwijzingNaam")).toBe("Begrippenlijst Waarderingen MDTO");
    expect(io("beperkingGebruik/beperkingGebruikType/begripLabel")).toBe("Openbaar");
  });

  it("leaves out dekkingInTijd when the letter has no peildatum, and stays valid", async () => {
    const without = informatieobjectXml(withLetter({ peildatum: "" }));
    expect(without).not.toContain("dekkingInTijd");
    await expectValid(without);
  });
});

describe("the bestand (the PDF)", () => {
  const xml = bestandXml(input);
  const b = (p: string) => xpath(xml, `MDTO/bestand/${p}`);

  it("is valid MDTO 1.0.2", async () => {
    await expectValid(xml);
  });

  it("records size, PRONOM format and checksum", () => {
    expect(b("naam")).toBe("2e-voortgangsrapportage-investeringsplan.pdf");
    expect(b("omvang")).toBe("123456");
    expect(b("bestandsformaat/begripCode")).toBe("fmt/276");
    expect(b("bestandsformaat/begripLabel")).toBe("Acrobat PDF 1.7 - Portable Document Format");
    expect(b("bestandsformaat/begripBegrippenlijst/verwijzingNaam")).toBe("PRONOM-register");
    expect(b("checksum/checksumAlgoritme/begripLabel")).toBe("SHA-256");
    expect(b("checksum/checksumAlgoritme/begripBegrippenlijst/verwijzingNaam")).toBe("Begrippenlijst ChecksumAlgoritme MDTO");
    expect(b("checksum/checksumWaarde")).toBe(SHA);
    // Noon in Amsterdam on the archiving day (summer time in September).
    expect(b("checksum/checksumDatum")).toBe("2015-09-29T12:00:00+02:00");
    expect(bestandXml({ ...input, archivedOn: "2015-11-24" })).toContain("<checksumDatum>2015-11-24T12:00:00+01:00</checksumDatum>");
  });

  it("writes the checksum in lower case whatever case it was given in", () => {
    const upper = bestandXml({ ...input, pdf: { ...input.pdf, sha256: SHA.toUpperCase() } });
    expect(xpath(upper, "MDTO/bestand/checksum/checksumWaarde")).toBe(SHA);
  });

  it("and the informatieobject point at each other with the same name and identificatie", () => {
    const letterXml = informatieobjectXml(input);
    const io = (p: string) => xpath(letterXml, `MDTO/informatieobject/${p}`);
    expect(b("isRepresentatieVan/verwijzingNaam")).toBe(io("naam"));
    expect(b("isRepresentatieVan/verwijzingIdentificatie/identificatieKenmerk")).toBe(io("identificatie/identificatieKenmerk"));
    expect(b("isRepresentatieVan/verwijzingIdentificatie/identificatieBron")).toBe(io("identificatie/identificatieBron"));
    expect(io("heeftRepresentatie/verwijzingNaam")).toBe(b("naam"));
    expect(io("heeftRepresentatie/verwijzingIdentificatie/identificatieKenmerk")).toBe(b("identificatie/identificatieKenmerk"));
    expect(io("heeftRepresentatie/verwijzingIdentificatie/identificatieBron")).toBe(b("identificatie/identificatieBron"));
  });

  it("names the PDF/A PUID when the file claims PDF/A (as DROID and siegfried would report it)", async () => {
    const pdfa = bestandXml({ ...input, pdf: { ...input.pdf, pdfa: { part: 2, conformance: "B" } } });
    await expectValid(pdfa);
    expect(xpath(pdfa, "MDTO/bestand/bestandsformaat/begripCode")).toBe("fmt/477");
  });
});

describe("PRONOM identifiers for PDF", () => {
  it("maps each PDF version to its PUID", () => {
    expect(pronomForPdf("1.4")).toEqual({ code: "fmt/18", label: "Acrobat PDF 1.4 - Portable Document Format" });
    expect(pronomForPdf("1.7")).toEqual({ code: "fmt/276", label: "Acrobat PDF 1.7 - Portable Document Format" });
    expect(pronomForPdf("2.0")).toEqual({ code: "fmt/1129", label: "PDF 2.0 - Portable Document Format" });
    const codes = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"].map((v) => pronomForPdf(v).code);
    expect(codes).toEqual(["fmt/14", "fmt/15", "fmt/16", "fmt/17", "fmt/18", "fmt/19", "fmt/20"]);
  });

  it("maps PDF/A levels to their PUIDs", () => {
    expect(pronomForPdfA(1, "B").code).toBe("fmt/354");
    expect(pronomForPdfA(2, "B")).toEqual({ code: "fmt/477", label: "Acrobat PDF/A - Portable Document Format 2b" });
    expect(pronomForPdfA(3, "a").code).toBe("fmt/479");
  });

  it("refuses a version it does not know rather than guessing", () => {
    expect(() => pronomForPdf("1.8")).toThrow(MdtoError);
    expect(() => pronomForPdf("17")).toThrow(/PDF-versie '17'/);
    expect(() => pronomForPdfA(4, "F")).toThrow(MdtoError);
    expect(() => bestandXml({ ...input, pdf: { ...input.pdf, pdfVersion: "9.9" } })).toThrow(MdtoError);
  });
});

describe("XML text", () => {
  it("escapes markup characters and still validates", async () => {
    const tricky = `Werk & Inkomen: <concept> "plan" 'B&W'`;
    const io = informatieobjectXml(withLetter({ subject: tricky }));
    const b = bestandXml(withLetter({ subject: tricky }));
    await expectValid(io);
    await expectValid(b);
    expect(io).toContain("Werk &amp; Inkomen: &lt;concept&gt; &quot;plan&quot; &apos;B&amp;W&apos;");
    expect(xpath(io, "MDTO/informatieobject/naam")).toBe(tricky);
    expect(xpath(b, "MDTO/bestand/isRepresentatieVan/verwijzingNaam")).toBe(tricky);
  });

  it("keeps non-ASCII text as UTF-8", async () => {
    const io = informatieobjectXml(withLetter({ subject: "Reïntegratie en € 3,8 miljoen – één plan" }));
    await expectValid(io);
    expect(xpath(io, "MDTO/informatieobject/naam")).toBe("Reïntegratie en € 3,8 miljoen – één plan");
  });

  it("refuses characters XML cannot hold", () => {
    expect(() => informatieobjectXml(withLetter({ subject: "Voortgang\u0007" }))).toThrow(/U\+0007/);
  });

  it("has the MDTO root, namespace and schema location", () => {
    const io = informatieobjectXml(input);
    expect(io.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MDTO xmlns="https://www.nationaalarchief.nl/mdto"')).toBe(true);
    expect(io).toContain('xsi:schemaLocation="https://www.nationaalarchief.nl/mdto https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.2.xsd"');
    expect(io.endsWith("</MDTO>\n")).toBe(true);
    expect(io).toContain("\n  <informatieobject>\n    <identificatie>\n");
  });
});

describe("determinism", () => {
  it("gives the same bytes for the same input, whatever the clock says", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T08:00:00Z"));
    const io1 = informatieobjectXml(input);
    const b1 = bestandXml(input);
    vi.setSystemTime(new Date("2041-07-15T23:59:59Z"));
    expect(informatieobjectXml(input)).toBe(io1);
    expect(bestandXml(input)).toBe(b1);
  });
});

describe("the schema check itself", () => {
  // Without these, a validator that accepts anything would pass every test above.
  const xml = bestandXml(input);

  it("uses the project's own copy of the Nationaal Archief's MDTO-XML 1.0.2 schema", () => {
    expect(path.relative(ROOT, MDTO_SCHEMA_PATH)).toBe(path.join("scripts", "archive", "mdto", "MDTO-XML1.0.2.xsd"));
    expect(schema()).toContain('targetNamespace="https://www.nationaalarchief.nl/mdto"');
    expect(schema()).toContain('version="v1.0.2"');
    // Byte for byte the file named in scripts/archive/mdto/README.md.
    const sha = createHash("sha256").update(readFileSync(MDTO_SCHEMA_PATH)).digest("hex");
    expect(readFileSync(path.join(path.dirname(MDTO_SCHEMA_PATH), "README.md"), "utf8")).toContain(sha);
  });

  it("fails a bestand without omvang, with the schema's own words", async () => {
    const broken = xml.replace(/ *<omvang>123456<\/omvang>\n/, "");
    expect(broken).not.toBe(xml);
    const r = await validate(broken);
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toContain(
      "Schemas validity error : Element '{https://www.nationaalarchief.nl/mdto}bestandsformaat': This element is not expected. Expected is ( {https://www.nationaalarchief.nl/mdto}omvang ).",
    );
  });

  it("fails elements out of schema order", async () => {
    const io = informatieobjectXml(input);
    const broken = io.replace(/( *<taal>nl<\/taal>\n)([\s\S]*?<\/waardering>\n)/, "$2$1");
    expect(broken).not.toBe(io);
    const r = await validate(broken);
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toMatch(/Schemas validity error : Element '\{https:\/\/www\.nationaalarchief\.nl\/mdto\}(taal|event|waardering)': This element is not expected/);
  });

  it("fails an empty naam (MDTO 1.0.2: required values may not be blank)", async () => {
    const broken = xml.replace(/<naam>[^<]*<\/naam>/, "<naam>  </naam>");
    const r = await validate(broken);
    expect(r.valid).toBe(false);
    expect(r.errors.join("\n")).toContain("[facet 'pattern'] The value '  ' is not accepted by the pattern '(\\s*[^\\s]\\s*)+'");
  });

  it("refuses to judge at all without a usable schema, rather than passing", async () => {
    expect(() => readMdtoSchema(path.join(tmp, "bestaat-niet.xsd"))).toThrow(MdtoSchemaError);
    await expect(validateSidecars([{ name: "a.xml", xml }], "")).rejects.toThrow(MdtoSchemaError);
    await expect(validateSidecars([{ name: "a.xml", xml }], "<xsd:schema xmlns:xsd='http://www.w3.org/2001/XMLSchema'><kapot/></xsd:schema>")).rejects.toThrow(/MDTO-schema kon niet worden gebruikt/);
  });
});

describe("input the sidecars refuse", () => {
  it("a concept letter: only a sent letter is a record", () => {
    expect(() => informatieobjectXml(withLetter({ status: "concept" }))).toThrow(/concept/);
    expect(() => bestandXml(withLetter({ status: "concept" }))).toThrow(MdtoError);
  });

  it("missing ons kenmerk or onderwerp", () => {
    expect(() => informatieobjectXml(withLetter({ onsKenmerk: " " }))).toThrow(/ons kenmerk/);
    expect(() => bestandXml(withLetter({ subject: "" }))).toThrow(/onderwerp/);
  });

  it("a bad checksum, size, file name, date or municipality code", () => {
    const pdf = input.pdf;
    expect(() => bestandXml({ ...input, pdf: { ...pdf, sha256: "abc" } })).toThrow(/SHA-256/);
    expect(() => bestandXml({ ...input, pdf: { ...pdf, bytes: -1 } })).toThrow(/omvang/);
    expect(() => bestandXml({ ...input, pdf: { ...pdf, bytes: 1.5 } })).toThrow(/omvang/);
    expect(() => bestandXml({ ...input, pdf: { ...pdf, fileName: "pdf/brief.pdf" } })).toThrow(/map/);
    expect(() => bestandXml({ ...input, archivedOn: "2015-02-30" })).toThrow(/archiveringsdatum/);
    expect(() => informatieobjectXml(withLetter({ date: "29-09-2015" }))).toThrow(/datum/);
    expect(() => informatieobjectXml({ ...input, organisation: { ...emmen, municipalityCode: "0114" } })).toThrow(/gemeentecode/);
  });
});

describe("the real letter of 29 September 2015", () => {
  it("gives valid sidecars from the project's own data", async () => {
    const project = loadProject(ROOT);
    const real = project.letters.find((l) => l.inputPath.endsWith("2015-09-29-2e-voortgangsrapportage-investeringsplan.md"));
    expect(real).toBeDefined();
    const organisation = project.organisations.get(real!.organisation)!;
    const documentType = project.documentTypes.get(real!.type)!;
    const realInput: MdtoInput = { letter: real!, organisation, documentType, pdf: input.pdf, archivedOn: real!.date };
    const io = informatieobjectXml(realInput);
    await expectValid(io);
    await expectValid(bestandXml(realInput));
    expect(xpath(io, "MDTO/informatieobject/identificatie/identificatieKenmerk")).toBe("15.069821");
    expect(xpath(io, "MDTO/informatieobject/naam")).toBe(ONDERWERP);
    expect(xpath(io, "MDTO/informatieobject/archiefvormer/verwijzingIdentificatie/identificatieKenmerk")).toBe("gm0114");
  });
});
