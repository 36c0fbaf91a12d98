// Reading one number as the secretariat wrote it. YAML decides what `3.000` is (the
// number 3) before anyone looks, while a Dutch reader means three thousand; `1.000.000`
// becomes text, `0x1F` 31 and `1e15` a quadrillion. So a number is judged on its source
// text (the scalar as written), never only on what YAML made of it: one plain form is
// accepted (digits, and a point with at most `decimals` digits where a kind allows
// decimals); everything else is refused with the form to write instead.
// Pure: no files, no positions; scripts/model/number-places.ts finds the scalars.

/** What a number is: its bounds and how many decimals it may have. */
export interface NumberKind {
  /** The noun in hints ("Een aantal is …"). */
  name: "aantal" | "bedrag" | "jaar" | "volgnummer" | "decimalen" | "waarde" | "factor" | "rijnummer";
  min: number;
  max: number;
  /** Digits allowed after the decimal point; 0: a whole number. */
  decimals: number;
}

export const COUNT: NumberKind = { name: "aantal", min: 0, max: 1e9, decimals: 0 };
export const AMOUNT: NumberKind = { name: "bedrag", min: 0, max: 1e12, decimals: 0 };
export const YEAR: NumberKind = { name: "jaar", min: 1800, max: 2200, decimals: 0 };
export const SEQUENCE: NumberKind = { name: "volgnummer", min: 1, max: 10_000, decimals: 0 };
/** `decimalen:` of a series: how many decimals its values may have. */
export const DECIMALS_SETTING: NumberKind = { name: "decimalen", min: 0, max: 3, decimals: 0 };

/** `factor` of a CBS mapping: what CBS's figure is multiplied by (1000 for a table in thousands). */
export const FACTOR: NumberKind = { name: "factor", min: 1, max: 1_000_000, decimals: 0 };
/** `vanaf_rij` of a spreadsheet mapping: the first row with figures (Excel has 1,048,576 rows). */
export const ROW: NumberKind = { name: "rijnummer", min: 1, max: 1_048_576, decimals: 0 };

/** A series value: a count, or with `decimalen: n` a figure with up to n decimals (a percentage, a rate). */
export function seriesValue(decimals: number): NumberKind {
  return decimals > 0 ? { name: "waarde", min: 0, max: COUNT.max, decimals } : COUNT;
}

/** A scalar as written: `Scalar.source` and `Scalar.type` of the yaml package. */
export interface WrittenNumber {
  source: string;
  /** PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED; absent counts as PLAIN. */
  type?: string | undefined;
}

export interface Refusal {
  status: "refused";
  code: string;
  message: string;
  hint: string;
  /** The form to write instead, when there is exactly one. */
  corrected?: string;
}

/** A number; a refusal; or text that is no attempt at a number (left to the schema's message). */
export type Reading = { status: "number"; value: number } | Refusal | { status: "text" };

const grouped = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 20 });
const ungrouped = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 20, useGrouping: false });

const WHOLE_HINT: Record<NumberKind["name"], string> = {
  aantal: "Een aantal is een geheel getal, zonder punt of komma.",
  bedrag: "Schrijf een bedrag in hele euro's, zonder punt of komma.",
  jaar: "Schrijf het jaar in vier cijfers, bijvoorbeeld 2017.",
  volgnummer: "Schrijf het volgnummer als geheel getal, bijvoorbeeld 4.",
  decimalen: "Schrijf het aantal decimalen als geheel getal: 0, 1, 2 of 3.",
  waarde: "Schrijf alleen cijfers, met een punt voor de decimalen.",
  factor: "Schrijf de factor als geheel getal, bijvoorbeeld 1000 voor een tabel in duizendtallen.",
  rijnummer: "Schrijf het rijnummer als geheel getal, bijvoorbeeld 2.",
};

