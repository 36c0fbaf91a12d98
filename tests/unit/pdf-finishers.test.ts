// The printer audits and finalizes each PDF in a worker thread (pdf/finishers.ts):
// whichever thread does it, the same bytes and the same faults must come out, a
// failure must reach the caller as an error (not a hang), and loading pdf.js must not
// leave its core-js versions of JSON and Array.prototype.push behind (pdf/pdfjs.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { PdfFinishers } from "../../scripts/pdf/finishers.ts";
import { loadPdfJs } from "../../scripts/pdf/pdfjs.ts";
import { SITE_ORIGIN } from "../../scripts/pdf/site-links.ts";

// Before anything in this file loads pdf.js.
const natives = [Array.prototype.push, JSON.parse, JSON.stringify, Function.prototype.toString];

const ROOT = path.resolve(import.meta.dirname, "../..");
const archived = [
  "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan/2e-voortgangsrapportage-investeringsplan.pdf",
  "archive/emmen/2015/3e-voortgangsrapportage-investeringsplan/3e-voortgangsrapportage-investeringsplan.pdf",
].map((f) => new Uint8Array(readFileSync(path.join(ROOT, f))));
const meta = { title: "Voortgang investeringsplan", author: "Gemeente Emmen", lang: "nl-NL", date: "2015-09-29" as const };
const SITE = "https://raadsbrieven.example.nl/";

/** A page with a link to another page of the site, as Chromium prints it (the printer's fake origin). */
async function withSiteLink(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595, 842]);
  const ctx = doc.context;
  const link = ctx.obj({ Type: "Annot", Subtype: "Link", Rect: [50, 50, 200, 70], A: { S: "URI", URI: PDFString.of(`${SITE_ORIGIN}/emmen/2015/09/brief/`) } });
  page.node.set(PDFName.of("Annots"), ctx.obj([ctx.register(link)]));
  return doc.save({ useObjectStreams: false });
}

const inWorker = new PdfFinishers(1);
const inThread = new PdfFinishers(0);
afterAll(() => Promise.all([inWorker.close(), inThread.close()]));

describe("PDF finishing in a worker thread", () => {
  it("points site links at the public site", async () => {
    const text = Buffer.from(await inWorker.finalize(await withSiteLink(), meta, SITE)).toString("latin1");
    expect(text).toContain(`(${SITE}emmen/2015/09/brief/)`);
    expect(text).not.toContain(SITE_ORIGIN);
  });

  it("gives the same bytes and faults as in this thread", async () => {
    for (const pdf of [...archived, await withSiteLink()]) {
      const [a, b] = await Promise.all([inWorker.finalize(pdf.slice(), meta, SITE), inThread.finalize(pdf.slice(), meta, SITE)]);
      expect(a.length).toBeGreaterThan(1000);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const [x, y] = await Promise.all([inWorker.finish(pdf.slice(), meta, SITE), inThread.finish(pdf.slice(), meta, SITE)]);
      expect(x.faults).toEqual(y.faults);
      // No fault asks for a page break: finished at once, the same bytes as finalize gives.
      expect(Buffer.from(x.finished!).equals(Buffer.from(a))).toBe(true);
      expect(Buffer.from(y.finished!).equals(Buffer.from(a))).toBe(true);
    }
    // The worker did the work (it reports its thread's CPU time), not this thread in its stead.
    expect(inWorker.cpuSeconds()).toBeGreaterThan(0);
    expect(inThread.cpuSeconds()).toBe(0);
  });

  it("keeps the caller's bytes when finishing (a PDF that needs a page break is finalized afterwards)", async () => {
    const pdf = archived[0]!.slice();
    const before = Buffer.from(pdf);
    await inWorker.finish(pdf, meta, SITE);
    expect(pdf.byteLength).toBe(before.length);
    expect(Buffer.from(pdf).equals(before)).toBe(true);
  });

  it("reports a PDF it cannot finish as an error, and finishes the next one", async () => {
    await expect(inWorker.finalize(new TextEncoder().encode("geen pdf"), meta, SITE)).rejects.toThrow(Error);
    const again = await inWorker.finalize(archived[1]!.slice(), meta, SITE);
    expect(Buffer.from(again.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  });

  it("runs many at once in one worker without mixing up the answers", async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ ...meta, title: `Brief ${i}` }));
    const results = await Promise.all(jobs.map((m) => inWorker.finalize(archived[0]!.slice(), m, SITE)));
    results.forEach((bytes, i) => expect(Buffer.from(bytes).toString("latin1")).toContain(`>Brief ${i}<`));
  });
});

describe("a PDF finishing worker that dies", () => {
  it("fails the PDFs it was finishing, in Dutch, instead of leaving them waiting", async () => {
    const dying = new PdfFinishers(1, new URL("../fixtures/workers/dies-on-first-job.mjs", import.meta.url));
    try {
      const results = await Promise.allSettled([dying.finalize(archived[0]!.slice(), meta, SITE), dying.finish(archived[1]!, meta, SITE)]);
      for (const r of results) {
        expect(r.status).toBe("rejected");
        expect(String((r as PromiseRejectedResult).reason)).toMatch(/PDF-afwerker stopte onverwacht/);
      }
    } finally {
      await dying.close();
    }
  });
});

describe("loading pdf.js", () => {
  it("leaves the thread's built-ins as they were", async () => {
    await loadPdfJs();
    expect([Array.prototype.push, JSON.parse, JSON.stringify, Function.prototype.toString]).toEqual(natives);
    // What pdf.js adds and needs stays.
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe("function");
  });
});
