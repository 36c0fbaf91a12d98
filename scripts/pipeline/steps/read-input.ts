// Step 1: read and check all input (concepts included). Throws ProjectError with every
// problem, before anything is written. The letters are then those the site shows.
import { loadProject, type Project } from "../../model/load.ts";
import { siteProject } from "../../site/concepts.ts";
import { lap, type BuildContext } from "../context.ts";

export function readInput(context: BuildContext): Project {
  const started = performance.now();
  const { publishing, concepts } = context.options;
  const project = siteProject(loadProject(context.root, publishing ? { publishing } : {}), concepts === true);
  lap(context, "data", started);
  return project;
}