/** Spaces people type between thousands: space, no-break space, narrow no-break space, thin space … */
const SPACE = "\\s";
const GROUP_SEPARATORS = `[${SPACE}'’]`;
const SIGN = /^[-+\u2212\u2013]/;
/** Units typed with a number: they belong in the series' or table's `eenheid`, not in the figure. */
const UNIT = /%|€|euro|EUR/i;

function separatorName(ch: string): string {
  if (ch === ".") return "een punt";
  if (ch === ",") return "een komma";
  if (ch === "'" || ch === "’") return "een apostrof";
  if (ch === "\u00a0") return "een vaste spatie";
  if (ch === "\u202f") return "een smalle vaste spatie";
  return "een spatie";
}

function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f\u2007\u2009]/g, " ");
}

/** How the text looks in a message: invisible spaces named, so the user can find them. */
function shown(text: string): string {
  return plainSpaces(text) === text ? text : `${plainSpaces(text)} (met een vaste of smalle spatie)`;
}

/** Reads one scalar as a number of `kind`; `what` names it in messages ("Aantal Emmen, 2015-01"). */
export function readNumber(written: WrittenNumber, kind: NumberKind, what: string): Reading {
  const type = written.type ?? "PLAIN";
  if (type === "PLAIN") return readPlain(written.source.trim(), kind, what);
  const inner = written.source.trim();
  const reading = readPlain(inner, kind, what);
  if (reading.status !== "number") return reading;
  const block = type.startsWith("BLOCK");
  const quote = type === "QUOTE_SINGLE" ? "'" : '"';
  return refuse(
    "RB-GETAL-ALS-TEKST",
    `${what} staat ${block ? "als tekstblok" : "tussen aanhalingstekens"} (${block ? inner : `${quote}${written.source}${quote}`}): dat is tekst, geen getal.`,
    `Schrijf ${inner} zonder ${block ? "| of >" : "aanhalingstekens"}.`,
    inner,
  );
}

function refuse(code: string, message: string, hint: string, corrected?: string): Refusal {
  return { status: "refused", code, message, hint, ...(corrected !== undefined ? { corrected } : {}) };
}

/** `canonical` if it is a valid number of this kind as it stands, else undefined. */
function acceptable(canonical: string, kind: NumberKind): string | undefined {
  return readPlain(canonical, kind, "").status === "number" ? canonical : undefined;
}

/** "Schrijf 3000." when there is one right form, else the kind's general advice. */
function writeHint(corrected: string | undefined, kind: NumberKind, extra = ""): string {
  return corrected !== undefined ? `Schrijf ${corrected}${extra}.` : WHOLE_HINT[kind.name];
}

