// Everything a letter's templates need, derived once per letter from the project:
// the templates only place it, they compute nothing.
import path from "node:path";
import { computeFigure, type ComputedFigure } from "../figures/compute.ts";
import { letterData } from "../figures/letter-data.ts";
import { formatDate } from "../format/nl.ts";
import type { Project } from "../model/load.ts";
import type { DocumentType, Letter, LetterSummary, Organisation, Signatory } from "../model/types.ts";
import { escapeCssString } from "./html.ts";
import { DEFAULT_CONTINUATION_HEADER } from "../model/input-rules.ts";
import { letterSummaries } from "./site-data.ts";
import { letterDownloads, type LetterDownloads } from "./letter-downloads.ts";

export interface ReferenceItem {
  key: string;
  label: string;
  value: string;
}

const REFERENCE_LABELS: Record<string, string> = {
  afdeling: "Afdeling",
  team: "Team",
  ons_kenmerk: "Ons kenmerk",
  uw_kenmerk: "Uw kenmerk",
  bijlage: "Bijlage",
  behandeld_door: "Behandeld door",
  datum: "Datum",
  telefoon: "Telefoon",
  email: "E-mail",
  aan: "Aan",
  van: "Van",
  jaar: "Jaar",
  onderwerp: "Onderwerp",
};

/** The reference block of a document, as its type lists it (data/documentsoorten.yaml). */
function referenceBlock(letter: Letter, type: DocumentType, dateText: string): ReferenceItem[] {
  const values: Record<string, string> = {
    afdeling: letter.afdeling,
    team: letter.team,
    ons_kenmerk: letter.onsKenmerk,
    uw_kenmerk: letter.uwKenmerk || "–",
    bijlage: letter.bijlage || "–",
    behandeld_door: letter.behandeldDoor,
    datum: dateText,
    telefoon: letter.phone,
    email: letter.email,
    aan: letter.addressee,
    van: letter.from,
    jaar: letter.year === undefined ? "" : String(letter.year),
    onderwerp: letter.subject,
  };
  // An empty optional field (team) is left out rather than shown empty.
  return type.referenceFields.filter((key) => values[key]).map((key) => ({ key, label: REFERENCE_LABELS[key] ?? key, value: values[key]! }));
}

export interface LetterView {
  letter: Letter;
  organisation: Organisation;
  documentType: DocumentType;
  dateText: string;
  peildatumText: string;
  signatories: Signatory[];
  referenceBlock: ReferenceItem[];
  /** The reference block without the subject: the table of labels and values (partials/kenmerken.njk). */
  referenceFields: ReferenceItem[];
  /** The subject when the reference block shows it (as the page's h1, under the table). */
  referenceSubject?: string;
  /**
   * CSS `content` of the running header from page 2, from the organisation's `vervolgkop`:
   * `"Gemeente Emmen, 29 september 2015, blad " counter(page)`.
   */
  runningHeaderCss: string;
  figures: Map<string, ComputedFigure>;
  frozen: boolean;
  /** Published in archive/ (its PDF is the archived one). */
  published: boolean;
  /** For an erratum: the letter it corrects. */
  corrects?: LetterSummary;
  /** Errata that correct this letter, oldest first. */
  correctedBy: LetterSummary[];
  /** A figure of the letter shows an illustrative number (†): the page and the PDF say so, outside the letter's text. */
  illustrative: boolean;
  /**
   * The organisation's logo as the letter shows it: a copy in the letter's own folder,
   * addressed relative to it ("bestanden/logo/emmen.svg"), so a published letter's
   * frozen article refers to its archived copy, not to today's logo.
   */
  logo?: LetterLogo;
  /** Its figures as CSV and JSON beside the page (letter-downloads.ts); none without figures. */
  downloads?: LetterDownloads;
}

export interface LetterLogo {
  /** The file in the project (data/logos/…). */
  source: string;
  /** Relative to the letter's folder, as the letterhead refers to it. */
  href: string;
}

