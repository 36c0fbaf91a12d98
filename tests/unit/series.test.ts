import { describe, expect, it } from "vitest";
import { addMonths, endOfMonth, isIsoDate, isMonth, monthOf } from "../../scripts/figures/months.ts";
import { between, indexed, latestUpTo, relativeChange, round, valueAt } from "../../scripts/figures/series.ts";
import type { RegionSeries } from "../../scripts/model/types.ts";

const emmen: RegionSeries = {
  id: "emmen",
  name: "Emmen",
  source: "CIV SAM gemeente Emmen",
  observations: [
    { month: "2015-01", value: 3560, illustrative: false },
    { month: "2015-02", value: 3574, illustrative: true },
    { month: "2015-06", value: 3571, illustrative: true },
    { month: "2015-08", value: 3542, illustrative: false },
  ],
};

describe("months", () => {
  it("validates months and real calendar dates", () => {
    expect(isMonth("2015-08")).toBe(true);
    expect(isMonth("2015-13")).toBe(false);
    expect(isMonth("2015-8")).toBe(false);
    expect(isIsoDate("2015-02-28")).toBe(true);
    expect(isIsoDate("2015-02-29")).toBe(false);
    expect(isIsoDate("2016-02-29")).toBe(true);
    expect(isIsoDate("2015-09-31")).toBe(false);
  });
  it("does month arithmetic across years", () => {
    expect(addMonths("2015-11", 3)).toBe("2016-02");
    expect(addMonths("2015-01", -1)).toBe("2014-12");
    expect(endOfMonth("2015-02")).toBe("2015-02-28");
    expect(endOfMonth("2016-02")).toBe("2016-02-29");
    expect(monthOf("2015-08-31")).toBe("2015-08");
  });
});

describe("series arithmetic", () => {
  it("finds values and the latest value up to a month", () => {
    expect(valueAt(emmen, "2015-01")?.value).toBe(3560);
    expect(valueAt(emmen, "2015-03")).toBeUndefined();
    expect(latestUpTo(emmen, "2015-07")?.month).toBe("2015-06");
    expect(latestUpTo(emmen, "2015-08")?.value).toBe(3542);
    expect(latestUpTo(emmen, "2014-12")).toBeUndefined();
    expect(between(emmen, "2015-02", "2015-06").map((o) => o.month)).toEqual(["2015-02", "2015-06"]);
  });
  it("computes relative change and index exactly", () => {
    expect(round(relativeChange(3560, 3542) * 100, 1)).toBe(-0.5);
    expect(round(relativeChange(419400, 429000) * 100, 1)).toBe(2.3);
    expect(relativeChange(200, 250)).toBe(0.25);
    expect(indexed(3542, 3560)).toBeCloseTo(99.494382, 6);
    expect(round(indexed(3340, 3560), 1)).toBe(93.8);
    expect(indexed(3560, 3560)).toBe(100);
    expect(() => relativeChange(0, 5)).toThrow(RangeError);
  });
  it("rounds half away from zero", () => {
    expect(round(2.25, 1)).toBe(2.3);
    expect(round(-2.25, 1)).toBe(-2.3);
    expect(round(0.05, 1)).toBe(0.1);
  });
});
