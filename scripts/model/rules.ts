// Rules beyond the schema: references between files, and dates that make sense
// together. (Numbers are read from their source text before: number-places.ts.)
// Messages say what to do.
import { compareMonths, monthOf } from "../figures/months.ts";
import type { Diagnostics } from "./diagnostics.ts";
import { isSeriesFigure, TABLE_FIGURE_KINDS, type DataTable, type DocumentType, type Letter, type LetterData, type Organisation, type Series } from "./types.ts";
import { suggest } from "./validate.ts";
import type { YamlFile } from "./yaml.ts";
import type { InputCache } from "./input-cache.ts";
import { checkNarrative } from "./narrative-check.ts";
import { mappingProblems } from "./source-mapping.ts";

/**
 * What the rules read of the project being loaded. Declared here, not imported from
 * load.ts (whose Project has all of it), so that load.ts → rules.ts stays one way.
 */
interface Project {
  root: string;
  site: { externalLinks?: string[] };
  organisations: ReadonlyMap<string, Organisation>;
  documentTypes: ReadonlyMap<string, DocumentType>;
  series: ReadonlyMap<string, Series>;
  tables: ReadonlyMap<string, DataTable>;
  frozen: ReadonlyMap<string, { file: string; data: LetterData }>;
  broken: ReadonlySet<string>;
  diagnostics: Diagnostics;
}

type Raw = Record<string, any>;

/** Checks the targets of a series file name its regions, and its import mappings; returns false when it has errors. */
export function checkSeries(yaml: YamlFile, diags: Diagnostics): boolean {
  const before = diags.errors.length;
  const raw = yaml.value as Raw;
  const regions = raw.regios as Record<string, Raw>;
  for (const problem of mappingProblems(raw)) {
    diags.error({ code: "RB-KOPPELING", file: yaml.file, ...yaml.locate(problem.path), message: problem.message, hint: problem.hint });
  }
  ((raw.doelen ?? []) as Raw[]).forEach((t, i) => {
    if (!(t.regio in regions)) {
      const guess = suggest(String(t.regio), Object.keys(regions));
      diags.error({
        code: "RB-ONBEKENDE-REGIO",
        file: yaml.file,
        ...yaml.locate(["doelen", i, "regio"]),
        message: `Doel ${i + 1} noemt regio '${t.regio}', die niet in deze reeks staat.`,
        hint: guess ? `Bedoelde u '${guess}'?` : `Regio's in deze reeks: ${Object.keys(regions).join(", ")}.`,
      });
    }
  });
  return diags.errors.length === before;
}

