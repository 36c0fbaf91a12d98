// canonicalJson (scripts/util/canonical-json.ts), the chart cache's key text: the same
// text as JSON.stringify with a replacer that sorts each object's keys (how the keys were
// made before; a different text would only empty the cache, but equal specs must keep
// hashing alike), on seeded random values and on the edge cases of JSON.
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../scripts/util/canonical-json.ts";
import { prng } from "../../scripts/util/prng.ts";

/** The reference: JSON.stringify with a replacer that makes a sorted copy of each object. */
function reference(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

const SEED = 20261130;
const KEYS = ["maand", "regio", "waarde", "a", "B", "é", "10", "2", "0", "01", "-1", "1.5", "4294967295", "4294967294", "", "$schema", "z\u0000"];
const STRINGS = ["", "Emmen", "3.000", "2015-09", 'aan"hal', "back\\slash", "regel\nnieuw", "\u2028", "\ud800", "€ 1.234,5", "<svg>"];
const NUMBERS = [0, -0, 1, -1, 3.5, 1e21, 1e-7, 3000, 0.1 + 0.2, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const kind = Math.floor(rand() * (depth > 3 ? 6 : 9));
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return pick([() => 1, Symbol("s"), new Date(Date.UTC(2015, 8, 29, 12)), { toJSON: () => ({ b: 1, a: [2, undefined] }) }]);
    case 6:
    case 7: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 6); i > 0; i--) object[pick(KEYS)] = randomValue(rand, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(rand() * 5) }, () => randomValue(rand, depth + 1));
  }
}

describe("canonicalJson", () => {
  it("gives the reference's text for 3,000 seeded random values", () => {
    const rand = prng(SEED);
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(rand, 0);
      expect(canonicalJson(value), `waarde ${i} (seed ${SEED})`).toBe(reference(value));
    }
  });

  it("sorts keys, puts array-index keys first in numeric order, and leaves out what JSON leaves out", () => {
    const value = { b: 1, a: { d: undefined, c: [undefined, () => 0, NaN] }, "10": "tien", "2": "twee", "01": "nul-een" };
    expect(canonicalJson(value)).toBe('{"2":"twee","10":"tien","01":"nul-een","a":{"c":[null,null,null]},"b":1}');
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson(undefined)).toBeUndefined();
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
