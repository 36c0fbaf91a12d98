// Random edits of the sample's series and table files, and what a Dutch reader means
// by each: the oracle of the property tests (tests/unit/number-properties.test.ts,
// tests/e2e/number-properties.test.ts). The original files are canonical YAML, so the
// oracle reads them with `yaml` and knows every number's place; an edit changes the
// text and, beside it, the meaning (the value a reader of the edited text has in mind).
import { prng } from "../scripts/util/prng.ts";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { DataTable, Series } from "../scripts/model/types.ts";

export type Raw = Record<string, any>;
type PathPart = string | number;

export { prng };

/** The places of numbers, as this oracle knows them (independent of scripts/model/number-places.ts). */
const NUMBER_PATHS: Record<string, string[]> = {
  reeks: ["regios.*.waarden.*", "regios.*.waarden.*.waarde", "doelen.*.waarde"],
  indicatoren: ["rijen.*.taakstelling", "rijen.*.realisatie"],
  sectoren: ["rijen.*.waarden.*.*", "totaal.*.*"],
  prognose: ["jaren.*", "jaren.*.waarde", "jaren.*.laag", "jaren.*.hoog"],
  begroting: ["totaal", "posten.*.bedrag"],
};

export interface NumberToken {
  path: PathPart[];
  /** Offsets of the number in the text, and its 1-based line. */
  start: number;
  end: number;
  line: number;
  value: number;
}

export interface SourceFile {
  /** Relative to the project root, e.g. data/reeksen/bijstandsvolume.yaml. */
  file: string;
  id: string;
  kind: "reeks" | "tabel";
  text: string;
  raw: Raw;
  tokens: NumberToken[];
  /** Where each map key is written, by the path of its value joined with "/". */
  keys: Map<string, [number, number]>;
}

const matches = (pattern: string, path: PathPart[]) => {
  const parts = pattern.split(".");
  return parts.length === path.length && parts.every((p, i) => p === "*" || p === String(path[i]));
};

export function readSource(file: string, text: string): SourceFile {
  const doc = parseDocument(text);
  const raw = doc.toJS() as Raw;
  const kind = file.includes("/reeksen/") ? "reeks" : "tabel";
  const patterns = NUMBER_PATHS[kind === "reeks" ? "reeks" : raw.soort]!;
  const tokens: NumberToken[] = [];
  const keys = new Map<string, [number, number]>();
  const walk = (node: unknown, path: PathPart[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyPath = [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)];
        const range = (pair.key as Node).range!;
        keys.set(keyPath.join("/"), [range[0], range[1]]);
        walk(pair.value, keyPath);
      }
    }
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    else if (isScalar(node) && typeof node.value === "number" && patterns.some((p) => matches(p, path))) {
      const [start, end] = (node as Node).range!;
      tokens.push({ path, start, end, line: text.slice(0, start).split("\n").length, value: node.value });
    }
  };
  walk(doc.contents, []);
  const id = file.replace(/^.*\//, "").replace(/\.yaml$/, "");
  return { file, id, kind, text, raw, tokens, keys };
}

/** What an edit should lead to. */
export interface Edit {
  description: string;
  text: string;
  /** The file as a reader means it; undefined when no reading makes sense (a duplicate key). */
  meant?: Raw;
  /** Refused for sure, at one of these lines. */
  refusedAt?: number[];
  /** Accepted for sure: no error in the file (except the checks across numbers, e.g. a total). */
  accepted?: boolean;
}

const clone = (raw: Raw): Raw => structuredClone(raw);

function setAt(raw: Raw, path: PathPart[], value: unknown): void {
  let v: any = raw;
  for (const p of path.slice(0, -1)) v = v[p];
  v[path[path.length - 1]!] = value;
}

function removeAt(raw: Raw, path: PathPart[]): void {
  let v: any = raw;
  for (const p of path.slice(0, -1)) v = v[p];
  const last = path[path.length - 1]!;
  if (Array.isArray(v)) v.splice(Number(last), 1);
  else delete v[last];
}

function getAt(raw: Raw, path: PathPart[]): any {
  let v: any = raw;
  for (const p of path) v = v?.[p];
  return v;
}

/** The unit a whole line holds: a month, a row, a year, a total. */
function lineUnit(path: PathPart[]): PathPart[] {
  if (path[0] === "regios") return path.slice(0, 4);
  if (path[0] === "rijen" || path[0] === "posten") return path.slice(0, 2);
  if (path[0] === "jaren" || path[0] === "totaal") return path.slice(0, 2);
  return path; // doelen[i].waarde: a line of its own
}

