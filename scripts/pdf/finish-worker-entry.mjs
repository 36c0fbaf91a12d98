// Entry of a PDF finishing worker thread (finishers.ts) under tsx: worker threads do not
// inherit tsx's TypeScript loader from the main thread, so register it here first.
import { register } from "tsx/esm/api";

register();
await import("./finish-worker.ts");
