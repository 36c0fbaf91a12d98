// The layout audit's findings (audit.ts) as the build uses them: plain data that crosses
// from the PDF finishing workers, is cached with the PDF, and becomes warnings. Its own
// module so the main thread has them without loading the audit's PDF readers.
import type { Diagnostic } from "../model/diagnostics.ts";

/** Where the printer can put a page break to repair a fault: the n-th element of a kind, in document order. */
export interface BreakTarget {
  kind: ElementKind;
  ordinal: number;
  /** Start of the element's text, to check the printer found the right element. */
  text: string;
}

export type ElementKind = "heading" | "paragraph" | "table" | "row" | "figure" | "item";

export interface LayoutFault {
  code: string;
  /** 1-based page the fault is on. */
  page: number;
  message: string;
  hint: string;
  /** A forced page break before this element should repair it (print.ts). */
  breakBefore?: BreakTarget;
}

export const LAYOUT_CODES = {
  heading: "RB-OPMAAK-KOP-LOS",
  tableSplit: "RB-OPMAAK-TABEL-GESPLITST",
  tableHeader: "RB-OPMAAK-TABELKOP-ONTBREEKT",
  chartSplit: "RB-OPMAAK-GRAFIEK-GESPLITST",
  closing: "RB-OPMAAK-SLOT-LOS",
  emptyPage: "RB-OPMAAK-BLAD-LEEG",
  cut: "RB-OPMAAK-TEKST-AFGEKAPT",
  outside: "RB-OPMAAK-BUITEN-BLAD",
  overlap: "RB-OPMAAK-TEKST-OVERLAPT",
  unreadable: "RB-OPMAAK-NIET-GECONTROLEERD",
} as const;

/** The audit's faults of one letter as build warnings. */
export function layoutDiagnostics(faults: readonly LayoutFault[], file: string): Diagnostic[] {
  return faults.map((f) => ({ severity: "warning", code: f.code, file, message: `PDF, blad ${f.page}: ${f.message}`, hint: f.hint }));
}