function readPlain(text: string, kind: NumberKind, what: string): Reading {
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(text)) {
    return refuse("RB-GETAL-NOTATIE", `${what} is geen getal: ${text} betekent in YAML ${/nan/i.test(text) ? "'geen getal'" : "'oneindig'"}.`, "Vul het cijfer in, of laat de regel weg zolang het er niet is.");
  }
  if (UNIT.test(text)) return readWithUnit(text, kind, what);
  if (/^[-+]?0x[0-9a-fA-F]+$|^[-+]?0o[0-7]+$/.test(text)) {
    const value = (text.startsWith("-") ? -1 : 1) * Number(text.replace(/^[-+]/, ""));
    return refuse(
      "RB-GETAL-NOTATIE",
      `${what} is geschreven als ${text.includes("x") ? "hexadecimaal" : "octaal"} getal: ${text} (YAML leest dat als ${ungrouped.format(value)}).`,
      "Schrijf het getal in gewone cijfers.",
    );
  }
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$/.test(text)) {
    const value = Number(text);
    const corrected = Number.isSafeInteger(value) && value >= 0 ? acceptable(String(value), kind) : undefined;
    return refuse(
      "RB-GETAL-NOTATIE",
      `${what} is geschreven met een exponent: ${text} (YAML leest dat als ${grouped.format(value)}).`,
      corrected ? `Schrijf het getal voluit: ${corrected}.` : "Schrijf het getal voluit in cijfers.",
      corrected,
    );
  }
  // From here on: digits with separators and perhaps a sign, or not a number at all.
  if (!new RegExp(`^[-+\\u2212\\u2013]?[0-9.,${SPACE}'’]*[0-9][0-9.,${SPACE}'’]*$`).test(text)) return { status: "text" };
  const sign = SIGN.exec(text)?.[0];
  const body = sign ? text.slice(1) : text;
  const negative = sign !== undefined && sign !== "+";
  const withSign = (s: string) => (negative ? `-${s}` : s);

  const structural = readSeparators(body, kind, what, withSign);
  if (structural) return structural;
  if (!/^\d+(\.\d+)?$/.test(body)) {
    const tidy = /^\.\d+$/.test(body) ? `0${body}` : /^\d+\.$/.test(body) ? body.slice(0, -1) : undefined;
    const corrected = tidy !== undefined && !negative ? acceptable(tidy, kind) : undefined;
    return refuse("RB-GETAL-NOTATIE", `${what} is geen gewoon geschreven getal (${shown(text)}).`, writeHint(corrected, kind), corrected);
  }
  if (sign === "+") {
    const corrected = acceptable(body, kind);
    return refuse("RB-GETAL-NOTATIE", `${what} begint met een plusteken: ${text}.`, writeHint(corrected, kind, ", zonder +"), corrected);
  }
  if (/^0\d/.test(body)) {
    const corrected = negative ? undefined : acceptable(body.replace(/^0+(?=\d)/, ""), kind);
    return refuse("RB-GETAL-NOTATIE", `${what} begint met een 0: ${text}.`, writeHint(corrected, kind, ", zonder voorloopnul"), corrected);
  }
  return readCanonical(body, negative, text, kind, what);
}

function readWithUnit(text: string, kind: NumberKind, what: string): Reading {
  const unit = UNIT.exec(text)![0];
  const rest = text.replace(new RegExp(UNIT.source, "gi"), "").trim();
  const inner = rest === "" ? ({ status: "text" } as const) : readPlain(rest, kind, what);
  if (inner.status === "text") return inner;
  const corrected = inner.status === "number" ? rest : inner.corrected;
  const also = inner.status === "refused" ? ` ${inner.hint}` : "";
  return refuse(
    "RB-GETAL-EENHEID",
    `${what} bevat een eenheid (${unit}): ${shown(text)}.`,
    corrected !== undefined ? `Schrijf alleen het getal: ${corrected}. De eenheid staat bij de reeks of tabel.` : `Schrijf alleen het getal, zonder ${unit}.${also}`,
    corrected,
  );
}

