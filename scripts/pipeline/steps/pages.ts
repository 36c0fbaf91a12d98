// Step 5: the pages. The letters' narratives are rendered by us (never as templates),
// which also queues their charts in the letters' order; Eleventy then lays out the
// letters and renders the site pages into the temporary folder. Kept letters (and,
// in an incremental build, the site pages) are not rendered at all.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Project } from "../../model/load.ts";
import { configureEleventy } from "../../site/eleventy-config.ts";
import { addLetterPages, eleventyInputDir, letterFiles, renderLetterPages, type LetterFile } from "../../site/letter-pages.ts";
import { templatesDir } from "../../site/paths.ts";
import { addSitePages, type SiteOptions } from "../../site/plugin.ts";
import { lap, type BuildContext } from "../context.ts";
import { BuildError } from "../errors.ts";
import { renderErrorToDiagnostics } from "../render-errors.ts";
import { withTimeLimit } from "../time-limits.ts";
import type { BuildPlan } from "./plan.ts";

export async function writePages(context: BuildContext, project: Project, plan: BuildPlan, copying: Promise<void> | undefined): Promise<void> {
  const started = performance.now();
  const tmp = context.folder.tmp;
  const narratives = await renderLetterPages(project, plan.rendered, context.charts);
  const site: SiteOptions = { root: context.root, templates: templatesDir(context.root), project, charts: context.charts };
  try {
    // Loaded here (~0.2 s from the bundle), after the charts were queued: the chart
    // worker starts on the other core meanwhile instead of after it.
    // Eleventy's own switch (no state of ours): its ESM resolver only busts the import
    // cache of JavaScript config and data files changed during --watch; a build has
    // none, and the loader thread that module.register starts for it costs ~0.25 s of
    // a one-letter rebuild. https://github.com/11ty/eleventy/issues/3371
    process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
    const { default: Eleventy } = await import("@11ty/eleventy");
    const eleventy = new Eleventy(eleventyInputDir(), tmp, {
      // No config file: Eleventy is configured here, with this build's context.
      configPath: false,
      quietMode: true,
      // The pages: the rendered letters, and the site pages unless kept from the last build.
      config: (eleventyConfig) => {
        configureEleventy(eleventyConfig, site);
        addLetterPages(eleventyConfig, project, narratives);
        if (!plan.reuse) addSitePages(eleventyConfig, site);
      },
    });
    // Errors are reported by us, in Dutch (render-errors.ts); Eleventy would print stack traces.
    eleventy.disableLogger();
    await withTimeLimit(context.limits, "html", eleventy.write());
    copyLetterFiles(letterFiles(project, narratives), tmp);
  } catch (error) {
    throw renderErrorToDiagnostics(error, project) ?? new BuildError("eleventy", "De HTML-pagina's konden niet worden gemaakt.", { cause: error });
  }
  await withTimeLimit(context.limits, "bestanden", copying ?? Promise.resolve());
  lap(context, "html", started);
  context.progress({ phase: "html", done: project.letters.length, total: project.letters.length });
}

/** Copies the letters' own files (logo, images, archived stylesheet) beside their pages. */
function copyLetterFiles(files: readonly LetterFile[], siteDir: string): void {
  for (const file of files) {
    const target = path.join(siteDir, file.target);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file.source, target);
  }
}
