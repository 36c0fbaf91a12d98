// Node's system errors (EACCES, ENOSPC, … from fs, child processes and worker
// threads) in Dutch: what could not be done, to which file, and why, without the
// English errno text. One place for the CLI's failure report (cli/report.ts), the
// launcher (cli/launch.mjs, plain JavaScript: it runs before any TypeScript can),
// the build and the preview. Plain JavaScript for that reason; types in the .d.mts.

/** What the failing call tried to do, by its syscall (Node's `syscall` field). */
const ACTIONS = {
  open: "openen",
  read: "lezen",
  write: "schrijven",
  mkdir: "maken",
  mkdtemp: "maken",
  rmdir: "verwijderen",
  rm: "verwijderen",
  unlink: "verwijderen",
  rename: "hernoemen",
  scandir: "lezen",
  opendir: "lezen",
  stat: "bekijken",
  lstat: "bekijken",
  access: "bekijken",
  realpath: "bekijken",
  copyfile: "kopiëren",
  link: "koppelen",
  symlink: "koppelen",
  chmod: "aanpassen",
  utime: "aanpassen",
  futime: "aanpassen",
  fsync: "schrijven",
  close: "schrijven",
  spawn: "starten",
  spawnSync: "starten",
  listen: "openen",
  connect: "bereiken",
};

/** Why, per error code: a Dutch reason and what to do about it. */
const REASONS = {
  EACCES: ["u hebt daar geen toestemming voor", "Controleer de rechten van die map of kies een andere plek."],
  EPERM: ["dat is niet toegestaan", "Controleer de rechten van die map of kies een andere plek."],
  ENOSPC: ["de schijf is vol", "Maak ruimte vrij (bijvoorbeeld door de map .cache/ te verwijderen) en probeer het opnieuw."],
  EDQUOT: ["uw schijfquotum is op", "Maak ruimte vrij of vraag om meer ruimte en probeer het opnieuw."],
  EROFS: ["die plek is alleen-lezen", "Kies een plek waar geschreven kan worden."],
  ENOTDIR: ["een deel van het pad is een bestand, geen map", "Controleer het pad."],
  ENOENT: ["dat bestaat niet", "Controleer het pad."],
  EISDIR: ["dat is een map, geen bestand", "Geef de naam van een bestand."],
  EEXIST: ["daar staat al iets met die naam", "Kies een andere naam of ruim het op."],
  ENOTEMPTY: ["de map is niet leeg", "Controleer wat er in die map staat."],
  EBUSY: ["het is in gebruik", "Sluit het programma dat het gebruikt en probeer het opnieuw."],
  EMFILE: ["er zijn te veel bestanden tegelijk open", "Sluit andere programma's of verhoog de grens (ulimit -n)."],
  ENFILE: ["er zijn te veel bestanden tegelijk open", "Sluit andere programma's en probeer het opnieuw."],
  ENAMETOOLONG: ["de naam is te lang", "Kies een korter pad."],
  ELOOP: ["het pad bevat een kring van symbolische koppelingen", "Controleer de koppelingen in het pad."],
  EXDEV: ["dat kan niet tussen twee schijven", "Kies een plek op dezelfde schijf."],
  EIO: ["de schijf gaf een leesfout of schrijffout", "Controleer de schijf en probeer het opnieuw."],
  ENOMEM: ["er is niet genoeg geheugen", "Sluit andere programma's en probeer het opnieuw."],
  ENOEXEC: ["dat is geen programma dat hier kan draaien", "Controleer het pad naar het programma."],
  ETXTBSY: ["het programma wordt op dit moment bijgewerkt", "Wacht even en probeer het opnieuw."],
  ERR_WORKER_OUT_OF_MEMORY: ["een werkthread had meer geheugen nodig dan toegestaan", "Maak de grafiek of de invoer kleiner, of probeer het op een machine met meer geheugen."],
  ERR_WORKER_INIT_FAILED: ["een werkthread kon niet starten", "Draai `npm ci` opnieuw en probeer het nog eens."],
};

/** Calls that make something: ENOENT from them means the place does not take it (/proc), not a missing file. */
const CREATES = new Set(["mkdir", "mkdtemp", "open", "symlink", "link", "copyfile", "rename"]);
const ENOENT_CREATE = ["die plek bestaat niet of laat geen nieuwe bestanden toe", "Controleer het pad en kies een gewone map."];

/**
 * True for an error Node made from a system call (it has an errno code such as
 * "EACCES" and a syscall), or a worker thread's own failure.
 * @param {unknown} error
 * @returns {error is NodeJS.ErrnoException}
 */
export function isSystemError(error) {
  if (!(error instanceof Error)) return false;
  const code = /** @type {{ code?: unknown }} */ (error).code;
  return typeof code === "string" && (/^E[A-Z0-9]+$/.test(code) || Object.hasOwn(REASONS, code));
}

/**
 * A system error in Dutch, or undefined for any other error. Names the file (or
 * program) and says what to do, e.g. "Kon /x/_site.tmp-1 niet maken: u hebt daar
 * geen toestemming voor. Controleer de rechten van die map of kies een andere plek."
 * @param {unknown} error
 * @returns {string | undefined}
 */
export function describeSystemError(error) {
  if (!isSystemError(error)) return undefined;
  const code = /** @type {string} */ (error.code);
  const syscall = typeof error.syscall === "string" ? error.syscall : "";
  const [reason, hint] = code === "ENOENT" && CREATES.has(syscall.split(" ")[0] ?? "") ? ENOENT_CREATE : REASONS[/** @type {keyof typeof REASONS} */ (code)] ?? [`het besturingssysteem meldde fout ${code}`, "Probeer het opnieuw; helpt dat niet, draai dan met --debug."];
  const verb = syscall.split(" ")[0] ?? "";
  const action = ACTIONS[/** @type {keyof typeof ACTIONS} */ (verb)] ?? "gebruiken";
  // spawn's path is the program; a rename's dest is where it failed to go.
  const file = error.path ?? (/^spawn(?:Sync)? /.test(syscall) ? syscall.slice(verb.length + 1) : undefined);
  const dest = /** @type {{ dest?: unknown }} */ (error).dest;
  if (code.startsWith("ERR_WORKER")) return `${capitalise(reason)}. ${hint}`;
  const what = file === undefined ? " een bestand" : verb === "rename" && typeof dest === "string" ? ` ${file} (naar ${dest})` : ` ${file}`;
  return `Kon${what} niet ${action}: ${reason}. ${hint}`;
}

/** @param {string} s */
function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
