// The print job for one letter: where its page is, where its PDF goes and the
// archival metadata. Shared by the build and the preview (`npm start`), so a PDF
// from the preview is the one the build would make.
import path from "node:path";
import type { Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import type { PrintJob } from "./print.ts";

export function letterPdfJob(project: Project, letter: Letter, siteDir: string): PrintJob {
  const org = project.organisations.get(letter.organisation)!;
  return {
    name: letter.inputPath,
    urlPath: letter.url,
    outFile: path.join(siteDir, letter.pdfUrl),
    meta: {
      title: letter.subject,
      author: org.name,
      subject: `${project.documentTypes.get(letter.type)!.name}, ${org.name}, kenmerk ${letter.onsKenmerk}`,
      keywords: ["raadsbrief", letter.type, org.shortName],
      lang: "nl-NL",
      date: letter.date,
    },
  };
}
