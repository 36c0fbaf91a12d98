// The narrative renderer (scripts/site/narrative-html.ts) on the sample letters: the
// shortcodes become the figure and party-line HTML as HTML blocks, and a figure that
// cannot be made is reported at its {% figuur %} line, not as a stack trace.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ProjectError } from "../../scripts/model/diagnostics.ts";
import { readProject } from "../../scripts/model/load.ts";
import { renderNarrative } from "../../scripts/site/narrative-html.ts";
import { LETTER_4, ROOT } from "../helpers.ts";

const MEMO = "content/groningen/2019/2019-11-12-uitnodiging-commissie-werk-en-inkomen.md";

describe("rendering a narrative", () => {
  it("puts each shortcode's HTML in as a block of its own", async () => {
    const project = readProject(ROOT);
    const memo = project.letters.find((l) => l.inputPath === MEMO)!;
    const { html, files } = await renderNarrative(project, memo);
    expect(files).toEqual([]);
    expect(html).toContain('<p class="bespreking"><strong>Bespreking is aangevraagd door:</strong> PvdA, SP en 100% Groningen.</p>\n<h3>');
    expect(html).toMatch(/<div class="figuur figuur--begroting" id="fig-participatiebudget">[\s\S]*<\/div>\n<p class="bespreking">/);
    expect(html).not.toContain("{%");
  });

  it("reports a figure that cannot be made at its line, as RB-PAGINA", async () => {
    const project = readProject(ROOT);
    const letter = project.letters.find((l) => l.inputPath === LETTER_4)!;
    // Its definition taken away after the check: the renderer cannot make it.
    const broken = { ...letter, figures: letter.figures.filter((f) => f.id !== "bijstand-trend") };
    const error = await renderNarrative(project, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectError);
    const line = readFileSync(path.join(ROOT, LETTER_4), "utf8").split("\n").indexOf('{% figuur "bijstand-trend" %}') + 1;
    expect((error as ProjectError).diagnostics.items).toMatchObject([{ code: "RB-PAGINA", file: LETTER_4, line, column: 1 }]);
    expect((error as ProjectError).diagnostics.items[0]!.message).toContain("bijstand-trend");
  });
});
