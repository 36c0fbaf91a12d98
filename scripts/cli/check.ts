// `npm run check`: validates all data and content without building; reports every
// problem at once. Exit 1 on any error, 0 with warnings only.
import { formatDiagnostics } from "../model/diagnostics.ts";
import { readProject } from "../model/load.ts";
import { projectRoot } from "../site/paths.ts";
import { reportUncaught } from "./report.ts";

// Whatever fails outside the input (an unreadable folder): Dutch, no stack trace.
reportUncaught(process.argv.includes("--debug"));

const project = readProject(projectRoot());
const { errors, warnings } = project.diagnostics;
if (errors.length === 0 && warnings.length === 0) {
  console.log(`Alles in orde: ${project.letters.length} brieven, ${project.series.size} reeksen, ${project.organisations.size} organisaties.`);
} else {
  console.log(formatDiagnostics(project.diagnostics));
}
process.exitCode = errors.length > 0 ? 1 : 0;
