// Tables in data/tabellen/*.yaml: indicator tables, sector tables, forecasts and
// budgets. Each kind has its schema (chosen by `soort`), is converted to the domain
// types, and is checked: totals match their parts, bands hold their value. (Each
// number itself is read from its source text first: number-places.ts.)
import type { Diagnostics } from "./diagnostics.ts";
import type { DataTable } from "./types.ts";
import { TABLE_KINDS } from "./table-schemas.ts";
import { suggest, validateSchema } from "./validate.ts";
import type { YamlFile } from "./yaml.ts";

export { TABLE_KINDS, tableSchemas } from "./table-schemas.ts";

type Raw = Record<string, any>;


/** Validates a table file against the schema of its `soort`; returns false when invalid. */
export function validateTable(yaml: YamlFile, diags: Diagnostics, refused: ReadonlySet<string> = new Set()): boolean {
  const raw = yaml.value as Raw | null;
  const kind = raw && typeof raw === "object" ? raw.soort : undefined;
  if (!TABLE_KINDS.includes(kind)) {
    const guess = typeof kind === "string" ? suggest(kind, [...TABLE_KINDS]) : undefined;
    diags.error({
      code: "RB-KEUZE",
      file: yaml.file,
      ...yaml.locate(["soort"]),
      message: kind === undefined ? "Verplicht veld 'soort' ontbreekt." : `Onbekende tabelsoort '${kind}'.`,
      hint: guess ? `Bedoelde u '${guess}'?` : `Kies uit: ${TABLE_KINDS.join(", ")}.`,
    });
    return false;
  }
  return validateSchema(`tabel-${kind}` as Parameters<typeof validateSchema>[0], yaml, diags, refused);
}

const nf = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });

/** Totals add up, bands hold their value, a share has a target to divide by. */
export function checkTable(yaml: YamlFile, diags: Diagnostics): void {
  const raw = yaml.value as Raw;
  if (raw.soort === "indicatoren") {
    (raw.rijen as Raw[]).forEach((r, i) => {
      if (r.taakstelling === 0) {
        diags.error({ code: "RB-NUL", file: yaml.file, ...yaml.locate(["rijen", i, "taakstelling"]), message: `De taakstelling van ${r.indicator} is 0: een percentage van 0 bestaat niet.`, hint: "Vul de taakstelling in of laat de rij weg." });
      }
    });
  }
  if (raw.soort === "sectoren") {
    const years = (raw.jaren as unknown[]).map(String);
    const measures = Object.keys(raw.maten as Raw);
    if (!measures.includes(raw.verschil_op)) {
      const guess = suggest(String(raw.verschil_op), measures);
      diags.error({ code: "RB-ONBEKENDE-MAAT", file: yaml.file, ...yaml.locate(["verschil_op"]), message: `'verschil_op' noemt maat '${raw.verschil_op}', die niet onder 'maten' staat.`, hint: guess ? `Bedoelde u '${guess}'?` : `Maten: ${measures.join(", ")}.` });
    }
    (raw.rijen as Raw[]).forEach((row, i) => {
      for (const y of years) {
        const v = (row.waarden as Raw)[y];
        for (const m of measures) {
          if (v?.[m] === undefined) {
            diags.error({ code: "RB-WAARDE-ONTBREEKT", file: yaml.file, ...yaml.locate(["rijen", i, "waarden", ...(v ? [y] : [])]), message: `${row.sector}: geen waarde voor '${m}' in ${y}.`, hint: `Vul ${y}: { ${measures.map((x) => `${x}: …`).join(", ")} } in.` });
          }
        }
      }
    });
    const stated = raw.totaal as Raw | undefined;
    for (const y of years) {
      for (const m of measures) {
        const want = stated?.[y]?.[m];
        if (want === undefined) continue;
        const sum = (raw.rijen as Raw[]).reduce((acc, row) => acc + (Number((row.waarden as Raw)[y]?.[m]) || 0), 0);
        if (sum !== want) {
          diags.error({
            code: "RB-TOTAAL-KLOPT-NIET",
            file: yaml.file,
            ...yaml.locate(["totaal", y, m]),
            message: `Het totaal ${raw.maten[m]} ${y} is ${nf.format(want)}, maar de rijen tellen op tot ${nf.format(sum)} (verschil ${nf.format(want - sum)}).`,
            hint: "Controleer de rijen en het totaal tegen de bron; het totaal wordt uit de rijen berekend en moet kloppen.",
          });
        }
      }
    }
  }
  if (raw.soort === "prognose") {
    for (const [year, v] of Object.entries(raw.jaren as Raw)) {
      const isObj = typeof v === "object" && v !== null;
      const value = isObj ? v.waarde : v;
      if (isObj && (v.laag !== undefined || v.hoog !== undefined) && !(v.laag <= value && value <= v.hoog)) {
        diags.error({ code: "RB-BANDBREEDTE", file: yaml.file, ...yaml.locate(["jaren", year]), message: `${year}: de waarde ${nf.format(value)} ligt niet tussen laag (${v.laag}) en hoog (${v.hoog}).`, hint: "Vul zowel 'laag' als 'hoog' in, met laag ≤ waarde ≤ hoog." });
      }
    }
  }
  if (raw.soort === "begroting") {
    const posts = raw.posten as Raw[];
    const sum = posts.filter((p) => !p.bovenop).reduce((a, p) => a + p.bedrag, 0);
    if (sum !== raw.totaal) {
      diags.error({
        code: "RB-TOTAAL-KLOPT-NIET",
        file: yaml.file,
        ...yaml.locate(["totaal"]),
        message: `Het totaal is € ${nf.format(raw.totaal)}, maar de posten (zonder 'bovenop') tellen op tot € ${nf.format(sum)}.`,
        hint: "Controleer de bedragen; een post die niet in het totaal zit, krijgt `bovenop: true`.",
      });
    }
  }
}

