// Parsed and checked YAML from earlier runs, by content: reading 120 letters costs
// ~0.3 s of YAML parsing and schema checks, most of a one-letter rebuild's reading.
// An entry is the value a file gave when it parsed and passed its schema check
// without a single diagnostic; a file that had any is read in full every time, so
// its messages (and their line and column) are always those of a fresh read.
//
// Kept in <root>/.cache/raadsbrief/invoer.bin (safe to delete), one file for all
// entries, rewritten when the set of entries changes; only entries the last read
// used are kept. The values go through the structured clone of node:v8, which,
// unlike JSON, keeps everything a YAML value can be (NaN, Infinity, -0).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { sha256 } from "../util/files.ts";

const FILE = path.join(".cache", "raadsbrief", "invoer.bin");

// Module-level: the hash of this process's own code and packages, the same for every build.
let codeVersion: string | undefined;

/**
 * What an entry was made by: the model's code (parser options, schemas, checks)
 * and the versions of the parser and the validator. Another version: all entries go.
 */
function version(): string {
  if (codeVersion) return codeVersion;
  const hash = createHash("sha256");
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = [...readdirSync(here).filter((f) => f.endsWith(".ts")).sort(), "../figures/months.ts"]; // months.ts: the date formats
  for (const file of sources) hash.update(`${file}\0`).update(readFileSync(path.join(here, file))).update("\0");
  for (const pkg of ["yaml", "ajv"]) {
    hash.update(readFileSync(path.join(here, "..", "..", "node_modules", pkg, "package.json")));
  }
  return (codeVersion = hash.digest("hex"));
}

interface Stored {
  version: string;
  entries: Map<string, Buffer>;
}

export class InputCache {
  readonly #file: string;
  readonly #previous: Map<string, Buffer>;
  readonly #used = new Map<string, Buffer>();
  #changed = false;

  private constructor(file: string, previous: Map<string, Buffer>) {
    this.#file = file;
    this.#previous = previous;
  }

  /** The cache of the project at root; empty when there is none or it cannot be read. */
  static open(root: string): InputCache {
    const file = path.join(root, FILE);
    let previous = new Map<string, Buffer>();
    try {
      const stored = v8.deserialize(readFileSync(file)) as Stored;
      if (stored.version === version() && stored.entries instanceof Map) previous = stored.entries;
    } catch {
      // None yet, unreadable or from another Node version: start empty.
    }
    return new InputCache(file, previous);
  }

  static key(kind: string, text: string): string {
    return sha256(`${kind}\0${text}`);
  }

  /** A fresh copy of the value stored under key, or undefined. */
  get(key: string): unknown {
    const bytes = this.#used.get(key) ?? this.#previous.get(key);
    if (!bytes) return undefined;
    this.#used.set(key, bytes);
    return v8.deserialize(bytes);
  }

  set(key: string, value: unknown): void {
    this.#used.set(key, v8.serialize(value));
    this.#changed = true;
  }

  /** Writes the entries this read used, if they differ from what was stored. Never throws: the cache is optional. */
  save(): void {
    if (!this.#changed && this.#used.size === this.#previous.size) return;
    const tmp = `${this.#file}.tmp-${process.pid}`;
    try {
      mkdirSync(path.dirname(this.#file), { recursive: true });
      writeFileSync(tmp, v8.serialize({ version: version(), entries: this.#used } satisfies Stored));
      renameSync(tmp, this.#file);
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}
