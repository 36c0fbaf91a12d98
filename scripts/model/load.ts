// Reads data/ and content/ into one validated Project. Every problem is collected
// as a Diagnostic; the caller decides whether to stop (errors) or go on (warnings).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import { Diagnostics, ProjectError } from "./diagnostics.ts";
import { knownYamlFile, parseYaml, type YamlFile } from "./yaml.ts";
import { InputCache } from "./input-cache.ts";
import { validateSchema } from "./validate.ts";
import { checkNumbers, NUMBER_PLACES } from "./number-places.ts";
import { LETTER_TEXT_FIELDS } from "./schemas.ts";
import { checkLetter, checkSeries } from "./rules.ts";
import { checkContinuationHeader, checkControlCharacters, checkLogo, refuseReservedKeys } from "./input-rules.ts";
import { checkTable, toTable, validateTable } from "./tables.ts";
import { templatesDir } from "../site/paths.ts";
import { ARCHIVE_DIR, emptyManifest, type Manifest } from "../archive/manifest.ts";
import { checkArchive, checkLetters } from "../archive/verify.ts";
import type { CbsStatus, DataTable, DocumentType, FigureDefinition, Identity, Letter, LetterData, Observation, Organisation, Series } from "./types.ts";
import { PLACEHOLDER_IDENTITY, resolveSiteIdentity } from "./site-identity.ts";
import { letterUrl, ORGANISATION_ID, RESERVED_FOLDERS } from "./urls.ts";
import { DEFAULT_WOO_CATEGORY } from "./woo-categories.ts";

export interface Site {
  name: string;
  url: string;
  description: string;
  /**
   * Who the site's own pages say they come from (data/site.yaml `organisatie` or
   * `uitgever`; site-identity.ts). An organisation's pages and letters wear its own.
   */
  identity: Identity;
  /** Hosts a narrative may link to (`externe_links`; subdomains included). */
  externalLinks: string[];
}

export interface FrozenFigures {
  file: string;
  frozenOn: string;
  data: LetterData;
}

export interface Project {
  root: string;
  site: Site;
  organisations: Map<string, Organisation>;
  documentTypes: Map<string, DocumentType>;
  series: Map<string, Series>;
  /** Tables from data/tabellen/, and their YAML as read (what gets frozen). */
  tables: Map<string, DataTable>;
  tableRaw: Map<string, unknown>;
  /** Sorted by date, then path. The letters the site shows: a public build leaves concepts out (site/concepts.ts). */
  letters: Letter[];
  /** Concept letters a public build left out of `letters` (checked all the same); empty otherwise. */
  leftOut: Letter[];
  /** Markdown body (after front matter) per letter input path. */
  bodies: Map<string, string>;
  /** Line in the file where the body starts, per letter input path. */
  bodyLines: Map<string, number>;
  /** Organisations and series whose files exist but are invalid ("organisatie:emmen"):
   *  their own errors are reported; references to them are not reported again. */
  broken: Set<string>;
  /** archive/manifest.json: the published letters and their archived files. */
  manifest: Manifest;
  /** Frozen figures of published letters, per letter input path. */
  frozen: Map<string, FrozenFigures>;
  diagnostics: Diagnostics;
}

export const DATA_DIR = "data";
export const CONTENT_DIR = "content";
/** Suffix of the frozen-figures file beside a published letter. */
export const FROZEN_SUFFIX = ".cijfers.yaml";

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, ext));
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out.sort();
}

