// Dutch (nl-NL) locale for Vega's number and time formatting, in the shapes of
// d3-format's FormatLocaleDefinition and d3-time-format's TimeLocaleDefinition.
// Names come from Intl so they match the rest of the site's Dutch dates.

export interface NumberLocale {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
}

export interface TimeLocale {
  dateTime: string;
  date: string;
  time: string;
  periods: [string, string];
  days: string[];
  shortDays: string[];
  months: string[];
  shortMonths: string[];
}

const LOCALE = "nl-NL";

// Some ICU versions abbreviate with a trailing dot ("mrt."); Dutch charts use none.
function stripDot(s: string): string {
  return s.replace(/\.$/, "");
}

function monthNames(month: "long" | "short"): string[] {
  const fmt = new Intl.DateTimeFormat(LOCALE, { month, timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, i) => stripDot(fmt.format(new Date(Date.UTC(2015, i, 1)))));
}

function dayNames(weekday: "long" | "short"): string[] {
  const fmt = new Intl.DateTimeFormat(LOCALE, { weekday, timeZone: "UTC" });
  // 2023-01-01 is a Sunday; d3 expects the week to start on Sunday.
  return Array.from({ length: 7 }, (_, i) => stripDot(fmt.format(new Date(Date.UTC(2023, 0, 1 + i)))));
}

function numberPart(type: "decimal" | "group"): string {
  const part = new Intl.NumberFormat(LOCALE).formatToParts(1234567.5).find((p) => p.type === type);
  if (!part) throw new Error(`Intl levert geen '${type}'-teken voor ${LOCALE}`);
  return part.value;
}

function dayPeriods(): [string, string] {
  const fmt = new Intl.DateTimeFormat(LOCALE, { hour: "numeric", hour12: true, timeZone: "UTC" });
  const period = (hour: number): string =>
    fmt.formatToParts(new Date(Date.UTC(2020, 0, 1, hour))).find((p) => p.type === "dayPeriod")?.value ?? "";
  return [period(3), period(15)];
}

export const nlNumberLocale: NumberLocale = Object.freeze({
  decimal: numberPart("decimal"),
  thousands: numberPart("group"),
  grouping: [3],
  // Fixed: Intl puts a no-break space here, which d3 would copy into every amount.
  currency: ["€ ", ""],
}) as NumberLocale;

export const nlTimeLocale: TimeLocale = Object.freeze({
  dateTime: "%A %e %B %Y %X",
  date: "%d-%m-%Y",
  time: "%H:%M:%S",
  periods: dayPeriods(),
  days: dayNames("long"),
  shortDays: dayNames("short"),
  months: monthNames("long"),
  shortMonths: monthNames("short"),
}) as TimeLocale;

/** 3340 → "3.340", (5.3, 1) → "5,3": for labels built outside Vega (e.g. the target label). */
export function formatCount(value: number, decimals = 0): string {
  return new Intl.NumberFormat(LOCALE, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true }).format(value);
}

/** "2015-01" → "januari 2015". */
export function formatMonthLong(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m ? nlTimeLocale.months[Number(m[2]) - 1] : undefined;
  if (!m || name === undefined) throw new Error(`Ongeldige maand '${month}' (verwacht JJJJ-MM)`);
  return `${name} ${m[1]}`;
}
