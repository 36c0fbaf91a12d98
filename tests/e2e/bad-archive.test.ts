// The bad-archive corpus: every way the published archive can be damaged or bypassed,
// each run through the real `npm run check` AND `npm run build -- --zonder-pdf`. Both
// must report the same code at the same file (and line), exit 1 without a stack trace,
// and the failed build must write nothing: the previous _site/ and archive/ untouched.
import { describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { at, runCorpusCase, type CorpusCase } from "../corpus.ts";
import { edit, LETTER_2, LETTER_4, sha256 } from "../helpers.ts";

const LETTER_3 = "content/emmen/2015/2015-10-27-3e-voortgangsrapportage-investeringsplan.md";
const FROZEN_2 = LETTER_2.replace(/\.md$/, ".cijfers.yaml");
const FROZEN_3 = LETTER_3.replace(/\.md$/, ".cijfers.yaml");
const DIR_2 = "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan";
const PDF_2 = `${DIR_2}/2e-voortgangsrapportage-investeringsplan.pdf`;
const BESTAND_2 = `${DIR_2}/2e-voortgangsrapportage-investeringsplan.pdf.mdto.xml`;
const IO_2 = `${DIR_2}/2e-voortgangsrapportage-investeringsplan.mdto.xml`;
const ARTICLE_2 = `${DIR_2}/artikel.html`;
const STYLESHEET_2 = `${DIR_2}/opmaak.css`;
const LOGO_2 = `${DIR_2}/bestanden/logo/emmen.svg`;
const MANIFEST = "archive/manifest.json";
const COPY = "content/emmen/2015/2015-11-25-kopie-van-de-2e-voortgangsrapportage.md";

type Case = CorpusCase;

type ManifestJson = { versie: number; brieven: Record<string, { bestanden: { pad: string; bytes: number; sha256: string; rol: string }[] }> };
const manifestOf = (dir: string) => JSON.parse(readFileSync(at(dir, MANIFEST), "utf8")) as ManifestJson;
const writeManifest = (dir: string, m: unknown) => writeFileSync(at(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
/** Sets a listed file's size and hash to what it now is, as a careful forger would. */
function relist(dir: string, rel: string): void {
  const m = manifestOf(dir);
  const bytes = readFileSync(at(dir, rel));
  for (const entry of Object.values(m.brieven)) for (const f of entry.bestanden) if (f.pad === rel) Object.assign(f, { bytes: bytes.length, sha256: sha256(bytes) });
  writeManifest(dir, m);
}
function flipByte(file: string): void {
  const bytes = readFileSync(file);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
  writeFileSync(file, bytes);
}

const cases: Case[] = [
  {
    name: "a file in archive/ that the manifest does not list",
    mutate: (d) => writeFileSync(at(d, `${DIR_2}/aantekeningen.txt`), "later toegevoegd\n"),
    code: "RB-ARCHIEF-ONBEKEND-BESTAND",
    file: `${DIR_2}/aantekeningen.txt`,
    says: "staat in archive/, maar niet in het archiefmanifest",
  },
  {
    name: "a second PDF slipped in beside the archive",
    mutate: (d) => copyFileSync(at(d, PDF_2), at(d, "archive/emmen/2015/vervangend.pdf")),
    code: "RB-ARCHIEF-ONBEKEND-BESTAND",
    file: "archive/emmen/2015/vervangend.pdf",
    says: "`npm run publish`",
  },
  {
    name: "the manifest deleted",
    mutate: (d) => rmSync(at(d, MANIFEST)),
    code: "RB-ARCHIEF-MANIFEST",
    file: MANIFEST,
    says: "archive/manifest.json ontbreekt, maar archive/ bevat 12 gearchiveerde bestanden",
  },
  { name: "the manifest emptied", mutate: (d) => writeFileSync(at(d, MANIFEST), ""), code: "RB-ARCHIEF-MANIFEST", file: MANIFEST, says: "Het archiefmanifest is leeg." },
  {
    name: "the manifest not JSON",
    mutate: (d) => edit(at(d, MANIFEST), '"versie": 1,', '"versie": 1,,'),
    code: "RB-ARCHIEF-MANIFEST",
    file: MANIFEST,
    lineWith: '"versie": 1,,',
    says: "Het archiefmanifest is geen geldige JSON.",
  },
  { name: "the manifest of an unknown version", mutate: (d) => edit(at(d, MANIFEST), '"versie": 1,', '"versie": 2,'), code: "RB-ARCHIEF-MANIFEST", file: MANIFEST, says: "onbekende opbouw: 'versie' moet 1 zijn" },
  {
    name: "the manifest with a checksum that is not one",
    mutate: (d) => {
      const m = manifestOf(d);
      m.brieven[LETTER_2]!.bestanden[2]!.sha256 = "onbekend";
      writeManifest(d, m);
    },
    code: "RB-ARCHIEF-MANIFEST",
    file: MANIFEST,
    says: `'brieven["${LETTER_2}"].bestanden[3].sha256' heeft een ongeldige waarde`,
  },
  {
    name: "the manifest pointing outside the project",
    mutate: (d) => {
      const m = manifestOf(d);
      m.brieven[LETTER_2]!.bestanden[2]!.pad = "archive/../../elders.pdf";
      writeManifest(d, m);
    },
    code: "RB-ARCHIEF-MANIFEST",
    file: MANIFEST,
    says: "bestanden[3].pad' heeft een ongeldige waarde",
  },
  { name: "an archived PDF changed", mutate: (d) => flipByte(at(d, PDF_2)), code: "RB-ARCHIEF-GEWIJZIGD", file: PDF_2, says: "gewijzigd sinds de publicatie op 2015-09-29" },
  {
    name: "a published letter edited",
    mutate: (d) => edit(at(d, LETTER_2), "Wij hopen u hiermee", "Wij vertrouwen u hiermee"),
    code: "RB-ARCHIEF-GEWIJZIGD",
    file: LETTER_2,
    says: "Een verzonden brief verandert nooit.",
  },
  { name: "frozen figures edited", mutate: (d) => edit(at(d, FROZEN_2), "2015-08: 3542", "2015-08: 3541"), code: "RB-ARCHIEF-GEWIJZIGD", file: FROZEN_2, says: "kenmerk 15.069821" },
  { name: "an archived sidecar deleted", mutate: (d) => rmSync(at(d, IO_2)), code: "RB-ARCHIEF-ONTBREEKT", file: IO_2, says: "Dit gearchiveerde bestand van" },
  { name: "frozen figures deleted", mutate: (d) => rmSync(at(d, FROZEN_2)), code: "RB-ARCHIEF-ONTBREEKT", file: FROZEN_2, says: "Een gepubliceerde brief wordt nooit verwijderd." },
  {
    name: "a letter marked verzonden by hand",
    mutate: (d) => edit(at(d, LETTER_4), "status: concept", "status: verzonden"),
    code: "RB-NIET-GEPUBLICEERD",
    file: LETTER_4,
    lineWith: "status: verzonden",
    says: `npm run publish -- ${LETTER_4}`,
  },
  {
    name: "frozen figures beside a concept",
    mutate: (d) => copyFileSync(at(d, FROZEN_3), at(d, LETTER_4.replace(/\.md$/, ".cijfers.yaml"))),
    code: "RB-NIET-GEPUBLICEERD",
    file: LETTER_4,
    lineWith: "status: concept",
    says: "Deze brief heeft bevroren cijfers, maar staat niet in het archief",
  },
  {
    name: "a published letter deleted",
    mutate: (d) => {
      rmSync(at(d, LETTER_3));
      rmSync(at(d, FROZEN_3));
    },
    code: "RB-ARCHIEF-BRIEF-ONTBREEKT",
    file: MANIFEST,
    lineWith: `"${LETTER_3}": {`,
    says: "maar die staat niet meer onder content/",
  },
  {
    name: "a published letter moved out of content/",
    mutate: (d) => {
      mkdirSync(at(d, "oud"));
      renameSync(at(d, LETTER_3), at(d, "oud/3e.md"));
      renameSync(at(d, FROZEN_3), at(d, "oud/3e.cijfers.yaml"));
    },
    code: "RB-ARCHIEF-BRIEF-ONTBREEKT",
    file: MANIFEST,
    lineWith: `"${LETTER_3}": {`,
    says: `git checkout -- ${LETTER_3}`,
  },
  {
    name: "a copy of a published letter with the same kenmerk",
    mutate: (d) =>
      writeFileSync(
        at(d, COPY),
        readFileSync(at(d, LETTER_4), "utf8").replace("datum: 2015-11-24", "datum: 2015-11-25").replace("ons_kenmerk: 15.079952", "ons_kenmerk: 15.069821"),
      ),
    code: "RB-DUBBEL-KENMERK",
    file: COPY,
    lineWith: "ons_kenmerk: 15.069821",
    says: `Ons kenmerk '15.069821' staat ook in ${LETTER_2}`,
  },
  {
    name: "the published letter that shares the copy's kenmerk",
    mutate: (d) =>
      writeFileSync(
        at(d, COPY),
        readFileSync(at(d, LETTER_4), "utf8").replace("datum: 2015-11-24", "datum: 2015-11-25").replace("ons_kenmerk: 15.079952", "ons_kenmerk: 15.069821"),
      ),
    code: "RB-DUBBEL-KENMERK",
    file: LETTER_2,
    lineWith: "ons_kenmerk: 15.069821",
    says: `staat ook in ${COPY}`,
  },
  {
    name: "a replaced PDF with its manifest entry updated, the sidecar not",
    mutate: (d) => {
      flipByte(at(d, PDF_2));
      relist(d, PDF_2);
    },
    code: "RB-ARCHIEF-MDTO-CHECKSUM",
    file: BESTAND_2,
    lineWith: "<checksumWaarde>",
    says: "kloppen niet met de PDF: SHA-256 00a54135",
  },
  {
    name: "the archived article edited (another signatory)",
    mutate: (d) => edit(at(d, ARTICLE_2), "C. Bijl", "A. Nieuw"),
    code: "RB-ARCHIEF-GEWIJZIGD",
    file: ARTICLE_2,
    says: "is gewijzigd sinds de publicatie op 2015-09-29",
  },
  {
    name: "the archived stylesheet edited (another colour)",
    mutate: (d) => {
      const css = readFileSync(at(d, STYLESHEET_2), "utf8");
      writeFileSync(at(d, STYLESHEET_2), css.replace(/--kleur-primair: #[0-9a-f]{6}/, "--kleur-primair: #ff0000"));
    },
    code: "RB-ARCHIEF-GEWIJZIGD",
    file: STYLESHEET_2,
    says: "is gewijzigd sinds de publicatie",
  },
  {
    name: "the archived logo replaced",
    mutate: (d) => writeFileSync(at(d, LOGO_2), readFileSync(at(d, LOGO_2), "utf8").replace(/#[0-9a-fA-F]{6}/, "#123456")),
    code: "RB-ARCHIEF-GEWIJZIGD",
    file: LOGO_2,
    says: "is gewijzigd sinds de publicatie",
  },
  {
    name: "the archived article removed",
    mutate: (d) => rmSync(at(d, ARTICLE_2)),
    code: "RB-ARCHIEF-ONTBREEKT",
    file: ARTICLE_2,
    says: "Dit gearchiveerde bestand van",
  },
  {
    name: "an extra image beside the archived article's files",
    mutate: (d) => writeFileSync(at(d, `${DIR_2}/bestanden/kaart.png`), "niet gepubliceerd\n"),
    code: "RB-ARCHIEF-ONBEKEND-BESTAND",
    file: `${DIR_2}/bestanden/kaart.png`,
    says: "staat in archive/, maar niet in het archiefmanifest",
  },
  {
    name: "an article without its stylesheet in the manifest",
    mutate: (d) => {
      const m = manifestOf(d);
      const entry = m.brieven[LETTER_2]!;
      entry.bestanden = entry.bestanden.filter((f) => f.rol !== "opmaak");
      writeManifest(d, m);
      rmSync(at(d, STYLESHEET_2));
    },
    code: "RB-ARCHIEF-MANIFEST",
    file: MANIFEST,
    says: "moet een artikel en zijn opmaak samen hebben",
  },
  {
    name: "an archived file listed outside its letter's bestanden/",
    mutate: (d) => {
      const m = manifestOf(d);
      const logo = m.brieven[LETTER_2]!.bestanden.find((f) => f.rol === "bestand")!;
      logo.pad = "archive/emmen/2015/emmen.svg";
      writeManifest(d, m);
      renameSync(at(d, LOGO_2), at(d, "archive/emmen/2015/emmen.svg"));
    },
    code: "RB-ARCHIEF-MANIFEST",
    file: MANIFEST,
    says: "'archive/emmen/2015/emmen.svg' (rol 'bestand') hoort onder archive/emmen/2015/2e-voortgangsrapportage-investeringsplan/bestanden/",
  },
  {
    name: "a sidecar recording another size, its manifest entry updated",
    mutate: (d) => {
      edit(at(d, BESTAND_2), "<omvang>76387</omvang>", "<omvang>76388</omvang>");
      relist(d, BESTAND_2);
    },
    code: "RB-ARCHIEF-MDTO-CHECKSUM",
    file: BESTAND_2,
    lineWith: "<omvang>",
    says: "omvang 76388 bytes, maar de PDF heeft 76387 bytes",
  },
];

describe("bad-archive corpus", () => {
  it("has distinct cases", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.concurrent.each(cases)("$name → $code (check and build)", runCorpusCase);
});
