// Where Raadsbrief may write: the single place that decides. The build replaces its
// output folder whole (a temporary folder beside it, swapped in at the end), so
// that folder must belong to the tool alone: never the project or anything above
// it, never its input (content/, data/, templates/, archive/), code (scripts/,
// node_modules/), history (.git) or the tool's cache, never a file, and never a
// folder with files no Raadsbrief build wrote. A build leaves a marker file in its
// output (OUTPUT_MARKER) by which the next one recognises it. Other files a
// command writes on request (--tijden) may only replace a file of their own kind.
//
// Paths are judged after resolving symbolic links, so a link cannot smuggle the
// project in. Everything here refuses with a Dutch message before anything is written.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { isRunning } from "../util/processes.ts";

/** The file every build output holds: the next build may replace a folder that has it. */
export const OUTPUT_MARKER = ".raadsbrief-uitvoer";
export const MARKER_TEXT =
  "Raadsbrief-uitvoer. Deze map is gemaakt door Raadsbrief (npm run build) en wordt bij elke build in zijn geheel vervangen.\n" +
  "Zet hier niets neer wat u wilt bewaren.\n";

/** A file by which a folder is recognised as one a command of the tool made. */
export interface Marker {
  name: string;
  text: string;
}

/** What a folder a command replaces or fills is for, for the messages. */
export interface FolderKind {
  /** The command-line option ("--uit"). */
  option: string;
  marker: Marker;
  /** Why it must be a folder of its own, and an example. */
  advice: string;
  /** Recognises a folder of ours made before the marker existed (an upgrade must not refuse the old site). */
  earlier?: (dir: string) => boolean;
}

export const BUILD_OUTPUT: FolderKind = {
  option: "--uit",
  marker: { name: OUTPUT_MARKER, text: MARKER_TEXT },
  advice: "De build vervangt zijn uitvoermap in zijn geheel; kies een aparte map, bijvoorbeeld _site.",
  // Sites built before the marker was introduced: the stylesheet and search index only Raadsbrief writes.
  earlier: (dir) => existsSync(path.join(dir, "assets", "css", "raadsbrief.css")) && existsSync(path.join(dir, "pagefind", "pagefind.js")),
};

export const BENCH_FOLDER: FolderKind = {
  option: "--map",
  marker: {
    name: ".raadsbrief-benchmark",
    text: "Raadsbrief-benchmark. Deze map is gemaakt door npm run bench en wordt bij elke benchmark opnieuw gevuld.\n",
  },
  advice: "De benchmark schrijft zijn synthetische brieven en site in die map en vervangt wat er stond; kies een aparte map.",
};

/** Folders of the project (and of the tool) no output may be, hold, or lie in. */
export const PROTECTED = ["content", "data", "templates", "archive", "scripts", "node_modules", ".git", path.join(".cache", "raadsbrief")];

/** A path option that would write where it must not; the message is Dutch and says what to do. */
export class OutputRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputRefusedError";
  }
}

export interface Places {
  /** The project: data/, content/, … */
  root: string;
  /** The tool's own folder (scripts/, node_modules/; templates/ when the project has none). */
  toolDir: string;
}

/** True when `inner` lies strictly inside `outer` (both absolute and resolved). */
export function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
}

/**
 * The path with every symbolic link in its existing part resolved; the part that does
 * not exist yet is appended as given. Refuses when a part of the path is a file.
 */
