// The record of an incremental build's folder made early (scripts/pipeline/early-record.ts):
// walked while the PDF prints, completed after the swap by walking again only where the
// build writes later. It must equal a walk of the whole folder, and a walk that finds no
// folder must never pass for an empty one.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { completeRecord, startRecord } from "../../scripts/pipeline/early-record.ts";
import { outputRecord } from "../../scripts/pipeline/output-record.mjs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-record-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("outputRecord", () => {
  it("refuses a folder that is not there, and takes a missing part of it as empty", () => {
    expect(() => outputRecord(path.join(dir, "weg"))).toThrow(/ENOENT/);
    write("a/b.html", "x");
    expect(outputRecord(dir, "niet-er/")).toEqual({});
    expect(Object.keys(outputRecord(dir, "a/"))).toEqual(["a/b.html"]);
  });

  it("made in a worker thread: the same record; a folder that is not there is no record at all", async () => {
    write("a/b.html", "x");
    write("c.pdf", "yy");
    expect(await startRecord(dir)).toEqual(outputRecord(dir));
    expect(await startRecord(path.join(dir, "weg"))).toBeUndefined();
  });
});

describe("completeRecord", () => {
  it("equals a walk of the whole folder when only the later places changed (seeded, 40 trees)", () => {
    for (let seed = 1; seed <= 40; seed++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      const next = random(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
      const folders = ["emmen/2015/09/brief-a", "emmen/2015/10/brief-b", "brieven/2015/09/brief-a", "pagefind/emmen", "assets/css", ""];
      const later = ["emmen/2015/09/brief-a/", "brieven/2015/09/brief-a/", "pagefind/"];
      const files = new Set<string>();
      for (let i = 0; i < 30; i++) {
        const rel = path.posix.join(pick(folders), `f${Math.floor(next() * 12)}.${pick(["html", "pdf", "pf_fragment"])}`);
        write(rel, "x".repeat(1 + Math.floor(next() * 50)));
        files.add(rel);
      }
      const walked = outputRecord(dir);
      // The build writes on, only in the later places: new files, new sizes, files gone.
      const laterFolders = folders.filter((f) => later.some((l) => `${f}/`.startsWith(l)));
      for (let i = 0; i < 15; i++) {
        const action = next();
        const inLater = [...files].filter((f) => later.some((l) => f.startsWith(l)));
        if (action < 0.4 && inLater.length > 0) {
          const gone = pick(inLater);
          unlinkSync(path.join(dir, gone));
          files.delete(gone);
        } else {
          const rel = path.posix.join(pick(laterFolders), `n${Math.floor(next() * 12)}.${pick(["html", "pdf"])}`);
          write(rel, "y".repeat(60 + Math.floor(next() * 50)));
          files.add(rel);
        }
      }
      expect(completeRecord(walked, dir, later), `seed ${seed}`).toEqual(outputRecord(dir));
    }
  });
});
