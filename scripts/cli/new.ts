// `npm run new -- <soort> <datum> [--organisatie <id>]`: scaffolds the next letter
// from the previous one of the same type. Never overwrites a letter.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { planNewLetter, ScaffoldError } from "../authoring/scaffold.ts";
import { isIsoDate } from "../figures/months.ts";
import { loadProject } from "../model/load.ts";
import { projectRoot } from "../site/paths.ts";
import { reportFailure, reportUncaught } from "./report.ts";

const args = process.argv.slice(2);
reportUncaught(args.includes("--debug"));
const orgIndex = args.indexOf("--organisatie");
const organisation = orgIndex >= 0 ? args[orgIndex + 1] : undefined;
const [type, date] = args.filter((a, i) => !a.startsWith("--") && !(orgIndex >= 0 && i === orgIndex + 1));

function fail(message: string): never {
  console.error(`Fout: ${message}`);
  console.error("Gebruik: npm run new -- <soort> <datum> [--organisatie <id>], bijvoorbeeld: npm run new -- voortgangsrapportage 2015-10-27");
  process.exit(1);
}

if (!type || !date) fail("geef de documentsoort en de datum van de nieuwe brief.");
if (!isIsoDate(date)) fail(`'${date}' is geen geldige datum; schrijf JJJJ-MM-DD.`);

try {
  const root = projectRoot();
  const plan = planNewLetter(loadProject(root), { type, date, ...(organisation ? { organisation } : {}) });
  const letter = plan.files.find((f) => f.create)!;
  if (existsSync(path.join(root, letter.path))) throw new ScaffoldError(`${letter.path} bestaat al; er is niets overschreven.`);
  for (const file of plan.files) {
    const full = path.join(root, file.path);
    mkdirSync(path.dirname(full), { recursive: true });
    // "wx": fail rather than overwrite, even if the letter appeared in the meantime.
    writeFileSync(full, file.content, { flag: file.create ? "wx" : "w" });
    console.log(`${file.create ? "Nieuw" : "Bijgewerkt"}: ${file.path}`);
  }
  console.log(`Gebaseerd op ${plan.previous.inputPath}. Vul de TODO's in, dan: npm run check`);
} catch (error) {
  if (error instanceof ScaffoldError) fail(error.message);
  process.exitCode = reportFailure(error, args.includes("--debug"));
}