const lineRange = (text: string, line: number): [number, number] => {
  const lines = text.split("\n");
  const start = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
  return [start, start + lines[line - 1]!.length + 1];
};

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const replaceRange = (text: string, start: number, end: number, by: string) => text.slice(0, start) + by + text.slice(end);

/** Thousands separated by `sep`: 433000 → "433.000". */
function grouped(value: number, sep: string): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

const SEPARATORS = [".", ",", " ", "\u202f"];

/** One random edit of the file; undefined when the chosen kind does not apply to the chosen number. */
export function randomEdit(src: SourceFile, rand: () => number): Edit | undefined {
  const token = pick(rand, src.tokens);
  const written = src.text.slice(token.start, token.end);
  const op = pick(rand, ["digit", "digit", "separator", "decimal-comma", "quote", "swap", "duplicate", "delete"] as const);
  switch (op) {
    case "digit": {
      const i = Math.floor(rand() * written.length);
      const digit = String((Number(written[i]) + 1 + Math.floor(rand() * 9)) % 10);
      const now = written.slice(0, i) + digit + written.slice(i + 1);
      const meant = clone(src.raw);
      // A Dutch reader reads the digits: 0560 is 560. (The tool refuses the leading zero.)
      setAt(meant, token.path, Number(now));
      return { description: `${token.path.join(".")}: ${written} → ${now}`, text: replaceRange(src.text, token.start, token.end, now), meant, ...(/^0\d/.test(now) ? {} : { accepted: true }) };
    }
    case "separator": {
      if (token.value < 1000) return undefined;
      const sep = pick(rand, SEPARATORS);
      const now = grouped(token.value, sep);
      return { description: `${token.path.join(".")}: ${written} → ${JSON.stringify(now)}`, text: replaceRange(src.text, token.start, token.end, now), meant: src.raw, refusedAt: [token.line] };
    }
    case "decimal-comma": {
      const fraction = pick(rand, ["5", "25", "0"]);
      const now = `${written},${fraction}`;
      const meant = clone(src.raw);
      setAt(meant, token.path, Number(`${written}.${fraction}`));
      // A count with a decimal comma: never silently a count.
      return { description: `${token.path.join(".")}: ${written} → ${now}`, text: replaceRange(src.text, token.start, token.end, now), meant, refusedAt: [token.line] };
    }
    case "quote": {
      const q = pick(rand, ['"', "'"]);
      return { description: `${token.path.join(".")}: ${written} → ${q}${written}${q}`, text: replaceRange(src.text, token.start, token.end, `${q}${written}${q}`), meant: src.raw, refusedAt: [token.line] };
    }
    case "swap": {
      // Two months of a region, or the two columns of an indicator row, change places.
      if (src.kind === "reeks" && token.path[0] === "regios") {
        const month = String(token.path[3]);
        const other = pick(rand, Object.keys(getAt(src.raw, token.path.slice(0, 3))));
        if (other === month) return undefined;
        const region = token.path.slice(0, 3).join("/");
        const [a, b] = [src.keys.get(`${region}/${month}`)!, src.keys.get(`${region}/${other}`)!].sort((x, y) => y[0] - x[0]) as [[number, number], [number, number]];
        // The later key first, so the earlier one's offsets still hold.
        const text = replaceRange(replaceRange(src.text, a[0], a[1], src.text.slice(b[0], b[1])), b[0], b[1], src.text.slice(a[0], a[1]));
        const meant = clone(src.raw);
        const waarden = getAt(meant, token.path.slice(0, 3));
        [waarden[month], waarden[other]] = [waarden[other], waarden[month]];
        return { description: `${token.path.slice(0, 3).join(".")}: ${month} ⇄ ${other}`, text, meant, accepted: true };
      }
      if (src.raw.soort === "indicatoren") {
        const [start, end] = lineRange(src.text, token.line);
        const line = src.text.slice(start, end);
        const swapped = line.replace("taakstelling:", "\0").replace("realisatie:", "taakstelling:").replace("\0", "realisatie:");
        const meant = clone(src.raw);
        const row = getAt(meant, token.path.slice(0, 2));
        [row.taakstelling, row.realisatie] = [row.realisatie, row.taakstelling];
        return { description: `${token.path.slice(0, 2).join(".")}: taakstelling ⇄ realisatie`, text: replaceRange(src.text, start, end, swapped), meant, accepted: true };
      }
      return undefined;
    }
    case "duplicate": {
      const [start, end] = lineRange(src.text, token.line);
      const line = src.text.slice(start, end);
      const unit = lineUnit(token.path);
      const inList = typeof unit[unit.length - 1] === "number";
      const copy = inList ? line : line.replace(written, String(token.value + 1)); // a second, different value for the same key
      const text = replaceRange(src.text, end, end, copy);
      if (!inList) return { description: `${unit.join(".")}: line ${token.line} twice`, text, refusedAt: [token.line, token.line + 1] };
      const meant = clone(src.raw);
      const list = getAt(meant, unit.slice(0, -1)) as unknown[];
      list.splice(Number(unit[unit.length - 1]) + 1, 0, structuredClone(list[Number(unit[unit.length - 1])]));
      return { description: `${unit.join(".")}: row ${token.line} twice`, text, meant };
    }
    case "delete": {
      const [start, end] = lineRange(src.text, token.line);
      const unit = lineUnit(token.path);
      const meant = clone(src.raw);
      removeAt(meant, unit);
      return { description: `${unit.join(".")}: line ${token.line} deleted`, text: replaceRange(src.text, start, end, ""), meant, ...(src.kind === "reeks" && unit[0] === "regios" ? { accepted: true } : {}) };
    }
  }
}

