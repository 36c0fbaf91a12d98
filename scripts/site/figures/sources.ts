// Source line and footnotes shared by every figure: "Bron: * CBS, ** CIV SAM …".
import type { SourceRef } from "../../figures/compute.ts";
import { escapeHtml } from "../html.ts";

export function sourceLine(sources: SourceRef[]): string {
  if (sources.length === 1) return `Bron: ${escapeHtml(sources[0]!.source)}.`;
  return `Bron: ${sources.map((s) => `${escapeHtml(s.mark)} ${escapeHtml(s.source)}`).join(", ")}.`;
}

/** The source mark after a region name; none when there is only one source. */
export function markFor(sources: SourceRef[], mark: string): string {
  return sources.length > 1 ? `<span class="bronteken">${escapeHtml(mark)}</span>` : "";
}

export const ILLUSTRATIVE_MARK = "†";
export const ILLUSTRATIVE_NOTE = `${ILLUSTRATIVE_MARK} Illustratief cijfer: niet afkomstig uit een brondocument, alleen bedoeld als voorbeeld.`;
