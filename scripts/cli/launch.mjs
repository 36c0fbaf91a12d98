// Starts a Raadsbrief command (`node scripts/cli/launch.mjs build --uit …`, as the
// npm scripts do) from the bundle of scripts/ that cli/bundle.mjs makes (why, what
// and where: see there). The same command runs without it from the sources:
// `npx tsx scripts/cli/build.ts …`. Plain JavaScript: this file must run before any
// TypeScript can.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeSystemError } from "../util/system-error.mjs";
import { COMMANDS, ensureBundle } from "./bundle.mjs";

const SCRIPTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [command, ...rest] = process.argv.slice(2);
if (!COMMANDS.includes(command ?? "")) {
  console.error(`Onbekende opdracht "${command ?? ""}". Kies uit: ${COMMANDS.join(", ")}.`);
  process.exit(2);
}

/** Fails in Dutch: what went wrong, and (with --debug) the stack. */
function fail(what, error) {
  const system = describeSystemError(error);
  console.error(`Fout: Raadsbrief kon zijn code niet voorbereiden (${what}).`);
  if (system) console.error(`  oorzaak: ${system}`);
  else {
    const first = (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 3).join("\n  ");
    console.error(`  oorzaak: ${first}`);
    console.error("Draai `npm ci` opnieuw en probeer het nog eens.");
  }
  if (process.argv.includes("--debug") && error instanceof Error) console.error(error.stack);
  else console.error("(Gebruik --debug voor technische details.)");
  process.exit(1);
}

let target;
try {
  target = await ensureBundle(command);
} catch (error) {
  fail(error.step ?? "de bundel maken", error.cause ?? error);
}
process.argv = [process.argv[0], path.join(SCRIPTS, "cli", `${command}.ts`), ...rest];
await import(pathToFileURL(path.join(target, `${command}.mjs`)).href);
