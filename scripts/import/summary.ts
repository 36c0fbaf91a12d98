// The import's report in Dutch: per series and region what is new, what changed
// (old → new, Dutch number format), which illustrative figures were replaced and how
// many stayed the same; then the published letters whose figures CBS revised, each
// with the erratum command.
import { formatMonthYear, formatValue } from "../format/nl.ts";
import type { Observation } from "../model/types.ts";
import type { Incoming, ImportReport, RegionOutcome, Revision } from "./run.ts";

const status = (s: string | undefined) => (s ? ` (${s})` : "");

function figure(o: Pick<Observation, "value" | "status">, decimals: number): string {
  return `${formatValue(o.value, decimals)}${status(o.status)}`;
}

function regionLines(o: RegionOutcome): string[] {
  const d = o.series.decimals;
  const lines = [`  ${o.region.name} (${o.from}):`];
  const list = (label: string, items: string[]) => {
    if (items.length) lines.push(`    ${label}: ${items.join("; ")}`);
  };
  list(`nieuw (${o.added.length})`, o.added.map((a: Incoming) => `${formatMonthYear(a.month)}: ${figure(a, d)}`));
  list(`gewijzigd (${o.changed.length})`, o.changed.map((c) => `${formatMonthYear(c.month)}: ${figure(c.before, d)} → ${figure(c.after, d)}`));
  list(
    `illustratief cijfer vervangen door het echte (${o.replaced.length})`,
    o.replaced.map((c) => `${formatMonthYear(c.month)}: ${formatValue(c.before.value, d)} † → ${figure(c.after, d)}`),
  );
  lines.push(`    ongewijzigd: ${o.unchanged} ${o.unchanged === 1 ? "maand" : "maanden"}`);
  return lines;
}

export function revisionLine(r: Revision, decimals: number): string {
  const source = r.now.status ? "CBS geeft nu" : "de bron geeft nu";
  return `De gepubliceerde brief ${r.letter.inputPath} (kenmerk ${r.letter.onsKenmerk}) gebruikte voor ${r.regionName}, ${formatMonthYear(r.month)}: ${formatValue(r.sent, decimals)}; ${source} ${figure(r.now, decimals)}.`;
}

export function summaryText(report: ImportReport): string {
  const out: string[] = [];
  const bySeries = new Map<string, RegionOutcome[]>();
  for (const o of report.outcomes) bySeries.set(o.series.id, [...(bySeries.get(o.series.id) ?? []), o]);
  for (const [id, outcomes] of bySeries) {
    out.push(`Reeks ${id} (${outcomes[0]!.file}):`, ...outcomes.flatMap(regionLines));
  }
  if (report.revisions.length) {
    out.push("", "Herzien na publicatie:");
    const decimalsOf = (r: Revision) => report.outcomes.find((o) => o.series.id === r.seriesId)?.series.decimals ?? 0;
    for (const r of report.revisions) out.push(`  ${revisionLine(r, decimalsOf(r))}`);
    const letters = [...new Set(report.revisions.map((r) => r.letter.inputPath))];
    out.push("  De brieven zelf veranderen niet. Maak per brief een erratum:");
    for (const l of letters) out.push(`    npm run new -- erratum ${l}`);
  }
  out.push("");
  if (report.edits.length) {
    for (const e of report.edits) out.push(`Bijgewerkt: ${e.path}`);
    out.push("Daarna: npm run check, npm start (voorbeeld) en npm run build.");
  } else {
    out.push("Niets gewijzigd: alle cijfers waren al bij.");
  }
  return out.join("\n");
}
