// The number reader (scripts/model/numbers.ts): every form a secretariat may type,
// per kind of number, with the exact code and the form to write instead.
import { describe, expect, it } from "vitest";
import { AMOUNT, COUNT, DECIMALS_SETTING, readNumber, SEQUENCE, seriesValue, YEAR, type NumberKind, type Reading } from "../../scripts/model/numbers.ts";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** [written, expected]: a number, a refusal's code (and corrected form), or "text" (left to the schema). */
type Expect = number | "text" | [code: string, corrected?: string];

function read(source: string, kind: NumberKind, type?: string): Reading {
  return readNumber({ source, type }, kind, "Aantal Emmen, 2015-10");
}

function outcome(r: Reading): Expect {
  if (r.status === "number") return r.value;
  if (r.status === "text") return "text";
  return r.corrected === undefined ? [r.code] : [r.code, r.corrected];
}

const COUNT_CASES: [string, Expect][] = [
  ["3000", 3000],
  ["0", 0],
  ["1000000000", 1_000_000_000],
  // A dot and groups of three digits: Dutch thousands (YAML: 3, 433, 12.5, text).
  ["3.000", ["RB-DUIZENDTALLEN", "3000"]],
  ["433.000", ["RB-DUIZENDTALLEN", "433000"]],
  ["12.500", ["RB-DUIZENDTALLEN", "12500"]],
  ["1.000.000", ["RB-DUIZENDTALLEN", "1000000"]],
  // Other thousands separators.
  ["3,000", ["RB-DUIZENDTALLEN", "3000"]],
  ["1,000,000", ["RB-DUIZENDTALLEN", "1000000"]],
  ["3 000", ["RB-DUIZENDTALLEN", "3000"]],
  [`3${NBSP}000`, ["RB-DUIZENDTALLEN", "3000"]],
  [`3${NNBSP}000`, ["RB-DUIZENDTALLEN", "3000"]],
  ["3'000", ["RB-DUIZENDTALLEN", "3000"]],
  ["1.234,5", ["RB-DUIZENDTALLEN"]], // a count has no decimals: no single right form
  // Decimal comma.
  ["3,5", ["RB-DECIMALE-KOMMA"]],
  ["0,50", ["RB-DECIMALE-KOMMA"]],
  // Units.
  ["12%", ["RB-GETAL-EENHEID", "12"]],
  ["12 %", ["RB-GETAL-EENHEID", "12"]],
  ["€ 1000", ["RB-GETAL-EENHEID", "1000"]],
  ["€1.000", ["RB-GETAL-EENHEID", "1000"]],
  ["1000 EUR", ["RB-GETAL-EENHEID", "1000"]],
  ["1000 euro", ["RB-GETAL-EENHEID", "1000"]],
  // YAML notations nobody means in a letter.
  ["0x1F", ["RB-GETAL-NOTATIE"]],
  ["0o17", ["RB-GETAL-NOTATIE"]],
  ["1e15", ["RB-GETAL-NOTATIE"]],
  ["3E3", ["RB-GETAL-NOTATIE", "3000"]],
  ["3e+3", ["RB-GETAL-NOTATIE", "3000"]],
  [".inf", ["RB-GETAL-NOTATIE"]],
  ["-.inf", ["RB-GETAL-NOTATIE"]],
  [".Inf", ["RB-GETAL-NOTATIE"]],
  [".nan", ["RB-GETAL-NOTATIE"]],
  [".NaN", ["RB-GETAL-NOTATIE"]],
  ["+3000", ["RB-GETAL-NOTATIE", "3000"]],
  ["0560", ["RB-GETAL-NOTATIE", "560"]],
  ["3000.", ["RB-GETAL-NOTATIE", "3000"]],
  [".5", ["RB-GETAL-NOTATIE"]],
  ["-0", ["RB-GETAL-NOTATIE", "0"]],
  ["1.000.5", ["RB-GETAL-NOTATIE"]],
  ["3..5", ["RB-GETAL-NOTATIE"]],
  // Whole, sign, bounds.
  ["3542.5", ["RB-GEEN-GEHEEL-GETAL"]],
  ["3000.0", ["RB-GEEN-GEHEEL-GETAL", "3000"]],
  ["-3542", ["RB-NEGATIEF"]],
  ["\u22123542", ["RB-NEGATIEF"]],
  ["1000000001", ["RB-GETAL-TE-GROOT"]],
  ["3542000000000000", ["RB-GETAL-TE-GROOT"]],
  ["9".repeat(400), ["RB-GETAL-TE-GROOT"]], // Infinity to Number(): still just too big
  // Not an attempt at a number: the schema says what is wrong.
  ["drie", "text"],
  ["3542a", "text"],
  ["2015-10", "text"],
  ["true", "text"],
  ["", "text"],
];

