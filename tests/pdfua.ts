// The machine-checkable part of PDF/UA-1 (ISO 14289-1), as the Matterhorn protocol
// lists it, read off the file itself: pdf-lib for the catalog, XMP, structure tree
// and annotations, pdf.js for what the pages draw and whether it is tagged, poppler's
// pdffonts for the fonts. One message per rule broken (the Matterhorn checkpoint in
// brackets). What needs a human (reading order that makes sense, alt text that says
// the right thing, colour contrast in images) is not here: see README, "PDF/UA".
// Where veraPDF is on the PATH, tests run it as well (verapdfProblems).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, PDFString, PDFHexString, decodePDFRawStream, type PDFObject } from "pdf-lib";

/** PDF 1.7 standard structure types (ISO 32000-1, 14.8.4). */
const STANDARD = new Set(
  "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split(" "),
);
const TABLE_PARTS = new Set(["TR", "TH", "TD", "THead", "TBody", "TFoot"]);

interface Elem {
  role: string;
  dict: PDFDict;
  parent?: Elem;
  kids: Elem[];
  objrs: PDFRef[];
}

const textOf = (v: PDFObject | undefined): string | undefined => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);

function streamText(obj: PDFObject | undefined): string {
  if (!(obj instanceof PDFStream)) return "";
  const bytes = obj instanceof PDFRawStream ? decodePDFRawStream(obj).decode() : obj.getContents();
  return Buffer.from(bytes).toString("utf8");
}

function structure(doc: PDFDocument): { root?: PDFDict; elems: Elem[]; top: Elem[] } {
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  const elems: Elem[] = [];
  const seen = new Set<PDFDict>();
  const roleMap = root?.lookupMaybe(PDFName.of("RoleMap"), PDFDict);
  const visit = (obj: PDFObject | undefined, parent: Elem | undefined, out: Elem[], ref?: PDFRef): void => {
    const value = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
    if (value instanceof PDFArray) {
      for (const k of value.asArray()) visit(k, parent, out, k instanceof PDFRef ? k : undefined);
      return;
    }
    if (!(value instanceof PDFDict) || seen.has(value)) return;
    seen.add(value);
    const type = value.lookup(PDFName.of("Type"));
    if (type === PDFName.of("OBJR")) {
      const target = value.get(PDFName.of("Obj"));
      if (parent && target instanceof PDFRef) parent.objrs.push(target);
      return;
    }
    if (type === PDFName.of("MCR")) return;
    const s = value.lookup(PDFName.of("S"));
    if (!(s instanceof PDFName)) return;
    const raw = s.decodeText();
    const mapped = roleMap?.lookup(PDFName.of(raw));
    const elem: Elem = { role: mapped instanceof PDFName && !STANDARD.has(raw) ? mapped.decodeText() : raw, dict: value, kids: [], objrs: [], ...(parent ? { parent } : {}) };
    (elem as { rawRole?: string }).rawRole = raw;
    out.push(elem);
    elems.push(elem);
    visit(value.get(PDFName.of("K")), elem, elem.kids, ref);
  };
  const top: Elem[] = [];
  if (root) visit(root.get(PDFName.of("K")), undefined, top);
  return { ...(root ? { root } : {}), elems, top };
}

