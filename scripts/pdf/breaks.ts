// The measuring pass: Chromium paginates, the audit (audit.ts) reads the result, and
// where a heading, a small table or the closing landed badly, a forced page break goes
// before it and the letter is printed again. CSS does most of this (templates/styles,
// break-* rules); Chromium ignores some of those hints (a heading whose next block does
// not fit, the closing that fits only alone), which this repairs with the real page
// breaks rather than an estimate. Same input, same breaks: the output stays reproducible.
import type { Page } from "puppeteer-core";
import type { BreakTarget, LayoutFault } from "./layout-faults.ts";

/** Class that forces a page break before an element (templates/styles/raadsbrief.css, print). */
export const BREAK_CLASS = "rb-nieuw-blad";
/** Prints at most this many times per letter (the first print included). */
export const MAX_PRINTS = 4;

/** The distinct break targets of a set of faults, in document order. */
export function breakTargets(faults: readonly LayoutFault[]): BreakTarget[] {
  const seen = new Map<string, BreakTarget>();
  for (const f of faults) if (f.breakBefore) seen.set(`${f.breakBefore.kind}:${f.breakBefore.ordinal}`, f.breakBefore);
  return [...seen.values()];
}

/**
 * Puts a forced page break before each target in the tab's document; returns how many
 * it placed. An element is the n-th visible one of its kind (as the PDF's structure tree
 * numbers them); one whose text does not match is left alone.
 */
export function placeBreaks(page: Page, targets: readonly BreakTarget[]): Promise<number> {
  // No named functions inside: tsx (tests) would wrap them in a helper the page lacks.
  return page.evaluate(
    (targets: readonly BreakTarget[], breakClass: string, selectors: Record<string, string>) => {
      let placed = 0;
      for (const t of targets) {
        const el = Array.from(document.querySelectorAll(selectors[t.kind] ?? "none")).filter(
          (e) => e.getClientRects().length > 0 && !e.closest('[aria-hidden="true"]'),
        )[t.ordinal];
        if (!el) continue;
        // A chart's text in the DOM starts with its title and description, in the PDF with its labels.
        if (t.kind !== "figure" && !(el.textContent ?? "").replace(/\s+/g, "").startsWith(t.text.replace(/\s+/g, "").slice(0, 24))) continue;
        const target = t.kind === "table" || t.kind === "figure" ? (el.closest(".figuur") ?? el) : el;
        if (target.classList.contains(breakClass)) continue;
        target.classList.add(breakClass);
        placed++;
      }
      return placed;
    },
    targets,
    BREAK_CLASS,
    SELECTORS,
  );
}

/** The elements of each kind, as the PDF's structure tree has them (audit.ts, kindOf). */
const SELECTORS: Record<string, string> = {
  heading: "h1, h2, h3, h4, h5, h6",
  paragraph: "p",
  table: "table",
  row: "tr",
  figure: 'svg[role="img"], img:not([alt=""]), [role="figure"]',
  item: "li",
};