export function resolveReal(p: string, option: string): string {
  const missing: string[] = [];
  let current = path.resolve(p);
  for (;;) {
    let real: string | undefined;
    try {
      real = realpathSync(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") throw new OutputRefusedError(`${option} ${p}: het pad bevat een kring van symbolische koppelingen.`);
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
    }
    if (real !== undefined) {
      if (missing.length > 0 && !statSync(real).isDirectory()) {
        throw new OutputRefusedError(`${option} ${p}: ${real} is een bestand, geen map; daarin kan niets worden gemaakt.`);
      }
      return path.join(real, ...missing.reverse());
    }
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(p); // nothing exists, not even the root
    missing.push(path.basename(current));
    current = parent;
  }
}

/** The project and the tool folder, and their protected folders (also where those are links), resolved. */
function guarded(places: Places): { homes: string[]; folders: { name: string; real: string }[] } {
  const homes = [...new Set([places.root, places.toolDir].map((p) => resolveReal(p, "")))];
  const folders: { name: string; real: string }[] = [];
  for (const home of homes) {
    for (const name of PROTECTED) {
      const full = path.join(home, name);
      folders.push({ name, real: full });
      // A protected folder that is itself a link (node_modules in a test copy) guards its target too.
      if (existsSync(full)) folders.push({ name, real: realpathSync(full) });
    }
  }
  return { homes, folders };
}

function shown(requested: string, real: string): string {
  return path.resolve(requested) === real ? requested : `${requested} (${real})`;
}

/** Why `real` may not be written or replaced by a build, or undefined when it may. */
function forbidden(places: Places, real: string): string | undefined {
  const { homes, folders } = guarded(places);
  for (const home of homes) {
    if (real === home) return "dat is de projectmap zelf";
    if (isInside(real, home)) return `die map bevat de projectmap (${home})`;
  }
  for (const { name, real: folder } of folders) {
    if (real === folder || isInside(real, folder) || isInside(folder, real)) {
      return `die plek is of bevat ${name.split(path.sep).join("/")}/ van het project, of ligt erin`;
    }
  }
  return undefined;
}

/** Whether a command of the tool made this folder (it holds the marker with the tool's text). */
export function hasMarker(dir: string, marker: Marker = BUILD_OUTPUT.marker): boolean {
  try {
    return readFileSync(path.join(dir, marker.name), "utf8") === marker.text;
  } catch {
    return false;
  }
}

/**
 * The output folder a build may replace, resolved (symbolic links followed), for the
 * requested path (relative to the project root). Throws OutputRefusedError otherwise.
 * `kind` says which option asks and which marker a folder of ours holds (default: the build's --uit).
 */
export function resolveOutputDir(places: Places, requested: string, kind: FolderKind = BUILD_OUTPUT): string {
  const { option, advice } = kind;
  if (requested.trim() === "") throw new OutputRefusedError(`Geef bij ${option} een map. ${advice}`);
  const real = resolveReal(path.resolve(places.root, requested), option);
  const name = shown(requested, real);
  const reason = forbidden(places, real);
  if (reason) throw new OutputRefusedError(`${option} ${name}: ${reason}. ${advice}`);
  if (existsSync(real)) {
    if (!statSync(real).isDirectory()) throw new OutputRefusedError(`${option} ${name}: dat is een bestaand bestand, geen map. ${advice}`);
    if (readdirSync(real).length > 0 && !hasMarker(real, kind.marker) && !kind.earlier?.(real)) {
      throw new OutputRefusedError(
        `${option} ${name}: deze map bestaat al en bevat bestanden die niet door Raadsbrief zijn gemaakt (er staat geen ${kind.marker.name} in). ` +
          `${advice} Kies een nieuwe of lege map, of maak deze map eerst zelf leeg.`,
      );
    }
  }
  const parent = path.dirname(real);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new OutputRefusedError(`${option} ${name}: de map ${parent} bestaat niet. Maak die eerst, of kies een andere plek.`);
  }
  return real;
}

/**
 * A file a command writes on request (--tijden), resolved: never an input, never in
 * the output folder, and if it exists, one of its own kind (`isOwn` recognises it by
 * its content). Throws OutputRefusedError otherwise.
 */
export function resolveOwnFile(
  places: Places,
  requested: string,
  options: { option: string; what: string; isOwn: (text: string) => boolean; outputDir?: string },
): string {
  const { option, what } = options;
  if (requested.trim() === "") throw new OutputRefusedError(`Geef bij ${option} de naam van het bestand voor ${what}.`);
  const real = resolveReal(path.resolve(places.root, requested), option);
  const name = shown(requested, real);
  const reason = forbidden(places, real);
  if (reason) throw new OutputRefusedError(`${option} ${name}: ${reason}. Kies een bestand buiten de invoer, bijvoorbeeld ${option} tijden.json.`);
  if (options.outputDir && (real === options.outputDir || isInside(options.outputDir, real))) {
    throw new OutputRefusedError(`${option} ${name}: dat ligt in de uitvoermap ${options.outputDir}, die de build vervangt. Kies een bestand daarbuiten.`);
  }
  if (existsSync(real)) {
    const st = statSync(real);
    if (st.isDirectory()) throw new OutputRefusedError(`${option} ${name}: dat is een map, geen bestand.`);
    if (!st.isFile()) throw new OutputRefusedError(`${option} ${name}: dat is geen gewoon bestand.`);
    // Small: a file of ours is a few kB. Anything large is not ours to overwrite.
    const text = st.size <= 1024 * 1024 ? readFileSync(real, "utf8") : "";
    if (!options.isOwn(text)) {
      throw new OutputRefusedError(`${option} ${name}: dat bestand bestaat al en is niet door Raadsbrief geschreven; het wordt niet overschreven. Kies een nieuwe naam.`);
    }
  }
  const parent = path.dirname(real);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new OutputRefusedError(`${option} ${name}: de map ${parent} bestaat niet. Maak die eerst, of kies een andere plek.`);
  }
  return real;
}

/** Throws unless `file` lies inside `dir`: for names that come from elsewhere (Pagefind's files). */
export function insideOrRefuse(dir: string, file: string): string {
  const full = path.resolve(dir, file);
  if (!isInside(path.resolve(dir), full)) throw new OutputRefusedError(`${file} ligt buiten ${dir}; dat wordt niet geschreven.`);
  return full;
}

/** A failure to write the output folder (read-only, full, not a place for folders): Dutch, names the folder. */
export class OutputWriteError extends Error {
  constructor(out: string, cause: unknown) {
    super(`De uitvoermap ${out} kan niet worden geschreven. Kies met --uit een map waarin u mag schrijven.`, { cause });
    this.name = "OutputWriteError";
  }
}