// What the text means as the domain's figures, written out here rather than taken from
// scripts/model (toSeries, toTable): an oracle must not share the code it checks.

export function meantSeries(id: string, raw: Raw): Series {
  return {
    id,
    title: raw.titel,
    unit: raw.eenheid,
    decimals: raw.decimalen ?? 0,
    regions: Object.entries(raw.regios as Raw).map(([rid, r]) => ({
      id: rid,
      name: r.naam,
      source: r.bron,
      observations: Object.keys(r.waarden)
        .sort()
        .map((month) => {
          const v = r.waarden[month];
          return typeof v === "object" && v !== null ? { month, value: v.waarde, illustrative: v.illustratief === true } : { month, value: v, illustrative: false };
        }),
    })),
    targets: ((raw.doelen ?? []) as Raw[]).map((t) => ({ region: t.regio, date: t.datum, value: t.waarde, label: t.omschrijving, illustrative: t.illustratief === true })),
    notes: raw.notities ?? [],
  };
}

export function meantTable(id: string, raw: Raw): DataTable {
  const rows = (raw.rijen ?? []) as Raw[];
  if (raw.soort === "indicatoren") {
    return {
      kind: "indicatoren",
      id,
      title: raw.titel,
      source: raw.bron,
      targetLabel: raw.kolommen.taakstelling,
      realisedLabel: raw.kolommen.realisatie,
      rows: rows.map((r) => ({ indicator: r.indicator, target: r.taakstelling, realised: r.realisatie })),
      illustrative: raw.illustratief === true,
    };
  }
  if (raw.soort === "sectoren") {
    return {
      kind: "sectoren",
      id,
      title: raw.titel,
      source: raw.bron,
      years: [String(raw.jaren[0]), String(raw.jaren[1])],
      measures: Object.keys(raw.maten).map((m) => ({ id: m, label: raw.maten[m] })),
      changeOn: raw.verschil_op,
      rows: rows.map((r) => ({ code: r.code === undefined ? "" : String(r.code), sector: r.sector, values: r.waarden })),
      ...(raw.totaal ? { statedTotal: raw.totaal } : {}),
      notes: raw.notities ?? [],
      illustrative: raw.illustratief === true,
    };
  }
  if (raw.soort === "prognose") {
    const years = Object.keys(raw.jaren).map((year) => {
      const v = raw.jaren[year];
      if (typeof v !== "object" || v === null) return { year: Number(year), value: v, forecast: false, illustrative: false };
      return { year: Number(year), value: v.waarde, ...(v.laag !== undefined ? { low: v.laag } : {}), ...(v.hoog !== undefined ? { high: v.hoog } : {}), forecast: v.prognose === true, illustrative: v.illustratief === true };
    });
    return { kind: "prognose", id, title: raw.titel, source: raw.bron, unit: raw.eenheid, years: years.sort((a, b) => a.year - b.year) };
  }
  return { kind: "begroting", id, title: raw.titel, total: raw.totaal, items: (raw.posten as Raw[]).map((p) => ({ label: p.omschrijving, amount: p.bedrag, onTop: p.bovenop === true })) };
}