/** Input files larger than this are refused before parsing: no letter needs more. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

function readText(root: string, file: string, diags: Diagnostics, overlay?: ReadonlyMap<string, string>): string | undefined {
  const rel = path.relative(root, file);
  const replaced = overlay?.get(rel.split(path.sep).join("/"));
  if (replaced !== undefined) {
    diags.sources.set(rel, replaced);
    return replaced.replace(/^\uFEFF/, "");
  }
  const st = statSync(file);
  // A named pipe or device would block the read forever: only regular files are input.
  if (!st.isFile()) {
    diags.error({
      code: "RB-GEEN-BESTAND",
      file: rel,
      message: "Dit is geen gewoon bestand (maar een map, een named pipe of een apparaat); Raadsbrief leest alleen gewone bestanden.",
      hint: "Vervang het door een gewoon tekstbestand, of haal het weg.",
    });
    return undefined;
  }
  const size = st.size;
  if (size > MAX_INPUT_BYTES) {
    diags.error({
      code: "RB-TE-GROOT",
      file: rel,
      message: `Het bestand is ${(size / 1024 / 1024).toFixed(1).replace(".", ",")} MB; de grens is ${MAX_INPUT_BYTES / 1024 / 1024} MB.`,
      hint: "Splits de gegevens over meer bestanden of verwijder wat er niet in hoort.",
    });
    return undefined;
  }
  const bytes = readFileSync(file);
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    diags.sources.set(rel, text);
    return text.replace(/^\uFEFF/, "");
  } catch {
    diags.error({
      code: "RB-CODERING",
      file: rel,
      message: "Het bestand is geen UTF-8-tekst.",
      hint: "Sla het bestand op als UTF-8 (in de meeste editors: Opslaan als… → Codering: UTF-8).",
    });
    return undefined;
  }
}

/**
 * Parses YAML text, reads its numbers from their source text (number-places.ts,
 * by `kind`) and runs `check` on it (schema checks, which pass over the refused
 * numbers; it may adjust the value first); undefined if any of them reported an
 * error. A text that passed all of this before without any diagnostic comes from
 * the input cache, unchecked (input-cache.ts); a refused one is never stored.
 */
function readChecked(
  inputs: InputCache,
  kind: string,
  text: string,
  file: string,
  diags: Diagnostics,
  check: (yaml: YamlFile, refused: ReadonlySet<string>) => boolean,
  lineOffset = 0,
): YamlFile | undefined {
  const key = InputCache.key(`${kind}\0${lineOffset}`, text);
  const known = inputs.get(key);
  if (known !== undefined) return knownYamlFile(text, file, known, lineOffset);
  const before = diags.items.length;
  const yaml = parseYaml(text, file, diags, lineOffset);
  // Every text of every file ends up in HTML, XML (feed, MDTO, XMP) or a PDF.
  if (!yaml || !checkControlCharacters(yaml, diags)) return undefined;
  const refused = checkNumbers(yaml, NUMBER_PLACES[kind], diags);
  if (!check(yaml, refused) || refused.size > 0) return undefined;
  if (diags.items.length === before) inputs.set(key, yaml.value);
  return yaml;
}

function loadYamlFile(
  root: string,
  file: string,
  schema: Parameters<typeof validateSchema>[0],
  diags: Diagnostics,
  inputs: InputCache,
  overlay?: ReadonlyMap<string, string>,
): YamlFile | undefined {
  const text = readText(root, file, diags, overlay);
  if (text === undefined) return undefined;
  return readChecked(inputs, schema, text, path.relative(root, file), diags, (yaml, refused) => validateSchema(schema, yaml, diags, refused));
}

type Raw = Record<string, any>;

function toOrganisation(id: string, raw: Raw): Organisation {
  const addr = (a: Raw) => ({ street: a.straat, poBox: a.postbus, postcode: a.postcode, city: a.plaats });
  return {
    id,
    name: raw.naam,
    shortName: raw.korte_naam,
    municipalityCode: raw.gemeentecode,
    visitingAddress: addr(raw.bezoekadres),
    postalAddress: addr(raw.postadres),
    phone: raw.telefoon,
    fax: raw.fax,
    email: raw.email,
    website: raw.website,
    board: raw.college,
    defaultAddressee: raw.geadresseerde,
    signatories: Object.entries(raw.ondertekenaars as Record<string, Raw>).map(([sid, s]) => ({ id: sid, role: s.rol, name: s.naam })),
    colours: { primary: raw.huisstijl.primaire_kleur, accent: raw.huisstijl.accentkleur },
    logo: raw.huisstijl.logo,
    continuationHeader: typeof raw.vervolgkop === "string" ? { standaard: raw.vervolgkop } : { ...(raw.vervolgkop ?? {}) },
  };
}

