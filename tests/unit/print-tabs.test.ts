// How many tabs print at once (pdf/print.ts, defaultConcurrency; pipeline/steps/printing.ts
// asks for a spare tab for up to 200 letters).
import { describe, expect, it } from "vitest";
import { defaultConcurrency } from "../../scripts/pdf/print.ts";

describe("defaultConcurrency (pdf/print.ts)", () => {
  it("prints with one tab per core, and one more when a build asks for a spare tab", () => {
    expect(defaultConcurrency(false, {}, 2)).toBe(2);
    expect(defaultConcurrency(true, {}, 2)).toBe(3);
    expect(defaultConcurrency(true, {}, 8)).toBe(9);
  });

  it("takes RAADSBRIEF_PDF_TABS as it is when set, a spare tab or not", () => {
    expect(defaultConcurrency(true, { RAADSBRIEF_PDF_TABS: "4" }, 2)).toBe(4);
    expect(defaultConcurrency(false, { RAADSBRIEF_PDF_TABS: "1" }, 2)).toBe(1);
    // Not a positive whole number: ignored.
    expect(defaultConcurrency(true, { RAADSBRIEF_PDF_TABS: "twee" }, 2)).toBe(3);
    expect(defaultConcurrency(false, { RAADSBRIEF_PDF_TABS: "0" }, 2)).toBe(2);
  });
});
