// A PDF stream's decoded bytes. Chromium compresses every stream with FlateDecode:
// those go through Node's zlib (native), ~10× faster than pdf-lib's inflate in
// JavaScript, which the layout audit and the finishing step would otherwise run on
// every page of every letter. Other filters are left to pdf-lib.
import { inflateSync } from "node:zlib";
import { decodePDFRawStream, PDFName, type PDFRawStream } from "pdf-lib";

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