/** pdf.js operator codes for drawing, and marked content. */
async function untaggedDrawing(bytes: Uint8Array): Promise<string[]> {
  const { getDocument, OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const DRAW = new Set([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText, OPS.fill, OPS.eoFill, OPS.stroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeStroke, OPS.closeFillStroke, OPS.closeEOFillStroke, OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.shadingFill]);
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 });
  const pdf = await task.promise;
  const problems: string[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const list = await page.getOperatorList();
      const stack: string[] = [];
      let untagged = 0;
      let taggedInArtifact = 0;
      list.fnArray.forEach((fn, i) => {
        const args = list.argsArray[i] as unknown[] | null;
        if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
          // pdf.js: [tag, mcid] for "/Tag <</MCID n>> BDC", [{ name: tag }] for "/Tag BMC".
          const first = args?.[0] as string | { name?: string } | undefined;
          const tag = typeof first === "string" ? first : (first?.name ?? "");
          const mcid = typeof args?.[1] === "number" || (typeof args?.[1] === "object" && args[1] !== null && typeof (args[1] as { mcid?: unknown }).mcid === "number");
          if (stack.includes("Artifact") && mcid) taggedInArtifact++;
          stack.push(tag === "Artifact" ? "Artifact" : mcid ? "tagged" : tag);
          return;
        }
        if (fn === OPS.endMarkedContent) {
          stack.pop();
          return;
        }
        const drawsPath = fn === OPS.constructPath && Array.isArray(args) && DRAW.has(args[0] as number);
        if ((DRAW.has(fn) || drawsPath) && !stack.includes("Artifact") && !stack.includes("tagged")) untagged++;
      });
      if (untagged) problems.push(`[01-005] page ${n}: ${untagged} drawing operations are neither tagged nor marked as artifact`);
      if (taggedInArtifact) problems.push(`[01-004] page ${n}: tagged content inside an artifact`);
    }
  } finally {
    await task.destroy();
  }
  return problems;
}

function fontProblems(file: string): string[] {
  const r = spawnSync("pdffonts", [file], { encoding: "utf8" });
  if (r.status !== 0) return [`pdffonts failed: ${r.stderr}`];
  return r.stdout
    .split("\n")
    .slice(2)
    .filter((l) => l.trim())
    .flatMap((l) => {
      const cols = l.trim().split(/\s+/);
      // name type… emb sub uni object ID: the three yes/no columns before the object number
      const [emb, , uni] = cols.slice(-5, -2);
      return [...(emb !== "yes" ? [`[31-001] font ${cols[0]} is not embedded`] : []), ...(uni !== "yes" ? [`[10-001] font ${cols[0]} has no ToUnicode map`] : [])];
    });
}