export function toTable(id: string, raw: Raw): DataTable {
  switch (raw.soort) {
    case "indicatoren":
      return {
        kind: "indicatoren",
        id,
        title: raw.titel,
        source: raw.bron,
        targetLabel: raw.kolommen.taakstelling,
        realisedLabel: raw.kolommen.realisatie,
        rows: (raw.rijen as Raw[]).map((r) => ({ indicator: r.indicator, target: r.taakstelling, realised: r.realisatie })),
        illustrative: raw.illustratief === true,
      };
    case "sectoren": {
      const years = (raw.jaren as unknown[]).map(String) as [string, string];
      return {
        kind: "sectoren",
        id,
        title: raw.titel,
        source: raw.bron,
        years,
        measures: Object.entries(raw.maten as Record<string, string>).map(([mid, label]) => ({ id: mid, label })),
        changeOn: raw.verschil_op,
        rows: (raw.rijen as Raw[]).map((r) => ({ code: r.code === undefined ? "" : String(r.code), sector: r.sector, values: r.waarden })),
        ...(raw.totaal ? { statedTotal: raw.totaal } : {}),
        notes: raw.notities ?? [],
        illustrative: raw.illustratief === true,
      };
    }
    case "prognose":
      return {
        kind: "prognose",
        id,
        title: raw.titel,
        source: raw.bron,
        unit: raw.eenheid,
        years: Object.entries(raw.jaren as Raw)
          .map(([year, v]) =>
            typeof v === "number"
              ? { year: Number(year), value: v, forecast: false, illustrative: false }
              : { year: Number(year), value: v.waarde, ...(v.laag !== undefined ? { low: v.laag } : {}), ...(v.hoog !== undefined ? { high: v.hoog } : {}), forecast: v.prognose === true, illustrative: v.illustratief === true },
          )
          .sort((a, b) => a.year - b.year),
      };
    default:
      return {
        kind: "begroting",
        id,
        title: raw.titel,
        total: raw.totaal,
        items: (raw.posten as Raw[]).map((p) => ({ label: p.omschrijving, amount: p.bedrag, onTop: p.bovenop === true })),
      };
  }
}
