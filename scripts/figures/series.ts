// Pure series arithmetic. No formatting here: callers format with scripts/format.
import type { Month, Observation, RegionSeries } from "../model/types.ts";

export function valueAt(region: RegionSeries, month: Month): Observation | undefined {
  return region.observations.find((o) => o.month === month);
}

/** The last observation in or before `month` (observations are sorted). */
export function latestUpTo(region: RegionSeries, month: Month): Observation | undefined {
  let found: Observation | undefined;
  for (const o of region.observations) {
    if (o.month > month) break;
    found = o;
  }
  return found;
}

/** Observations with from ≤ month ≤ to. */
export function between(region: RegionSeries, from: Month, to: Month): Observation[] {
  return region.observations.filter((o) => o.month >= from && o.month <= to);
}

/** Relative change as a fraction: (to − from) / from. */
export function relativeChange(from: number, to: number): number {
  if (from === 0) throw new RangeError("Relatieve verandering vanaf 0 is niet gedefinieerd");
  return (to - from) / from;
}

/** Index with base = 100: value / base × 100. */
export function indexed(value: number, base: number): number {
  if (base === 0) throw new RangeError("Index op basis 0 is niet gedefinieerd");
  return (value / base) * 100;
}

/** Rounds to `digits` decimals the way a reader expects (half away from zero). */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * f + Number.EPSILON)) / f;
}
