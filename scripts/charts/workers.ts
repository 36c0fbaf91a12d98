// Worker threads for charts not in the cache: a cold build renders hundreds, ~5 ms of
// CPU each once a worker has seen the chart's shape (~16 ms before: vega-render.ts).
// Each worker has its own Vega (same output: Vega is deterministic and render.ts's
// postProcess renumbers ids). One starts at once; more
// (up to the limit) when a backlog builds up, so a build with a few new charts spends
// no CPU on idle renderers. The main thread lends a hand only with a backlog and when
// it is allowed to (`mainHelps`), so a build with a few new charts never loads Vega
// in its main thread. One pool per chart renderer (render.ts), so one per build.
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { chartWorkerUrl } from "../util/bundle.ts";
import { ChartError } from "./errors.ts";
import { type RawChart, VegaRenderer } from "./vega-render.ts";

interface RenderJob {
  spec: TopLevelSpec;
  id: string;
  resolve: (chart: RawChart) => void;
  reject: (err: unknown) => void;
  /** Workers that died while rendering it: a chart that kills one is not handed to another. */
  crashes?: number;
}
interface Slot {
  worker: Worker;
  ready: boolean;
  /** Sent to the worker, in order; it renders them one after another (render-worker.ts). */
  jobs: RenderJob[];
}
/** Charts waiting before another worker is started. */
const BACKLOG = 4;

/** One per core but the one the main thread uses. */
export const DEFAULT_CHART_WORKERS = Math.max(1, os.availableParallelism() - 1);

export class ChartWorkers {
  private limit = 0;
  private failed = false;
  private readonly queue: RenderJob[] = [];
  private readonly slots: Slot[] = [];
  private mainBusy = false;
  /** This thread's Vega, for charts no worker takes. */
  private readonly local = new VegaRenderer();

  /**
   * @param mainHelps Whether the main thread renders too when charts pile up. Not for
   * the build: it has Eleventy and the printing to drive, and Vega in that thread
   * would add its garbage to the build's peak memory (1,200 letters: ~150 MB).
   */
  constructor(private readonly mainHelps: boolean) {}

  /**
   * Allows up to `n` workers and starts the first now (loading Vega takes ~0.8 s),
   * or with `startNow` false when the first chart comes; with 0 stops them at once and
   * renders in this thread again.
   */
  allow(n: number = DEFAULT_CHART_WORKERS, startNow = true): void {
    this.limit = n;
    if (n === 0) {
      // Charts still to come only when a build ends early: nobody waits for them any more,
      // and a worker may hold hundreds (pump), so it stops now rather than after them.
      const left = [...this.queue.splice(0), ...this.slots.flatMap((s) => s.jobs.splice(0))];
      for (const slot of this.slots.splice(0)) void slot.worker.terminate();
      for (const job of left) job.reject(new ChartError(job.id, "de grafiekwerkers zijn gestopt voordat deze grafiek klaar was"));
      return;
    }
    if (startNow && this.slots.length === 0 && !this.failed) this.start();
  }

  /** Stops the workers, refusing charts not yet rendered: whoever allowed workers calls this. */
  stop(): void {
    this.allow(0);
  }

  /** Per worker, the charts sent to it and not yet answered (tests). */
  sent(): number[] {
    return this.slots.map((s) => s.jobs.length);
  }

  /** Ends the workers' threads as a crash would (tests): their charts go to the others or this thread. */
  crashForTest(): Promise<void> {
    return Promise.all(this.slots.map((s) => s.worker.terminate())).then(() => {});
  }

