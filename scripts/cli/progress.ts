// Progress of long work: one updating line on a terminal, plain lines at every
// tenth otherwise (CI logs), each with elapsed time and an estimate of what is left.
import type { ProgressEvent } from "../pipeline/build.ts";

const SECONDS = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const seconds = (ms: number) => `${SECONDS.format(ms / 1000)} s`;
const LABELS: Record<ProgressEvent["phase"], string> = { html: "Pagina's", pdf: "PDF's" };

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  /** Ends an open terminal line. */
  end(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stdout, now: () => number = () => performance.now()): ProgressReporter {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  const phaseStart = new Map<string, number>();
  const lastTenth = new Map<string, number>();
  let open = false;
  const started = now();

  return {
    onProgress(e) {
      const t = now();
      if (!phaseStart.has(e.phase)) phaseStart.set(e.phase, e.phase === "html" ? started : t);
      const elapsed = t - phaseStart.get(e.phase)!;
      const left = e.done > 0 && e.done < e.total ? (elapsed / e.done) * (e.total - e.done) : 0;
      const line = `${LABELS[e.phase]}: ${e.done}/${e.total}, ${seconds(elapsed)}${left ? `, nog ca. ${seconds(left)}` : ""}`;
      if (tty) {
        stream.write(`\r\x1b[2K${line}`);
        open = true;
        if (e.done === e.total) {
          stream.write("\n");
          open = false;
        }
        return;
      }
      const tenth = Math.floor((e.done * 10) / Math.max(1, e.total));
      if (tenth !== lastTenth.get(e.phase) || e.done === e.total) {
        lastTenth.set(e.phase, tenth);
        stream.write(`${line}\n`);
      }
    },
    end() {
      if (open) stream.write("\n");
      open = false;
    },
  };
}
