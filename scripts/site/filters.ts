// Nunjucks filters, registered in a loop by the plugin. Each is a pure function
// from scripts/format so templates and tests share one implementation.
import { formatChange, formatDate, formatEuro, formatMonthYear, formatValue } from "../format/nl.ts";
import { letterTimestamp } from "../format/timestamp.ts";
import type { Series } from "../model/types.ts";
import { provisionalMark, provisionalNotes } from "./figures/sources.ts";

export const filters: Record<string, (...args: any[]) => unknown> = {
  datum: (iso: string) => formatDate(iso),
  maand: (month: string) => formatMonthYear(month),
  /** A count, or a series value with its series' decimals: `o.value | aantal(s.decimals)`. */
  aantal: (n: number, decimals = 0) => formatValue(n, decimals),
  verandering: (fraction: number) => formatChange(fraction),
  euro: (amount: number) => formatEuro(amount),
  /** Human file size in Dutch: 123456 → "121 kB". */
  bestandsgrootte: (bytes: number) =>
    bytes >= 1024 * 1024
      ? `${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`
      : `${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} kB`,
  jaar: (iso: string) => iso.slice(0, 4),
  /** UTF-8 size of a string, e.g. a generated download. */
  bytes: (text: string) => Buffer.byteLength(text, "utf8"),
  /** The observation of a month in a list of observations, if any. */
  waardeIn: (observations: { month: string }[], month: string) => observations.find((o) => o.month === month),
  /** The "v" after a provisional figure (HTML, use with `| safe`); empty for others. */
  voorlopigTeken: (o: Parameters<typeof provisionalMark>[0]) => provisionalMark(o),
  /** "Voorlopig cijfer, CBS, opgehaald op …" for every provisional figure of a series. */
  voorlopigNoten: (s: Series) => provisionalNotes(s.regions.flatMap((r) => r.observations)),
  /** RFC 3339 for feeds: "2015-09-29" → "2015-09-29T12:00:00+02:00" (noon in Amsterdam). */
  tijdstempel: (iso: string) => letterTimestamp(iso),
  /** A site path as an absolute URL on the public site (site.url): "/feed.xml" → "https://…/feed.xml".
   *  Relative to the base, so a base path such as https://example.nl/raadsbrief stays (as in the PDFs). */
  absoluut: (url: string, base: string) => new URL(url.replace(/^\//, ""), base.endsWith("/") ? base : `${base}/`).href,
};
