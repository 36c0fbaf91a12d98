// What makes a PDF an archival PDF/A-2B here, checked structurally on the file itself
// (qpdf's JSON, poppler's pdffonts, xmllint), so the checks hold whether or not veraPDF
// is installed. Used on PDFs the tests print themselves, never only on committed ones.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";

type Obj = Record<string, unknown>;

function tool(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
  if (r.error) throw r.error; // qpdf, poppler-utils, libxml2-utils: scripts/install-system-deps.sh
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** A PDF as qpdf reads it: every object, raw (no stream decoded), with stream data. */
export class PdfFile {
  readonly objects: Record<string, { value?: unknown; stream?: { dict: Obj; data?: string } }>;
  readonly trailer: Obj;
  readonly encrypted: boolean;
  readonly bytes: Buffer;

  constructor(readonly file: string) {
    this.bytes = readFileSync(file);
    const json = JSON.parse(tool("qpdf", ["--json=2", "--json-key=qpdf", "--json-key=encrypt", "--decode-level=none", "--json-stream-data=inline", file]));
    this.encrypted = json.encrypt.encrypted;
    this.objects = json.qpdf[1];
    this.trailer = (this.objects.trailer!.value ?? {}) as Obj;
  }

  /** An object by reference ("12 0 R"), or the value itself if it is direct. */
  resolve(v: unknown): unknown {
    if (typeof v === "string" && /^\d+ \d+ R$/.test(v)) {
      const o = this.objects[`obj:${v}`];
      return o?.stream ?? o?.value;
    }
    return v;
  }

  dict(v: unknown): Obj {
    const r = this.resolve(v) as Obj | undefined;
    return ((r && "dict" in r ? r.dict : r) ?? {}) as Obj;
  }

  get catalog(): Obj {
    return this.dict(this.trailer["/Root"]);
  }

  /** A stream's bytes, Flate-decoded where it is compressed. */
  streamData(ref: unknown): { dict: Obj; data: Buffer } {
    const s = this.resolve(ref) as { dict: Obj; data?: string } | undefined;
    if (!s || !("dict" in s)) throw new Error(`${String(ref)} is geen stream`);
    const raw = Buffer.from(s.data ?? "", "base64");
    return { dict: s.dict, data: s.dict["/Filter"] === "/FlateDecode" ? inflateSync(raw) : raw };
  }

  /** Every dictionary in the file (objects, stream dictionaries and everything nested). */
  *dicts(): Generator<Obj> {
    const walk = function* (v: unknown): Generator<Obj> {
      if (Array.isArray(v)) for (const x of v) yield* walk(x);
      else if (v && typeof v === "object") {
        yield v as Obj;
        for (const x of Object.values(v)) yield* walk(x);
      }
    };
    for (const [key, o] of Object.entries(this.objects)) {
      if (key === "trailer") continue;
      yield* walk(o.stream ? o.stream.dict : o.value);
    }
  }
}

/** qpdf writes text strings as "u:…" and binary ones as "b:…". */
const text = (v: unknown) => (typeof v === "string" ? v.replace(/^u:/, "") : undefined);

export interface Expected {
  title: string;
  author: string;
  lang?: string;
}

/**
 * Everything that is wrong with `file` as an archival PDF/A-2B; empty when nothing is.
 * The PDF/A rules veraPDF would check first, as far as they can be read off the file.
 */
export function archivalProblems(file: string, expected: Expected): string[] {
  const pdf = new PdfFile(file);
  const problems: string[] = [];
  const fail = (what: string) => problems.push(what);
  const cat = pdf.catalog;
  const info = pdf.dict(pdf.trailer["/Info"]);

  // File structure: a header with a binary comment after it, a trailer ID, no encryption.
  if (pdf.bytes.subarray(0, 8).toString("latin1") !== "%PDF-1.7") fail("header is not %PDF-1.7");
  const second = pdf.bytes.subarray(pdf.bytes.indexOf(0x0a) + 1, pdf.bytes.indexOf(0x0a) + 6);
  if (second[0] !== 0x25 || ![...second.subarray(1, 5)].every((b) => b > 127)) fail("no binary comment after the header");
  const id = pdf.trailer["/ID"];
  if (!Array.isArray(id) || id.length !== 2 || id.some((x) => typeof x !== "string" || x.length < 4)) fail("trailer /ID missing");
  if (pdf.encrypted || pdf.trailer["/Encrypt"] !== undefined) fail("encrypted");

  // XMP metadata: uncompressed, well-formed, claiming PDF/A-2B, agreeing with /Info.
  const metaRef = cat["/Metadata"];
  if (metaRef === undefined) fail("catalog has no /Metadata (XMP)");
  else {
    const { dict, data } = pdf.streamData(metaRef);
    if (dict["/Type"] !== "/Metadata" || dict["/Subtype"] !== "/XML") fail("/Metadata is not /Type /Metadata /Subtype /XML");
    if (dict["/Filter"] !== undefined) fail("XMP stream is compressed");
    const xmp = data.toString("utf8");
    const wellFormed = spawnSync("xmllint", ["--noout", "-"], { input: xmp, encoding: "utf8" });
    if (wellFormed.status !== 0) fail(`XMP is not well-formed XML: ${wellFormed.stderr}`);
    if (!xmp.includes("<pdfaid:part>2</pdfaid:part>")) fail("XMP has no pdfaid:part 2");
    if (!xmp.includes("<pdfaid:conformance>B</pdfaid:conformance>")) fail("XMP has no pdfaid:conformance B");
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    if (!xmp.includes(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(expected.title)}</rdf:li></rdf:Alt></dc:title>`)) fail("XMP dc:title is not the title");
    if (!xmp.includes(`<dc:creator><rdf:Seq><rdf:li>${esc(expected.author)}</rdf:li></rdf:Seq></dc:creator>`)) fail("XMP dc:creator is not the author");
    if (text(info["/Title"]) !== expected.title) fail(`/Info /Title is ${String(info["/Title"])}`);
    if (text(info["/Author"]) !== expected.author) fail(`/Info /Author is ${String(info["/Author"])}`);
    const producer = /<pdf:Producer>([^<]*)<\/pdf:Producer>/.exec(xmp)?.[1];
    if (producer !== text(info["/Producer"])) fail("XMP pdf:Producer differs from /Info /Producer");
    // /CreationDate D:20150929120000+02'00' ⇔ xmp:CreateDate 2015-09-29T12:00:00+02:00
    const created = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-])(\d{2})'(\d{2})'$/.exec(text(info["/CreationDate"]) ?? "");
    const xmpCreated = /<xmp:CreateDate>([^<]*)<\/xmp:CreateDate>/.exec(xmp)?.[1];
    if (!created || xmpCreated !== `${created[1]}-${created[2]}-${created[3]}T${created[4]}:${created[5]}:${created[6]}${created[7]}${created[8]}:${created[9]}`) {
      fail(`xmp:CreateDate ${xmpCreated} differs from /CreationDate ${String(info["/CreationDate"])}`);
    }
  }

  // Colour: an sRGB output intent with an embedded ICC profile.
  const intents = pdf.resolve(cat["/OutputIntents"]);
  const intent = Array.isArray(intents) ? pdf.dict(intents.find((i) => pdf.dict(i)["/S"] === "/GTS_PDFA1")) : {};
  if (intent["/Type"] !== "/OutputIntent" || intent["/S"] !== "/GTS_PDFA1") fail("no /GTS_PDFA1 output intent");
  else if (text(intent["/OutputConditionIdentifier"]) !== "sRGB IEC61966-2.1") fail("output intent is not sRGB");
  else {
    const icc = pdf.streamData(intent["/DestOutputProfile"]);
    if (icc.dict["/N"] !== 3) fail("ICC profile is not /N 3");
    if (icc.data.subarray(36, 40).toString("latin1") !== "acsp") fail("DestOutputProfile is not an ICC profile");
  }

  // Accessibility and language: tagged, with a structure tree, /Lang and the title shown.
  if (text(cat["/Lang"]) !== (expected.lang ?? "nl-NL")) fail(`/Lang is ${String(cat["/Lang"])}`);
  if (pdf.dict(cat["/MarkInfo"])["/Marked"] !== true) fail("not marked as tagged");
  if (pdf.dict(cat["/StructTreeRoot"])["/Type"] !== "/StructTreeRoot") fail("no structure tree");
  if (pdf.dict(cat["/ViewerPreferences"])["/DisplayDocTitle"] !== true) fail("DisplayDocTitle is not set");

  // Fonts: every font program embedded.
  for (const d of pdf.dicts()) {
    if (d["/Type"] === "/FontDescriptor" && !["/FontFile", "/FontFile2", "/FontFile3"].some((k) => k in d)) fail(`font ${String(d["/FontName"])} is not embedded`);
    if (d["/Type"] === "/Font" && !["/Type0", "/Type3"].includes(String(d["/Subtype"])) && !("/FontDescriptor" in d)) fail(`font ${String(d["/BaseFont"])} has no descriptor`);
  }
  const fonts = tool("pdffonts", [file]).trim().split("\n").slice(2);
  if (fonts.length === 0) fail("no fonts");
  for (const row of fonts) if (!/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/.test(row)) fail(`pdffonts: not embedded: ${row}`);

  // Nothing that runs or reaches out: no JavaScript, no actions but links, no attachments.
  for (const d of pdf.dicts()) {
    for (const key of ["/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"]) if (key in d) fail(`has ${key}`);
    // /A is an action on annotations and outline items, attributes on structure elements.
    const action = d["/Type"] === "/Action" ? d : d["/A"] !== undefined && d["/Type"] !== "/StructElem" ? pdf.dict(d["/A"]) : undefined;
    if (action && !["/URI", "/GoTo"].includes(String(action["/S"]))) fail(`action ${String(action["/S"])}`);
  }
  if (/JavaScript:\s+yes/.test(tool("pdfinfo", [file]))) fail("pdfinfo: JavaScript");
  return [...new Set(problems)];
}

/** A PDF's pages, tagged status and outline as poppler and qpdf report them. */
export function pdfInfo(file: string): string {
  return tool("pdfinfo", [file]);
}
