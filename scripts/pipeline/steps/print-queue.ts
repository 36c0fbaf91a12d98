// The PDF printer of a build: a queue of print jobs over a pool of tabs in the
// build's Chromium (context.chromium), with one retry per job.
import { PdfError } from "../../pdf/errors.ts";
import { createPrinter, type Printer, type PrinterOptions, type PrintJob, type PrintResult } from "../../pdf/print.ts";

export type PrintQueue = ReturnType<typeof printQueue>;

/**
 * Prints the jobs it is given, with a pool of tabs in one Chromium at a time. A
 * job that fails (crashed or hung tab, Chromium gone) is printed once more, in a
 * new Chromium if the old one died; a job that fails twice is reported by name by
 * finish(), after the other jobs are done, so one bad letter does not hide another.
 */
export function printQueue(
  printerOptions: PrinterOptions,
  stats: { printed: number; retried: number },
  onRetry: (message: string) => void,
  onPrinted: (job: PrintJob, result: PrintResult) => Promise<void>,
): { add(job: PrintJob): void; warm(urlPath: string): Promise<void>; finish(): Promise<void>; finishingCpuSeconds(): Promise<number> } {
  let current: Promise<Printer> | undefined;
  let started: Printer | undefined;
  const printers: Promise<Printer>[] = [];
  const printer = (): Promise<Printer> => {
    // Chromium died under the current printer: the next attempt gets a new one (and a new Chromium).
    if (started && !started.healthy) current = started = undefined;
    if (!current) {
      const next = createPrinter(printerOptions);
      current = next;
      printers.push(next);
      next.then(
        (p) => {
          if (current === next) started = p;
        },
        // A printer that cannot start is reported by the job that asked for it; the next asks again.
        () => {
          if (current === next) current = undefined;
        },
      );
    }
    return current;
  };
  const attempt = async (job: PrintJob): Promise<PrintResult> => (await printer()).print(job);
  const tasks: Promise<void>[] = [];
  const failures: unknown[] = [];
  const run = async (job: PrintJob): Promise<void> => {
    let result: PrintResult;
    try {
      result = await attempt(job);
    } catch (first) {
      stats.retried++;
      onRetry(`${first instanceof Error ? first.message : String(first)}; nog een poging.`);
      // When Chromium dies, its tabs fail a moment before it reports itself gone:
      // wait for that, so the retry goes to a new browser instead of the dead one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      try {
        result = await attempt(job);
      } catch (second) {
        failures.push(second);
        return;
      }
    }
    stats.printed++;
    await onPrinted(job, result);
  };
  return {
    add(job) {
      tasks.push(run(job));
    },
    /** CPU seconds of the printers' PDF finishing workers (for the build's timings). */
    async finishingCpuSeconds() {
      const started = await Promise.all(printers.map((p) => p.then((x) => x.finishingCpuSeconds, () => 0)));
      return started.reduce((a, b) => a + b, 0);
    },
    // A printer that cannot start is reported by the first job.
    warm: (urlPath) => printer().then((p) => p.warm(urlPath), () => {}),
    async finish() {
      try {
        await Promise.all(tasks);
      } finally {
        await Promise.all(printers.map((p) => p.then((x) => x.close(), () => {})));
      }
      // One cause for all (Chromium cannot start): said once.
      const names = [...new Set(failures.map((f) => (f instanceof Error ? f.message : String(f))))];
      if (names.length === 1) throw failures[0];
      if (failures.length > 1) {
        throw new PdfError(`${failures.length} PDF's konden niet worden gemaakt:\n  ${names.join("\n  ")}`, { cause: failures[0] });
      }
    },
  };
}
