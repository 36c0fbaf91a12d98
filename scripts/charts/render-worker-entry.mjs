// Entry of a chart worker thread (render.ts). Worker threads do not inherit tsx's
// TypeScript loader from the main thread, so register it here, then load the worker.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