export function toSeries(id: string, raw: Raw): Series {
  return {
    id,
    title: raw.titel,
    unit: raw.eenheid,
    decimals: raw.decimalen ?? 0,
    regions: Object.entries(raw.regios as Record<string, Raw>).map(([rid, r]) => ({
      id: rid,
      name: r.naam,
      source: r.bron,
      observations: Object.entries(r.waarden as Record<string, number | Raw>)
        .map(([month, v]): Observation =>
          typeof v === "number"
            ? { month, value: v, illustrative: false }
            : {
                month,
                value: v.waarde as number,
                illustrative: v.illustratief === true,
                ...(v.status ? { status: v.status as CbsStatus } : {}),
                ...(v.opgehaald ? { retrieved: v.opgehaald as string } : {}),
              },
        )
        .sort((a, b) => (a.month < b.month ? -1 : 1)),
    })),
    targets: ((raw.doelen ?? []) as Raw[]).map((t) => ({
      region: t.regio,
      date: t.datum,
      value: t.waarde,
      label: t.omschrijving,
      illustrative: t.illustratief === true,
    })),
    notes: raw.notities ?? [],
  };
}

/** One observation as data/reeksen writes it: a bare number when there is nothing else to say. */
export function observationYaml(o: Observation): number | Raw {
  if (!o.illustrative && !o.status && !o.retrieved) return o.value;
  return {
    waarde: o.value,
    ...(o.illustrative ? { illustratief: true } : {}),
    ...(o.status ? { status: o.status } : {}),
    ...(o.retrieved ? { opgehaald: o.retrieved } : {}),
  };
}

