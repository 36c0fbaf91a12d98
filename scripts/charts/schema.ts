// Validate chart specs against the Vega-Lite JSON schema (draft-07) of the installed
// vega-lite, with Dutch messages. The schema is compiled once per process (~1 s).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

// Module-level: Vega-Lite's schema compiled once (a constant of the installed package).
let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  const file = createRequire(import.meta.url).resolve("vega-lite/vega-lite-schema.json");
  const schema = JSON.parse(readFileSync(file, "utf8")) as { $schema?: string };
  if (schema.$schema !== "http://json-schema.org/draft-07/schema#") {
    throw new Error(`Onverwacht schema voor Vega-Lite: ${schema.$schema ?? "(geen $schema)"}; verwacht JSON Schema draft-07`);
  }
  allowSignalAxisTitle(schema as { definitions?: Record<string, { properties?: Record<string, { anyOf?: unknown[] }> }> });
  // Ajv's default draft is draft-07. Not strict: the schema uses keywords ajv's strict mode rejects.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, code: { optimize: false } });
  // The schema's three formats, checked here instead of pulling in ajv-formats.
  ajv.addFormat("color-hex", /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
  ajv.addFormat("uri", { type: "string", validate: (s: string) => URL.canParse(s) });
  ajv.addFormat("uri-reference", { type: "string", validate: (s: string) => !/\s/.test(s) });
  validate = ajv.compile(schema);
  return validate;
}

/**
 * An axis title may be a signal ({"signal": "name"}): the trend chart's y title is one,
 * so that charts of one shape share their compiled dataflow (vega-render.ts). Vega-Lite
 * compiles it (its assembleTitle passes a signal through to Vega's axis title, which
 * takes one); only its schema does not list it. tests/unit/charts-reuse.test.ts checks
 * the rendered title against Vega-Lite's own compile.
 */
function allowSignalAxisTitle(schema: { definitions?: Record<string, { properties?: Record<string, { anyOf?: unknown[] }> }> }): void {
  const title = schema.definitions?.Axis?.properties?.title;
  title?.anyOf?.push({ type: "object", properties: { signal: { type: "string" } }, required: ["signal"], additionalProperties: false });
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties":
      return `onbekende eigenschap '${String(p.additionalProperty)}'`;
    case "required":
      return `de verplichte eigenschap '${String(p.missingProperty)}' ontbreekt`;
    case "format":
      return `heeft niet de vorm ${String(p.format)}`;
    case "anyOf":
    case "oneOf":
      return "past bij geen van de toegestane vormen";
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Errors of a Vega-Lite spec against the schema, as "pad: melding" lines; empty when valid.
 * Of ajv's many alternatives (the schema is a tree of anyOf's) only the deepest are kept,
 * as they point closest at the mistake.
 */
export function validateVegaLiteSpec(spec: unknown): string[] {
  const fn = validator();
  // Round-trip so undefined properties are judged as the renderer and cache key see them.
  if (fn(JSON.parse(JSON.stringify(spec ?? null)) as unknown)) return [];
  const errors = fn.errors ?? [];
  const depth = (e: ErrorObject): number => (e.instancePath ? e.instancePath.split("/").length : 0);
  const deepest = Math.max(...errors.map(depth));
  const atDeepest = errors.filter((e) => depth(e) === deepest);
  const specific = atDeepest.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf");
  // Per path, alternatives' allowed values and types become one line each.
  const lines: string[] = [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of specific.length ? specific : atDeepest) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  for (const [path, list] of byPath) {
    const where = path || "(spec)";
    const allowed = new Set<string>();
    const types = new Set<string>();
    for (const e of list) {
      const p = e.params as Record<string, unknown>;
      if (e.keyword === "enum") (p.allowedValues as unknown[]).forEach((v) => allowed.add(JSON.stringify(v)));
      else if (e.keyword === "const") allowed.add(JSON.stringify(p.allowedValue));
      else if (e.keyword === "type") String(p.type).split(",").forEach((t) => types.add(t));
      else lines.push(`${where}: ${describe(e)}`);
    }
    if (types.size) lines.push(`${where}: moet van het type ${[...types].join(" of ")} zijn`);
    if (allowed.size) lines.push(`${where}: moet een van deze waarden zijn: ${[...allowed].join(", ")}`);
  }
  return [...new Set(lines)];
}
