// A letter page links its PDF with the file size, which exists only once the PDF
// is printed (from that very page, where the link is hidden in print). So the
// page carries an empty <span data-pdf-grootte="…"> and this fills it in.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Letter } from "../model/types.ts";
import { filters } from "../site/filters.ts";

const size = filters.bestandsgrootte as (bytes: number) => string;

export function fillPdfSizes(letters: readonly Letter[], siteDir: string): void {
  for (const letter of letters) {
    const page = path.join(siteDir, letter.url, "index.html");
    // A page that is not there is the check's to report, by name (steps/check-output.ts).
    if (!existsSync(page)) continue;
    const html = readFileSync(page, "utf8");
    const marker = `<span class="pdf-grootte" data-pdf-grootte="${letter.pdfUrl}"></span>`;
    const pdf = path.join(siteDir, letter.pdfUrl);
    if (!html.includes(marker) || !existsSync(pdf)) continue; // e.g. --zonder-pdf
    const bytes = statSync(pdf).size;
    writeFileSync(page, html.replace(marker, `<span class="pdf-grootte" data-pdf-grootte="${letter.pdfUrl}"> (${size(bytes)})</span>`));
  }
}
