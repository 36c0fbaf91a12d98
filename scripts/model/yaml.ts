// One YAML parser for data files and front matter (the `yaml` package, YAML 1.2
// core schema: "2015-09-29" stays a string, no surprise Date objects), with
// positions kept so every later problem can point at file:line:column.
import { Composer, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type Document, type Node } from "yaml";
import { Diagnostics } from "./diagnostics.ts";
import { aliasProblem, MAX_ALIAS_VALUES, MAX_DEPTH, scanTokens } from "./yaml-limits.ts";

export type PathPart = string | number;

export interface Position {
  line: number;
  column: number;
}

export interface YamlFile {
  file: string;
  value: unknown;
  doc: Document;
  /** Position of the value (or, with `key`, of the key) at `path`; falls back to the nearest parent. */
  locate(path: readonly PathPart[], opts?: { key?: boolean }): Position;
  /** Original source text of a scalar (e.g. "3.560" where the value is 3.56). */
  sourceOf(path: readonly PathPart[]): string | undefined;
  /** Position of a node of `doc`. */
  position(node: Node): Position;
}

// Dutch messages for the yaml package's error codes; see
// https://eemeli.org/yaml/#errors for the list.
const YAML_MESSAGES: Record<string, { message: string; hint: string }> = {
  DUPLICATE_KEY: {
    message: "Deze sleutel staat twee keer in hetzelfde blok.",
    hint: "Verwijder of hernoem een van de twee; bij maanden: elke maand mag maar één keer voorkomen.",
  },
  TAB_AS_INDENT: {
    message: "Een tab als inspringing; YAML staat alleen spaties toe.",
    hint: "Vervang de tab door spaties (twee per niveau).",
  },
  BAD_INDENT: { message: "De inspringing klopt niet.", hint: "Lijn de regel uit met de andere velden van hetzelfde niveau." },
  MISSING_CHAR: { message: "Er ontbreekt een teken (bijvoorbeeld een dubbele punt of een afsluitend aanhalingsteken).", hint: "Controleer de regel op `veld: waarde` en sluit aanhalingstekens." },
  BLOCK_AS_IMPLICIT_KEY: { message: "Een regel zonder `veld:` staat waar een veld verwacht wordt.", hint: "Zet `veld: waarde` op de regel of verwijder hem." },
  MULTILINE_IMPLICIT_KEY: { message: "Een veldnaam loopt over meer regels.", hint: "Zet de dubbele punt direct achter de veldnaam, op dezelfde regel." },
  UNEXPECTED_TOKEN: { message: "Onverwacht teken.", hint: "Staat hier een losse `-`, `:` of aanhalingsteken? Zet tekst met zulke tekens tussen aanhalingstekens." },
  BAD_SCALAR_START: { message: "Deze waarde mag zo niet beginnen.", hint: "Zet tekst die met @, ` of % begint tussen aanhalingstekens." },
};

/** Parses as `parseDocument` does, but stops at nesting beyond MAX_DEPTH before the (recursive) composer runs. */
function parse(text: string, lineCounter: LineCounter): { doc: Document; aliases: boolean } | { tooDeepAt: number } {
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const scan = scanTokens(tokens);
  if (scan.tooDeepAt !== undefined) return { tooDeepAt: scan.tooDeepAt };
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  let doc: Document | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents"));
      break;
    }
  }
  return { doc: doc!, aliases: scan.aliases };
}

export function parseYaml(text: string, file: string, diags: Diagnostics, lineOffset = 0): YamlFile | undefined {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  const parsed = parse(text, lineCounter);
  if ("tooDeepAt" in parsed) {
    diags.error({
      code: "RB-YAML-TE-DIEP",
      file,
      ...at(parsed.tooDeepAt),
      message: `Lijsten en blokken zijn hier meer dan ${MAX_DEPTH} niveaus diep genest.`,
      hint: "Zoveel niveaus heeft geen enkel gegevensbestand: controleer de haakjes [ ] en { } en de inspringing.",
    });
    return undefined;
  }
  const doc = parsed.doc;
  for (const err of doc.errors) {
    const known = YAML_MESSAGES[err.code];
    diags.error({
      code: `RB-YAML-${err.code.replace(/_/g, "-")}`,
      file,
      ...at(err.pos[0]),
      message: known?.message ?? `YAML kan niet worden gelezen: ${err.message}`,
      hint: known?.hint ?? "Controleer de opmaak van deze regel (zie https://yaml.org).",
    });
  }
  if (doc.errors.length > 0) return undefined;
  const aliases = parsed.aliases ? aliasProblem(doc) : undefined;
  if (aliases) {
    const name = `*${(aliases.alias as { source?: string }).source}`;
    const message = {
      "te-veel": `De verwijzing ${name} laat het bestand uitdijen tot meer dan ${new Intl.NumberFormat("nl-NL").format(MAX_ALIAS_VALUES)} herhaalde waarden.`,
      "te-diep": `De verwijzing ${name} nest de gegevens meer dan ${MAX_DEPTH} niveaus diep.`,
      kringloop: `De verwijzing ${name} staat in het blok waarnaar hij verwijst.`,
    }[aliases.problem];
    diags.error({
      code: aliases.problem === "te-diep" ? "RB-YAML-TE-DIEP" : "RB-YAML-ALIAS",
      file,
      ...at(aliases.alias.range?.[0] ?? 0),
      message,
      hint: "Schrijf de waarden uit in plaats van ze met &anker en *verwijzing te herhalen.",
    });
    return undefined;
  }

  const nodeAt = (path: readonly PathPart[], key: boolean): Node | undefined => {
    let node: unknown = doc.contents;
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      if (isMap(node)) {
        // Compared as text: a key like 2006 is a number to YAML, a string in a path.
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(part));
        if (!pair) return undefined;
        node = i === path.length - 1 && key ? pair.key : pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        node = node.items[part];
      } else {
        return undefined;
      }
    }
    return node as Node | undefined;
  };

  const locate = (path: readonly PathPart[], opts: { key?: boolean } = {}): Position => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(path.slice(0, n), n === path.length && !!opts.key);
      if (node?.range) return at(node.range[0]);
    }
    return { line: 1 + lineOffset, column: 1 };
  };

  const sourceOf = (path: readonly PathPart[]): string | undefined => {
    const node = nodeAt(path, false);
    return isScalar(node) ? (node as { source?: string }).source : undefined;
  };

  // Aliases are bounded above (aliasProblem), so yaml's own count, which refuses an
  // anchor used more than 100 times, is not needed.
  return { file, value: doc.toJS({ maxAliasCount: -1 }), doc, locate, sourceOf, position: (node) => at(node.range?.[0] ?? 0) };
}

/**
 * A YamlFile for a value read before (input-cache.ts): the text is parsed again
 * only when a check asks where something is.
 */
export function knownYamlFile(text: string, file: string, value: unknown, lineOffset = 0): YamlFile {
  let parsed: YamlFile | undefined;
  // It parsed without errors before, so it does again.
  const full = (): YamlFile => (parsed ??= parseYaml(text, file, new Diagnostics(), lineOffset)!);
  return {
    file,
    value,
    get doc() {
      return full().doc;
    },
    locate: (p, opts) => full().locate(p, opts),
    sourceOf: (p) => full().sourceOf(p),
    position: (node) => full().position(node),
  };
}