/** Series back to the YAML shape of data/reeksen, used when freezing figures. */
export function fromSeries(series: Series): Raw {
  const out: Raw = { titel: series.title, eenheid: series.unit, ...(series.decimals ? { decimalen: series.decimals } : {}), regios: {} };
  for (const r of series.regions) {
    out.regios[r.id] = {
      naam: r.name,
      bron: r.source,
      waarden: Object.fromEntries(r.observations.map((o) => [o.month, observationYaml(o)])),
    };
  }
  if (series.targets.length)
    out.doelen = series.targets.map((t) => ({ regio: t.region, datum: t.date, waarde: t.value, omschrijving: t.label, ...(t.illustrative ? { illustratief: true } : {}) }));
  if (series.notes.length) out.notities = series.notes;
  return out;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function letterSlug(file: string): string {
  return path.basename(file, ".md").replace(/^\d{4}-\d{2}-\d{2}-/, "");
}

function toFigures(raw: Record<string, Raw> | undefined): FigureDefinition[] {
  return Object.entries(raw ?? {}).map(([id, f]): FigureDefinition => {
    const title = f.titel ? { title: f.titel as string } : {};
    if (f.soort === "vergelijking" || f.soort === "trend") return { id, kind: f.soort, series: f.reeks, regions: f.regios, from: f.vanaf, ...title };
    return { id, kind: f.soort, table: f.tabel, ...title };
  });
}

function toLetter(rel: string, raw: Raw, org: Organisation | undefined): Letter {
  const slug = letterSlug(rel);
  // Raadsbrief decides a letter's address (front matter cannot: input-rules.ts): urls.ts.
  const url = letterUrl(raw.organisatie, raw.datum, slug);
  return {
    inputPath: rel,
    slug,
    url,
    pdfUrl: `${url}${slug}.pdf`,
    type: raw.type,
    organisation: raw.organisatie,
    date: raw.datum,
    // A document without figures of its own date needs no peildatum: its date is it.
    peildatum: raw.peildatum ?? raw.datum,
    subject: raw.onderwerp,
    title: raw.titel ?? raw.onderwerp,
    onsKenmerk: raw.ons_kenmerk,
    uwKenmerk: raw.uw_kenmerk ?? "",
    bijlage: raw.bijlage ?? "",
    afdeling: raw.afdeling ?? "",
    team: raw.team ?? "",
    behandeldDoor: raw.behandeld_door ?? "",
    phone: raw.telefoon ?? org?.phone ?? "",
    email: raw.email ?? org?.email ?? "",
    addressee: raw.aan ?? org?.defaultAddressee ?? "",
    salutation: raw.aanhef ?? "Geachte leden van de raad,",
    closing: raw.slot ?? "Hoogachtend,",
    signatories: raw.ondertekenaars ?? [],
    from: raw.van ?? "",
    ...(raw.jaar ? { year: raw.jaar } : {}),
    ...(raw.namens ? { onBehalfOf: raw.namens } : {}),
    status: raw.status,
    figures: toFigures(raw.figuren),
    ...(raw.reeks ? { sequence: { id: raw.reeks.naam, number: raw.reeks.volgnummer } } : {}),
    ...(raw.corrigeert ? { corrects: raw.corrigeert } : {}),
    illustrative: raw.illustratief === true,
  };
}

/** Numbers YAML read from text fields ("15.069821") become their source text again. */
function keepTextFields(yaml: YamlFile): void {
  const value = yaml.value as Raw;
  for (const field of LETTER_TEXT_FIELDS) {
    if (typeof value[field] === "number") value[field] = yaml.sourceOf([field]) ?? String(value[field]);
  }
}

function loadLetter(root: string, file: string, project: Project, inputs: InputCache): void {
  const diags = project.diagnostics;
  const rel = path.relative(root, file);
  const text = readText(root, file, diags);
  if (text === undefined) return;
  const m = FRONT_MATTER.exec(text);
  if (!m) {
    diags.error({
      code: "RB-GEEN-FRONT-MATTER",
      file: rel,
      line: 1,
      column: 1,
      message: "De brief begint niet met front matter tussen twee regels `---`.",
      hint: "Zet bovenaan de velden van de brief tussen `---` en `---`; `npm run new` maakt een brief met alle velden uit de vorige (zie README, 'De maandelijkse brief').",
    });
    return;
  }
  const yaml = readChecked(
    inputs,
    "brief",
    m[1] ?? "",
    rel,
    diags,
    (yaml, refused) => {
      if (yaml.value === null || typeof yaml.value !== "object" || Array.isArray(yaml.value)) {
        diags.error({ code: "RB-GEEN-FRONT-MATTER", file: rel, line: 2, column: 1, message: "De front matter bevat geen velden.", hint: "Zet `veld: waarde`-regels tussen de twee `---`." });
        return false;
      }
      keepTextFields(yaml);
      const own = refuseReservedKeys(yaml, diags);
      return validateSchema("brief", yaml, diags, refused) && own;
    },
    1,
  );
  if (!yaml) return;
  const raw = yaml.value as Raw;
  const body = text.slice(m[0].length);
  const bodyLine = m[0].split("\n").length;
  const letter = toLetter(rel, raw, project.organisations.get(raw.organisatie));
  project.bodies.set(rel, body);
  project.bodyLines.set(rel, bodyLine);

  const frozenFile = file.replace(/\.md$/, FROZEN_SUFFIX);
  if (existsSync(frozenFile)) {
    const fy = loadYamlFile(root, frozenFile, "bevroren", diags, inputs);
    if (fy) {
      const fraw = fy.value as Raw;
      const series: Record<string, Series> = {};
      for (const [sid, s] of Object.entries(fraw.reeksen as Record<string, Raw>)) series[sid] = toSeries(sid, s);
      const tables: Record<string, DataTable> = {};
      for (const [tid, t] of Object.entries((fraw.tabellen ?? {}) as Record<string, Raw>)) tables[tid] = toTable(tid, t);
      project.frozen.set(rel, { file: path.relative(root, frozenFile), frozenOn: fraw.bevroren_op, data: { series, tables } });
    }
  }
  checkLetter({ letter, yaml, body, bodyLine, project, inputs });
  project.letters.push(letter);
}

export interface ReadOptions {
  /**
   * The letter `npm run publish` is publishing: it is sent and frozen but not yet in
   * the archive while its PDF is printed, which is an error for any other letter.
   */
  publishing?: string;
  /**
   * Texts to read instead of files (path relative to the root, with `/`): the check
   * of what `npm run import` is about to write, before it writes anything.
   */
  overlay?: ReadonlyMap<string, string>;
}

/** Loads and checks everything; never throws for bad input (see `diagnostics`). */
export function readProject(root: string, options: ReadOptions = {}): Project {
  const diags = new Diagnostics();
  const inputs = InputCache.open(root);
  const dataDir = path.join(root, DATA_DIR);
  const project: Project = {
    root,
    site: { name: "Raadsbrief", url: "http://localhost:8080", description: "", identity: PLACEHOLDER_IDENTITY, externalLinks: [] },
    organisations: new Map(),
    documentTypes: new Map(),
    series: new Map(),
    tables: new Map(),
    tableRaw: new Map(),
    letters: [],
    leftOut: [],
    bodies: new Map(),
    bodyLines: new Map(),
    broken: new Set(),
    manifest: emptyManifest(),
    frozen: new Map(),
    diagnostics: diags,
  };

  const siteFile = path.join(dataDir, "site.yaml");
  let siteYaml: YamlFile | undefined;
  if (existsSync(siteFile)) {
    siteYaml = loadYamlFile(root, siteFile, "site", diags, inputs);
    if (siteYaml) {
      const raw = siteYaml.value as Raw;
      project.site = {
        name: raw.naam,
        url: String(raw.url).replace(/\/$/, ""),
        description: raw.beschrijving ?? "",
        identity: PLACEHOLDER_IDENTITY, // resolved once the organisations are read
        externalLinks: ((raw.externe_links ?? []) as string[]).map((h) => h.toLowerCase()),
      };
      checkLogo(root, siteYaml, diags, ["uitgever", "huisstijl", "logo"]);
    }
  } else {
    diags.error({ code: "RB-BESTAND-ONTBREEKT", file: "data/site.yaml", message: "data/site.yaml ontbreekt.", hint: "Maak het bestand met `naam:` en `url:` van de website." });
  }

  const typesFile = path.join(dataDir, "documentsoorten.yaml");
  if (existsSync(typesFile)) {
    const y = loadYamlFile(root, typesFile, "documentsoorten", diags, inputs);
    const layouts = path.join(templatesDir(root), "layouts");
    for (const [id, t] of Object.entries((y?.value ?? {}) as Record<string, Raw>)) {
      project.documentTypes.set(id, {
        id,
        name: t.naam,
        plural: t.meervoud,
        layout: t.layout,
        required: t.verplicht ?? [],
        referenceFields: t.kenmerkblok ?? [],
        wooCategory: t.woo_categorie ?? DEFAULT_WOO_CATEGORY,
      });
      if (!existsSync(path.join(layouts, `${t.layout}.njk`))) {
        diags.error({
          code: "RB-LAYOUT-ONTBREEKT",
          file: "data/documentsoorten.yaml",
          ...y!.locate([id, "layout"]),
          message: `Documentsoort '${id}' gebruikt layout '${t.layout}', maar templates/layouts/${t.layout}.njk bestaat niet.`,
          hint: `Kies een bestaande layout (${readdirSync(layouts).filter((f) => f.endsWith(".njk")).map((f) => f.replace(/\.njk$/, "")).join(", ")}) of maak het bestand.`,
        });
      }
    }
  } else {
    diags.error({ code: "RB-BESTAND-ONTBREEKT", file: "data/documentsoorten.yaml", message: "data/documentsoorten.yaml ontbreekt.", hint: "Maak het bestand met de documentsoorten (zie README)." });
  }

  for (const file of listFiles(path.join(dataDir, "organisaties"), ".yaml")) {
    const id = path.basename(file, ".yaml");
    if (!organisationIdOk(id, path.relative(root, file), diags)) {
      project.broken.add(`organisatie:${id}`);
      continue;
    }
    const y = loadYamlFile(root, file, "organisatie", diags, inputs);
    if (y) {
      project.organisations.set(id, toOrganisation(id, y.value as Raw));
      checkLogo(root, y, diags);
      checkContinuationHeader(y, project.documentTypes, diags);
    } else project.broken.add(`organisatie:${id}`);
  }

  if (siteYaml) {
    const raw = siteYaml.value as Raw;
    project.site.identity = resolveSiteIdentity({
      ...(raw.organisatie !== undefined ? { organisation: raw.organisatie } : {}),
      ...(raw.uitgever !== undefined ? { publisher: raw.uitgever } : {}),
      organisations: project.organisations,
      broken: project.broken,
      diagnostics: diags,
      locate: (key) => siteYaml.locate([key], { key: true }),
    });
  }

  for (const file of listFiles(path.join(dataDir, "reeksen"), ".yaml")) {
    const id = path.basename(file, ".yaml");
    const y = loadYamlFile(root, file, "reeks", diags, inputs, options.overlay);
    if (!y) {
      project.broken.add(`reeks:${id}`);
      continue;
    }
    // Registered even with bad counts, so letters using it get no follow-on errors.
    checkSeries(y, diags);
    project.series.set(id, toSeries(id, y.value as Raw));
  }

  for (const file of listFiles(path.join(dataDir, "tabellen"), ".yaml")) {
    const id = path.basename(file, ".yaml");
    const text = readText(root, file, diags);
    const y = text === undefined ? undefined : readChecked(inputs, "tabel", text, path.relative(root, file), diags, (yaml, refused) => validateTable(yaml, diags, refused));
    if (!y) {
      project.broken.add(`tabel:${id}`);
      continue;
    }
    checkTable(y, diags);
    project.tables.set(id, toTable(id, y.value as Raw));
    project.tableRaw.set(id, y.value);
  }

  // Before the letters: their checks need to know which ones are published.
  const archive = checkArchive(root, diags);
  project.manifest = archive.manifest;

  for (const file of listFiles(path.join(root, CONTENT_DIR), ".md")) loadLetter(root, file, project, inputs);

  project.letters.sort((a, b) => a.date.localeCompare(b.date) || a.inputPath.localeCompare(b.inputPath));
  checkLetters({
    letters: project.letters,
    manifest: project.manifest,
    manifestUsable: archive.usable,
    frozen: new Set(project.frozen.keys()),
    ...(options.publishing ? { publishing: options.publishing } : {}),
    diagnostics: diags,
  });
  checkUrls(project);
  checkErrata(project);
  inputs.save();
  return project;
}

/** An erratum names the published letter it corrects by its ons kenmerk. */
function checkErrata(project: Project): void {
  for (const letter of project.letters) {
    if (!letter.corrects) continue;
    const target = project.letters.find((l) => l.onsKenmerk === letter.corrects && l !== letter);
    const source = project.diagnostics.sources.get(letter.inputPath) ?? "";
    const index = source.split("\n").findIndex((l) => l.startsWith("corrigeert:"));
    const at = index >= 0 ? { line: index + 1, column: 13 } : {};
    if (!target) {
      project.diagnostics.error({
        code: "RB-ONBEKENDE-BRIEF",
        file: letter.inputPath,
        ...at,
        message: `Deze brief corrigeert kenmerk '${letter.corrects}', maar er is geen brief met dat kenmerk.`,
        hint: "Vul bij `corrigeert:` het ons kenmerk in van de brief die dit erratum corrigeert.",
      });
    } else if (!project.manifest.brieven[target.inputPath]) {
      project.diagnostics.error({
        code: "RB-ERRATUM-OP-CONCEPT",
        file: letter.inputPath,
        ...at,
        message: `Deze brief corrigeert ${target.inputPath}, maar die is niet gepubliceerd.`,
        hint: "Een erratum is er alleen voor een gepubliceerde brief; een concept past u gewoon aan.",
      });
    }
  }
}

function checkUrls(project: Project): void {
  const byUrl = new Map<string, Letter>();
  for (const letter of project.letters) {
    const other = byUrl.get(letter.url);
    if (other) {
      // The address is made from the date's year and month and the file name: point at the date.
      const source = project.diagnostics.sources.get(letter.inputPath) ?? "";
      const index = source.split("\n").findIndex((l) => l.startsWith("datum:"));
      project.diagnostics.error({
        code: "RB-DUBBELE-URL",
        file: letter.inputPath,
        ...(index >= 0 ? { line: index + 1, column: 1 } : {}),
        message: `${letter.inputPath} en ${other.inputPath} krijgen allebei het adres ${letter.url} (de organisatie, jaar en maand van de datum, en de bestandsnaam zonder datum).`,
        hint: `Geef een van beide bestanden een andere naam, bijvoorbeeld ${path.basename(letter.inputPath, ".md")}-2.md.`,
      });
    }
    byUrl.set(letter.url, letter);
  }
}

// The CLI checks the input before the build reads it: parse once and reuse while no
// input file changed. Module-level, as a cache keyed by content: the key is the root and
// a fingerprint of every input file, so another project (or a changed one) misses.
let memo: { key: string; project: Project } | undefined;

function fingerprint(root: string): string {
  const hash = createHash("sha256");
  for (const dir of [DATA_DIR, CONTENT_DIR, ARCHIVE_DIR]) {
    // Any file in archive/ counts: one the manifest does not list is an error.
    const files = dir === ARCHIVE_DIR ? listFiles(path.join(root, dir), "") : [".yaml", ".md", ".json", ".pdf", ".xml"].flatMap((ext) => listFiles(path.join(root, dir), ext));
    for (const file of files) {
      const st = statSync(file);
      hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
    }
  }
  return hash.digest("hex");
}

/**
 * An organisation's id is its file name and the first folder of its addresses
 * (urls.ts): lower-case letters, digits and hyphens, and none of the site's own folders.
 */
function organisationIdOk(id: string, file: string, diags: Diagnostics): boolean {
  const reserved = (RESERVED_FOLDERS as readonly string[]).includes(id);
  if (ORGANISATION_ID.test(id) && !reserved) return true;
  diags.error({
    code: "RB-ORGANISATIE-NAAM",
    file,
    message: reserved
      ? `De naam '${id}' is een map van de site zelf (/${id}/); een organisatie kan zo niet heten.`
      : `De bestandsnaam '${id}' kan geen organisatie zijn: de naam wordt een deel van het adres van haar brieven (/${id}/…).`,
    hint: reserved
      ? `Geef het bestand een andere naam, bijvoorbeeld gemeente-${id}.yaml. Gereserveerd: ${RESERVED_FOLDERS.join(", ")}.`
      : "Gebruik kleine letters, cijfers en streepjes, zonder spaties of hoofdletters, bijvoorbeeld data/organisaties/coevorden.yaml.",
  });
  return false;
}

export function loadProject(root: string, options: ReadOptions = {}): Project {
  const key = `${root}\0${options.publishing ?? ""}\0${fingerprint(root)}`;
  if (memo?.key === key) return memo.project;
  const project = readProject(root, options);
  if (project.diagnostics.errors.length > 0) throw new ProjectError(project.diagnostics);
  memo = { key, project };
  return project;
}
