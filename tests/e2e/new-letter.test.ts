// `npm run new`: the next letter from the previous one, never overwriting.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { copyProject, runCli } from "../helpers.ts";

const NEW = "content/emmen/2015/2015-12-22-5e-voortgangsrapportage-investeringsplan.md";

describe("npm run new", () => {
  const dir = copyProject();
  const seriesBefore = readFileSync(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "utf8");
  const first = runCli("scripts/cli/new.ts", ["voortgangsrapportage", "2015-12-22", "--organisatie", "emmen"], dir);

  it("writes the next letter and prints the paths", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split("\n").slice(0, 2)).toEqual([`Nieuw: ${NEW}`, "Bijgewerkt: data/reeksen/bijstandsvolume.yaml"]);
  });

  it("carries the reference block over, advances the sequence, sets new dates", () => {
    const text = readFileSync(path.join(dir, NEW), "utf8");
    const fm = parse(text.split("---\n")[1]!);
    expect(fm).toMatchObject({
      type: "voortgangsrapportage",
      organisatie: "emmen",
      reeks: { naam: "investeringsplan", volgnummer: 5 },
      datum: "2015-12-22",
      peildatum: "2015-11-30",
      onderwerp: "5e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid",
      bijlage: "5e voortgangsrapportage",
      ons_kenmerk: "TODO",
      uw_kenmerk: "",
      afdeling: "Leren & Werken",
      team: "Kwaliteit",
      behandeld_door: "B. Preijde",
      ondertekenaars: ["gemeentesecretaris", "burgemeester"],
      status: "concept",
    });
    expect(Object.keys(fm.figuren)).toEqual(["bijstand-tabel", "bijstand-trend"]);
  });

  it("turns the narrative into TODO sections, keeping headings and figures", () => {
    const body = readFileSync(path.join(dir, NEW), "utf8").split("---\n").slice(2).join("---\n");
    expect(body.match(/^TODO: /gm)).toHaveLength(3);
    expect(body).toContain("## Stand van zaken");
    expect(body).toContain("## Vooruitblik");
    expect(body).toContain('{% figuur "bijstand-tabel" %}');
    expect(body).toContain('{% figuur "bijstand-trend" %}');
    expect(body).toContain("(vorige keer: „Ook in oktober is het bijstandsvolume in Emmen …”)");
  });

  it("marks a place per region for the month its source is due: the national figure lags, so October, not November", () => {
    const after = readFileSync(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "utf8");
    const added = after.split("\n").filter((l) => !seriesBefore.split("\n").includes(l));
    expect(added).toEqual([
      "      # 2015-10:     # TODO: vul het cijfer voor oktober 2015 in en haal het #-teken weg",
      "      # 2015-11:     # TODO: vul het cijfer voor november 2015 in en haal het #-teken weg",
    ]);
    expect(after.indexOf(added[0]!)).toBeGreaterThan(after.indexOf("2015-09: { waarde: 433000"));
  });

  it("passes the check with a warning for the missing month", () => {
    const r = runCli("scripts/cli/check.ts", [], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${NEW}:8:12: waarschuwing [RB-CIJFER-ONTBREEKT] Emmen heeft nog geen cijfer voor 2015-11`);
    // The reference block's placeholder: a reminder while it is a concept.
    const line = readFileSync(path.join(dir, NEW), "utf8").split("\n").findIndex((l) => l.startsWith("ons_kenmerk:")) + 1;
    expect(r.stdout).toMatch(new RegExp(`^${NEW}:${line}:\\d+: waarschuwing \\[RB-TODO-IN-KENMERKBLOK\\] Het kenmerkblok van dit concept heeft bij 'ons_kenmerk' nog TODO`, "m"));
  });

  it("refuses to overwrite an existing letter", () => {
    const before = readFileSync(path.join(dir, NEW), "utf8");
    const again = runCli("scripts/cli/new.ts", ["voortgangsrapportage", "2015-12-22", "--organisatie", "emmen"], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Fout: ${NEW} bestaat al; er is niets overschreven.`);
    expect(readFileSync(path.join(dir, NEW), "utf8")).toBe(before);
  });

  it("explains a wrong type or date in Dutch", () => {
    const wrongType = runCli("scripts/cli/new.ts", ["voortgangsraportage", "2016-01-26", "--organisatie", "emmen"], dir);
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain("Fout: Onbekende documentsoort 'voortgangsraportage'. Bedoelde u 'voortgangsrapportage'? Kies uit: raadsbrief, voortgangsrapportage, memo, jaarverslag, beleidsplan.");
    const wrongDate = runCli("scripts/cli/new.ts", ["voortgangsrapportage", "26-01-2016"], dir);
    expect(wrongDate.code).toBe(1);
    expect(wrongDate.stderr).toContain("'26-01-2016' is geen geldige datum; schrijf JJJJ-MM-DD.");
  });

  it("with several organisations and none named: refused with the list where nothing can ask (here: no terminal), nothing written", () => {
    const r = runCli("scripts/cli/new.ts", ["voortgangsrapportage", "2016-01-26"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Fout: Voor welke organisatie is de nieuwe brief? Er zijn er 3: coevorden, emmen, groningen. Geef --organisatie <naam>, bijvoorbeeld: npm run new -- voortgangsrapportage 2016-01-26 --organisatie emmen",
    );
    expect(existsSync(path.join(dir, "content/emmen/2016"))).toBe(false);
  });

  it("a mistyped organisation: 'Bedoelde u …?'", () => {
    const r = runCli("scripts/cli/new.ts", ["voortgangsrapportage", "2016-01-26", "--organisatie", "emen"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Fout: Organisatie 'emen' bestaat niet in data/organisaties/. Bedoelde u 'emmen'? Kies uit: coevorden, emmen, groningen.");
  });

  it("a memo keeps its agenda lines and gets only the fields a memo uses", () => {
    const r = runCli("scripts/cli/new.ts", ["memo", "2019-12-10", "--organisatie", "groningen"], dir);
    expect(r.code, r.stderr).toBe(0);
    const file = "content/groningen/2019/2019-12-10-uitnodiging-commissie-werk-en-inkomen.md";
    const text = readFileSync(path.join(dir, file), "utf8");
    const fm = parse(text.split("---\n")[1]!) as Record<string, unknown>;
    expect(fm).not.toHaveProperty("peildatum");
    expect(fm).not.toHaveProperty("uw_kenmerk");
    expect(fm).toMatchObject({ type: "memo", organisatie: "groningen", datum: "2019-12-10", ons_kenmerk: "TODO", status: "concept" });
    const body = text.split("---\n").slice(2).join("---\n");
    expect(body.match(/^\{% bespreking .* %\}$/gm)).toEqual([
      '{% bespreking "PvdA", "SP", "100% Groningen" %}',
      '{% bespreking "VVD", "GroenLinks", "PvdD", "100% Groningen", "SP", "CDA" %}',
      '{% bespreking "PvdA", "VVD", "SP" %}',
      '{% bespreking "PvdA", "SP", "100% Groningen" %}',
    ]);
    expect(runCli("scripts/cli/check.ts", [], dir).code).toBe(0);
  });
});