describe("a count, as written", () => {
  it.each(COUNT_CASES)("%j → %j", (source, expected) => {
    expect(outcome(read(source, COUNT))).toEqual(expected);
  });

  it("quoted or as a text block: refused, with the bare number as the fix", () => {
    expect(outcome(read("3000", COUNT, "QUOTE_DOUBLE"))).toEqual(["RB-GETAL-ALS-TEKST", "3000"]);
    expect(outcome(read("3000", COUNT, "QUOTE_SINGLE"))).toEqual(["RB-GETAL-ALS-TEKST", "3000"]);
    expect(outcome(read(" 3000 ", COUNT, "QUOTE_DOUBLE"))).toEqual(["RB-GETAL-ALS-TEKST", "3000"]);
    expect(outcome(read("3000\n", COUNT, "BLOCK_LITERAL"))).toEqual(["RB-GETAL-ALS-TEKST", "3000"]);
    expect(outcome(read("3000\n", COUNT, "BLOCK_FOLDED"))).toEqual(["RB-GETAL-ALS-TEKST", "3000"]);
    // Quoted and with thousands: the thousands are the mistake to name; the fix is bare anyway.
    expect(outcome(read("3.000", COUNT, "QUOTE_DOUBLE"))).toEqual(["RB-DUIZENDTALLEN", "3000"]);
    expect(outcome(read("drie", COUNT, "QUOTE_DOUBLE"))).toBe("text");
  });

  it("says what YAML would have made of it, and what to write", () => {
    expect(read("3.000", COUNT)).toEqual({
      status: "refused",
      code: "RB-DUIZENDTALLEN",
      message: "Aantal Emmen, 2015-10 heeft een punt tussen de duizendtallen: 3.000. YAML leest dat als 3.",
      hint: "Schrijf 3000, zonder punt, komma of spatie tussen de cijfers.",
      corrected: "3000",
    });
    expect(read(`3${NNBSP}000`, COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 heeft een smalle vaste spatie tussen de duizendtallen: 3 000." });
    expect(read("3,5", COUNT)).toMatchObject({
      message: "Aantal Emmen, 2015-10 heeft een decimale komma: 3,5; een aantal is een geheel getal.",
      hint: "Een aantal is een geheel getal, zonder punt of komma.",
    });
    expect(read("3000", COUNT, "QUOTE_DOUBLE")).toMatchObject({
      message: 'Aantal Emmen, 2015-10 staat tussen aanhalingstekens ("3000"): dat is tekst, geen getal.',
      hint: "Schrijf 3000 zonder aanhalingstekens.",
    });
    expect(read("€ 1.000", COUNT)).toMatchObject({ code: "RB-GETAL-EENHEID", hint: "Schrijf alleen het getal: 1000. De eenheid staat bij de reeks of tabel." });
    expect(read("0x1F", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is geschreven als hexadecimaal getal: 0x1F (YAML leest dat als 31)." });
    expect(read("-0x1F", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is geschreven als hexadecimaal getal: -0x1F (YAML leest dat als -31)." });
    expect(read("1e15", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is geschreven met een exponent: 1e15 (YAML leest dat als 1.000.000.000.000.000)." });
    expect(read(".inf", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is geen getal: .inf betekent in YAML 'oneindig'." });
    expect(read("3542.5", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is geen geheel getal: 3542.5.", hint: "Een aantal is een geheel getal, zonder punt of komma." });
    expect(read("-3542", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is negatief: -3542.", hint: "Een aantal kan niet negatief zijn; controleer het teken." });
    expect(read("1000000001", COUNT)).toMatchObject({ message: "Aantal Emmen, 2015-10 is 1000000001: te groot, een aantal ligt tussen 0 en 1.000.000.000." });
  });
});

describe("the other kinds", () => {
  const cases: [NumberKind, string, Expect][] = [
    [AMOUNT, "23260000", 23_260_000],
    [AMOUNT, "1000000000000", 1e12],
    [AMOUNT, "1000000000001", ["RB-GETAL-TE-GROOT"]],
    [AMOUNT, "8.725.000", ["RB-DUIZENDTALLEN", "8725000"]],
    [AMOUNT, "600.50", ["RB-GEEN-GEHEEL-GETAL"]],
    [AMOUNT, "-300000", ["RB-NEGATIEF"]],
    [YEAR, "2017", 2017],
    [YEAR, "1800", 1800],
    [YEAR, "2200", 2200],
    [YEAR, "1799", ["RB-MINIMUM"]],
    [YEAR, "2201", ["RB-GETAL-TE-GROOT"]],
    [YEAR, "20017", ["RB-GETAL-TE-GROOT"]],
    [YEAR, "2.017", ["RB-DUIZENDTALLEN", "2017"]],
    [YEAR, "-2017", ["RB-MINIMUM"]],
    [SEQUENCE, "4", 4],
    [SEQUENCE, "10000", 10_000],
    [SEQUENCE, "10001", ["RB-GETAL-TE-GROOT"]],
    [SEQUENCE, "0", ["RB-MINIMUM"]],
    [SEQUENCE, "4.0", ["RB-GEEN-GEHEEL-GETAL", "4"]],
    [SEQUENCE, "-4", ["RB-NEGATIEF"]],
    [DECIMALS_SETTING, "1", 1],
    [DECIMALS_SETTING, "3", 3],
    [DECIMALS_SETTING, "4", ["RB-GETAL-TE-GROOT"]],
  ];
  it.each(cases)("%s %j → %j", (kind, source, expected) => {
    expect(outcome(read(source, kind))).toEqual(expected);
  });

  it("a year's bounds read as years", () => {
    expect(readNumber({ source: "1700" }, YEAR, "Het jaar")).toMatchObject({ message: "Het jaar is 1700: te klein, een jaar ligt tussen 1800 en 2200." });
  });
});

describe("a value with decimals (a series with `decimalen: n`)", () => {
  const ONE = seriesValue(1);
  const TWO = seriesValue(2);
  const THREE = seriesValue(3);
  const cases: [NumberKind, string, Expect][] = [
    [ONE, "5.3", 5.3],
    [ONE, "5", 5],
    [ONE, "0.5", 0.5],
    [ONE, "3.5", 3.5],
    [TWO, "5.25", 5.25],
    [TWO, "5.30", 5.3],
    [ONE, "5.25", ["RB-TE-VEEL-DECIMALEN"]],
    [ONE, "5.30", ["RB-TE-VEEL-DECIMALEN"]],
    // A point and three digits: 3,5 or 3500? Refused as ambiguous, whatever n is.
    [ONE, "3.500", ["RB-GETAL-DUBBELZINNIG"]],
    [THREE, "3.500", ["RB-GETAL-DUBBELZINNIG"]],
    [THREE, "12.500", ["RB-GETAL-DUBBELZINNIG"]],
    [ONE, "3,500", ["RB-GETAL-DUBBELZINNIG"]],
    [THREE, "0.500", 0.5], // "0." cannot start a thousands group
    [THREE, "3.1415", ["RB-TE-VEEL-DECIMALEN"]],
    // More groups or a second mark: only thousands make sense.
    [ONE, "1.000.000", ["RB-DUIZENDTALLEN", "1000000"]],
    [ONE, "1.234,5", ["RB-DUIZENDTALLEN", "1234.5"]],
    [ONE, "3,5", ["RB-DECIMALE-KOMMA", "3.5"]],
    [ONE, "3,25", ["RB-DECIMALE-KOMMA"]], // too many decimals for n = 1: no single right form
    [ONE, "5,3%", ["RB-GETAL-EENHEID", "5.3"]],
    [ONE, "5.3%", ["RB-GETAL-EENHEID", "5.3"]],
    [ONE, "-0.4", ["RB-NEGATIEF"]],
    [ONE, "1000000000.1", ["RB-GETAL-TE-GROOT"]],
  ];
  it.each(cases)("%j %j → %j", (kind, source, expected) => {
    expect(outcome(read(source, kind))).toEqual(expected);
  });

  it("asks which of the two was meant", () => {
    expect(readNumber({ source: "3.500" }, ONE, "Waarde Emmen, 2015-10")).toEqual({
      status: "refused",
      code: "RB-GETAL-DUBBELZINNIG",
      message: "Waarde Emmen, 2015-10 is dubbelzinnig: 3.500 — bedoelt u 3,5 of 3500?",
      hint: "Schrijf 3.5 (met een punt) voor 3,5, of 3500 voor 3.500.",
    });
    expect(readNumber({ source: "5.25" }, ONE, "Waarde Emmen, 2015-10")).toMatchObject({
      message: "Waarde Emmen, 2015-10 heeft 2 decimalen: 5.25; hier mogen er hoogstens 1.",
      hint: "Rond af op 1 decimaal, of verhoog 'decimalen' van de reeks.",
    });
  });

  it("a series without decimalen reads counts", () => {
    expect(seriesValue(0)).toBe(COUNT);
    expect(outcome(read("5.3", seriesValue(0)))).toEqual(["RB-GEEN-GEHEEL-GETAL"]);
  });
});
