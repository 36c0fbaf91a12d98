// Source line, footnotes and marks shared by every figure: "Bron: * CBS, ** CIV SAM …",
// the † of an illustrative number, and the box its marks sit in. Every mark a number
// gets is written here (marks()), so the marks of one number stay together.
import type { SourceRef } from "../../figures/compute.ts";
import { formatDate } from "../../format/nl.ts";
import { isProvisional, type Observation } from "../../model/types.ts";
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

/** Class of the box after a number that holds its marks (templates/styles/raadsbrief.css). */
export const MARKS_CLASS = "tekens";

export interface NumberMarks {
  /** An illustrative number, or one computed from an illustrative number: †. */
  illustrative?: boolean;
  /** The number's status: a figure CBS may still revise gets a v (provisionalMark). */
  status?: Pick<Observation, "status">;
  /** A footnote number, with the id of the note it links to. */
  note?: { number: number; href: string };
}

/**
 * A number with its marks. The marks sit in a box of their own after the digits (fixed
 * width, table-html.ts gives the other numbers of the column an empty one), so the
 * digits of a column line up on screen and on paper.
 */
export function marks(value: string, m: NumberMarks): string {
  const parts = [
    m.illustrative ? `<span class="illustratief" title="illustratief cijfer">${ILLUSTRATIVE_MARK}</span>` : "",
    m.status ? provisionalMark(m.status) : "",
    m.note ? `<sup class="noot"><a href="#${escapeHtml(m.note.href)}">${m.note.number}</a></sup>` : "",
  ].join("");
  return parts ? `${value}<span class="${MARKS_CLASS}">${parts}</span>` : value;
}

/**
 * A figure CBS may still revise: a superscript "v" after the number (not "*", which
 * marks sources, nor "†", illustrative). It hangs outside the digits (CSS), so the
 * numbers of a column stay aligned; the title says which status it is.
 */
export const PROVISIONAL_MARK = "v";

export function provisionalMark(o: Pick<Observation, "status">): string {
  return isProvisional(o) ? `<sup class="voorlopig" title="${o.status} cijfer">${PROVISIONAL_MARK}</sup>` : "";
}

/** "Voorlopig cijfer, CBS, opgehaald op 20 november 2015.": one per status and day, in that order. */
export function provisionalNotes(observations: Iterable<Pick<Observation, "status" | "retrieved">>): string[] {
  const notes = new Set<string>();
  const order = (o: Pick<Observation, "status" | "retrieved">) => `${o.status === "voorlopig" ? 0 : 1}${o.retrieved ?? ""}`;
  for (const o of [...observations].filter(isProvisional).sort((a, b) => order(a).localeCompare(order(b)))) {
    const label = o.status === "voorlopig" ? "Voorlopig cijfer" : "Nader voorlopig cijfer";
    notes.add(`${label}, CBS${o.retrieved ? `, opgehaald op ${formatDate(o.retrieved)}` : ""}.`);
  }
  return [...notes];
}

/** The footnotes under a figure with provisional figures; empty when it has none. */
export function provisionalNotesHtml(observations: Iterable<Pick<Observation, "status" | "retrieved">>): string {
  return provisionalNotes(observations)
    .map((n) => `<p class="voetnoot"><sup class="voorlopig">${PROVISIONAL_MARK}</sup> ${escapeHtml(n)}</p>`)
    .join("\n");
}
