// Node's system errors in Dutch (scripts/util/system-error.mjs), exactly, as real
// calls make them: no English errno text, the file named, what to do.
import { mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeSystemError, isSystemError } from "../../scripts/util/system-error.mjs";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("describeSystemError", () => {
  it("tells real fs failures in Dutch, naming the file", () => {
    expect(describeSystemError(thrown(() => mkdirSync("/dev/null/x")))).toBe(
      "Kon /dev/null/x niet maken: een deel van het pad is een bestand, geen map. Controleer het pad.",
    );
    expect(describeSystemError(thrown(() => mkdirSync("/proc/raadsbrief-x")))).toBe(
      "Kon /proc/raadsbrief-x niet maken: die plek bestaat niet of laat geen nieuwe bestanden toe. Controleer het pad en kies een gewone map.",
    );
    // Node names no file for a read of a folder.
    expect(describeSystemError(thrown(() => readFileSync("/tmp")))).toBe("Kon een bestand niet lezen: dat is een map, geen bestand. Geef de naam van een bestand.");
    // Nor for a write (only the open names it): the caller names the folder (report.ts's last line).
    expect(describeSystemError(thrown(() => writeFileSync("/dev/full", "x")))).toBe(
      "Kon een bestand niet schrijven: de schijf is vol. Maak ruimte vrij (bijvoorbeeld door de map .cache/ te verwijderen) en probeer het opnieuw.",
    );
    expect(describeSystemError(thrown(() => renameSync("/bestaat/niet", "/tmp/x")))).toBe(
      "Kon /bestaat/niet (naar /tmp/x) niet hernoemen: die plek bestaat niet of laat geen nieuwe bestanden toe. Controleer het pad en kies een gewone map.",
    );
    expect(describeSystemError(thrown(() => openSync("/sys/raadsbrief-x", "w")))).toMatch(/^Kon \/sys\/raadsbrief-x niet openen: (?:dat is niet toegestaan|u hebt daar geen toestemming voor)\. /);
  });

  it("tells a program that cannot start", () => {
    const r = spawnSync("/tmp");
    expect(describeSystemError(r.error)).toBe("Kon /tmp niet starten: u hebt daar geen toestemming voor. Controleer de rechten van die map of kies een andere plek.");
  });

  it("covers the codes a build meets, each in Dutch", () => {
    const make = (code: string, syscall = "write", path = "/x/_site.tmp-1/a.pdf") => Object.assign(new Error(`${code}: english text, ${syscall} '${path}'`), { code, syscall, path });
    for (const code of ["EACCES", "EPERM", "ENOSPC", "EROFS", "ENOTDIR", "ENOENT", "EISDIR", "EMFILE", "EDQUOT", "EIO"]) {
      const text = describeSystemError(make(code))!;
      expect(text, code).toMatch(/^Kon \/x\/_site\.tmp-1\/a\.pdf niet schrijven: .+\. .+\.$/);
      expect(text, code).not.toMatch(/\bE[A-Z]{3,}\b|english/);
    }
    expect(describeSystemError(Object.assign(new Error("Worker terminated due to reaching memory limit: JS heap out of memory"), { code: "ERR_WORKER_OUT_OF_MEMORY" }))).toBe(
      "Een werkthread had meer geheugen nodig dan toegestaan. Maak de grafiek of de invoer kleiner, of probeer het op een machine met meer geheugen.",
    );
    // An unknown code: still Dutch, still no English message.
    expect(describeSystemError(make("EWEIRD"))).toBe("Kon /x/_site.tmp-1/a.pdf niet schrijven: het besturingssysteem meldde fout EWEIRD. Probeer het opnieuw; helpt dat niet, draai dan met --debug.");
  });

  it("leaves other errors alone", () => {
    expect(isSystemError(new Error("x"))).toBe(false);
    expect(describeSystemError(new Error("x"))).toBeUndefined();
    expect(describeSystemError("EACCES")).toBeUndefined();
    expect(describeSystemError(Object.assign(new Error("x"), { code: "RB-DATUM" }))).toBeUndefined();
  });
});