function lineCol(body: string, bodyLine: number, index: number): { line: number; column: number } {
  const before = body.slice(0, index);
  const lines = before.split("\n");
  return { line: bodyLine + lines.length - 1, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** {% figuur "id" %} lines in a narrative, for `npm run new` (the check parses the narrative: narrative.ts). */
export const FIGURE_TAG = /\{%-?\s*figuur\s+["']([^"']+)["']\s*-?%\}/g;

export function checkLetter(args: { letter: Letter; yaml: YamlFile; body: string; bodyLine: number; project: Project; inputs?: InputCache }): void {
  const { letter, yaml, body, bodyLine, project, inputs } = args;
  const diags = project.diagnostics;
  const file = letter.inputPath;
  const at = (p: (string | number)[], key = false) => yaml.locate(p, { key });

  const org = project.organisations.get(letter.organisation);
  if (!org && !project.broken.has(`organisatie:${letter.organisation}`)) {
    const guess = suggest(letter.organisation, [...project.organisations.keys()]);
    diags.error({
      code: "RB-ONBEKENDE-ORGANISATIE",
      file,
      ...at(["organisatie"]),
      message: `Organisatie '${letter.organisation}' bestaat niet in data/organisaties/.`,
      hint: guess ? `Bedoelde u '${guess}'?` : "Maak data/organisaties/<naam>.yaml of kies een bestaande organisatie.",
    });
  } else if (org) {
    letter.signatories.forEach((sid, i) => {
      if (!org.signatories.some((s) => s.id === sid)) {
        const guess = suggest(sid, org.signatories.map((s) => s.id));
        diags.error({
          code: "RB-ONBEKENDE-ONDERTEKENAAR",
          file,
          ...at(["ondertekenaars", i]),
          message: `Ondertekenaar '${sid}' staat niet bij ${org.name} (data/organisaties/${org.id}.yaml).`,
          hint: guess ? `Bedoelde u '${guess}'?` : `Kies uit: ${org.signatories.map((s) => s.id).join(", ")}.`,
        });
      }
    });
  }

  const docType = project.documentTypes.get(letter.type);
  for (const field of docType?.required ?? []) {
    if ((yaml.value as Raw)[field] === undefined) {
      diags.error({
        code: "RB-VERPLICHT-VELD",
        file,
        ...at([]),
        message: `Verplicht veld '${field}' ontbreekt (een ${docType!.name.toLowerCase()} heeft het nodig).`,
        hint: `Voeg een regel \`${field}: …\` toe.`,
      });
    }
  }
  if (!docType) {
    const guess = suggest(letter.type, [...project.documentTypes.keys()]);
    diags.error({
      code: "RB-ONBEKEND-TYPE",
      file,
      ...at(["type"]),
      message: `Documentsoort '${letter.type}' bestaat niet in data/documentsoorten.yaml.`,
      hint: guess ? `Bedoelde u '${guess}'?` : `Kies uit: ${[...project.documentTypes.keys()].join(", ")}.`,
    });
  }

  if (letter.peildatum > letter.date) {
    diags.error({
      code: "RB-PEILDATUM-NA-DATUM",
      file,
      ...at(["peildatum"]),
      message: `De peildatum (${letter.peildatum}) ligt na de datum van de brief (${letter.date}).`,
      hint: "De cijfers kunnen niet nieuwer zijn dan de brief: kies een peildatum op of vóór de datum.",
    });
  }

  const peilMonth = monthOf(letter.peildatum);
  const warnedMissing = new Set<string>();
  /** A table or series the figure names that is neither in data/ nor in the letter's frozen figures. */
  const unknownSource = (figureId: string, kind: "tabel" | "reeks", name: string, known: string[], frozenFile: string | undefined): void => {
    // A file in data/ that failed to load has been reported already.
    if (!frozenFile && project.broken.has(`${kind}:${name}`)) return;
    const [label, folder, plural] = kind === "tabel" ? ["Tabel", "data/tabellen/", "tabellen"] : ["Reeks", "data/reeksen/", "reeksen"];
    const guess = suggest(name, known);
    diags.error({
      code: kind === "tabel" ? "RB-ONBEKENDE-TABEL" : "RB-ONBEKENDE-REEKS",
      file,
      ...at(["figuren", figureId, kind]),
      message: frozenFile ? `${label} '${name}' staat niet in de bevroren cijfers (${frozenFile}).` : `${label} '${name}' bestaat niet in ${folder}.`,
      hint: guess ? `Bedoelde u '${guess}'?` : `Beschikbare ${plural}: ${known.join(", ") || "(geen)"}.`,
    });
  };
  letter.figures.forEach((fig) => {
    const base = ["figuren", fig.id];
    if (!isSeriesFigure(fig)) {
      const frozen = project.frozen.get(file);
      const table = frozen ? frozen.data.tables[fig.table] : project.tables.get(fig.table);
      if (!table) return unknownSource(fig.id, "tabel", fig.table, [...project.tables.keys()], frozen?.file);
      const needs = TABLE_FIGURE_KINDS[fig.kind];
      if (table.kind !== needs) {
        diags.error({
          code: "RB-VERKEERDE-TABEL",
          file,
          ...at([...base, "tabel"]),
          message: `Figuur '${fig.id}' (${fig.kind}) heeft een tabel van soort '${needs}' nodig, maar '${fig.table}' is van soort '${table.kind}'.`,
          hint: "Kies een tabel van de juiste soort, of een andere soort figuur.",
        });
      }
      return;
    }
    // A published letter is checked against the figures it was sent with.
    const frozen = project.frozen.get(file);
    const series = frozen ? frozen.data.series[fig.series] : project.series.get(fig.series);
    if (!series) return unknownSource(fig.id, "reeks", fig.series, [...project.series.keys()], frozen?.file);
    if (compareMonths(fig.from, peilMonth) > 0) {
      diags.error({
        code: "RB-VANAF-NA-PEILDATUM",
        file,
        ...at([...base, "vanaf"]),
        message: `Figuur '${fig.id}' begint in ${fig.from}, na de peildatum ${letter.peildatum}.`,
        hint: "Kies een beginmaand op of vóór de peildatum.",
      });
      return;
    }
    fig.regions.forEach((rid, i) => {
      const region = series.regions.find((r) => r.id === rid);
      if (!region) {
        const guess = suggest(rid, series.regions.map((r) => r.id));
        diags.error({
          code: "RB-ONBEKENDE-REGIO",
          file,
          ...at([...base, "regios", i]),
          message: `Regio '${rid}' staat niet in reeks '${fig.series}'.`,
          hint: guess ? `Bedoelde u '${guess}'?` : `Regio's in deze reeks: ${series.regions.map((r) => r.id).join(", ")}.`,
        });
        return;
      }
      if (!region.observations.some((o) => o.month === fig.from)) {
        diags.error({
          code: "RB-GEEN-BEGINWAARDE",
          file,
          ...at([...base, "vanaf"]),
          message: `Reeks '${fig.series}' heeft voor ${region.name} geen waarde in ${fig.from}, de beginmaand van figuur '${fig.id}'.`,
          hint: `Vul ${fig.from} in data/reeksen/${fig.series}.yaml in, of kies een andere beginmaand.`,
        });
      }
      const latest = [...region.observations].reverse().find((o) => o.month <= peilMonth);
      if (latest && latest.month < peilMonth && rid === letter.organisation && !warnedMissing.has(`${fig.series}:${rid}`)) {
        warnedMissing.add(`${fig.series}:${rid}`);
        diags.warning({
          code: "RB-CIJFER-ONTBREEKT",
          file,
          ...at(["peildatum"]),
          message: `${region.name} heeft nog geen cijfer voor ${peilMonth} (de maand van de peildatum) in reeks '${fig.series}'; de figuren gebruiken ${latest.month}.`,
          hint: `Vul ${peilMonth} in bij regio '${rid}' in data/reeksen/${fig.series}.yaml.`,
        });
      }
      if (!region.observations.some((o) => o.month >= fig.from && o.month <= peilMonth)) {
        diags.error({
          code: "RB-PEILDATUM-BUITEN-DATA",
          file,
          ...at(["peildatum"]),
          message: `Reeks '${fig.series}' heeft voor ${region.name} geen cijfers tussen ${fig.from} en de peildatum ${letter.peildatum}.`,
          hint: `Vul de cijfers aan in data/reeksen/${fig.series}.yaml of kies een andere peildatum.`,
        });
      }
    });
  });

  // The narrative's grammar, links and images; then the figures it places.
  const shortcodes = checkNarrative({ body, bodyLine, refs: { root: project.root, file, externalHosts: project.site.externalLinks ?? [] }, diags, ...(inputs ? { inputs } : {}) });
  const placed = new Set<string>();
  for (const use of shortcodes) {
    if (use.name !== "figuur") continue;
    const id = use.args[0]!;
    placed.add(id);
    if (!letter.figures.some((f) => f.id === id)) {
      const guess = suggest(id, letter.figures.map((f) => f.id));
      diags.error({
        code: "RB-ONBEKENDE-FIGUUR",
        file,
        line: bodyLine + use.line,
        column: use.column,
        message: `De tekst plaatst figuur '${id}', maar die staat niet onder 'figuren' in de front matter.`,
        hint: guess ? `Bedoelde u '${guess}'?` : "Voeg de figuur toe onder `figuren:` of verwijder de regel.",
      });
    }
  }
  for (const fig of letter.figures) {
    if (!placed.has(fig.id)) {
      diags.warning({
        code: "RB-FIGUUR-NIET-GEPLAATST",
        file,
        ...at(["figuren", fig.id], true),
        message: `Figuur '${fig.id}' is gedefinieerd maar staat nergens in de tekst.`,
        hint: `Zet {% figuur "${fig.id}" %} op een eigen regel in de tekst, of verwijder de definitie.`,
      });
    }
  }

  if (body.trim() === "") {
    diags.error({ code: "RB-LEGE-TEKST", file, line: bodyLine, column: 1, message: "De brief heeft geen tekst onder de front matter.", hint: "Schrijf de tekst van de brief onder de tweede `---`." });
  }
  if (letter.status === "concept") checkReferenceTodo(letter, yaml, project);
  if (letter.status === "verzonden") {
    for (const [key, value] of Object.entries(yaml.value as Raw)) {
      if (typeof value === "string" && /\bTODO\b/.test(value)) {
        diags.error({
          code: "RB-TODO-IN-VERZONDEN",
          file,
          ...at([key]),
          message: `Deze brief heeft status 'verzonden' maar '${key}' is nog TODO.`,
          hint: `Vul '${key}' in, of zet de status terug op 'concept'.`,
        });
      }
    }
    // Sent but not archived (RB-NIET-GEPUBLICEERD): scripts/archive/verify.ts, with the other archive checks.
    const todo = /\bTODO\b/.exec(body);
    if (todo) {
      diags.error({
        code: "RB-TODO-IN-VERZONDEN",
        file,
        ...lineCol(body, bodyLine, todo.index),
        message: "Deze brief heeft status 'verzonden' maar bevat nog TODO.",
        hint: "Maak de tekst af, of zet de status terug op 'concept'.",
      });
    }
  }
}

/**
 * A concept whose reference block (the front-matter fields its document type shows
 * in the kenmerkblok: ons_kenmerk, uw_kenmerk, bijlage, behandeld_door, …) still says
 * TODO: a reminder while it is a concept; sending it is refused (RB-TODO-IN-VERZONDEN).
 */
function checkReferenceTodo(letter: Letter, yaml: YamlFile, project: Project): void {
  const fields = project.documentTypes.get(letter.type)?.referenceFields ?? [];
  for (const key of fields) {
    const value = (yaml.value as Raw)[key];
    if (typeof value !== "string" || !/\bTODO\b/.test(value)) continue;
    project.diagnostics.warning({
      code: "RB-TODO-IN-KENMERKBLOK",
      file: letter.inputPath,
      ...yaml.locate([key]),
      message: `Het kenmerkblok van dit concept heeft bij '${key}' nog TODO; zo zou het in de brief komen te staan.`,
      hint: `Vul '${key}' in voordat u de brief verzendt (\`npm run publish\` weigert een brief met TODO).`,
    });
  }
}
