// Ctrl+C (SIGINT), SIGTERM and SIGHUP end a command at once: the handler says so
// and calls process.exit, whose 'exit' listeners remove the build's temp folder
// (pipeline/output.ts) and kill Chromium and remove its profile (pdf/browser.ts).
// A second signal while the first is handled exits without further ado.

export const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type Signal = (typeof SIGNALS)[number];

/** Exit code for a process ended by a signal, as shells report it (128 + the signal's number). */
export function signalExitCode(signal: Signal): number {
  return 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal];
}

/** How the user sent it, in Dutch. */
export function signalName(signal: Signal): string {
  return signal === "SIGINT" ? "Ctrl+C" : signal;
}

/** Calls `handler` on the first of the signals; a second one exits with its code. Returns a function that stops listening. */
export function onInterrupt(handler: (signal: Signal) => void): () => void {
  let handled = false;
  const listeners = SIGNALS.map((signal) => {
    const listener = () => {
      if (handled) process.exit(signalExitCode(signal));
      handled = true;
      handler(signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
