// Machine-readable timestamps for a letter's calendar date (Atom feed). A letter has
// a date, not a time: like the PDF's CreationDate (scripts/pdf/metadata.ts) we use
// noon in Amsterdam, never the build clock, so the same input gives the same bytes.
import type { IsoDate } from "../model/types.ts";

const offsetName = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Amsterdam", timeZoneName: "longOffset" });

/** "2015-09-29" → "2015-09-29T12:00:00+02:00"; "2015-11-24" → "2015-11-24T12:00:00+01:00" (RFC 3339). */
export function letterTimestamp(date: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`Ongeldige briefdatum '${date}': verwacht JJJJ-MM-DD, bijvoorbeeld 2015-09-29.`);
  // DST switches at 01:00 UTC, so the offset at 11:00 UTC is the one at local noon.
  const name = offsetName
    .formatToParts(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 11))
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT+02:00"; plain "GMT" for a zero offset. Seconds (pre-1940 Amsterdam time) are dropped.
  const o = name ? /^GMT(?:([+-]\d{2}:\d{2}))?/.exec(name) : null;
  if (!o) throw new Error(`Tijdzone Europe/Amsterdam is niet beschikbaar in deze Node.js (${name ?? "geen"}).`);
  return `${date}T12:00:00${o[1] ?? "Z"}`;
}
