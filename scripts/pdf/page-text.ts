// The text of a PDF page as the layout audit reads it: runs of text with their place,
// and the marked content around them. A port of pdf.js's getTextContent (pdf.js 5,
// src/core/evaluator.js, Apache-2.0: https://github.com/mozilla/pdf.js) for the PDFs
// Chromium writes: horizontal text in Type0 fonts with Identity-H encoding, a /W width
// array and a /ToUnicode map, which is all Chromium uses. Why: Chromium places every
// glyph with its own Td (≈2,400 operators a page), and pdf.js, which also parses every
// font program and passes every item between its two halves, spent ~25 ms a letter
// on that: as much as finalizing the PDF. This reads the same runs in ~3 ms.
// Anything else (another font kind or encoding, vertical or right-to-left text, an
// inline image) throws UnsupportedContent, and audit-read.ts reads that PDF with pdf.js:
// an archived PDF from another printer is still read, only slower.
// tests/unit/page-text.test.ts checks that both readers give the same runs.
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from "pdf-lib";
import { lexContent, PdfName, UnsupportedContent, type Operand } from "./content-lexer.ts";
import type { FontCache, Font } from "./content-fonts.ts";
import { streamBytes } from "./stream-bytes.ts";

export { UnsupportedContent } from "./content-lexer.ts";

type Matrix = number[];

/** What pdf.js's getTextContent gives with includeMarkedContent, as far as the audit reads it. */
export type ContentItem =
  | { str: string; transform: Matrix; width: number; height: number }
  | { type: "beginMarkedContent" | "beginMarkedContentProps"; id?: string }
  | { type: "endMarkedContent" };

