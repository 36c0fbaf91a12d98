import { describe, expect, it } from "vitest";
import { createProgressReporter } from "../../scripts/cli/progress.ts";

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream, chunks };
}

describe("progress", () => {
  it("prints plain lines at every tenth when not on a terminal, with elapsed time and estimate", () => {
    const saved = process.env.CI;
    delete process.env.CI;
    const { stream, chunks } = fakeStream(false);
    let t = 0;
    const p = createProgressReporter(stream, () => t);
    for (let done = 1; done <= 20; done++) {
      t = done * 100;
      p.onProgress({ phase: "pdf", done, total: 20 });
    }
    process.env.CI = saved;
    expect(chunks).toHaveLength(11);
    expect(chunks[0]).toBe("PDF's: 1/20, 0,0 s\n");
    expect(chunks[1]).toBe("PDF's: 2/20, 0,1 s, nog ca. 0,9 s\n");
    expect(chunks.at(-1)).toBe("PDF's: 20/20, 1,9 s\n");
  });

  it("rewrites one line on a terminal and ends it when done", () => {
    const saved = process.env.CI;
    delete process.env.CI;
    const { stream, chunks } = fakeStream(true);
    let t = 0;
    const p = createProgressReporter(stream, () => t);
    t = 500;
    p.onProgress({ phase: "pdf", done: 1, total: 2 });
    t = 1000;
    p.onProgress({ phase: "pdf", done: 2, total: 2 });
    process.env.CI = saved;
    expect(chunks).toEqual(["\r\x1b[2KPDF's: 1/2, 0,0 s", "\r\x1b[2KPDF's: 2/2, 0,5 s", "\n"]);
  });
});
