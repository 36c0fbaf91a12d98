// CBS StatLine's OData v3 API (<base>/<tabel>/TypedDataSet, with TableInfos,
// DataProperties, Perioden and the dimensions' own lists for metadata): one region's
// monthly figures with their status. Every request asks only for what the series
// needs ($filter on region, period kind and the mapping's filters; $select of the
// period and the one column) and follows odata.nextLink, page by page (CBS gives at
// most 10,000 rows a request). What does not fit is refused in Dutch, never guessed.
import { suggest } from "../model/validate.ts";
import type { CbsMapping } from "../model/source-mapping.ts";
import type { CbsStatus, Month } from "../model/types.ts";
import { isDiscontinued, odataString, parsePeriod, scaled, statusOf, trimKey } from "./cbs-codes.ts";
import { ImportError } from "./errors.ts";
import { getJson, type HttpOptions } from "./http.ts";

export interface CbsContext {
  /** The API's base address, e.g. https://opendata.cbs.nl/ODataApi/odata (--bron-url). */
  base: string;
  http: HttpOptions;
  /** A progress line (pages fetched). */
  progress: (line: string) => void;
}

export interface FetchedFigure {
  month: Month;
  value: number;
  status: CbsStatus;
}

interface Property {
  Key: string;
  Type: string;
  Title?: string;
}

/** What the importer knows of a table after reading its metadata once. */
export interface TableMeta {
  table: string;
  title: string;
  properties: Property[];
  /** Trimmed period code → CBS's Status text. */
  periods: Map<string, string>;
  /** Per dimension asked for: trimmed key → key as CBS writes it (padded). */
  dimensionKeys: Map<string, Map<string, string>>;
}

/** At most this many pages per request: a server that keeps sending nextLinks is stopped. */
const MAX_PAGES = 1000;

function tableUrl(ctx: CbsContext, table: string, entity: string, query: Record<string, string> = {}): string {
  const params = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  return `${ctx.base.replace(/\/+$/, "")}/${encodeURIComponent(table)}/${entity}${params ? `?${params}` : ""}`;
}

/** Every row of an entity set, following odata.nextLink; `what` names it in messages and progress. */
export async function fetchAll(ctx: CbsContext, url: string, what: string, onMissing: () => never): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const origin = new URL(url).origin;
  let next: string | undefined = url;
  for (let page = 1; next; page++) {
    if (page > MAX_PAGES || seen.has(next)) throw new ImportError(`CBS bleef pagina's sturen voor ${what} (meer dan ${MAX_PAGES}, of dezelfde pagina opnieuw); het ophalen is gestopt.`);
    seen.add(next);
    const response = await getJson(next, ctx.http);
    if (response.status === 404) onMissing();
    if (response.status >= 400) throw new ImportError(`CBS weigerde het verzoek voor ${what} (HTTP ${response.status}). Controleer de koppeling in de reeks en ${ctx.http.baseHint}.`);
    const body = response.body as Record<string, unknown> | null;
    if (!body || typeof body !== "object" || !Array.isArray(body.value)) {
      throw new ImportError(`CBS gaf voor ${what} een antwoord zonder 'value'-lijst; dat is niet de OData-vorm die Raadsbrief kent. Klopt ${ctx.http.baseHint}?`);
    }
    rows.push(...(body.value as Record<string, unknown>[]));
    const link = body["odata.nextLink"];
    next = typeof link === "string" && link !== "" ? new URL(link, next).href : undefined;
    if (next && new URL(next).origin !== origin) throw new ImportError(`CBS verwees voor ${what} naar een ander adres (${new URL(next).origin}); Raadsbrief volgt dat niet.`);
    if (next || page > 1) ctx.progress(`${what}: pagina ${page} opgehaald (${rows.length} rijen)`);
  }
  return rows;
}

function missingTable(table: string, ctx: CbsContext): never {
  throw new ImportError(`Tabel ${table} bestaat niet bij CBS (${ctx.base}). Controleer 'tabel' in de reeks (de code staat in de adresbalk van StatLine, bijvoorbeeld 82015NED) en ${ctx.http.baseHint}.`);
}

