// Editing a series file as a person would: the yaml Document API sets exactly the
// months that are new or changed and leaves every other line, comment and blank line
// as it was (the sample files round-trip byte for byte; the options below follow
// the file's own style). A new month goes in its place in the calendar, and the
// placeholder `npm run new` left for it ("# 2015-11:  # TODO …") goes.
import { isMap, isScalar, Pair, parseDocument, Scalar, YAMLMap, type Document } from "yaml";
import type { CbsStatus, IsoDate, Month } from "../model/types.ts";

export interface ValueUpdate {
  region: string;
  month: Month;
  value: number;
  /** CBS's status and the day it was fetched; absent for figures from a spreadsheet. */
  status?: CbsStatus;
  retrieved?: IsoDate;
}

/** The file's own style: indentation, and `{ a: 1 }` or `{a: 1}`. */
function styleOf(text: string): { indent: number; flowCollectionPadding: boolean } {
  const indent = /^( +)\S/m.exec(text)?.[1]?.length ?? 2;
  const unpadded = (text.match(/\{[^ \n}]/g) ?? []).length;
  const padded = (text.match(/\{ /g) ?? []).length;
  return { indent: Math.min(Math.max(indent, 2), 8), flowCollectionPadding: padded >= unpadded };
}

function observationNode(doc: Document, u: ValueUpdate): Scalar | YAMLMap {
  if (!u.status) return doc.createNode(u.value) as Scalar;
  const node = doc.createNode({ waarde: u.value, status: u.status, ...(u.retrieved ? { opgehaald: u.retrieved } : {}) }) as YAMLMap;
  node.flow = true;
  return node;
}

function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** The series text with `updates` applied; throws when a region has no `waarden` block to edit. */
export function editSeriesText(text: string, updates: readonly ValueUpdate[]): string {
  if (updates.length === 0) return text;
  const doc = parseDocument(text);
  for (const u of updates) {
    const waarden = doc.getIn(["regios", u.region, "waarden"], true);
    if (!isMap(waarden)) throw new Error(`regios.${u.region}.waarden is geen blok`);
    const node = observationNode(doc, u);
    const index = waarden.items.findIndex((p) => keyOf(p as Pair) === u.month);
    if (index >= 0) {
      const pair = waarden.items[index] as Pair;
      // A comment on the old value ("3542  # uit de brief") stays with the month.
      const old = pair.value as { comment?: string } | null;
      if (old?.comment) (node as { comment?: string }).comment = old.comment;
      pair.value = node;
      continue;
    }
    const at = waarden.items.findIndex((p) => keyOf(p as Pair) > u.month);
    const pair = new Pair(doc.createNode(u.month), node);
    if (at < 0) waarden.items.push(pair);
    else waarden.items.splice(at, 0, pair);
  }
  const style = styleOf(text);
  let out = doc.toString({ lineWidth: 0, indent: style.indent, flowCollectionPadding: style.flowCollectionPadding });
  for (const month of new Set(updates.map((u) => u.month))) {
    out = out.replace(new RegExp(`^[ \\t]*# ${month}:[ \\t]*# TODO:.*\\r?\\n`, "gm"), "");
  }
  return out;
}
