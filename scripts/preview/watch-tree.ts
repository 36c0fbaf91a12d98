// Watches folder trees for changes: one watcher per folder, new subfolders added as
// they appear. Not fs.watch's `recursive` option: on Linux, Node 20 emulates it with
// a watcher per file, which loses a file once an editor saves it by writing a new
// file and renaming it over the old one (the watcher stays on the old file). A
// folder's watcher reports every change to the names in it, however they are saved.
import { existsSync, readdirSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";

export interface TreeWatcher {
  close(): void;
}

/** Calls `onChange` with the path of every file or folder changed, added or removed under the roots. */
export function watchTrees(roots: readonly string[], onChange: (file: string) => void): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  /** Watches one folder; `only`: react to that name in it only (the parent of a root that does not exist yet). */
  const add = (dir: string, only?: string) => {
    const key = only === undefined ? dir : `${dir}\0${only}`;
    if (closed || watchers.has(key)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        if (only !== undefined && name?.toString() !== only) return;
        const file = name ? path.join(dir, name.toString()) : dir;
        onChange(file);
        // A new folder (or one renamed into place) is watched from now on.
        if (name && !watchers.has(file) && existsSync(file)) addTree(file);
      });
    } catch {
      return; // gone meanwhile, or not a folder
    }
    watcher.on("error", () => {
      watcher.close();
      watchers.delete(key);
    });
    watchers.set(key, watcher);
  };

  const addTree = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a file, or gone
    }
    add(dir);
    for (const e of entries) if (e.isDirectory()) addTree(path.join(dir, e.name));
  };

  for (const root of roots) {
    // A missing folder (no data/ yet) is watched for by its parent.
    if (existsSync(root)) addTree(root);
    else add(path.dirname(root), path.basename(root));
  }
  return {
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