/** Thousands separators, decimal commas and their mixtures; undefined when the text has none. */
function readSeparators(body: string, kind: NumberKind, what: string, withSign: (s: string) => string): Refusal | undefined {
  const groups = new RegExp(`^([1-9]\\d{0,2})((?:([.,]|${GROUP_SEPARATORS})\\d{3})(?:\\3\\d{3})*)(?:([.,])(\\d+))?$`).exec(body);
  if (groups) {
    const [, head, tail, sep, decimalMark, fraction] = groups as unknown as [string, string, string, string, string | undefined, string | undefined];
    const count = tail.length / 4;
    const digits = head + tail.replace(/\D/g, "");
    if (decimalMark === sep) return undefined; // "1.000.5": no known form; the caller calls it unusual
    if (decimalMark === undefined && count === 1 && (sep === "." || sep === ",") && kind.decimals > 0) {
      const asDecimal = `${head}.${tail.slice(1).replace(/0+$/, "")}`.replace(/\.$/, "");
      return refuse(
        "RB-GETAL-DUBBELZINNIG",
        `${what} is dubbelzinnig: ${body} — bedoelt u ${ungrouped.format(Number(asDecimal))} of ${digits}?`,
        `Schrijf ${withSign(asDecimal)} (met een punt) voor ${ungrouped.format(Number(asDecimal))}, of ${withSign(digits)} voor ${grouped.format(Number(digits))}.`,
      );
    }
    const canonical = withSign(fraction !== undefined ? `${digits}.${fraction}` : digits);
    const corrected = acceptable(canonical, kind);
    const yamlReads = sep === "." && count === 1 && decimalMark === undefined ? ` YAML leest dat als ${ungrouped.format(Number(body))}.` : "";
    return refuse(
      "RB-DUIZENDTALLEN",
      `${what} heeft ${separatorName(sep)} tussen de duizendtallen: ${plainSpaces(withSign(body))}.${yamlReads}`,
      corrected !== undefined ? `Schrijf ${corrected}, zonder punt, komma of spatie tussen de cijfers.` : `Schrijf het getal zonder punt, komma of spatie tussen de duizendtallen. ${WHOLE_HINT[kind.name]}`,
      corrected,
    );
  }
  const comma = /^(\d+),(\d+)$/.exec(body);
  if (comma) {
    const canonical = withSign(`${comma[1]}.${comma[2]}`);
    const corrected = kind.decimals > 0 ? acceptable(canonical, kind) : undefined;
    return refuse(
      "RB-DECIMALE-KOMMA",
      kind.decimals > 0 ? `${what} heeft een decimale komma: ${withSign(body)}.` : `${what} heeft een decimale komma: ${withSign(body)}; een ${kind.name} is een geheel getal.`,
      corrected !== undefined ? `Schrijf ${corrected}: in de gegevens staat een punt voor de decimalen (de site toont ${withSign(body)}).` : WHOLE_HINT[kind.name],
      corrected,
    );
  }
  return undefined;
}

/** Digits with at most one decimal point: whole or not, sign, bounds. */
function readCanonical(body: string, negative: boolean, text: string, kind: NumberKind, what: string): Reading {
  const [whole, fraction = ""] = body.split(".") as [string, string?];
  const value = Number(body);
  if (negative && value === 0) return refuse("RB-GETAL-NOTATIE", `${what} is geschreven als ${text}.`, "Schrijf 0.", "0");
  if (fraction.length > kind.decimals) {
    if (kind.decimals > 0) {
      return refuse(
        "RB-TE-VEEL-DECIMALEN",
        `${what} heeft ${fraction.length} decimalen: ${text}; hier mogen er hoogstens ${kind.decimals}.`,
        `Rond af op ${kind.decimals} ${kind.decimals === 1 ? "decimaal" : "decimalen"}, of verhoog 'decimalen' van de reeks.`,
      );
    }
    const corrected = /^0+$/.test(fraction) && !negative ? acceptable(whole, kind) : undefined;
    return refuse("RB-GEEN-GEHEEL-GETAL", `${what} is geen geheel getal: ${text}.`, corrected !== undefined ? `Schrijf ${corrected}.` : WHOLE_HINT[kind.name], corrected);
  }
  if (negative && kind.min >= 0 && kind.name !== "jaar") {
    return refuse("RB-NEGATIEF", `${what} is negatief: ${text}.`, `Een ${kind.name} kan niet negatief zijn; controleer het teken.`);
  }
  const signed = negative ? -value : value;
  // A year reads without grouping ("2200"), other bounds with it ("1.000.000.000").
  const bound = (n: number) => (kind.name === "jaar" ? String(n) : grouped.format(n));
  const range = `een ${kind.name} ligt tussen ${bound(kind.min)} en ${bound(kind.max)}`;
  if (signed > kind.max) return refuse("RB-GETAL-TE-GROOT", `${what} is ${text}: te groot, ${range}.`, "Controleer het getal: staan er cijfers te veel?");
  if (signed < kind.min) return refuse("RB-MINIMUM", `${what} is ${text}: te klein, ${range}.`, "Controleer het getal.");
  return { status: "number", value: signed };
}
