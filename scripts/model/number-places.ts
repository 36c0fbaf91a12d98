// Where the numbers are, per kind of file, and the walk that reads each of them from
// its source text (numbers.ts) before anything else looks at the file. A refused number
// is reported at its scalar's file:line:column; the schema's own message for the same
// place (RB-TYPE, RB-WAARDE) is then left out, so each mistake gets one message.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from "yaml";
import type { Diagnostics } from "./diagnostics.ts";
import { AMOUNT, COUNT, DECIMALS_SETTING, FACTOR, readNumber, ROW, SEQUENCE, seriesValue, YEAR, type NumberKind } from "./numbers.ts";
import type { PathPart, YamlFile } from "./yaml.ts";

type Raw = Record<string, any>;

export interface NumberPlace {
  /** Dotted path from the root of the file (or of a nested series or table); `*` is any key or list item. */
  path: string;
  /** "reekswaarde": a count, or with the series' `decimalen: n` a figure with up to n decimals. */
  kind: NumberKind | "reekswaarde";
  /** The number's name in messages, from the keys the wildcards matched and the root's value. */
  what: (keys: string[], root: Raw, noun: string) => string;
}

/** The places of one kind of file: its own, per `soort` (tables), and nested sets (frozen figures). */
export interface PlaceSet {
  places?: NumberPlace[];
  bySoort?: Record<string, NumberPlace[]>;
  nested?: { at: string; set: PlaceSet }[];
}

const regionName = (root: Raw, id: string | undefined): string => String(root?.regios?.[id ?? ""]?.naam ?? id);
const row = (root: Raw, list: string, i: string | undefined): Raw => root?.[list]?.[Number(i)] ?? {};

const SERIES: PlaceSet = {
  places: [
    // First: the values' kind depends on it.
    { path: "decimalen", kind: DECIMALS_SETTING, what: () => "'decimalen'" },
    { path: "regios.*.waarden.*", kind: "reekswaarde", what: ([r, m], root, noun) => `${noun} ${regionName(root, r)}, ${m}` },
    { path: "regios.*.waarden.*.waarde", kind: "reekswaarde", what: ([r, m], root, noun) => `${noun} ${regionName(root, r)}, ${m}` },
    { path: "doelen.*.waarde", kind: "reekswaarde", what: ([i], _root, noun) => `${noun} doel ${Number(i) + 1}` },
    // Where `npm run import` takes the figures from (scripts/import/mapping.ts).
    { path: "cbs.factor", kind: FACTOR, what: () => "De factor van 'cbs'" },
    { path: "regios.*.cbs.factor", kind: FACTOR, what: ([r], root) => `De factor van 'cbs' bij ${regionName(root, r)}` },
    { path: "excel.vanaf_rij", kind: ROW, what: () => "'vanaf_rij' van 'excel'" },
  ],
};

const TABLES: PlaceSet = {
  bySoort: {
    indicatoren: [
      { path: "rijen.*.taakstelling", kind: COUNT, what: ([i], root) => `Taakstelling ${row(root, "rijen", i).indicator ?? Number(i) + 1}` },
      { path: "rijen.*.realisatie", kind: COUNT, what: ([i], root) => `Realisatie ${row(root, "rijen", i).indicator ?? Number(i) + 1}` },
    ],
    sectoren: [
      { path: "rijen.*.waarden.*.*", kind: COUNT, what: ([i, y, m], root) => `Aantal ${row(root, "rijen", i).sector ?? Number(i) + 1}, ${m} ${y}` },
      { path: "totaal.*.*", kind: COUNT, what: ([y, m]) => `Totaal ${m} ${y}` },
    ],
    prognose: [
      { path: "jaren.*", kind: COUNT, what: ([y]) => `Aantal ${y}` },
      { path: "jaren.*.waarde", kind: COUNT, what: ([y]) => `Aantal ${y}` },
      { path: "jaren.*.laag", kind: COUNT, what: ([y]) => `Ondergrens ${y}` },
      { path: "jaren.*.hoog", kind: COUNT, what: ([y]) => `Bovengrens ${y}` },
    ],
    begroting: [
      { path: "totaal", kind: AMOUNT, what: () => "Het totaal" },
      { path: "posten.*.bedrag", kind: AMOUNT, what: ([i]) => `Bedrag ${Number(i) + 1}` },
    ],
  },
};

const LETTER: PlaceSet = {
  places: [
    { path: "jaar", kind: YEAR, what: () => "Het jaar" },
    { path: "reeks.volgnummer", kind: SEQUENCE, what: () => "Het volgnummer" },
  ],
};

/** Every numeric place, per kind of YAML file (the input cache's kinds, load.ts). */
export const NUMBER_PLACES: Record<string, PlaceSet> = {
  reeks: SERIES,
  tabel: TABLES,
  brief: LETTER,
  bevroren: { nested: [{ at: "reeksen.*", set: SERIES }, { at: "tabellen.*", set: TABLES }] },
};

