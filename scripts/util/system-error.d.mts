// Types of system-error.mjs, which stays plain JavaScript so the launcher can use it before any TypeScript runs.
export function isSystemError(error: unknown): error is NodeJS.ErrnoException;
export function describeSystemError(error: unknown): string | undefined;
