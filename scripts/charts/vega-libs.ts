// Vega and Vega-Lite as the chart renderer uses them, loaded with import() when the
// first chart is rendered (render.ts). In the launcher's bundle (cli/launch.mjs) this
// module and their ~40 packages are a chunk of their own: ~0.15 s to load instead of
// ~0.3 s, which a one-letter rebuild's chart worker waits for.
export * as vega from "vega";
export { compile } from "vega-lite";
