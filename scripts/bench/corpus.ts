// A synthetic, clearly illustrative project for the benchmark and the scale tests:
// N monthly letters (120 per municipality: ten years), each with two comparison
// tables and two trend charts over two series. Written as a complete project root
// (data/ + content/) outside the real content/, with a seeded PRNG so every run
// of the same size produces the same files, and so the same builds.
import { prng } from "../util/prng.ts";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const LETTERS_PER_ORGANISATION = 120;
/** Letters run monthly from this month on. */
const FIRST_YEAR = 2015;
const HEADER = "# Synthetisch, illustratief: gegenereerd door scripts/bench/corpus.ts voor de benchmark. Geen echte cijfers.";

export interface CorpusOptions {
  letters: number;
  /** Seed of the pseudo-random numbers; the same seed gives the same corpus. */
  seed?: number;
}

export interface Corpus {
  root: string;
  letters: number;
  organisations: string[];
  /** Input paths (relative to root), sorted. */
  letterFiles: string[];
}


const pad = (n: number, w = 2) => String(n).padStart(w, "0");
/** "bijstandsvolume-01": one series file per municipality. */
const seriesId = (series: string, orgIndex: number) => `${series}-${pad(orgIndex + 1)}`;

function addMonths(year: number, month: number, delta: number): [number, number] {
  const i = year * 12 + (month - 1) + delta;
  return [Math.floor(i / 12), (i % 12) + 1];
}

const monthKey = (y: number, m: number) => `${y}-${pad(m)}`;

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const SERIES = [
  { id: "bijstandsvolume", title: "Bijstandsvolume", unit: "uitkeringen", national: 420_000, local: [2_000, 6_000] },
  { id: "werkzoekenden", title: "Werkzoekenden", unit: "personen", national: 380_000, local: [1_500, 5_000] },
] as const;

