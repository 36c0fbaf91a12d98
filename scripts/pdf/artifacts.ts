// PDF/UA: every piece of page content is either tagged (in the structure tree) or an
// artifact. Chromium tags the document's content but leaves the rest outside any
// marked content: the @page margin boxes (running header, the illustrative-figures
// line), backgrounds, borders and rules, the CONCEPT watermark, a decorative logo.
// This wraps each such painting operation in `/Artifact BMC … EMC`, leaving tagged
// content and the graphics state exactly as they were (no q/Q or BT/ET is split).
import { PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject, type PDFPage } from "pdf-lib";
import { flateStream, streamBytes } from "./stream-bytes.ts";

const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITERS = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIMITERS[c.charCodeAt(0)] = 1;
/** Characters an operator consists of (ISO 32000-1 Annex A: letters, ', " and *). */
const OPERATOR_CHAR = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"*") OPERATOR_CHAR[c.charCodeAt(0)] = 1;

interface Op {
  operator: string;
  /** The operands and the operator, each token as written, one space apart. */
  text: string;
}

/**
 * Splits a content stream (Latin-1, one character per byte) into operators with their
 * operands. One pass over the characters: a page of Chromium's holds ~7,000 operators,
 * and this runs on every page of every letter. Comments are dropped, as are operands
 * after the last operator.
 */
export function operations(src: string): Op[] {
  const ops: Op[] = [];
  let text = "";
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c < 256 && WHITESPACE[c]) {
      i++;
      continue;
    }
    const start = i;
    if (c === 0x25 /* % */) {
      while (i < n && src.charCodeAt(i) !== 0x0a && src.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    let word = false;
    if (c === 0x28 /* ( */) {
      let depth = 0;
      for (; i < n; i++) {
        const ch = src.charCodeAt(i);
        if (ch === 0x5c /* \\ */) i++;
        else if (ch === 0x28) depth++;
        else if (ch === 0x29 && --depth === 0) break;
      }
      i++;
    } else if ((c === 0x3c || c === 0x3e) && src.charCodeAt(i + 1) === c) {
      i += 2; // << or >>
    } else if (c === 0x3c /* < */) {
      i = src.indexOf(">", i) + 1 || n;
    } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
    } else if (c === 0x2f /* / */) {
      i++;
      while (i < n && !(src.charCodeAt(i) < 256 && (WHITESPACE[src.charCodeAt(i)] || DELIMITERS[src.charCodeAt(i)]))) i++;
    } else {
      word = true;
      while (i < n && !(src.charCodeAt(i) < 256 && (WHITESPACE[src.charCodeAt(i)] || DELIMITERS[src.charCodeAt(i)]))) i++;
      if (i === start) i++; // a stray delimiter
    }
    const token = src.slice(start, i);
    if (word && isOperator(src, start, i) && token !== "true" && token !== "false" && token !== "null") {
      ops.push({ operator: token, text: text === "" ? token : `${text} ${token}` });
      text = "";
    } else text = text === "" ? token : `${text} ${token}`;
  }
  return ops;
}

function isOperator(src: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const ch = src.charCodeAt(k);
    if (ch >= 256 || !OPERATOR_CHAR[ch]) return false;
  }
  return end > start;
}

const PATH_BUILD = new Set(["m", "l", "c", "v", "y", "h", "re", "W", "W*"]);
const PATH_PAINT = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*"]);
const XOBJECT_PAINT = new Set(["Do", "sh", "EI"]);

/**
 * The content with every painting operation outside marked content wrapped as an
 * artifact: a whole text object (BT … ET), a path from its first construction operator
 * to the one that paints it, an XObject or shading. Returns undefined when nothing is
 * outside marked content (the stream is left as it is).
 */
