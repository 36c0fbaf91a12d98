// `npm run new -- <soort> <datum> [--organisatie <id>]`: scaffolds the next letter
// from the previous one of the same type. Never overwrites a letter.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { planErratum } from "../authoring/erratum.ts";
import { chooseOrganisation, planNewLetter, ScaffoldError } from "../authoring/scaffold.ts";
import { askOrganisation } from "../authoring/ask.ts";
import { findLetterRef, PublishError } from "../archive/publish.ts";
import type { Project } from "../model/load.ts";
import { isIsoDate } from "../figures/months.ts";
import { loadProject } from "../model/load.ts";
import { projectRoot } from "../site/paths.ts";
import { reportFailure, reportUncaught } from "./report.ts";

const args = process.argv.slice(2);
reportUncaught(args.includes("--debug"));
const valued = new Set(["--organisatie", "--datum"]);
const optionValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const organisation = optionValue("--organisatie");
const [type, second] = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
const erratum = type === "erratum";
// An erratum is dated today unless --datum says otherwise; a letter names its date.
const date = erratum ? (optionValue("--datum") ?? today()) : second;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function fail(message: string): never {
  console.error(`Fout: ${message}`);
  console.error(
    "Gebruik: npm run new -- <soort> <datum> [--organisatie <id>], bijvoorbeeld: npm run new -- voortgangsrapportage 2015-10-27 --organisatie emmen\n" +
      "    of: npm run new -- erratum <brief> [--datum JJJJ-MM-DD], bijvoorbeeld: npm run new -- erratum 15.069821",
  );
  process.exit(1);
}

if (erratum && !second) fail("geef de gepubliceerde brief die het erratum corrigeert (pad, bestandsnaam of kenmerk).");
if (!type || !date) fail("geef de documentsoort en de datum van de nieuwe brief.");
if (!isIsoDate(date)) fail(`'${date}' is geen geldige datum; schrijf JJJJ-MM-DD.`);

/** The letter named by path, file name, slug or kenmerk (as `npm run publish` finds it). */
function findLetter(project: Project, ref: string) {
  try {
    return findLetterRef(project, ref);
  } catch (error) {
    if (error instanceof PublishError) throw new ScaffoldError(error.message);
    throw error;
  }
}

// One async function, not top-level await: the bundle is CommonJS (cli/bundle.mjs).
async function main(type: string, date: string): Promise<void> {
  try {
    const root = projectRoot();
    const project = loadProject(root);
    // Several organisations and none named: asked on a terminal; elsewhere planNewLetter refuses with the list.
    const chosen = erratum ? undefined : (chooseOrganisation(project, organisation) ?? (process.stdin.isTTY && process.stdout.isTTY ? await askOrganisation(project) : undefined));
    const plan = erratum
      ? planErratum(project, findLetter(project, second!), date)
      : planNewLetter(project, { type, date, ...(chosen ? { organisation: chosen } : {}) });
    const letter = plan.files.find((f) => f.create)!;
    if (existsSync(path.join(root, letter.path))) throw new ScaffoldError(`${letter.path} bestaat al; er is niets overschreven.`);
    for (const file of plan.files) {
      const full = path.join(root, file.path);
      mkdirSync(path.dirname(full), { recursive: true });
      // "wx": fail rather than overwrite, even if the letter appeared in the meantime.
      writeFileSync(full, file.content, { flag: file.create ? "wx" : "w" });
      console.log(`${file.create ? "Nieuw" : "Bijgewerkt"}: ${file.path}`);
    }
    console.log(`${erratum ? "Erratum bij" : "Gebaseerd op"} ${plan.previous.inputPath}. Vul de TODO's in, dan: npm run check`);
  } catch (error) {
    if (error instanceof ScaffoldError) fail(error.message);
    process.exitCode = reportFailure(error, args.includes("--debug"));
  }
}
void main(type, date);
