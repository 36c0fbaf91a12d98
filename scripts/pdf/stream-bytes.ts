// A PDF stream's decoded bytes, and new compressed streams. Chromium compresses every
// stream with FlateDecode: those go through Node's zlib (native), ~10× faster than
// pdf-lib's inflate in JavaScript, which the layout audit and the finishing step would
// otherwise run on every page of every letter. Other filters are left to pdf-lib.
// Streams the finishing step writes are deflated by Node's zlib too: pdf-lib's own
// (pako, JavaScript) took ~2 % of a cold build's CPU, and ~0,1 s of a one-letter
// rebuild in a finishing worker that has not warmed up yet (README, Performance).
import { deflateSync, inflateSync } from "node:zlib";
import { decodePDFRawStream, PDFName, type PDFContext, type PDFRawStream } from "pdf-lib";

export function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.lookup(PDFName.of("Filter"));
  if (filter === PDFName.of("FlateDecode") && !stream.dict.has(PDFName.of("DecodeParms"))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // A damaged stream: pdf-lib's inflate is lenient about what it can still read.
    }
  }
  return decodePDFRawStream(stream).decode();
}

/** A FlateDecode stream of `contents` with the entries of `dict`: what pdf-lib's context.flateStream makes, deflated natively. */
export function flateStream(context: PDFContext, contents: Uint8Array, dict: Record<string, unknown> = {}): PDFRawStream {
  return context.stream(deflateSync(contents), { ...dict, Filter: "FlateDecode" } as Parameters<PDFContext["stream"]>[1]);
}
