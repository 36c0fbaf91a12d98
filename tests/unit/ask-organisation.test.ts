// `npm run new` on a terminal asks for the organisation when there are several.
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { askOrganisation } from "../../scripts/authoring/ask.ts";
import { readProject } from "../../scripts/model/load.ts";

const project = readProject(path.resolve(import.meta.dirname, "../.."));

function session(lines: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let said = "";
  output.on("data", (d: Buffer) => (said += d.toString("utf8")));
  // Answers arrive one by one, as a person types them.
  const feed = async () => {
    for (const line of lines) {
      await new Promise((r) => setTimeout(r, 10));
      input.write(`${line}\n`);
    }
    await new Promise((r) => setTimeout(r, 10));
    input.end();
  };
  return { input, output, feed, said: () => said };
}

describe("askOrganisation", () => {
  it("lists the organisations and takes a number", async () => {
    const s = session(["2"]);
    const [answer] = await Promise.all([askOrganisation(project, s.input, s.output), s.feed()]);
    expect(answer).toBe("emmen");
    expect(s.said()).toContain("  1. coevorden (Gemeente Coevorden)\n  2. emmen (Gemeente Emmen)\n  3. groningen (Gemeente Groningen)");
  });

  it("asks again after a typo, with 'Bedoelde u …?', and takes a name", async () => {
    const s = session(["groninge", "groningen"]);
    const [answer] = await Promise.all([askOrganisation(project, s.input, s.output), s.feed()]);
    expect(answer).toBe("groningen");
    expect(s.said()).toContain("'groninge' is geen van deze organisaties. Bedoelde u 'groningen'?");
  });

  it("a closed input chooses nothing", async () => {
    const s = session([]);
    await expect(Promise.all([askOrganisation(project, s.input, s.output), s.feed()])).rejects.toThrow("Geen organisatie gekozen; er is niets geschreven.");
  });
});