const WORDS = {
  opening: [
    "Met deze rapportage informeren wij u over de ontwikkeling van het bijstandsvolume en het aantal werkzoekenden.",
    "Hierbij ontvangt u de maandelijkse stand van zaken van het programma Werk en Inkomen.",
    "In deze brief leest u hoe de cijfers zich de afgelopen maand hebben ontwikkeld.",
  ],
  subject: ["het bijstandsvolume", "het aantal werkzoekenden", "de uitstroom naar werk", "de instroom in de bijstand", "het aantal re-integratietrajecten"],
  verb: ["daalde", "steeg licht", "veranderde nauwelijks", "groeide", "kromp"],
  reason: [
    "door de aantrekkende arbeidsmarkt in de regio",
    "doordat meer inwoners een baan vonden via het werkgeversservicepunt",
    "als gevolg van seizoensinvloeden",
    "door een hogere instroom van jongeren",
    "door de inzet van extra klantmanagers",
  ],
  closing: [
    "Wij houden u op de hoogte van de verdere ontwikkelingen.",
    "In de volgende rapportage gaan wij in op de resultaten per doelgroep.",
    "Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd.",
  ],
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function sentence(rand: () => number): string {
  const s = `In deze maand ${pick(rand, WORDS.verb)} ${pick(rand, WORDS.subject)} ${pick(rand, WORDS.reason)}.`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function paragraph(rand: () => number, n: number): string {
  return Array.from({ length: n }, () => sentence(rand)).join(" ");
}

/** Monthly values: a slow random walk around a level, whole numbers. */
function walk(rand: () => number, start: number, months: number): number[] {
  const out: number[] = [];
  let v = start;
  for (let i = 0; i < months; i++) {
    v = Math.max(1, Math.round(v * (1 + (rand() - 0.5) * 0.02)));
    out.push(v);
  }
  return out;
}

/** Writes the corpus into `root` (replacing data/ and content/ there) and describes it. */
export function writeCorpus(root: string, options: CorpusOptions): Corpus {
  const total = options.letters;
  if (!Number.isInteger(total) || total < 1) throw new Error(`Ongeldig aantal brieven: ${total}`);
  const rand = prng(options.seed ?? 20151124);
  const orgCount = Math.ceil(total / LETTERS_PER_ORGANISATION);
  const organisations = Array.from({ length: orgCount }, (_, i) => `voorbeeldgemeente-${pad(i + 1)}`);

  for (const dir of ["data", "content"]) rmSync(path.join(root, dir), { recursive: true, force: true });
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  write(
    "data/site.yaml",
    [HEADER, "naam: Raadsbrieven (synthetisch)", "url: https://raadsbrief.example.nl", "beschrijving: Synthetische, illustratieve brieven voor de benchmark.", `organisatie: ${organisations[0]}`, ""].join("\n"),
  );
  write(
    "data/documentsoorten.yaml",
    [HEADER, "voortgangsrapportage:", "  naam: Voortgangsrapportage", "  meervoud: Voortgangsrapportages", "  layout: brief", ""].join("\n"),
  );

  organisations.forEach((id, i) => {
    const n = i + 1;
    const colour = `#${(0x20 + i * 9).toString(16).padStart(2, "0")}5a7a`;
    write(
      `data/organisaties/${id}.yaml`,
      [
        HEADER,
        `naam: Voorbeeldgemeente ${n}`,
        `korte_naam: Voorbeeld ${n}`,
        `gemeentecode: gm9${pad(n, 3)}`,
        "bezoekadres:",
        `  straat: Raadhuisplein ${n}`,
        `  postcode: ${1000 + n * 11} AB`,
        `  plaats: Voorbeeld ${n}`,
        "postadres:",
        `  postbus: Postbus ${10000 + n}`,
        `  postcode: ${1000 + n * 11} CD`,
        `  plaats: Voorbeeld ${n}`,
        "telefoon: 14 0000",
        `email: info@voorbeeld${n}.example.nl`,
        `website: https://voorbeeld${n}.example.nl`,
        `college: burgemeester en wethouders van Voorbeeld ${n},`,
        `geadresseerde: de raad van Voorbeeldgemeente ${n}`,
        "ondertekenaars:",
        "  gemeentesecretaris:",
        "    rol: de gemeentesecretaris,",
        `    naam: A. Secretaris ${n}`,
        "  burgemeester:",
        "    rol: de burgemeester,",
        `    naam: B. Burgemeester ${n}`,
        "huisstijl:",
        `  primaire_kleur: "${colour}"`,
        '  accentkleur: "#8a3b0c"',
        `  logo: logos/${id}.svg`,
        "",
      ].join("\n"),
    );
    write(
      `data/logos/${id}.svg`,
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48" role="img" aria-label="Beeldmerk (synthetisch, illustratief)"><title>Beeldmerk (synthetisch, illustratief)</title><rect width="48" height="48" rx="6" fill="${colour}"/><circle cx="24" cy="24" r="${8 + (i % 5) * 2}" fill="#fff"/></svg>\n`,
    );
  });

  // Series per municipality (itself and the Netherlands, as each keeps its own figures;
  // a series page charts every region), monthly from a year before the first letter.
  const months = (LETTERS_PER_ORGANISATION + 12) as number;
  const monthList = Array.from({ length: months }, (_, i) => monthKey(...addMonths(FIRST_YEAR - 1, 1, i)));
  const national = SERIES.map((s) => walk(rand, s.national, months));
  organisations.forEach((org, i) => {
    SERIES.forEach((s, k) => {
      const lines = [HEADER, `titel: ${s.title} Voorbeeld ${i + 1}`, `eenheid: ${s.unit}`, `omschrijving: ${s.title} aan het eind van de maand (synthetisch, illustratief).`, "regios:"];
      const region = (id: string, name: string, source: string, values: number[]) => {
        lines.push(`  ${id}:`, `    naam: ${name}`, `    bron: ${source}`, "    waarden:");
        values.forEach((v, m) => lines.push(`      ${monthList[m]}: { waarde: ${v}, illustratief: true }`));
      };
      region("nederland", "Nederland", "CBS", national[k]!);
      region(org, `Voorbeeld ${i + 1}`, `Gemeente Voorbeeld ${i + 1}`, walk(rand, Math.round(s.local[0] + rand() * (s.local[1] - s.local[0])), months));
      write(`data/reeksen/${seriesId(s.id, i)}.yaml`, `${lines.join("\n")}\n`);
    });
  });

  const letterFiles: string[] = [];
  for (let k = 0; k < total; k++) {
    const orgIndex = Math.floor(k / LETTERS_PER_ORGANISATION);
    const org = organisations[orgIndex]!;
    const seq = (k % LETTERS_PER_ORGANISATION) + 1;
    const [y, m] = addMonths(FIRST_YEAR, 1, seq - 1);
    const day = 20 + (orgIndex % 8);
    const date = `${y}-${pad(m)}-${pad(day)}`;
    const [py, pm] = addMonths(y, m, -1);
    const peildatum = `${py}-${pad(pm)}-${pad(lastDay(py, pm))}`;
    // A year of history in every figure: the chart grows no larger than the sample's.
    const from = monthKey(...addMonths(py, pm, -11));
    const slug = `${org}-rapportage-${seq}`;
    const rel = `content/${org}/${y}/${date}-${slug}.md`;
    const figure = (id: string, soort: string, reeks: string) =>
      [`  ${id}:`, `    soort: ${soort}`, `    reeks: ${reeks}`, `    regios: [nederland, ${org}]`, `    vanaf: ${from}`];
    const text = [
      "---",
      HEADER,
      "type: voortgangsrapportage",
      `organisatie: ${org}`,
      "reeks:",
      "  naam: maandrapportage",
      `  volgnummer: ${seq}`,
      `datum: ${date}`,
      `peildatum: ${peildatum}`,
      `onderwerp: "${seq}e Maandrapportage Werk en Inkomen (synthetisch)"`,
      `ons_kenmerk: "${pad(y % 100)}.${pad(orgIndex + 1)}${pad(seq, 4)}"`,
      'uw_kenmerk: ""',
      `bijlage: ${seq}e maandrapportage`,
      "afdeling: Werk en Inkomen",
      "team: Beleid",
      "behandeld_door: C. Medewerker",
      "ondertekenaars: [gemeentesecretaris, burgemeester]",
      "status: concept",
      "illustratief: true",
      "figuren:",
      ...figure("bijstand-tabel", "vergelijking", seriesId("bijstandsvolume", orgIndex)),
      ...figure("bijstand-trend", "trend", seriesId("bijstandsvolume", orgIndex)),
      ...figure("werk-tabel", "vergelijking", seriesId("werkzoekenden", orgIndex)),
      ...figure("werk-trend", "trend", seriesId("werkzoekenden", orgIndex)),
      "---",
      "Deze brief is synthetisch en illustratief: tekst en cijfers zijn gegenereerd voor de benchmark.",
      "",
      pick(rand, WORDS.opening),
      "",
      "## Bijstand",
      "",
      paragraph(rand, 4),
      "",
      '{% figuur "bijstand-tabel" %}',
      "",
      '{% figuur "bijstand-trend" %}',
      "",
      "## Werkzoekenden",
      "",
      paragraph(rand, 4),
      "",
      '{% figuur "werk-tabel" %}',
      "",
      '{% figuur "werk-trend" %}',
      "",
      "## Vooruitblik",
      "",
      paragraph(rand, 2),
      "",
      pick(rand, WORDS.closing),
      "",
    ].join("\n");
    write(rel, text);
    letterFiles.push(rel);
  }
  return { root, letters: total, organisations, letterFiles: letterFiles.sort() };
}