export function markArtifacts(content: string, hasTaggedContent: (xobject: string) => boolean = () => false): string | undefined {
  const ops = operations(content);
  // Inline image data is binary, not tokens; Chromium does not write any. Leave such a page alone.
  if (ops.some((o) => o.operator === "BI")) return undefined;
  const out: string[] = [];
  let depth = 0;
  let changed = false;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.operator === "BDC" || op.operator === "BMC") depth++;
    if (op.operator === "EMC") depth = Math.max(0, depth - 1);
    if (depth > 0 || op.operator === "EMC") {
      out.push(op.text);
      continue;
    }
    let end = -1;
    if (op.operator === "BT") {
      end = ops.findIndex((o, j) => j > i && o.operator === "ET");
      // A text object with tagged content inside is left alone (Chromium puts BDC outside BT).
      if (end > 0 && ops.slice(i, end).some((o) => o.operator === "BDC" || o.operator === "BMC")) end = -1;
    } else if (PATH_BUILD.has(op.operator)) {
      let j = i;
      while (j < ops.length && PATH_BUILD.has(ops[j]!.operator)) j++;
      // Only a painted path is content; "re W n" merely clips.
      if (j < ops.length && PATH_PAINT.has(ops[j]!.operator)) end = j;
    } else if (XOBJECT_PAINT.has(op.operator)) {
      // A form with tagged content inside is marked inside (markFormArtifacts), not as a whole.
      if (!(op.operator === "Do" && hasTaggedContent(op.text.split(/\s+/)[0]!.slice(1)))) end = i;
    }
    if (end < 0) {
      out.push(op.text);
      continue;
    }
    out.push("/Artifact BMC", ...ops.slice(i, end + 1).map((o) => o.text), "EMC");
    changed = true;
    i = end;
  }
  return changed ? `${out.join("\n")}\n` : undefined;
}

/** Marks the untagged content of every page as artifacts (see markArtifacts). */
export function markPageArtifacts(doc: PDFDocument): void {
  for (const page of doc.getPages()) markArtifactsOn(doc, page);
}

function markArtifactsOn(doc: PDFDocument, page: PDFPage): void {
  const tagged = taggedForms(doc, page.node.lookupMaybe(PDFName.of("Resources"), PDFDict));
  rewriteStream(doc, page.node.get(PDFName.of("Contents")), (name) => tagged.has(name));
}

/**
 * Form XObjects of these resources that hold tagged content (Chromium draws a translucent
 * chart area that way): their own untagged drawing is marked inside them, so the Do
 * drawing them stays outside any artifact. By name, as the content stream calls them.
 */
function taggedForms(doc: PDFDocument, resources: PDFDict | undefined): Set<string> {
  const names = new Set<string>();
  const xobjects = resources?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  if (!xobjects) return names;
  for (const [name, ref] of xobjects.entries()) {
    const form = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
    if (!(form instanceof PDFStream) || form.dict.lookup(PDFName.of("Subtype")) !== PDFName.of("Form")) continue;
    if (!/\/MCID\b/.test(decoded(form))) continue;
    names.add(name.decodeText());
    const inner = taggedForms(doc, form.dict.lookupMaybe(PDFName.of("Resources"), PDFDict));
    if (ref instanceof PDFRef) rewriteStream(doc, ref, (n) => inner.has(n));
  }
  return names;
}

function decoded(stream: PDFStream): string {
  const bytes = stream instanceof PDFRawStream ? streamBytes(stream) : stream.getContents();
  // Latin-1 keeps every byte (string operands are binary) one character.
  return Buffer.from(bytes).toString("latin1");
}

/** Replaces the stream at `ref` by its content with artifacts marked, in place (the old stream must not stay behind). */
function rewriteStream(doc: PDFDocument, ref: PDFObject | undefined, hasTaggedContent: (name: string) => boolean): void {
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
  if (!(ref instanceof PDFRef) || !(stream instanceof PDFStream)) return; // Chromium writes one stream per page
  const marked = markArtifacts(decoded(stream), hasTaggedContent);
  if (marked === undefined) return;
  const dict = stream.dict.clone(doc.context);
  for (const key of ["Filter", "DecodeParms", "Length"]) dict.delete(PDFName.of(key));
  const replacement = flateStream(doc.context, Buffer.from(marked, "latin1"));
  // A form keeps its own dictionary (BBox, Resources, Group …); a page's stream has only Length and Filter.
  for (const [k, v] of dict.entries()) replacement.dict.set(k, v);
  doc.context.assign(ref, replacement);
}
