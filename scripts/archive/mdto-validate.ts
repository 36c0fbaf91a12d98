// Validates MDTO sidecars against the Nationaal Archief's MDTO-XML 1.0.2 schema
// (scripts/archive/mdto/), with libxml2 compiled to WebAssembly (xmllint-wasm):
// publishing needs no system tool and no network. The package starts a worker from
// its own folder and loads its .wasm beside it, so it stays out of the bundle
// (scripts/cli/launch.mjs bundles only BUNDLED_PACKAGES).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validateXML } from "xmllint-wasm";

export const MDTO_SCHEMA_FILE = "MDTO-XML1.0.2.xsd";
/** The schema as kept in the project, byte for byte the Nationaal Archief's file. */
export const MDTO_SCHEMA_PATH = fileURLToPath(new URL(`./mdto/${MDTO_SCHEMA_FILE}`, import.meta.url));

export interface SidecarToCheck {
  /** Shown in messages, e.g. "2e-….pdf.mdto.xml". */
  name: string;
  xml: string;
}

export interface SchemaVerdict {
  valid: boolean;
  /** libxml2's own messages, one per problem ("<name>:9: Schemas validity error : …"). */
  errors: string[];
}

/** Thrown when the validator itself could not run (no schema, a broken schema): never a pass. */
export class MdtoSchemaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MdtoSchemaError";
  }
}

export function readMdtoSchema(file = MDTO_SCHEMA_PATH): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new MdtoSchemaError(`Het MDTO-schema kon niet worden gelezen (${file}): ${(error as Error).message}`, { cause: error });
  }
}

/** Each document against the schema; the schema text is given, so nothing is fetched. */
export async function validateSidecars(docs: SidecarToCheck[], schema: string): Promise<SchemaVerdict[]> {
  const verdicts: SchemaVerdict[] = [];
  for (const doc of docs) {
    let result;
    try {
      result = await validateXML({
        xml: [{ fileName: doc.name, contents: doc.xml }],
        schema: [{ fileName: MDTO_SCHEMA_FILE, contents: schema }],
      });
    } catch (error) {
      // xmllint-wasm rejects when xmllint exits other than "valid"/"invalid": the schema did not load.
      throw new MdtoSchemaError(`Het MDTO-schema kon niet worden gebruikt: ${String((error as Error).message).trim()}`, { cause: error });
    }
    verdicts.push({ valid: result.valid, errors: result.errors.map((e) => e.rawMessage) });
  }
  return verdicts;
}