/** Every PDF/UA-1 rule a program can decide that `file` breaks; empty when none. */
export async function pdfuaProblems(file: string): Promise<string[]> {
  const bytes = new Uint8Array(readFileSync(file));
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const problems: string[] = [];
  const fail = (m: string) => problems.push(m);
  const cat = doc.catalog;

  // Metadata: PDF/UA identification and a title (06-001, 06-002, 06-003).
  const xmp = streamText(cat.lookup(PDFName.of("Metadata")));
  if (!xmp) fail("[06-001] no XMP metadata stream");
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp) || !xmp.includes('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"')) fail("[06-002] XMP has no pdfuaid:part 1");
  if (!/<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) fail("[06-003] XMP has no dc:title");
  // The title is shown, not the file name (07-001, 07-002).
  const prefs = cat.lookupMaybe(PDFName.of("ViewerPreferences"), PDFDict);
  if (prefs?.lookup(PDFName.of("DisplayDocTitle")) !== PDFBool.True) fail("[07-001] /ViewerPreferences /DisplayDocTitle is not true");
  // Natural language (11-006).
  if (!textOf(cat.lookup(PDFName.of("Lang")))?.trim()) fail("[11-006] catalog has no /Lang");
  // Tagged (01-001 … 01-007).
  const mark = cat.lookupMaybe(PDFName.of("MarkInfo"), PDFDict);
  if (mark?.lookup(PDFName.of("Marked")) !== PDFBool.True) fail("[01-002] /MarkInfo /Marked is not true");
  if (mark?.lookup(PDFName.of("Suspects")) === PDFBool.True) fail("[01-007] /MarkInfo /Suspects is true");
  if (doc.context.trailerInfo.Encrypt) fail("[26-001] the file is encrypted");

  const { root, elems } = structure(doc);
  if (!root) fail("[01-001] no structure tree (StructTreeRoot)");
  const roleMap = root?.lookupMaybe(PDFName.of("RoleMap"), PDFDict);
  for (const e of elems) {
    const raw = (e as { rawRole?: string }).rawRole ?? e.role;
    if (!STANDARD.has(e.role)) fail(`[02-001] structure type ${raw} is neither standard nor mapped to a standard type`);
  }
  if (roleMap) for (const [k] of roleMap.entries()) if (STANDARD.has(k.decodeText())) fail(`[02-004] standard type ${k.decodeText()} is remapped in the RoleMap`);
  // Figures (13-004) and formulas (17-002) have an alternative description.
  for (const e of elems.filter((x) => x.role === "Figure" || x.role === "Formula")) {
    if (!textOf(e.dict.lookup(PDFName.of("Alt")))?.trim() && !textOf(e.dict.lookup(PDFName.of("ActualText")))?.trim()) {
      fail(`[13-004] a ${e.role} has no /Alt${e.kids.some((k) => k.role === "Table" || k.kids.some((kk) => kk.role === "Table")) ? " (a figure around a table)" : ""}`);
    }
  }
  // Tables: TH with a Scope (15-003); table parts inside a Table, list parts inside a list (09-004, 09-005).
  for (const e of elems.filter((x) => x.role === "TH")) {
    const attrs = e.dict.lookup(PDFName.of("A"));
    const list = attrs instanceof PDFArray ? attrs.asArray().map((a) => doc.context.lookup(a)) : [attrs];
    if (!list.some((a) => a instanceof PDFDict && a.lookup(PDFName.of("Scope")) instanceof PDFName)) fail("[15-003] a TH has no /Scope");
  }
  const inside = (e: Elem, role: string) => {
    for (let p = e.parent; p; p = p.parent) if (p.role === role) return true;
    return false;
  };
  for (const e of elems) {
    if (TABLE_PARTS.has(e.role) && !inside(e, "Table")) fail(`[09-004] ${e.role} outside a Table`);
    if (e.role === "LI" && e.parent?.role !== "L") fail("[09-005] LI outside an L");
    if ((e.role === "Lbl" || e.role === "LBody") && e.parent?.role !== "LI") fail(`[09-005] ${e.role} outside an LI`);
  }
  // Headings: the first is H1, none skips a level (14-002, 14-003).
  const levels = elems.filter((e) => /^H[1-6]$/.test(e.role)).map((e) => Number(e.role.slice(1)));
  if (levels.length && levels[0] !== 1) fail(`[14-002] the first heading is H${levels[0]}, not H1`);
  levels.forEach((l, i) => {
    if (i > 0 && l > levels[i - 1]! + 1) fail(`[14-003] heading H${l} follows H${levels[i - 1]}: a level is skipped`);
  });
  // Annotations: a link says where it goes and is a Link element; tab order follows the structure (28-008, 28-011, 28-012).
  const linked = new Map<string, Elem>();
  for (const e of elems) for (const r of e.objrs) linked.set(r.toString(), e);
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    if (!annots || annots.size() === 0) return;
    if (page.node.lookup(PDFName.of("Tabs")) !== PDFName.of("S")) fail(`[28-008] page ${i + 1} has annotations but no /Tabs /S`);
    annots.asArray().forEach((ref) => {
      const a = doc.context.lookup(ref);
      if (!(a instanceof PDFDict) || a.lookup(PDFName.of("Subtype")) !== PDFName.of("Link")) return;
      if (!textOf(a.lookup(PDFName.of("Contents")))?.trim()) fail(`[28-012] a link on page ${i + 1} has no /Contents`);
      const elem = ref instanceof PDFRef ? linked.get(ref.toString()) : undefined;
      if (elem?.role !== "Link") fail(`[28-011] a link on page ${i + 1} is not in a Link structure element`);
    });
  });
  problems.push(...(await untaggedDrawing(bytes)), ...fontProblems(file));
  return problems;
}

/** veraPDF's PDF/UA-1 verdict, when veraPDF is installed; undefined when it is not. */
export function verapdfProblems(file: string): string[] | undefined {
  const r = spawnSync("verapdf", ["--flavour", "ua1", "--format", "text", file], { encoding: "utf8" });
  if (r.error) return undefined;
  return /^PASS/m.test(r.stdout) ? [] : [r.stdout.trim() || r.stderr.trim()];
}
