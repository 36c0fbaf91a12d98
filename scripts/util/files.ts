// Files of a folder tree, and hashes over them: for cache keys (charts, PDFs, "nothing
// changed") and the archive's checksums. One walk, so every key sees the same files
// in the same order.
import { createHash, type Hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Every file under dir (ending in `ext`, if given), sorted; none if dir does not exist. */
export function filesUnder(dir: string, ext = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Feeds every file under dir into `hash`: its path relative to dir, then its bytes. */
export function hashTree(hash: Hash, dir: string): Hash {
  for (const file of filesUnder(dir)) hash.update(`${path.relative(dir, file)}\0`).update(readFileSync(file)).update("\0");
  return hash;
}
