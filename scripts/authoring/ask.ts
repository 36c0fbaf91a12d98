// `npm run new` on a terminal, without --organisatie, in a project of several
// organisations: asks which one (by number or name), until the answer is one of them.
import { createInterface } from "node:readline/promises";
import type { Project } from "../model/load.ts";
import { suggest } from "../model/validate.ts";
import { ScaffoldError } from "./scaffold.ts";

export async function askOrganisation(project: Project, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<string> {
  const ids = [...project.organisations.keys()].sort();
  const rl = createInterface({ input, output });
  // Ctrl+D (or a closed input) ends the question: nothing is written.
  const closed = new Promise<never>((_, reject) => rl.once("close", () => reject(new ScaffoldError("Geen organisatie gekozen; er is niets geschreven."))));
  closed.catch(() => {});
  try {
    output.write(`Voor welke organisatie is de nieuwe brief?\n${ids.map((id, i) => `  ${i + 1}. ${id} (${project.organisations.get(id)!.name})`).join("\n")}\n`);
    for (;;) {
      const answer = (await Promise.race([rl.question(`Nummer of naam (1–${ids.length}): `), closed])).trim();
      const byNumber = /^\d+$/.test(answer) ? ids[Number(answer) - 1] : undefined;
      if (byNumber) return byNumber;
      if (ids.includes(answer)) return answer;
      const guess = suggest(answer, ids);
      output.write(`'${answer}' is geen van deze organisaties.${guess ? ` Bedoelde u '${guess}'?` : ""}\n`);
    }
  } finally {
    rl.close();
  }
}