interface TextState {
  ctm: Matrix;
  font: Font | undefined;
  fontName: string | undefined;
  fontSize: number;
  textMatrix: Matrix;
  textLineMatrix: Matrix;
  charSpacing: number;
  wordSpacing: number;
  leading: number;
  textHScale: number;
  textRise: number;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
// pdf.js's thresholds (fractions of the font size) for a space, a new run or a new line.
const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;
/** pdf.js's character categories (core/unicode.js). */
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
/** Characters pdf.js normalizes with NFKC (shared/util.js normalizeUnicode). */
const NORMALIZE =
  /([\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+)|(\ufb05+)/gu;
/** Right-to-left characters: pdf.js reorders those (bidi); not done here. */
const RTL = /[\u0590-\u05f4\u0600-\u08ac\ufb50-\ufdff\ufe70-\ufeff]/;

/** pdf.js's Util.transform: m1 × m2. */
const mul = (m1: Matrix, m2: Matrix): Matrix => [
  m1[0]! * m2[0]! + m1[2]! * m2[1]!,
  m1[1]! * m2[0]! + m1[3]! * m2[1]!,
  m1[0]! * m2[2]! + m1[2]! * m2[3]!,
  m1[1]! * m2[2]! + m1[3]! * m2[3]!,
  m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
  m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
];
const translate = (m: Matrix, x: number, y: number) => {
  m[4] = m[0]! * x + m[2]! * y + m[4]!;
  m[5] = m[1]! * x + m[3]! * y + m[5]!;
};

interface Scope {
  resources: PDFDict | undefined;
  /** States saved by q; a Form XObject has its own. */
  stack: TextState[];
  /** Form XObjects being read (a form that draws itself is refused). */
  forms: Set<PDFObject>;
}

/**
 * The page's text as pdf.js's getTextContent({ includeMarkedContent: true }) gives it,
 * without its items of only white space. `view` is the page's visible box.
 */
export function pageTextItems(ctx: PDFContext, content: Uint8Array, resources: PDFDict | undefined, view: Matrix, fonts: FontCache, pageId: string): ContentItem[] {
  return new TextReader(ctx, view, fonts, pageId).read(content, { resources, stack: [], forms: new Set() });
}

/** The run being built (pdf.js's textContentItem); its last glyph's place outlives it. */
interface Run {
  initialized: boolean;
  str: string[];
  width: number;
  totalWidth: number;
  height: number;
  transform: Matrix;
  prevTransform: Matrix | undefined;
  prevTextRise: number;
  textAdvanceScale: number;
  spaceInFlowMin: number;
  spaceInFlowMax: number;
  trackingSpaceMin: number;
  negativeSpaceMax: number;
  notASpace: number;
}

const newRun = (): Run => ({
  initialized: false,
  str: [],
  width: 0,
  totalWidth: 0,
  height: 0,
  transform: IDENTITY,
  prevTransform: undefined,
  prevTextRise: 0,
  textAdvanceScale: 0,
  spaceInFlowMin: 0,
  spaceInFlowMax: 0,
  trackingSpaceMin: Infinity,
  negativeSpaceMax: -Infinity,
  notASpace: -Infinity,
});

const clone = (s: TextState): TextState => ({ ...s, textMatrix: s.textMatrix.slice(), textLineMatrix: s.textLineMatrix.slice() });
const num = (o: Operand | undefined): number => {
  if (typeof o !== "number") throw new UnsupportedContent("een operator zonder getal");
  return o;
};
const bytesOf = (o: Operand | undefined): Uint8Array => {
  if (!(o instanceof Uint8Array)) throw new UnsupportedContent("tekst zonder tekenreeks");
  return o;
};

/**
 * One page's reading. A class rather than closures in pageTextItems: those were made
 * anew for every page, and V8 compiled the hot ones again and again with TurboFan
 * (showText 8 times, compareWithLastPosition 6, ~0,5 CPU-s in a cold 120-letter build;
 * as methods 3 and 1, `--trace-opt`). The build ~0,25 s faster (four rounds).
 */
class TextReader {
  private readonly items: ContentItem[] = [];
  private readonly categories = new Map<string, RegExpMatchArray | null>();
  // Like pdf.js, a Form XObject's text is read with a run and last characters of its own.
  private run: Run = newRun();
  private twoLastChars = [" ", " "];
  private twoLastCharsPos = 0;
  private markedLevel = 0;
  private state: TextState = {
    ctm: IDENTITY,
    font: undefined,
    fontName: undefined,
    fontSize: 0,
    textMatrix: IDENTITY.slice(),
    textLineMatrix: IDENTITY.slice(),
    charSpacing: 0,
    wordSpacing: 0,
    leading: 0,
    textHScale: 1,
    textRise: 0,
  };
  private current: { fontSize: number; fontName: string | undefined; font: Font | undefined } | undefined;
  private scope!: Scope;

  constructor(
    private readonly ctx: PDFContext,
    private readonly view: Matrix,
    private readonly fonts: FontCache,
    private readonly pageId: string,
  ) {}

  /** The items of a page's content, read in `scope`. */
  read(content: Uint8Array, scope: Scope): ContentItem[] {
    this.readStream(content, scope);
    this.flush();
    return this.items;
  }

  private saveLastChar(char: string): boolean {
    const nextPos = (this.twoLastCharsPos + 1) % 2;
    const ret = this.twoLastChars[this.twoLastCharsPos] !== " " && this.twoLastChars[nextPos] === " ";
    this.twoLastChars[this.twoLastCharsPos] = char;
    this.twoLastCharsPos = nextPos;
    return ret;
  }

  private shouldAddWhitespace(): boolean {
    return this.twoLastChars[this.twoLastCharsPos] !== " " && this.twoLastChars[(this.twoLastCharsPos + 1) % 2] === " ";
  }

  private resetLastChars(): void {
    this.twoLastChars[0] = this.twoLastChars[1] = " ";
    this.twoLastCharsPos = 0;
  }

  // ctm × textMatrix × [size·hscale 0 0 size 0 rise], as pdf.js computes it (two Util.transform
  // calls) with the same operations in the same order, so both readers give the same doubles.
  private textTransform(): Matrix {
    const { ctm: c, textMatrix: t, fontSize, textHScale, textRise } = this.state;
    const s0 = fontSize * textHScale;
    const s3 = fontSize;
    const i0 = t[0]! * s0 + t[2]! * 0;
    const i1 = t[1]! * s0 + t[3]! * 0;
    const i2 = t[0]! * 0 + t[2]! * s3;
    const i3 = t[1]! * 0 + t[3]! * s3;
    const i4 = t[0]! * 0 + t[2]! * textRise + t[4]!;
    const i5 = t[1]! * 0 + t[3]! * textRise + t[5]!;
    return [c[0]! * i0 + c[2]! * i1, c[1]! * i0 + c[3]! * i1, c[0]! * i2 + c[2]! * i3, c[1]! * i2 + c[3]! * i3, c[0]! * i4 + c[2]! * i5 + c[4]!, c[1]! * i4 + c[3]! * i5 + c[5]!];
  }

  private ensureRun(): Run {
    const run = this.run;
    if (run.initialized) return run;
    const state = this.state;
    const trm = (run.transform = this.textTransform());
    run.width = run.totalWidth = 0;
    run.height = Math.hypot(trm[2]!, trm[3]!);
    run.textAdvanceScale = Math.hypot(state.ctm[0]!, state.ctm[1]!) * Math.hypot(state.textLineMatrix[0]!, state.textLineMatrix[1]!);
    const { fontSize } = state;
    run.trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
    run.notASpace = fontSize * NOT_A_SPACE_FACTOR;
    run.negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
    run.spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
    run.spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
    run.initialized = true;
    return run;
  }

  private updateAdvanceScale(): void {
    const run = this.run;
    const state = this.state;
    if (!run.initialized) return;
    const scale = Math.hypot(state.ctm[0]!, state.ctm[1]!) * Math.hypot(state.textLineMatrix[0]!, state.textLineMatrix[1]!);
    if (scale === run.textAdvanceScale) return;
    run.totalWidth += run.width * run.textAdvanceScale;
    run.width = 0;
    run.textAdvanceScale = scale;
  }

  private flush(): void {
    const run = this.run;
    if (!run.initialized) return;
    run.totalWidth += run.width * run.textAdvanceScale;
    let str = run.str.join("");
    str = str.replaceAll(NORMALIZE, (_, p1: string | undefined) => (p1 ? p1.normalize("NFKC") : "ſt"));
    if (RTL.test(str)) throw new UnsupportedContent("tekst van rechts naar links");
    // pdf.js also gives items of only white space; the audit skips those.
    if (str.trim() !== "") this.items.push({ str, transform: run.transform, width: Math.abs(run.totalWidth), height: Math.abs(run.height) });
    run.initialized = false;
    run.str.length = 0;
  }

  private appendEOL(): void {
    this.resetLastChars();
    if (this.run.initialized) this.flush();
  }

  /** pdf.js's addFakeSpaces: a gap that is a space inside the run, or the end of the run. */
  private fakeSpace(width: number, orientation: number): boolean {
    const run = this.run;
    if (orientation * run.spaceInFlowMin <= width && width <= orientation * run.spaceInFlowMax) {
      if (run.initialized) {
        this.resetLastChars();
        run.str.push(" ");
      }
      return false;
    }
    this.flush();
    this.resetLastChars();
    return true;
  }

  /** Whether a glyph at the current place is kept (pdf.js drops those outside the page); joins it to the run or ends the run. */
  private compareWithLastPosition(glyphWidth: number): boolean {
    const { run, state, view } = this;
    const currentTransform = this.textTransform();
    let posX = currentTransform[4]!;
    let posY = currentTransform[5]!;
    if (posX + glyphWidth < view[0]! || posX > view[2]! || posY < view[1]! || posY > view[3]!) return false;
    if (!state.font || !run.prevTransform) return true;
    let lastPosX = run.prevTransform[4]!;
    let lastPosY = run.prevTransform[5]!;
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    if (currentTransform[0] && currentTransform[1] === 0 && currentTransform[2] === 0) rotate = currentTransform[0] > 0 ? 0 : 180;
    else if (currentTransform[1] && currentTransform[0] === 0 && currentTransform[3] === 0) rotate = currentTransform[1] > 0 ? 90 : 270;
    if (rotate === 90) [posX, posY, lastPosX, lastPosY] = [posY, posX, lastPosY, lastPosX];
    else if (rotate === 180) [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
    else if (rotate === 270) [posX, posY, lastPosX, lastPosY] = [-posY, -posX, -lastPosY, -lastPosX];
    else if (rotate === -1) {
      const inverse = (x: number, y: number, m: Matrix) => {
        const s = Math.hypot(m[0]!, m[1]!);
        return [(m[0]! * x + m[1]! * y) / s, (m[2]! * x + m[3]! * y) / s] as const;
      };
      [posX, posY] = inverse(posX, posY, currentTransform);
      [lastPosX, lastPosY] = inverse(lastPosX, lastPosY, run.prevTransform);
    }
    const advanceX = (posX - lastPosX) / run.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const orientation = Math.sign(run.width || run.totalWidth);
    if (advanceX < orientation * run.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * run.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const riseDelta = state.textRise - run.prevTextRise;
    const advanceYCorrected = riseDelta === 0 ? advanceY : advanceY - (currentTransform[3]! / state.fontSize) * riseDelta;
    if (Math.abs(advanceYCorrected) > run.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= orientation * run.notASpace) this.resetLastChars();
    if (advanceX <= orientation * run.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
      } else run.width += advanceX;
    } else if (!this.fakeSpace(advanceX, orientation)) {
      if (run.str.length === 0) this.resetLastChars();
      else run.width += advanceX;
    }
    if (Math.abs(advanceY) > run.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  /** Another font size, or another font, ends the run (pdf.js's currentTextState). */
  private fontSwitch(): void {
    const { current, state } = this;
    if (current && (current.fontSize !== state.fontSize || (current.fontName !== state.fontName && current.font?.name !== state.font?.name))) {
      this.flush();
      this.current = { fontSize: state.fontSize, fontName: state.fontName, font: state.font };
    }
  }

  private showText(bytes: Uint8Array, extraSpacing: number): void {
    const state = this.state;
    const font = state.font;
    if (!font) throw new UnsupportedContent("tekst zonder lettertype");
    this.fontSwitch();
    if (bytes.length % 2 !== 0) throw new UnsupportedContent("een oneven aantal bytes in Identity-H-tekst");
    const scale = 0.001 * state.fontSize;
    const count = bytes.length / 2;
    for (let i = 0; i < count; i++) {
      const code = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
      const unicode = font.unicode.get(code);
      if (unicode === undefined) throw new UnsupportedContent(`glyph ${code} zonder ToUnicode`);
      let category = this.categories.get(unicode);
      if (category === undefined) this.categories.set(unicode, (category = unicode.match(SPECIAL_CHAR)));
      if (category?.[3]) continue; // an invisible format mark
      let charSpacing = state.charSpacing + (i + 1 === count ? extraSpacing : 0);
      let scaledDim = (font.widths.get(code) ?? font.defaultWidth) * scale;
      if (code === 0x20) charSpacing += state.wordSpacing;
      if (category?.[1]) {
        charSpacing += scaledDim;
        translate(state.textMatrix, charSpacing * state.textHScale, 0);
        this.saveLastChar(" ");
        continue;
      }
      const diacritic = !!category?.[2];
      if (!diacritic && !this.compareWithLastPosition(scaledDim)) {
        translate(state.textMatrix, scaledDim * state.textHScale, 0);
        continue;
      }
      const chunk = this.ensureRun();
      if (diacritic) scaledDim = 0;
      scaledDim *= state.textHScale;
      translate(state.textMatrix, scaledDim, 0);
      chunk.width += scaledDim;
      if (scaledDim) {
        chunk.prevTransform = this.textTransform();
        chunk.prevTextRise = state.textRise;
      }
      if (this.saveLastChar(unicode)) chunk.str.push(" ");
      chunk.str.push(unicode);
      if (charSpacing) translate(state.textMatrix, charSpacing * state.textHScale, 0);
    }
  }

  private spacing(extraSpacing: number): void {
    const state = this.state;
    if (!state.font) throw new UnsupportedContent("tekst zonder lettertype");
    this.fontSwitch();
    const charSpacing = state.charSpacing + extraSpacing;
    if (charSpacing) translate(state.textMatrix, charSpacing * state.textHScale, 0);
  }

  private readStream(data: Uint8Array, scope: Scope): void {
    const outer = this.scope;
    this.scope = scope;
    lexContent(data, this);
    this.scope = outer;
  }

  /** One operator with its operands (content-lexer.ts calls it). */
  operator(op: string, args: Operand[]): void {
    const scope = this.scope;
    this.current ??= { fontSize: this.state.fontSize, fontName: this.state.fontName, font: this.state.font };
    switch (op) {
      case "q":
        scope.stack.push(this.state);
        this.state = clone(this.state);
        break;
      case "Q":
        this.state = scope.stack.pop() ?? this.state;
        break;
      case "cm":
        this.state.ctm = mul(this.state.ctm, args.map(num));
        break;
      case "Tf": {
        const state = this.state;
        const name = args[0];
        const size = num(args[1]);
        if (!(name instanceof PdfName)) throw new UnsupportedContent("Tf zonder naam");
        if (state.font && name.name === state.fontName && size === state.fontSize) break;
        const ref = scope.resources?.lookupMaybe(PDFName.of("Font"), PDFDict)?.get(PDFName.of(name.name));
        if (!ref) throw new UnsupportedContent(`het lettertype ${name.name} ontbreekt`);
        state.fontName = name.name;
        state.fontSize = size;
        state.font = this.fonts.get(ref);
        break;
      }
      case "Ts":
        this.state.textRise = num(args[0]);
        break;
      case "Tz":
        this.state.textHScale = num(args[0]) / 100;
        break;
      case "TL":
        this.state.leading = num(args[0]);
        break;
      case "Td":
        translate(this.state.textLineMatrix, num(args[0]), num(args[1]));
        this.state.textMatrix = this.state.textLineMatrix.slice();
        break;
      case "TD":
        this.state.leading = -num(args[1]);
        translate(this.state.textLineMatrix, num(args[0]), num(args[1]));
        this.state.textMatrix = this.state.textLineMatrix.slice();
        break;
      case "T*":
        translate(this.state.textLineMatrix, 0, -this.state.leading);
        this.state.textMatrix = this.state.textLineMatrix.slice();
        break;
      case "Tm": {
        const m = args.map(num);
        this.state.textMatrix = m.slice();
        this.state.textLineMatrix = m.slice();
        this.updateAdvanceScale();
        break;
      }
      case "Tc":
        this.state.charSpacing = num(args[0]);
        break;
      case "Tw":
        this.state.wordSpacing = num(args[0]);
        break;
      case "BT":
        this.state.textMatrix = IDENTITY.slice();
        this.state.textLineMatrix = IDENTITY.slice();
        break;
      case "Tj":
        this.showText(bytesOf(args[0]), 0);
        break;
      case "'":
        translate(this.state.textLineMatrix, 0, -this.state.leading);
        this.state.textMatrix = this.state.textLineMatrix.slice();
        this.showText(bytesOf(args[0]), 0);
        break;
      case '"':
        this.state.wordSpacing = num(args[0]);
        this.state.charSpacing = num(args[1]);
        translate(this.state.textLineMatrix, 0, -this.state.leading);
        this.state.textMatrix = this.state.textLineMatrix.slice();
        this.showText(bytesOf(args[2]), 0);
        break;
      case "TJ":
        this.showTextArray(args[0]);
        break;
      case "gs": {
        const name = args[0];
        const gstate = name instanceof PdfName ? scope.resources?.lookupMaybe(PDFName.of("ExtGState"), PDFDict)?.lookup(PDFName.of(name.name)) : undefined;
        if (gstate instanceof PDFDict && gstate.has(PDFName.of("Font"))) throw new UnsupportedContent("een lettertype in een ExtGState");
        break;
      }
      case "BMC":
        this.flush();
        this.markedLevel++;
        this.items.push({ type: "beginMarkedContent" });
        break;
      case "BDC": {
        this.flush();
        this.markedLevel++;
        const props = args[1];
        const mcid = props instanceof Map ? props.get("MCID") : undefined;
        this.items.push({ type: "beginMarkedContentProps", ...(Number.isInteger(mcid) ? { id: `${this.pageId}_mc${mcid as number}` } : {}) });
        break;
      }
      case "EMC":
        this.flush();
        if (this.markedLevel === 0) break;
        this.markedLevel--;
        this.items.push({ type: "endMarkedContent" });
        break;
      case "Do":
        this.flush();
        this.form(args[0], scope);
        break;
      case "d0":
      case "d1":
        throw new UnsupportedContent("een Type3-glyph");
      default:
        break;
    }
  }

  /** TJ: strings and the adjustments between them. */
  private showTextArray(parts: Operand | undefined): void {
    if (!Array.isArray(parts)) throw new UnsupportedContent("TJ zonder lijst");
    const spaceFactor = -this.state.fontSize / 1000;
    let buffer: Uint8Array[] = [];
    const joined = () => {
      const all = new Uint8Array(buffer.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of buffer) all.set(b, (at += b.length) - b.length);
      buffer = [];
      return all;
    };
    for (const part of parts) {
      if (part instanceof Uint8Array) buffer.push(part);
      else if (typeof part === "number" && part !== 0) {
        const chars = joined();
        if (chars.length) this.showText(chars, part * spaceFactor);
        else this.spacing(part * spaceFactor);
      }
    }
    if (buffer.length) this.showText(joined(), 0);
  }

  /** A Form XObject's text, read in place with its own matrix and resources (as pdf.js does). */
  private form(name: Operand | undefined, scope: Scope): void {
    if (!(name instanceof PdfName)) throw new UnsupportedContent("Do zonder naam");
    const ref = scope.resources?.lookupMaybe(PDFName.of("XObject"), PDFDict)?.get(PDFName.of(name.name));
    const xobject = ref ? this.ctx.lookup(ref) : undefined;
    if (!(xobject instanceof PDFRawStream)) throw new UnsupportedContent(`XObject ${name.name}`);
    if (xobject.dict.lookup(PDFName.of("Subtype")) !== PDFName.of("Form")) return; // an image: no text
    if (scope.forms.has(xobject)) throw new UnsupportedContent("een XObject dat zichzelf tekent");
    const outer = { state: this.state, run: this.run, twoLastChars: this.twoLastChars, twoLastCharsPos: this.twoLastCharsPos, current: this.current };
    this.state = clone(this.state);
    [this.run, this.twoLastChars, this.twoLastCharsPos, this.current] = [newRun(), [" ", " "], 0, undefined];
    const matrix = xobject.dict.lookupMaybe(PDFName.of("Matrix"), PDFArray);
    if (matrix) this.state.ctm = mul(this.state.ctm, matrix.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : 0)));
    const own = xobject.dict.lookup(PDFName.of("Resources"));
    this.readStream(streamBytes(xobject), { resources: own instanceof PDFDict ? own : scope.resources, stack: [], forms: new Set([...scope.forms, xobject]) });
    this.flush();
    ({ state: this.state, run: this.run, twoLastChars: this.twoLastChars, twoLastCharsPos: this.twoLastCharsPos, current: this.current } = outer);
  }
}

/** The page's content streams, decoded and joined (they form one stream, ISO 32000-1 §7.8.2). */
export function pageContent(ctx: PDFContext, contents: PDFObject | undefined): Uint8Array {
  const refs: (PDFObject | undefined)[] = contents instanceof PDFArray ? contents.asArray() : contents instanceof PDFRef ? [contents] : [];
  const parts = refs.map((r) => {
    const stream = r ? ctx.lookup(r) : undefined;
    if (!(stream instanceof PDFRawStream)) throw new UnsupportedContent("een inhoud die geen stream is");
    return streamBytes(stream);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    out[at + p.length] = 0x0a;
    at += p.length + 1;
  }
  return out;
}
