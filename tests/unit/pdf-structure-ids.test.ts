// Chromium names structure elements after DOM node ids, which Blink hands out lazily:
// the same document printed in a busy or reused tab gets the same elements with ids
// in another order, and an /IDTree split into /Kids. finalizePdf (pdf/metadata.ts)
// must make both the same bytes: ids 1..n in the structure tree's order, /Headers
// following, one flat sorted /IDTree, and no old key left anywhere in the file.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { finalizePdf } from "../../scripts/pdf/metadata.ts";

const meta = { title: "Werk en inkomen", author: "Gemeente Groningen", lang: "nl-NL", date: "2018-04-10" as const };

/** A one-page PDF whose table header cells TH1, TH2, TH3 (in reading order) carry the given DOM ids. */
async function chromiumLike(ids: [number, number, number], split: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([595, 842]);
  const ctx = doc.context;
  const name = (n: number) => PDFString.of(`node${String(n).padStart(8, "0")}`);
  const root = ctx.obj({ Type: "StructTreeRoot" });
  const rootRef = ctx.register(root);
  const table = ctx.obj({ Type: "StructElem", S: "Table", P: rootRef });
  const tableRef = ctx.register(table);
  const ths = ids.map((id) => ctx.register(ctx.obj({ Type: "StructElem", S: "TH", P: tableRef, ID: name(id) })));
  // A data cell pointing at the second header by its id.
  const td = ctx.register(ctx.obj({ Type: "StructElem", S: "TD", P: tableRef, A: ctx.obj({ O: "Table", Headers: [name(ids[1])] }) }));
  table.set(PDFName.of("K"), ctx.obj([...ths, td]));
  root.set(PDFName.of("K"), ctx.obj([tableRef]));
  const pairs = ids.map((id, i) => [id, ths[i]!] as const).sort(([a], [b]) => a - b);
  const names = pairs.flatMap(([id, ref]) => [name(id), ref]);
  if (split) {
    const leaf = ctx.register(ctx.obj({ Names: names, Limits: [name(pairs[0]![0]), name(pairs[2]![0])] }));
    root.set(PDFName.of("IDTree"), ctx.obj({ Kids: [leaf] }));
  } else {
    root.set(PDFName.of("IDTree"), ctx.obj({ Names: names }));
  }
  doc.catalog.set(PDFName.of("StructTreeRoot"), rootRef);
  return doc.save({ useObjectStreams: false });
}

const str = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);

describe("structure element ids after finalizePdf", () => {
  it("are the same bytes whatever order Blink gave the ids in", async () => {
    for (const split of [true, false]) {
      const a = await finalizePdf(await chromiumLike([2186, 2245, 2189], split), meta);
      const b = await finalizePdf(await chromiumLike([1775, 1700, 1833], split), meta);
      const c = await finalizePdf(await chromiumLike([5, 6, 7], split), meta);
      expect(Buffer.from(b).equals(Buffer.from(a)), `split: ${split}`).toBe(true);
      expect(Buffer.from(c).equals(Buffer.from(a)), `split: ${split}`).toBe(true);
    }
  });

  it("number the elements in reading order, point /Headers at the new names and keep one sorted IDTree", async () => {
    const doc = await PDFDocument.load(await finalizePdf(await chromiumLike([30, 10, 20], true), meta), { updateMetadata: false });
    const root = doc.catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict);
    const table = root.lookup(PDFName.of("K"), PDFArray).lookup(0, PDFDict);
    const kids = table.lookup(PDFName.of("K"), PDFArray).asArray().map((r) => doc.context.lookup(r as PDFRef) as PDFDict);
    expect(kids.slice(0, 3).map((k) => str(k.get(PDFName.of("ID"))))).toEqual(["node00000001", "node00000002", "node00000003"]);
    const headers = kids[3]!.lookup(PDFName.of("A"), PDFDict).lookup(PDFName.of("Headers"), PDFArray);
    expect(str(headers.get(0))).toBe("node00000002");
    const tree = root.lookup(PDFName.of("IDTree"), PDFDict);
    expect(tree.get(PDFName.of("Kids"))).toBeUndefined();
    const names = tree.lookup(PDFName.of("Names"), PDFArray);
    expect([0, 2, 4].map((i) => str(names.get(i)))).toEqual(["node00000001", "node00000002", "node00000003"]);
    expect([1, 3, 5].map((i) => names.get(i))).toEqual(kids.slice(0, 3).map((k) => doc.context.getObjectRef(k)));
    // No old id survives in the file, not even in an object nothing points to any more.
    const all = [...doc.context.enumerateIndirectObjects()].map(([, o]) => o.toString()).join("\n");
    expect(all).not.toMatch(/node000000[123]0/);
  });
});
