// Types of output-record.mjs, which stays plain JavaScript so a worker can run it as it is.
export function outputRecord(dir: string, sub?: string): Record<string, [number, number]>;
