// A PDF content stream as operands and operators (ISO 32000-1 §7.2, §7.8.2), for the
// layout audit's text reader (page-text.ts). Only what a content stream holds: numbers,
// names, strings, arrays and inline dictionaries; an inline image (BI … EI) is refused,
// as is anything else it does not know, and the caller then reads the PDF with pdf.js.

/** A construct this reader does not handle; the audit then falls back to pdf.js. */
export class UnsupportedContent extends Error {
  constructor(what: string) {
    super(`niet ondersteund in de snelle tekstlezer: ${what}`);
    this.name = "UnsupportedContent";
  }
}

export type Operand = number | boolean | null | PdfName | Uint8Array | Operand[] | Map<string, Operand>;

/** A name operand (/F4), kept apart from strings. */
export class PdfName {
  constructor(readonly name: string) {}
}

const WHITE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIM[c.charCodeAt(0)] = 1;

const ONE_CHAR = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c));

const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1);

/** What lexContent hands each operator to: an object, so that its method is one function V8 compiles once. */
export interface OperatorHandler {
  operator(operator: string, operands: Operand[]): void;
}

/**
 * Calls `handler.operator` for each operator with its operands, in stream order. The
 * operand array is reused between calls: copy what must outlive the call.
 */
export function lexContent(data: Uint8Array, handler: OperatorHandler): void {
  const n = data.length;
  let i = 0;
  const operands: Operand[] = [];
  // Open arrays and dictionaries, innermost last.
  const open: (Operand[] | { dict: Map<string, Operand>; items: Operand[] })[] = [];
  const push = (v: Operand) => {
    const top = open[open.length - 1];
    if (!top) operands.push(v);
    else if (Array.isArray(top)) top.push(v);
    else top.items.push(v);
  };
  while (i < n) {
    const c = data[i]!;
    if (WHITE[c]) {
      i++;
      continue;
    }
    if (c === 0x25) {
      // % comment to the end of the line
      while (i < n && data[i] !== 0x0a && data[i] !== 0x0d) i++;
      continue;
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
      // A number, parsed as pdf.js's lexer does (digits accumulated, divided once), so
      // both readers see the same doubles.
      let sign = 1;
      if (c === 0x2d) {
        sign = -1;
        i++;
        if (data[i] === 0x2d) i++;
      } else if (c === 0x2b) i++;
      let divideBy = 0;
      if (data[i] === 0x2e) {
        divideBy = 10;
        i++;
      }
      const d0 = data[i] ?? -1;
      if (d0 < 0x30 || d0 > 0x39) throw new UnsupportedContent("een onleesbaar getal");
      let value = d0 - 0x30;
      i++;
      for (; i < n; i++) {
        const ch = data[i]!;
        if (ch >= 0x30 && ch <= 0x39) {
          if (divideBy !== 0) divideBy *= 10;
          value = value * 10 + (ch - 0x30);
        } else if (ch === 0x2e) {
          if (divideBy === 0) divideBy = 1;
          else break;
        } else break;
      }
      push(sign * (divideBy !== 0 ? value / divideBy : value));
      continue;
    }
    if (c === 0x2f) {
      // /Name, with #xx escapes
      let j = i + 1;
      let name = "";
      while (j < n && !WHITE[data[j]!] && !DELIM[data[j]!]) {
        if (data[j] === 0x23 && j + 2 < n && hexValue(data[j + 1]!) >= 0 && hexValue(data[j + 2]!) >= 0) {
          name += String.fromCharCode(hexValue(data[j + 1]!) * 16 + hexValue(data[j + 2]!));
          j += 3;
        } else name += String.fromCharCode(data[j++]!);
      }
      push(new PdfName(name));
      i = j;
      continue;
    }
    if (c === 0x28) {
      const [bytes, end] = literalString(data, i + 1);
      push(bytes);
      i = end;
      continue;
    }
    if (c === 0x3c) {
      if (data[i + 1] === 0x3c) {
        open.push({ dict: new Map(), items: [] });
        i += 2;
        continue;
      }
      // <hex>: Chromium writes every glyph as one, so this is the hot path.
      let j = i + 1;
      while (j < n && data[j] !== 0x3e) j++;
      const bytes = new Uint8Array((j - i) >> 1);
      let count = 0;
      let high = -1;
      for (let k = i + 1; k < j; k++) {
        const h = hexValue(data[k]!);
        if (h < 0) {
          if (WHITE[data[k]!]) continue;
          throw new UnsupportedContent("een onleesbare hexadecimale tekenreeks");
        }
        if (high < 0) high = h;
        else {
          bytes[count++] = high * 16 + h;
          high = -1;
        }
      }
      if (high >= 0) bytes[count++] = high * 16;
      push(count === bytes.length ? bytes : bytes.slice(0, count));
      i = j + 1;
      continue;
    }
    if (c === 0x3e && data[i + 1] === 0x3e) {
      const top = open.pop();
      if (!top || Array.isArray(top)) throw new UnsupportedContent("een los >>");
      for (let k = 0; k + 1 < top.items.length; k += 2) {
        const key = top.items[k];
        if (key instanceof PdfName) top.dict.set(key.name, top.items[k + 1]!);
      }
      push(top.dict);
      i += 2;
      continue;
    }
    if (c === 0x5b) {
      open.push([]);
      i++;
      continue;
    }
    if (c === 0x5d) {
      const top = open.pop();
      if (!top || !Array.isArray(top)) throw new UnsupportedContent("een losse ]");
      push(top);
      i++;
      continue;
    }
    if (DELIM[c]) throw new UnsupportedContent(`het teken ${String.fromCharCode(c)}`);
    // A keyword: an operator, or true/false/null.
    let j = i;
    while (j < n && !WHITE[data[j]!] && !DELIM[data[j]!]) j++;
    const word = j - i === 1 ? ONE_CHAR[data[i]!]! : j - i === 2 ? String.fromCharCode(data[i]!, data[i + 1]!) : String.fromCharCode(...data.subarray(i, j));
    i = j;
    if (word === "true" || word === "false") push(word === "true");
    else if (word === "null") push(null);
    else {
      if (open.length) throw new UnsupportedContent(`de operator ${word} binnen een lijst`);
      if (word === "BI") throw new UnsupportedContent("een inline afbeelding");
      handler.operator(word, operands);
      operands.length = 0;
    }
  }
}

/** A literal string's bytes, from just after its "(" ; returns them and the index after its ")". */
function literalString(data: Uint8Array, start: number): [Uint8Array, number] {
  const out: number[] = [];
  let depth = 1;
  let i = start;
  while (i < data.length) {
    const c = data[i++]!;
    if (c === 0x5c) {
      const e = data[i++];
      if (e === undefined) break;
      if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let k = 0; k < 2 && data[i]! >= 0x30 && data[i]! <= 0x37; k++) v = v * 8 + (data[i++]! - 0x30);
        out.push(v & 0xff);
      } else if (e === 0x0d) {
        if (data[i] === 0x0a) i++; // line continuation
      } else if (e !== 0x0a) {
        const map: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
        out.push(map[e] ?? e);
      }
      continue;
    }
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return [Uint8Array.from(out), i];
    out.push(c);
  }
  throw new UnsupportedContent("een niet afgesloten tekenreeks");
}