/** TableInfos, DataProperties and Perioden of a table; refuses a table that is missing or discontinued. */
export async function tableMeta(ctx: CbsContext, table: string): Promise<TableMeta> {
  const missing = () => missingTable(table, ctx);
  const infos = await fetchAll(ctx, tableUrl(ctx, table, "TableInfos"), `tabel ${table} (TableInfos)`, missing);
  const info = infos[0];
  if (!info) return missing();
  const title = typeof info.Title === "string" ? info.Title : table;
  if (isDiscontinued(info)) {
    throw new ImportError(
      `Tabel ${table} („${title}”) wordt niet meer bijgewerkt: CBS heeft hem stopgezet. Zoek op StatLine de tabel die hem opvolgt en zet die bij 'tabel' in de reeks (en controleer 'kolom').`,
    );
  }
  const properties = (await fetchAll(ctx, tableUrl(ctx, table, "DataProperties"), `tabel ${table} (DataProperties)`, missing)) as unknown as Property[];
  if (properties.length === 0) missing();
  const periodRows = await fetchAll(ctx, tableUrl(ctx, table, "Perioden"), `tabel ${table} (Perioden)`, missing);
  const periods = new Map<string, string>();
  for (const p of periodRows) if (typeof p.Key === "string") periods.set(trimKey(p.Key), typeof p.Status === "string" ? p.Status : "");
  return { table, title, properties, periods, dimensionKeys: new Map() };
}

const ofType = (meta: TableMeta, ...types: string[]) => meta.properties.filter((p) => types.includes(p.Type));

/** The key as CBS writes it of `code` in dimension `dim`, checked against the dimension's own list. */
async function dimensionKey(ctx: CbsContext, meta: TableMeta, dim: string, code: string, field: string): Promise<string> {
  let keys = meta.dimensionKeys.get(dim);
  if (!keys) {
    const rows = await fetchAll(ctx, tableUrl(ctx, meta.table, dim), `tabel ${meta.table} (${dim})`, () => missingTable(meta.table, ctx));
    keys = new Map(rows.filter((r) => typeof r.Key === "string").map((r) => [trimKey(r.Key as string), r.Key as string]));
    meta.dimensionKeys.set(dim, keys);
  }
  const key = keys.get(code);
  if (key !== undefined) return key;
  const guess = suggest(code, [...keys.keys()]);
  throw new ImportError(`${field} '${code}' staat niet in ${dim} van tabel ${meta.table}.${guess ? ` Bedoelde u '${guess}'?` : ""} Controleer de code in de reeks.`);
}

/** The request for one region: only its rows, only months, only the mapped column. */
async function dataQuery(ctx: CbsContext, meta: TableMeta, m: CbsMapping, label: string): Promise<{ filter: string; time: string; geo?: { dim: string; key: string } }> {
  const topics = ofType(meta, "Topic").map((p) => p.Key);
  if (!topics.includes(m.column)) {
    const guess = suggest(m.column, topics);
    throw new ImportError(
      `Kolom '${m.column}' bestaat niet (meer) in tabel ${meta.table} („${meta.title}”); ${guess ? `bedoelde u '${guess}'?` : `de kolommen zijn: ${topics.join(", ")}.`} Zet de juiste sleutel (Key uit DataProperties) bij 'kolom' in de reeks.`,
    );
  }
  const time = ofType(meta, "TimeDimension")[0]?.Key ?? "Perioden";
  const geoDim = ofType(meta, "GeoDimension")[0]?.Key;
  const parts = [`substringof('MM',${time})`];
  let geo: { dim: string; key: string } | undefined;
  if (geoDim) {
    if (!m.region) throw new ImportError(`Tabel ${meta.table} heeft regio's (${geoDim}); geef bij ${label} de regiocode, bijvoorbeeld \`cbs: GM0114\` of \`cbs: NL01\`.`);
    geo = { dim: geoDim, key: await dimensionKey(ctx, meta, geoDim, m.region, `Regiocode van ${label}`) };
    parts.push(`${geoDim} eq ${odataString(geo.key)}`);
  } else if (m.region) {
    throw new ImportError(`Tabel ${meta.table} heeft geen regio's, maar ${label} noemt regiocode '${m.region}'. Haal 'regio' weg, of kies een tabel per regio.`);
  }
  const dimensions = ofType(meta, "Dimension").map((p) => p.Key);
  for (const [dim, code] of Object.entries(m.filters)) {
    if (!dimensions.includes(dim)) {
      const guess = suggest(dim, dimensions);
      throw new ImportError(`Filter '${dim}' bij ${label} is geen dimensie van tabel ${meta.table}; ${guess ? `bedoelde u '${guess}'?` : `de dimensies zijn: ${dimensions.join(", ") || "(geen)"}.`}`);
    }
    parts.push(`${dim} eq ${odataString(await dimensionKey(ctx, meta, dim, code, `Filter ${dim} van ${label}`))}`);
  }
  return { filter: parts.join(" and "), time, ...(geo ? { geo } : {}) };
}