/**
 * The temporary folder a build writes into, beside its output folder
 * (`<out>.tmp-<pid>`), and its swap into place (the old output goes to
 * `<out>.oud-<pid>` and is removed, by a process of its own: removeAfterwards). These
 * siblings are the only places beside the output a build touches; a build that is
 * killed leaves them, and the next build to the same folder removes them once their
 * process is gone. An interrupted build (process.exit on a signal) removes its own.
 */
export class BuildFolder {
  readonly tmp: string;
  readonly old: string;
  private readonly onExit = () => {
    for (const dir of [this.tmp, this.old]) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
      } catch {
        // Left for the next build to this folder (removeStaleTemps); an exit handler must not throw.
      }
    }
  };

  constructor(readonly out: string) {
    this.tmp = `${out}.tmp-${process.pid}`;
    this.old = `${out}.oud-${process.pid}`;
  }

  /** Removes what killed builds left, then makes the empty temp folder with the marker. */
  create(): void {
    removeStaleTemps(this.out);
    process.on("exit", this.onExit);
    try {
      // Also a folder of a dead process that had our pid before (removeStaleTemps leaves our pid's alone).
      for (const dir of [this.tmp, this.old]) rmSync(dir, { recursive: true, force: true });
      // Not recursive: the parent exists (resolveOutputDir), and Node's recursive
      // mkdir loops forever where mkdir fails with ENOENT under an existing parent (/proc).
      mkdirSync(this.tmp);
      writeFileSync(path.join(this.tmp, OUTPUT_MARKER), MARKER_TEXT);
    } catch (error) {
      this.discard();
      throw new OutputWriteError(this.out, error);
    }
  }

  /**
   * Puts the temp folder in place. The old output is removed by a process of its own
   * (removeAfterwards), or, when that cannot start, here: then the promise resolves
   * once it is gone.
   */
  swapIn(): Promise<void> {
    if (!existsSync(this.out)) {
      renameSync(this.tmp, this.out);
      return Promise.resolve();
    }
    renameSync(this.out, this.old);
    renameSync(this.tmp, this.out);
    return removeAfterwards(this.old, this.out) ? Promise.resolve() : rm(this.old, { recursive: true, force: true });
  }

  /** Removes the temp folder (a failed build). */
  discard(): void {
    this.onExit();
    this.release();
  }

  /** The build is over: nothing left to clean up on exit. */
  release(): void {
    process.off("exit", this.onExit);
  }
}

/**
 * Removes the old output `old` (a sibling of `out`) from a small process that outlives
 * this one, so a build is done once its new site is in place: a site of 1,200 letters
 * is ~16,000 hard links in ~10,000 folders, ~1 s of unlinking bound by the file system,
 * which the user need not wait for. The process first renames the folder after its own
 * pid (`<out>.oud-<pid>`): while it works, the next build leaves it alone
 * (removeStaleTemps); should it die, the next build removes what is left. False when
 * the process could not be started.
 */
export function removeAfterwards(old: string, out: string): boolean {
  // The marker goes last, so that what a killed remover leaves is still recognised as ours.
  const script =
    "const fs=require('fs'),path=require('path');const [old,out,marker]=process.argv.slice(1);const mine=out+'.oud-'+process.pid;" +
    "try{fs.renameSync(old,mine)}catch{process.exit(0)}" +
    "const rm=(p)=>{try{fs.rmSync(p,{recursive:true,force:true,maxRetries:5,retryDelay:20})}catch{}};" +
    "try{for(const name of fs.readdirSync(mine))if(name!==marker)rm(path.join(mine,name))}catch{}rm(mine)";
  try {
    // Its own environment: NODE_OPTIONS (a profiler, a debugger) is for the build, not for this.
    const child = spawn(process.execPath, ["-e", script, old, out, OUTPUT_MARKER], { detached: true, stdio: "ignore", env: { PATH: process.env.PATH ?? "" } });
    child.on("error", () => {}); // the folder stays, for the next build (removeStaleTemps)
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes temp folders of earlier builds to `out` that were killed (their process
 * is gone), if they are what a build leaves: a folder with the marker, or empty.
 */
export function removeStaleTemps(out: string): void {
  const dir = path.dirname(out);
  const prefix = `${path.basename(out)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // the build reports an unreadable folder when it writes
  }
  for (const name of names) {
    const m = /^(?:tmp|oud)-(\d+)$/.exec(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !m || isRunning(Number(m[1]))) continue;
    const full = path.join(dir, name);
    try {
      if (!lstatSync(full).isDirectory()) continue;
      if (readdirSync(full).length > 0 && !hasMarker(full)) continue;
      rmSync(full, { recursive: true, force: true });
    } catch {
      // Another build removes it at the same time, or it cannot be removed: the build
      // writes elsewhere (its own pid), and reports a folder it cannot write itself.
    }
  }
}
