// `npm run publish -- <brief>`: publishes a letter (status verzonden, figures
// frozen, PDF + MDTO sidecars + the page's article + manifest entry in archive/).
// `npm run publish -- --artikel <brief>`: adds the article to a letter published
// before articles were archived. Refuses to overwrite.
import { archiveArticle, PublishError, publishLetter } from "../archive/publish.ts";
import { projectRoot } from "../site/paths.ts";
import { reportFailure, reportUncaught } from "./report.ts";
import { onInterrupt, signalExitCode, signalName } from "./signals.ts";

const args = process.argv.slice(2);
const ref = args.find((a) => !a.startsWith("--"));
const articleOnly = args.includes("--artikel");
if (!ref) {
  console.error(`Fout: geef de brief ${articleOnly ? "waarvan u de webpagina wilt archiveren" : "die u wilt publiceren"}.`);
  console.error(
    articleOnly
      ? "Gebruik: npm run publish -- --artikel content/emmen/2015/2015-09-29-2e-voortgangsrapportage-investeringsplan.md (of het kenmerk)"
      : "Gebruik: npm run publish -- content/emmen/2015/2015-11-24-4e-voortgangsrapportage-investeringsplan.md (of het kenmerk)",
  );
  process.exit(1);
}
reportUncaught(args.includes("--debug"));
// Ends at once; the exit handlers put back what the publication changed (publish.ts)
// and remove the build's temp folder, Chromium and its profile.
onInterrupt((signal) => {
  console.error(`\nPubliceren afgebroken (${signalName(signal)}); wat al was gewijzigd, is teruggezet.`);
  process.exit(signalExitCode(signal));
});
// One async function, not top-level await: the bundle is CommonJS (cli/bundle.mjs).
async function main(ref: string): Promise<void> {
  try {
    if (articleOnly) {
      const result = await archiveArticle(projectRoot(), ref, (line) => console.log(line));
      console.log(`Webpagina gearchiveerd: ${result.letter.inputPath} (kenmerk ${result.letter.onsKenmerk}). Zet archive/ in versiebeheer (git add archive/, git commit).`);
    } else {
      const result = await publishLetter(projectRoot(), ref, (line) => console.log(line));
      console.log(`Gepubliceerd: ${result.letter.inputPath} (kenmerk ${result.letter.onsKenmerk}). Zet archive/ en de brief in versiebeheer (git add, git commit).`);
    }
  } catch (error) {
    if (error instanceof PublishError) {
      console.error(`Fout: ${error.message}`);
      process.exitCode = 1;
    } else {
      process.exitCode = reportFailure(error, args.includes("--debug"));
    }
  }
}
void main(ref);
