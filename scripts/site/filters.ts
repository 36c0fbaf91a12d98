// Nunjucks filters, registered in a loop by the plugin. Each is a pure function
// from scripts/format so templates and tests share one implementation.
import { formatChange, formatCount, formatDate, formatEuro, formatMonthYear } from "../format/nl.ts";

export const filters: Record<string, (...args: any[]) => unknown> = {
  datum: (iso: string) => formatDate(iso),
  maand: (month: string) => formatMonthYear(month),
  aantal: (n: number) => formatCount(n),
  verandering: (fraction: number) => formatChange(fraction),
  euro: (amount: number) => formatEuro(amount),
  /** Human file size in Dutch: 123456 → "121 kB". */
  bestandsgrootte: (bytes: number) =>
    bytes >= 1024 * 1024
      ? `${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`
      : `${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} kB`,
  jaar: (iso: string) => iso.slice(0, 4),
};
