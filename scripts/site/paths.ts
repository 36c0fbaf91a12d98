// Where things are. The project root (data/, content/) is the working directory,
// so the same tool builds the sample site, a test fixture or a municipality's own
// repository; templates come from the project if it has them, else from the tool.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TOOL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The project a command works on: the folder it was started in. */
export function projectRoot(): string {
  return path.resolve(process.cwd());
}

export function templatesDir(root: string): string {
  const own = path.join(root, "templates");
  return existsSync(own) ? own : path.join(TOOL_DIR, "templates");
}
