import { describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { formatDiagnostic } from "../../scripts/model/diagnostics.ts";
import { readProject } from "../../scripts/model/load.ts";
import { allSchemas } from "../../scripts/model/validate.ts";
import { copyProject, edit, LETTER_2, LETTER_4 } from "../helpers.ts";

function problems(mutate: (dir: string) => void) {
  const dir = copyProject();
  try {
    mutate(dir);
    return readProject(dir).diagnostics.errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("invalid input gives a Dutch message with file, line and field", () => {
  it("a Dutch thousands separator in a count: suggests 3560", () => {
    const errors = problems((d) => edit(path.join(d, "data/reeksen/bijstandsvolume.yaml"), "2015-01: 3560", "2015-01: 3.560"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "RB-DUIZENDTALLEN", file: "data/reeksen/bijstandsvolume.yaml", line: 62, column: 16 });
    expect(errors[0]!.message).toBe("Aantal Emmen, 2015-01 heeft een punt tussen de duizendtallen: 3.560. YAML leest dat als 3,56.");
    expect(errors[0]!.hint).toBe("Schrijf 3560, zonder punt, komma of spatie tussen de cijfers.");
  });

  it("an unknown field: suggests the nearest one", () => {
    const errors = problems((d) => edit(path.join(d, LETTER_4), "onderwerp: 4e", "onderwrp: 4e"));
    const unknown = errors.find((e) => e.code === "RB-ONBEKEND-VELD")!;
    expect(unknown).toMatchObject({ file: LETTER_4, line: 9, column: 1, message: "Onbekend veld 'onderwrp'." });
    expect(unknown.hint).toBe("Bedoelde u 'onderwerp'?");
    expect(errors.find((e) => e.code === "RB-VERPLICHT-VELD")!.message).toBe("Verplicht veld 'onderwerp' ontbreekt.");
  });

  it("a date that does not exist", () => {
    const errors = problems((d) => edit(path.join(d, LETTER_4), "datum: 2015-11-24", "datum: 2015-11-31"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "RB-DATUM", line: 7, column: 8, message: "'2015-11-31' in 'datum' is geen geldige datum." });
  });

  it("a peildatum after the letter's date", () => {
    const errors = problems((d) => edit(path.join(d, LETTER_4), "peildatum: 2015-10-31", "peildatum: 2015-12-31"));
    expect(errors.map((e) => e.code)).toContain("RB-PEILDATUM-NA-DATUM");
    expect(errors.find((e) => e.code === "RB-PEILDATUM-NA-DATUM")).toMatchObject({ line: 8, column: 12 });
  });

  it("an unknown region in a figure", () => {
    const errors = problems((d) => edit(path.join(d, LETTER_4), "regios: [nederland, emmen]\n    vanaf: 2015-01\n  bijstand-trend", "regios: [nederland, emen]\n    vanaf: 2015-01\n  bijstand-trend"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "RB-ONBEKENDE-REGIO", line: 27 });
    expect(errors[0]!.hint).toBe("Bedoelde u 'emmen'?");
  });

  it("a sent letter that still says TODO", () => {
    const errors = problems((d) => edit(path.join(d, LETTER_2), "Wij hopen u hiermee", "TODO Wij hopen u hiermee"));
    // The letter is also published, so changing it at all is caught against archive/manifest.json.
    expect(errors.map((e) => e.code).sort()).toEqual(["RB-ARCHIEF-GEWIJZIGD", "RB-TODO-IN-VERZONDEN"]);
    expect(errors.find((e) => e.code === "RB-TODO-IN-VERZONDEN")).toMatchObject({ file: LETTER_2, line: 59, column: 1 });
  });

  it("formats a diagnostic with location, code frame and hint", () => {
    const d = { severity: "error" as const, code: "RB-X", file: "a.yaml", line: 2, column: 5, message: "Iets klopt niet.", hint: "Doe dit." };
    const text = formatDiagnostic(d, "a: 1\nb: 3.560\nc: 2\n");
    expect(text.split("\n")[0]).toBe("a.yaml:2:5: fout [RB-X] Iets klopt niet.");
    expect(text).toContain("> 2 | b: 3.560");
    expect(text.endsWith("  → Doe dit.")).toBe(true);
  });
});

describe("a code frame of a very long line", () => {
  it("is cut around the column, with the caret still under it", () => {
    const line = `a: ${"x".repeat(3000)}Y${"z".repeat(3000)}`;
    const text = formatDiagnostic({ severity: "error", code: "RB-X", file: "a.yaml", line: 2, column: 3004, message: "Hier.", hint: "Dit." }, `b: 1\n${line}\nc: 2\n`);
    const frame = text.split("\n").slice(1, -1);
    expect(Math.max(...frame.map((l) => l.length))).toBeLessThan(140);
    const code = frame.find((l) => l.includes("> 2 |"))!;
    const caret = frame[frame.indexOf(code) + 1]!;
    expect(code[caret.indexOf("^")]).toBe("Y");
    expect(code).toMatch(/\| …x+Yz+…$/);
  });
});

describe("the schemas themselves", () => {
  // The build skips this check (validateSchema: false, ~40 ms a run); it happens here.
  const metaChecker = () => new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });

  it("every schema is valid JSON Schema (draft-07 meta-schema)", () => {
    const ajv = metaChecker();
    const schemas = allSchemas();
    expect(schemas.length).toBeGreaterThanOrEqual(10);
    for (const schema of schemas) {
      expect(ajv.validateSchema(schema), `${(schema as { $id?: string }).$id}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it("the meta-schema check catches a broken schema", () => {
    const ajv = metaChecker();
    expect(ajv.validateSchema({ $id: "kapot", type: "tekst", properties: { a: { minLength: -1 } } })).toBe(false);
  });
});
