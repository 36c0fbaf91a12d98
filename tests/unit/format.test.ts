import { describe, expect, it } from "vitest";
import { formatChange, formatCount, formatDate, formatDecimal, formatEuro, formatMonthName, formatMonthYear, MINUS } from "../../scripts/format/nl.ts";

describe("Dutch formatting", () => {
  it("groups thousands with a dot", () => {
    expect(formatCount(3560)).toBe("3.560");
    expect(formatCount(419400)).toBe("419.400");
    expect(formatCount(16300000)).toBe("16.300.000");
    expect(formatCount(350)).toBe("350");
    expect(formatCount(-100)).toBe(`${MINUS}100`);
  });

  it("writes a signed change with one decimal, a comma and a real minus sign", () => {
    expect(formatChange((429000 - 419400) / 419400)).toBe("+2,3%");
    expect(formatChange((3542 - 3560) / 3560)).toBe("\u22120,5%");
    expect(formatChange(0)).toBe("0,0%");
  });

  it("writes amounts in euros, millions in words", () => {
    expect(formatEuro(3_800_000)).toBe("€\u00a03,8 miljoen");
    expect(formatEuro(23_260_000)).toBe("€\u00a023,3 miljoen");
    expect(formatEuro(600)).toBe("€\u00a0600,00");
  });

  it("writes dates and months in Dutch", () => {
    expect(formatDate("2015-09-29")).toBe("29 september 2015");
    expect(formatDate("2019-11-12")).toBe("12 november 2019");
    expect(formatMonthYear("2015-06")).toBe("juni 2015");
    expect(formatMonthName("2015-03")).toBe("maart");
    expect(formatDecimal(93.82)).toBe("93,8");
  });

  it("refuses a date that is not one", () => {
    expect(() => formatDate("2015-13-45")).toThrow(RangeError);
  });
});
