// Streams the PDF finishing step writes (scripts/pdf/stream-bytes.ts): deflated by
// Node's zlib, read back by pdf-lib's own decoder and by ours to the same bytes.
import { decodePDFRawStream, PDFDocument, PDFName, PDFNumber } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { flateStream, streamBytes } from "../../scripts/pdf/stream-bytes.ts";

describe("flateStream", () => {
  it("makes a FlateDecode stream with the given entries that pdf-lib and streamBytes decode to the same bytes", async () => {
    const doc = await PDFDocument.create();
    const text = new TextEncoder().encode("BT /F1 12 Tf 72 712 Td (Gemeente Emmen, blad 2) Tj ET\n".repeat(200));
    const stream = flateStream(doc.context, text, { N: 3 });
    expect(stream.dict.lookup(PDFName.of("Filter"))).toBe(PDFName.of("FlateDecode"));
    expect(stream.dict.lookup(PDFName.of("N"))).toEqual(PDFNumber.of(3));
    expect(stream.contents.length).toBeLessThan(text.length / 10);
    expect(Buffer.from(decodePDFRawStream(stream).decode()).equals(Buffer.from(text))).toBe(true);
    expect(Buffer.from(streamBytes(stream)).equals(Buffer.from(text))).toBe(true);
  });

  it("gives the same bytes for the same content (deterministic PDFs)", async () => {
    const doc = await PDFDocument.create();
    const text = new TextEncoder().encode("q 0 0 595 842 re W n Q\n".repeat(500));
    expect(Buffer.from(flateStream(doc.context, text).contents).equals(Buffer.from(flateStream(doc.context, text).contents))).toBe(true);
  });
});
