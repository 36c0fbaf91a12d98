// Dutch presentation of numbers and dates. All formatting goes through Intl so
// grouping, decimals and month names follow CLDR's nl-NL; we only adjust where
// Dutch typography asks for more (a real minus sign, "€ 3,8 miljoen").
import type { IsoDate, Month } from "../model/types.ts";

const LOCALE = "nl-NL";
// Dates are calendar dates without a time zone; formatting them in UTC keeps
// "2015-09-29" from shifting a day on machines in other zones.
const TIME_ZONE = "UTC";

const countFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const changeFormat = new Intl.NumberFormat(LOCALE, {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: "exceptZero",
});
const compactLong = new Intl.NumberFormat(LOCALE, { notation: "compact", compactDisplay: "long", maximumFractionDigits: 1 });
const euroFormat = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "EUR" });
const dateLong = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE });
const monthYear = new Intl.DateTimeFormat(LOCALE, { month: "long", year: "numeric", timeZone: TIME_ZONE });
const monthOnly = new Intl.DateTimeFormat(LOCALE, { month: "long", timeZone: TIME_ZONE });

/** U+2212: CLDR's nl minus is a hyphen, typeset text wants the real minus sign. */
export const MINUS = "\u2212";

function withRealMinus(parts: Intl.NumberFormatPart[]): string {
  return parts.map((p) => (p.type === "minusSign" ? MINUS : p.value)).join("");
}

/** 3560 → "3.560" */
export function formatCount(value: number): string {
  return withRealMinus(countFormat.formatToParts(value));
}

const fixedFormats = [0, 1, 2, 3].map((n) => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: n, maximumFractionDigits: n }));

/** A series value with its series' decimals: (3560, 0) → "3.560", (5.3, 1) → "5,3", (5, 2) → "5,00". */
export function formatValue(value: number, decimals: number): string {
  const format = fixedFormats[decimals];
  if (!format) throw new RangeError(`Aantal decimalen ${decimals} wordt niet ondersteund (0–3).`);
  return withRealMinus(format.formatToParts(value));
}

/** 93.82 → "93,8" */
export function formatDecimal(value: number): string {
  return withRealMinus(decimalFormat.formatToParts(value));
}

/** A fraction as a signed change: 0.0229 → "+2,3%", −0.00505 → "−0,5%". */
export function formatChange(fraction: number): string {
  return withRealMinus(changeFormat.formatToParts(fraction));
}

/** 3800000 → "€ 3,8 miljoen" (no-break space); amounts under a million as plain euros. */
export function formatEuro(amount: number): string {
  // A no-break space keeps "€" and the amount on one line, as Intl does itself.
  if (Math.abs(amount) >= 1_000_000) return `€\u00a0${withRealMinus(compactLong.formatToParts(amount))}`;
  return withRealMinus(euroFormat.formatToParts(amount));
}

function utc(date: IsoDate | Month): Date {
  const iso = date.length === 7 ? `${date}-01` : date;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`Geen geldige datum: ${date}`);
  return parsed;
}

const percentFormat = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 0 });
const upTo3 = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 });

/** A share as a whole percentage: 3.76 → "376%". */
export function formatPercent(fraction: number): string {
  return withRealMinus(percentFormat.formatToParts(fraction));
}

/** Amounts as a budget reads them: "€ 8,725 miljoen", "€ 630 duizend", "€ 600,00" (no-break space after €). */
export function formatEuroWords(amount: number): string {
  if (Math.abs(amount) >= 1_000_000) return `€\u00a0${withRealMinus(upTo3.formatToParts(amount / 1_000_000))} miljoen`;
  if (Math.abs(amount) >= 1_000 && amount % 1_000 === 0) return `€\u00a0${withRealMinus(upTo3.formatToParts(amount / 1_000))} duizend`;
  return withRealMinus(euroFormat.formatToParts(amount));
}

/** "2015-09-29" → "29 september 2015" */
export function formatDate(date: IsoDate): string {
  return dateLong.format(utc(date));
}

/** "2015-06" → "juni 2015" */
export function formatMonthYear(month: Month): string {
  return monthYear.format(utc(month));
}

/** "2015-06" → "juni" */
export function formatMonthName(month: Month): string {
  return monthOnly.format(utc(month));
}

/** "2" → "2e" (Dutch ordinal as used in "2e voortgangsrapportage"). */
export function formatOrdinal(n: number): string {
  return `${n}e`;
}
