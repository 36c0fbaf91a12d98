// The fonts of a PDF as the layout audit's text reader (page-text.ts) needs them: each
// glyph's width (/W, /DW) and its text (/ToUnicode), for the Type0 fonts with
// Identity-H encoding that Chromium writes. Any other font throws UnsupportedContent
// (the audit then reads the PDF with pdf.js).
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFContext, type PDFObject } from "pdf-lib";
import { lexContent, UnsupportedContent, type Operand } from "./content-lexer.ts";
import { streamBytes } from "./stream-bytes.ts";

export interface Font {
  /** BaseFont: a font switch to another size or another font ends a run. */
  name: string;
  widths: Map<number, number>;
  defaultWidth: number;
  unicode: Map<number, string>;
}

/** Fonts of one document, read once. */
export class FontCache {
  private readonly fonts = new Map<PDFObject, Font>();
  constructor(private readonly context: PDFContext) {}

  get(ref: PDFObject): Font {
    let font = this.fonts.get(ref);
    if (!font) {
      font = readFont(this.context, ref);
      this.fonts.set(ref, font);
    }
    return font;
  }
}

function readFont(ctx: PDFContext, ref: PDFObject): Font {
  const dict = ctx.lookup(ref);
  if (!(dict instanceof PDFDict)) throw new UnsupportedContent("een lettertype zonder woordenboek");
  const subtype = dict.lookup(PDFName.of("Subtype"));
  const encoding = dict.lookup(PDFName.of("Encoding"));
  if (subtype !== PDFName.of("Type0") || encoding !== PDFName.of("Identity-H")) throw new UnsupportedContent(`lettertype ${String(subtype)} ${String(encoding)}`);
  const descendant = dict.lookupMaybe(PDFName.of("DescendantFonts"), PDFArray)?.lookup(0);
  if (!(descendant instanceof PDFDict)) throw new UnsupportedContent("een Type0-lettertype zonder DescendantFonts");
  const dw = descendant.lookup(PDFName.of("DW"));
  const widths = new Map<number, number>();
  const w = descendant.lookup(PDFName.of("W"));
  if (w instanceof PDFArray) {
    const items = w.asArray().map((x) => ctx.lookup(x));
    const num = (x: PDFObject | undefined) => (x instanceof PDFNumber ? x.asNumber() : Number.NaN);
    for (let i = 0; i < items.length; ) {
      const first = num(items[i]);
      const next = items[i + 1];
      if (next instanceof PDFArray) {
        next.asArray().forEach((x, k) => widths.set(first + k, num(ctx.lookup(x))));
        i += 2;
      } else {
        const last = num(next);
        const width = num(items[i + 2]);
        for (let c = first; c <= last; c++) widths.set(c, width);
        i += 3;
      }
    }
  }
  const toUnicode = dict.lookup(PDFName.of("ToUnicode"));
  if (!(toUnicode instanceof PDFRawStream)) throw new UnsupportedContent("een lettertype zonder ToUnicode");
  const baseFont = dict.lookup(PDFName.of("BaseFont"));
  return {
    name: baseFont instanceof PDFName ? baseFont.decodeText() : "",
    widths,
    defaultWidth: dw instanceof PDFNumber ? dw.asNumber() : 1000,
    unicode: readToUnicode(streamBytes(toUnicode)),
  };
}

/** A ToUnicode CMap's two-byte codes (bfchar, bfrange) as strings (UTF-16BE). */
function readToUnicode(data: Uint8Array): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (b: Uint8Array) => {
    let s = "";
    for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  };
  const code = (b: Operand | undefined) => (b instanceof Uint8Array ? b.reduce((v, x) => v * 256 + x, 0) : Number.NaN);
  let mode = "";
  const pending: Operand[] = [];
  // A CMap is PostScript, not a content stream, but its tokens lex the same; its
  // keywords come in as "operators" with the operands before them.
  lexContent(data, {
    operator(word, operands) {
      if (word === "beginbfchar" || word === "beginbfrange") {
        mode = word;
        pending.length = 0;
        return;
      }
      if (word === "endbfchar" || word === "endbfrange") {
        const pairs = [...pending, ...operands];
        const step = mode === "beginbfchar" ? 2 : 3;
        for (let i = 0; i + step - 1 < pairs.length; i += step) {
          if (mode === "beginbfchar") {
            const dst = pairs[i + 1];
            if (dst instanceof Uint8Array) map.set(code(pairs[i]), utf16(dst));
            continue;
          }
          const [lo, hi, dst] = [code(pairs[i]), code(pairs[i + 1]), pairs[i + 2]];
          if (Array.isArray(dst)) dst.forEach((d, k) => d instanceof Uint8Array && map.set(lo + k, utf16(d)));
          else if (dst instanceof Uint8Array && dst.length >= 2) {
            // The last UTF-16 unit counts up along the range (as pdf.js does it).
            const head = utf16(dst.subarray(0, dst.length - 2));
            const last = (dst[dst.length - 2]! << 8) | dst[dst.length - 1]!;
            for (let c = lo; c <= hi; c++) map.set(c, head + String.fromCharCode(last + c - lo));
          }
        }
        mode = "";
        pending.length = 0;
        return;
      }
      if (mode) pending.push(...operands.map((o) => (Array.isArray(o) ? [...o] : o)));
    },
  });
  return map;
}
