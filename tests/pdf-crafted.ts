// PDFs written operator by operator (pdf-lib's low-level API) for the audit's text reader
// tests (tests/unit/page-text.test.ts): the text operators and states Chromium does not
// use today (TJ with kerning, T*, ', ", Tz, Ts, Tc, Tw, q/Q, Form XObjects, text beyond
// the page, rotated text, ligatures and format marks in ToUnicode), in a Type0 font of
// the kind Chromium writes, so both readers must handle them.
import { PDFDocument, PDFName, PDFString, type PDFRef } from "pdf-lib";

/** The test font's codes: code → text (ToUnicode) and width (/W, thousandths of an em). */
export const GLYPHS: readonly { code: number; text: string; width: number }[] = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;%€-()".split("").map((text, i) => ({ code: 0x10 + i, text, width: 380 + ((i * 37) % 320) })),
  { code: 0x03, text: " ", width: 250 },
  { code: 0x04, text: "\u00a0", width: 250 }, // no-break space
  { code: 0x05, text: "\ufb01", width: 540 }, // the fi ligature, normalized by pdf.js
  { code: 0x06, text: "\u0301", width: 200 }, // combining acute accent (Mn): counts as no width
  { code: 0x07, text: "\u200b", width: 0 }, // zero-width space (Cf): left out
  { code: 0x08, text: "\u00ad", width: 300 }, // soft hyphen (Cf)
  { code: 0x09, text: "…", width: 800 },
];

const hex = (n: number, digits = 4) => n.toString(16).toUpperCase().padStart(digits, "0");
const utf16 = (s: string) => Array.from(s, (c) => hex(c.charCodeAt(0))).join("");

/** The show string (<…>) for a text in the test font. */
export function show(text: string): string {
  const codes = Array.from(text, (c) => {
    const g = GLYPHS.find((x) => x.text === c);
    if (!g) throw new Error(`no glyph for ${JSON.stringify(c)}`);
    return hex(g.code);
  });
  return `<${codes.join("")}>`;
}

/** The same as a literal string: (…) with octal escapes, and bytes that need none as they are. */
export function showLiteral(text: string): string {
  const bytes = show(text).slice(1, -1).match(/../g)!.map((h) => parseInt(h, 16));
  const named: Record<number, string> = { 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0c: "\\f", 0x0d: "\\r" };
  const one = (b: number) => named[b] ?? (b >= 0x61 && b <= 0x7a ? String.fromCharCode(b) : b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : `\\${b.toString(8).padStart(3, "0")}`);
  return `(${bytes.map(one).join("")})`;
}

function addFont(doc: PDFDocument, baseFont: string): PDFRef {
  const ctx = doc.context;
  const cmap = [
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
    "/CMapName /Test-UCS def /CMapType 2 def",
    "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    `${GLYPHS.length - 10} beginbfchar`,
    ...GLYPHS.slice(10).map((g) => `<${hex(g.code)}> <${utf16(g.text)}>`),
    "endbfchar",
    // The first ten (a–j) as a range, the way Chromium writes runs of codes.
    "1 beginbfrange",
    `<${hex(0x10)}> <${hex(0x19)}> <${utf16("a")}>`,
    "endbfrange",
    "endcmap CMapName currentdict /CMap defineresource pop end end",
  ].join("\n");
  const widths: (number | number[])[] = [];
  for (const g of GLYPHS) widths.push(g.code, [g.width]);
  const descriptor = ctx.register(
    ctx.obj({ Type: "FontDescriptor", FontName: baseFont, Flags: 32, FontBBox: [0, -200, 1000, 800], ItalicAngle: 0, Ascent: 800, Descent: -200, CapHeight: 700, StemV: 80 }),
  );
  const cidFont = ctx.register(
    ctx.obj({
      Type: "Font",
      Subtype: "CIDFontType2",
      BaseFont: baseFont,
      CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("Identity"), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: 500,
      W: widths,
    }),
  );
  return ctx.register(ctx.obj({ Type: "Font", Subtype: "Type0", BaseFont: baseFont, Encoding: "Identity-H", DescendantFonts: [cidFont], ToUnicode: ctx.register(ctx.flateStream(cmap)) }));
}

/**
 * A one-page PDF (A4) whose content stream is `ops`, with fonts /F1 and /F2 (the same
 * glyphs, other names) and a Form XObject /X1 whose content is `formOps`.
 */
export async function craftedPdf(ops: string, formOps = "", formMatrix = [1, 0, 0, 1, 0, 0]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const ctx = doc.context;
  const f1 = addFont(doc, "AAAAAA+TestSans");
  const f2 = addFont(doc, "BAAAAA+TestSerif");
  const page = doc.addPage([595.28, 841.89]);
  page.node.setFontDictionary(PDFName.of("F1"), f1);
  page.node.setFontDictionary(PDFName.of("F2"), f2);
  const form = ctx.register(ctx.flateStream(formOps, { Type: "XObject", Subtype: "Form", BBox: [0, 0, 595.28, 841.89], Matrix: formMatrix, Resources: { Font: { F1: f1 } } }));
  page.node.setXObject(PDFName.of("X1"), form);
  page.node.set(PDFName.of("Contents"), ctx.register(ctx.flateStream(ops)));
  return doc.save();
}
