// Types of link-kept-worker.mjs, which stays plain JavaScript so a worker can run it as it is.
export function linkFiles(from: string, to: string, files: readonly string[]): void;
