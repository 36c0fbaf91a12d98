// No letter may go missing silently (pipeline/steps/check-output.ts): a page or PDF that is
// not in the build's folder is refused by name, in Dutch. The check fills in the PDF
// sizes first (pipeline/pdf-sizes.ts), which leaves a missing page to it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BuildContext } from "../../scripts/pipeline/context.ts";
import { checkOutput } from "../../scripts/pipeline/steps/check-output.ts";
import type { PdfOutcome } from "../../scripts/pipeline/steps/pdf-outcome.ts";
import type { BuildPlan } from "../../scripts/pipeline/steps/plan.ts";
import type { Project } from "../../scripts/model/load.ts";
import type { Letter } from "../../scripts/model/types.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-controle-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const letter = (name: string) => ({ url: `/emmen/2015/09/${name}/`, pdfUrl: `/emmen/2015/09/${name}/${name}.pdf`, inputPath: `content/emmen/2015/${name}.md` }) as Letter;
const marker = (l: Letter) => `<span class="pdf-grootte" data-pdf-grootte="${l.pdfUrl}"></span>`;

/** Writes a letter's page (with the empty size marker) and, unless left out, its PDF. */
function write(l: Letter, files: { page?: boolean; pdf?: boolean } = {}): void {
  mkdirSync(path.join(dir, l.url), { recursive: true });
  if (files.page !== false) writeFileSync(path.join(dir, l.url, "index.html"), `<p><a href="${l.pdfUrl}">PDF${marker(l)}</a></p>`);
  if (files.pdf !== false) writeFileSync(path.join(dir, l.pdfUrl), Buffer.alloc(2_500));
}

function check(letters: Letter[]): void {
  const context = { folder: { tmp: dir } } as unknown as BuildContext;
  const plan = { rendered: letters, withPdf: letters } as unknown as BuildPlan;
  const outcome = { count: letters.length } as unknown as PdfOutcome;
  checkOutput(context, { letters } as unknown as Project, plan, outcome);
}

describe("the check for missing output", () => {
  it("fills in the PDF sizes and passes a complete folder", () => {
    const a = letter("a");
    write(a);
    check([a]);
    expect(readFileSync(path.join(dir, a.url, "index.html"), "utf8")).toContain(`data-pdf-grootte="${a.pdfUrl}"> (`);
  });

  it("names a missing page in Dutch, not the file system's error", () => {
    const [a, b] = [letter("a"), letter("b")];
    write(a);
    write(b, { page: false });
    expect(() => check([a, b])).toThrow(`Ontbrekende uitvoer: ${b.url}index.html`);
  });

  it("names a missing PDF", () => {
    const a = letter("a");
    write(a, { pdf: false });
    expect(() => check([a])).toThrow(`Ontbrekende uitvoer: ${a.pdfUrl}`);
  });
});