/** Where a letter keeps its copy of its organisation's logo (narrative files never have a subfolder). */
export function letterLogo(project: Project, organisation: Organisation): LetterLogo | undefined {
  if (!organisation.logo) return undefined;
  return { source: path.join(project.root, "data", organisation.logo), href: `bestanden/logo/${path.posix.basename(organisation.logo)}` };
}

/** The organisation's running header for this document type: its own, its `standaard`, or Raadsbrief's. */
export function continuationTemplate(organisation: Organisation, type: string): string {
  const own = organisation.continuationHeader ?? {};
  return own[type] ?? own.standaard ?? DEFAULT_CONTINUATION_HEADER;
}

/**
 * A running-header template as CSS `content`: text as escaped strings, {blad} as the
 * page counter. "Volgvel {blad}" → `"Volgvel " counter(page)`.
 */
export function continuationHeaderCss(template: string, values: Record<"organisatie" | "datum" | "kenmerk", string>): string {
  const parts: string[] = [];
  let literal = "";
  for (const piece of template.split(/(\{[a-z]+\})/)) {
    const field = /^\{([a-z]+)\}$/.exec(piece)?.[1];
    if (field === "blad") {
      if (literal) parts.push(`"${escapeCssString(literal)}"`);
      parts.push("counter(page)");
      literal = "";
    } else literal += field && field in values ? values[field as keyof typeof values] : piece;
  }
  if (literal) parts.push(`"${escapeCssString(literal)}"`);
  return parts.join(" ");
}

const views = new WeakMap<Project, Map<string, LetterView>>();

/** Eleventy gives paths relative to the working directory ("./content/x.md");
 *  the model keeps them relative to the project root ("content/x.md"). */
export function normaliseInputPath(project: Project, inputPath: string): string {
  return path.relative(project.root, path.resolve(inputPath)).split(path.sep).join("/");
}

export function findLetter(project: Project, inputPath: string): Letter | undefined {
  const p = normaliseInputPath(project, inputPath);
  return project.letters.find((l) => l.inputPath === p);
}

export function letterView(project: Project, letter: Letter): LetterView {
  let cache = views.get(project);
  if (!cache) views.set(project, (cache = new Map()));
  const hit = cache.get(letter.inputPath);
  if (hit) return hit;

  const organisation = project.organisations.get(letter.organisation)!;
  const data = letterData(project, letter);
  const figures = new Map(letter.figures.map((def) => [def.id, computeFigure(def, data, letter.peildatum)] as const));
  const dateText = formatDate(letter.date);
  // Other letters as any page may show them: without their figures.
  const summaries = letterSummaries(project);
  const other = (l: { inputPath: string }) => l.inputPath !== letter.inputPath;
  const view: LetterView = {
    letter,
    organisation,
    documentType: project.documentTypes.get(letter.type)!,
    dateText,
    peildatumText: formatDate(letter.peildatum),
    signatories: letter.signatories.map((id) => organisation.signatories.find((s) => s.id === id)!),
    referenceBlock: referenceBlock(letter, project.documentTypes.get(letter.type)!, dateText),
    referenceFields: [],
    runningHeaderCss: continuationHeaderCss(continuationTemplate(organisation, letter.type), { organisatie: organisation.name, datum: dateText, kenmerk: letter.onsKenmerk }),
    figures,
    frozen: project.frozen.has(letter.inputPath),
    published: Boolean(project.manifest.brieven[letter.inputPath]),
    ...(letter.corrects ? { corrects: summaries.find((l) => other(l) && l.onsKenmerk === letter.corrects)! } : {}),
    correctedBy: summaries.filter((l) => other(l) && l.corrects === letter.onsKenmerk),
    illustrative: [...figures.values()].some((f) => f.illustrative),
  };
  view.referenceFields = view.referenceBlock.filter((f) => f.key !== "onderwerp");
  const subject = view.referenceBlock.find((f) => f.key === "onderwerp");
  if (subject) view.referenceSubject = subject.value;
  const logo = letterLogo(project, organisation);
  if (logo) view.logo = logo;
  const downloads = letterDownloads(project, letter);
  if (downloads) view.downloads = downloads;
  cache.set(letter.inputPath, view);
  return view;
}

