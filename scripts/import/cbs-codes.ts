// The pure parts of reading CBS StatLine (OData v3): period codes, padded keys and
// the status of a period. CBS writes dimension keys padded with spaces to a fixed
// width ("GM0114  ", "NL01    "), periods as "2015MM08" (month), "2017KW04"
// (quarter) and "2022JJ00" (year), and says per period whether its figures are
// provisional ("Voorlopig", "Nader voorlopig") or final ("Definitief").
import type { CbsStatus, Month } from "../model/types.ts";

/** A dimension key as CBS writes it, without the padding: "GM0114  " → "GM0114". */
export function trimKey(key: string): string {
  return key.trim();
}

export type Period = { kind: "maand"; month: Month } | { kind: "kwartaal" | "jaar" } | { kind: "onbekend" };

/**
 * A period code: a month becomes "2015-08"; a quarter or year is recognised (a
 * monthly series skips them: tables such as 82015NED hold all three); anything else
 * is unknown, which the importer refuses rather than guess.
 */
export function parsePeriod(code: string): Period {
  const key = trimKey(code);
  const month = /^(\d{4})MM(0[1-9]|1[0-2])$/.exec(key);
  if (month) return { kind: "maand", month: `${month[1]}-${month[2]}` };
  if (/^\d{4}KW0[1-4]$/.test(key)) return { kind: "kwartaal" };
  if (/^\d{4}JJ00$/.test(key)) return { kind: "jaar" };
  return { kind: "onbekend" };
}

/** "2015-08" → "2015MM08": the code to ask CBS for. */
export function periodCode(month: Month): string {
  return `${month.slice(0, 4)}MM${month.slice(5, 7)}`;
}

/**
 * CBS's `Status` of a period in data/reeksen's words; undefined for a status CBS
 * does not document (the importer refuses it rather than call it final).
 */
export function statusOf(cbs: string | null | undefined): CbsStatus | undefined {
  const s = (cbs ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  if (s === "definitief") return "definitief";
  if (s === "voorlopig") return "voorlopig";
  if (s === "nader voorlopig") return "nader voorlopig";
  return undefined;
}

/** Markers CBS uses for a table it no longer updates (TableInfos `Status`, or `Frequency`). */
const DISCONTINUED = new Set(["gediscontinueerd", "gestopt", "stopgezet", "discontinued"]);

/** True when a TableInfos entry says the table is discontinued. */
export function isDiscontinued(info: { Status?: unknown; Frequency?: unknown }): boolean {
  return [info.Status, info.Frequency].some((v) => typeof v === "string" && DISCONTINUED.has(v.trim().toLowerCase()));
}

/** An OData string literal: 'GM0114  ', quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A figure from CBS times the mapping's factor, exactly as the series holds it, or
 * undefined when it has more decimals than the series allows (0 for a count).
 * 431.9 × 1000 is 431900.00000000006 in floating point: the product is rounded to
 * 12 significant digits first, which no real figure needs more of.
 */
export function scaled(value: number, factor: number, decimals: number): number | undefined {
  const product = Number((value * factor).toPrecision(12));
  return Number(product.toFixed(decimals)) === product ? product : undefined;
}