  /** The chart's raw SVG and the milliseconds its thread spent on it. */
  render(spec: TopLevelSpec, id: string): Promise<RawChart> {
    if (this.limit === 0) return this.local.render(spec, id);
    return new Promise((resolve, reject) => {
      this.queue.push({ spec, id, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const { queue, slots } = this;
    if ((slots.length === 0 || queue.length > BACKLOG) && slots.length < this.limit && !this.failed) this.start();
    // Each worker gets its share of the charts at once, not one at a time. The next chart
    // would go out only when this thread handles a finished one, and Eleventy keeps this
    // thread busy for a second or more without turning its event loop (it writes
    // synchronously): the worker waited, and the charts were rendered beside the printing
    // instead of beside Eleventy (120 letters cold: ~0,8 s slower; README, Performance).
    // A share, not all: a second worker (more cores) gets the rest when it is ready.
    const share = Math.ceil((queue.length + slots.reduce((n, s) => n + s.jobs.length, 0)) / this.limit);
    for (const slot of slots) {
      while (slot.ready && slot.jobs.length < share && queue.length > 0) {
        const job = queue.shift()!;
        try {
          slot.worker.postMessage({ spec: job.spec, id: job.id });
          slot.jobs.push(job);
        } catch {
          // not cloneable: this thread renders it
          this.local.render(job.spec, job.id).then(job.resolve, job.reject);
        }
      }
    }
    // No worker at all (none could start), or a backlog while this thread only waits
    // for the charts: it renders too, one chart at a time.
    if (!this.mainBusy && queue.length > 0 && (slots.length === 0 || (queue.length > BACKLOG && this.mainHelps))) {
      this.mainBusy = true;
      const job = queue.shift()!;
      this.local.render(job.spec, job.id)
        .then(job.resolve, job.reject)
        // setImmediate: let the workers' finished charts in first. Taking the next chart
        // in a microtask would keep this thread busy until the backlog is gone while the
        // workers' messages wait (measured: 7 of 242 charts went to the worker).
        .finally(() =>
          setImmediate(() => {
            this.mainBusy = false;
            this.pump();
          }),
        );
    }
  }

  private start(): void {
    // A small heap: a chart needs a few MB, and with V8's default limit a worker only
    // collects its garbage late, which at 1,200 letters added ~150 MB to the peak.
    const worker = new Worker(chartWorkerUrl(), { resourceLimits: { maxOldGenerationSizeMb: 192 } });
    // unref() alone does not let the process end while a worker listens for messages:
    // whoever allows workers stops them with stop().
    worker.unref();
    const slot: Slot = { worker, ready: false, jobs: [] };
    const { slots, queue } = this;
    slots.push(slot);
    const drop = (error?: unknown) => {
      const i = slots.indexOf(slot);
      if (i >= 0) {
        slots.splice(i, 1);
        // A worker that never got ready will not start next time either (e.g. no TypeScript loader).
        if (!slot.ready) this.failed = true;
      }
      // The first chart sent is the one it was rendering; the others go back as they were.
      const [job, ...waiting] = slot.jobs.splice(0);
      queue.unshift(...waiting);
      if (job) {
        job.crashes = (job.crashes ?? 0) + (error === undefined ? 0 : 1);
        // Out of memory, or a second crash: the chart itself is the cause, and would take
        // down every worker (and then this thread) in turn. Otherwise it goes back to
        // the queue, for another worker or this thread.
        if (workerOutOfMemory(error)) job.reject(new ChartError(job.id, "de grafiek had meer geheugen nodig dan een grafiekwerker mag gebruiken (192 MB); maak hem kleiner (minder reeksen, regio's of maanden)", { cause: error }));
        else if (job.crashes > 1) job.reject(new ChartError(job.id, "de grafiekwerker stopte twee keer onverwacht bij deze grafiek", { cause: error }));
        else queue.unshift(job);
      }
      this.pump();
    };
    worker.on("message", (msg: { ready?: true; svg?: string; ms?: number; error?: string }) => {
      if (msg.ready) slot.ready = true;
      else {
        // Answers come in the order the charts were sent.
        const job = slot.jobs.shift();
        if (job && msg.svg !== undefined) job.resolve({ svg: msg.svg, ms: msg.ms ?? 0 });
        else job?.reject(new ChartError(job.id, msg.error ?? "onbekende fout"));
      }
      this.pump();
    });
    worker.on("error", (error) => drop(error));
    worker.on("exit", () => drop());
  }
}

function workerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}