/**
 * One region's monthly figures, times the mapping's factor, with CBS's status. A
 * month without a figure (null, StatLine's ".") is left out; quarters and years are
 * skipped (the series is monthly); an unknown period code or status is refused.
 */
export async function fetchRegion(ctx: CbsContext, meta: TableMeta, m: CbsMapping, label: string, decimals: number): Promise<FetchedFigure[]> {
  const query = await dataQuery(ctx, meta, m, label);
  const url = tableUrl(ctx, meta.table, "TypedDataSet", { $filter: query.filter, $select: [query.time, ...(query.geo ? [query.geo.dim] : []), m.column].join(",") });
  const rows = await fetchAll(ctx, url, `${meta.table} voor ${label}`, () => missingTable(meta.table, ctx));
  const out = new Map<Month, FetchedFigure>();
  for (const row of rows) {
    // The filter asked for this region only; a row of another is not ours, whatever the server sent.
    if (query.geo && trimKey(String(row[query.geo.dim] ?? "")) !== trimKey(query.geo.key)) continue;
    const code = String(row[query.time] ?? "");
    const period = parsePeriod(code);
    if (period.kind !== "maand") {
      if (period.kind === "onbekend") throw new ImportError(`CBS gaf in tabel ${meta.table} de periode '${trimKey(code)}', die Raadsbrief niet kent (verwacht: 2015MM08).`);
      continue; // a quarter or year: the series is monthly
    }
    const raw = row[m.column];
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== "number" || !Number.isFinite(raw)) throw new ImportError(`CBS gaf voor ${label}, ${period.month} in kolom '${m.column}' geen getal maar ${JSON.stringify(raw)}.`);
    const cbsStatus = meta.periods.get(trimKey(code));
    if (cbsStatus === undefined) throw new ImportError(`Periode '${trimKey(code)}' van tabel ${meta.table} staat niet in de Perioden van die tabel; Raadsbrief weet dan niet of het cijfer voorlopig is.`);
    const status = statusOf(cbsStatus);
    if (!status) throw new ImportError(`Periode '${trimKey(code)}' van tabel ${meta.table} heeft status '${cbsStatus}'; Raadsbrief kent alleen Voorlopig, Nader voorlopig en Definitief.`);
    const value = scaled(raw, m.factor, decimals);
    if (value === undefined) {
      throw new ImportError(
        `CBS geeft voor ${label}, ${period.month} het cijfer ${raw}${m.factor !== 1 ? ` (× ${m.factor})` : ""}; dat past niet in de reeks (${decimals ? `hoogstens ${decimals} decimalen` : "een geheel getal"}). Controleer 'factor' en 'kolom' in de reeks${decimals ? "" : ", of zet 'decimalen' in de reeks"}.`,
      );
    }
    if (out.has(period.month)) throw new ImportError(`CBS gaf voor ${label}, ${period.month} meer dan één cijfer; geef met 'filters' aan welke rij bedoeld is.`);
    out.set(period.month, { month: period.month, value, status });
  }
  return [...out.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}
