// Where a series' figures come from, as its YAML says (data/reeksen/<id>.yaml):
//
//   cbs: { tabel: 82015NED, kolom: …, factor: 1, filters: { Uitkeringsgrondslag: … } }
//   excel: { blad: Klanten, maanden: A, vanaf_rij: 2 }
//   regios:
//     emmen:     { …, cbs: GM0114, excel: B }
//     nederland: { …, cbs: { tabel: 37789ksz, kolom: …, factor: 1000 } }
//
// A region's `cbs` is its region code in the series' table, or a block of its own:
// with its own `tabel` it inherits nothing (another table has other columns),
// without one it overrides fields of the series' block. Pure: the schema has checked
// the shapes; this resolves them and says, in Dutch, what is missing.
type Raw = Record<string, any>;

export interface CbsMapping {
  table: string;
  /** A DataProperties `Key` of type Topic. */
  column: string;
  /** CBS's figure times this is the series' value (1000 for a table in thousands). */
  factor: number;
  /** Dimension → code, for dimensions other than region and period. */
  filters: Record<string, string>;
  /** The region's code (NL01, GM0114); absent for a table without regions. */
  region?: string;
}

export interface ExcelMapping {
  sheet: string;
  /** Column letters: the months, and this region's figures. */
  monthColumn: string;
  column: string;
  /** First row with figures (1-based); default 2, under a header row. */
  firstRow: number;
}

export interface MappingProblem {
  /** Where in the file: the path of the field to point at. */
  path: (string | number)[];
  message: string;
  hint: string;
}

export type Resolved<T> = { mapping: T } | { problem: MappingProblem } | undefined;

/** The CBS mapping of one region; undefined when the region has none. */
export function cbsMappingOf(raw: Raw, regionId: string): Resolved<CbsMapping> {
  const own = raw.regios?.[regionId]?.cbs;
  if (own === undefined) return undefined;
  const series = (raw.cbs ?? undefined) as Raw | undefined;
  const block: Raw = typeof own === "string" ? { regio: own } : own;
  const base: Raw = block.tabel !== undefined ? {} : (series ?? {});
  const merged: Raw = { ...base, ...block };
  const path = ["regios", regionId, "cbs"];
  if (merged.tabel === undefined || merged.kolom === undefined) {
    const missing = [merged.tabel === undefined ? "tabel" : "", merged.kolom === undefined ? "kolom" : ""].filter(Boolean).join(" en ");
    return {
      problem: {
        path,
        message: series
          ? `Regio '${regionId}' heeft een eigen 'cbs'-blok zonder ${missing}, en de reeks vult dat niet aan.`
          : `Regio '${regionId}' heeft 'cbs: ${typeof own === "string" ? own : "…"}', maar de reeks heeft geen 'cbs'-blok met ${missing}.`,
        hint: "Zet bovenaan de reeks `cbs: { tabel: 82015NED, kolom: … }`, of geef de regio een eigen blok met `tabel` en `kolom`.",
      },
    };
  }
  return {
    mapping: {
      table: String(merged.tabel),
      column: String(merged.kolom),
      factor: typeof merged.factor === "number" ? merged.factor : 1,
      filters: { ...((merged.filters ?? {}) as Record<string, string>) },
      ...(merged.regio !== undefined ? { region: String(merged.regio) } : {}),
    },
  };
}

/** The spreadsheet mapping of one region; undefined when the region has none. */
export function excelMappingOf(raw: Raw, regionId: string): Resolved<ExcelMapping> {
  const column = raw.regios?.[regionId]?.excel;
  if (column === undefined) return undefined;
  const series = raw.excel as Raw | undefined;
  if (!series) {
    return {
      problem: {
        path: ["regios", regionId, "excel"],
        message: `Regio '${regionId}' heeft 'excel: ${column}', maar de reeks heeft geen 'excel'-blok.`,
        hint: "Zet bovenaan de reeks `excel: { blad: Klanten, maanden: A, vanaf_rij: 2 }`.",
      },
    };
  }
  return { mapping: { sheet: String(series.blad), monthColumn: String(series.maanden), column: String(column), firstRow: typeof series.vanaf_rij === "number" ? series.vanaf_rij : 2 } };
}

/** Every problem in the mappings of a series, for `npm run check` (model/rules.ts). */
export function mappingProblems(raw: Raw): MappingProblem[] {
  const out: MappingProblem[] = [];
  for (const regionId of Object.keys(raw.regios ?? {})) {
    for (const resolved of [cbsMappingOf(raw, regionId), excelMappingOf(raw, regionId)]) {
      if (resolved && "problem" in resolved) out.push(resolved.problem);
    }
  }
  return out;
}