interface Match {
  node: Node;
  path: PathPart[];
  keys: string[];
  /** The map the node is a value in, and its pair's index there. */
  parent?: { map: YAMLMap; index: number };
}

/** Nodes at a dotted pattern under `from`; aliases on the way are followed. */
function matches(doc: Document, from: Match, pattern: string): Match[] {
  let current = [from];
  for (const segment of pattern.split(".")) {
    const next: Match[] = [];
    for (const m of current) {
      const node = isAlias(m.node) ? (m.node.resolve(doc) as Node | undefined) : m.node;
      if (isMap(node)) {
        node.items.forEach((pair, index) => {
          const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
          if ((segment === "*" || segment === key) && pair.value) {
            next.push({ node: pair.value as Node, path: [...m.path, key], keys: segment === "*" ? [...m.keys, key] : m.keys, parent: { map: node, index } });
          }
        });
      } else if (isSeq(node) && segment === "*") {
        node.items.forEach((item, i) => next.push({ node: item as Node, path: [...m.path, i], keys: [...m.keys, String(i)] }));
      }
    }
    current = next;
  }
  return current;
}

/**
 * The source of a number, with what YAML split off it: in `{ waarde: 3,5 }` the comma
 * ends the value (3) and `5` becomes a key of its own. Digits-only keys without a value
 * right after the comma belong to the number; their paths are returned for the schema
 * check to pass over.
 */
function writtenWithCommas(m: Match, scalar: Scalar): { source: string; swallowed: PathPart[][] } {
  let source = String(scalar.source);
  const swallowed: PathPart[][] = [];
  if (!m.parent?.map.flow || scalar !== m.node || scalar.type !== "PLAIN" || !scalar.range) return { source, swallowed };
  let end = scalar.range[1];
  for (const pair of m.parent.map.items.slice(m.parent.index + 1)) {
    const key = pair.key;
    if (pair.value != null || !isScalar(key) || key.type !== "PLAIN" || !/^\d+$/.test(String(key.source)) || !key.range || key.range[0] !== end + 1) break;
    source += `,${key.source}`;
    swallowed.push([...m.path.slice(0, -1), String(key.value)]); // as the value spells it: `054` is the key 54
    end = key.range[1];
  }
  return { source, swallowed };
}

/** "/regios/emmen/waarden/2015-10": a path as ajv's instancePath spells it. */
export function pointer(path: readonly PathPart[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let v = root;
  for (const p of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[p];
  return v;
}

/**
 * Reads every number of the file from its source text. Refusals become errors;
 * accepted numbers are put into the value as read. Returns the refused places as
 * pointers, for the schema check to pass over.
 */
export function checkNumbers(yaml: YamlFile, set: PlaceSet | undefined, diags: Diagnostics): Set<string> {
  const refused = new Set<string>();
  if (!set || !yaml.doc.contents) return refused;
  const reported = new Set<string>();
  const walk = (at: Match, s: PlaceSet): void => {
    const root = valueAt(yaml.value, at.path) as Raw;
    const places = [...(s.places ?? []), ...(s.bySoort?.[root?.soort] ?? [])];
    let decimals = 0;
    for (const place of places) {
      for (const m of matches(yaml.doc, at, place.path)) {
        const target = isAlias(m.node) ? (m.node.resolve(yaml.doc) as Node | undefined) : m.node;
        if (!isScalar(target) || target.value === null) continue; // a block, or empty: the schema's to judge
        const kind = place.kind === "reekswaarde" ? seriesValue(decimals) : place.kind;
        const noun = kind.decimals > 0 ? "Waarde" : "Aantal";
        const written = writtenWithCommas(m, target);
        const reading = readNumber({ source: written.source, type: target.type }, kind, place.what(m.keys, root, noun));
        const path = m.path;
        if (reading.status === "number") {
          if (kind === DECIMALS_SETTING) decimals = reading.value;
          const parent = valueAt(yaml.value, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
          if (parent && typeof parent === "object") parent[path[path.length - 1]!] = reading.value;
          continue;
        }
        if (reading.status === "text") continue;
        // A refused `decimalen`: judge the values leniently rather than flood them with messages.
        if (kind === DECIMALS_SETTING) decimals = DECIMALS_SETTING.max;
        refused.add(pointer(path));
        for (const p of written.swallowed) refused.add(pointer(p));
        const position = yaml.position(m.node);
        const key = `${position.line}:${position.column}:${reading.code}`;
        if (reported.has(key)) continue;
        reported.add(key);
        diags.error({ code: reading.code, file: yaml.file, ...position, message: reading.message, hint: reading.hint });
      }
    }
    // A nested series or table names its numbers from its own root: its wildcards start afresh.
    for (const nested of s.nested ?? []) for (const m of matches(yaml.doc, at, nested.at)) walk({ node: m.node, path: m.path, keys: [] }, nested.set);
  };
  walk({ node: yaml.doc.contents as Node, path: [], keys: [] }, set);
  return refused;
}
