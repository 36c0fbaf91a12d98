// Drafts stay private: the public site (`npm run build`) has no page, listing, feed
// entry, search entry or PDF for a letter whose status is `concept`. The preview and
// `npm run build -- --met-concepten` show them, each with a CONCEPT banner and a
// watermark on every page of its PDF (templates/layouts/document.njk).
//
// Everything the site is made from reads `project.letters`, so leaving the concepts
// out there leaves them out everywhere; they are still read and checked (check ≡ build).
import type { Project } from "../model/load.ts";

/** The project as the site shows it: all letters, or without the concepts. */
export function siteProject(project: Project, withConcepts: boolean): Project {
  if (withConcepts || !project.letters.some((l) => l.status === "concept")) return project;
  return {
    ...project,
    letters: project.letters.filter((l) => l.status !== "concept"),
    leftOut: project.letters.filter((l) => l.status === "concept"),
  };
}

/** "4 concepten niet opgenomen; bouw met --met-concepten om ze te zien", or "" when none were left out. */
export function leftOutText(count: number): string {
  if (count === 0) return "";
  return `${count} ${count === 1 ? "concept" : "concepten"} niet opgenomen; bouw met --met-concepten om ${count === 1 ? "het" : "ze"} te zien`;
}
