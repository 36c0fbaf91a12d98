// Links and images in a narrative: one rule for the check, the page, the PDF and the
// search index (they all come from the same rendered HTML). A letter must be complete
// without the network and may load nothing from elsewhere:
//
// - an image is a relative path to a PNG, JPEG, WebP or GIF file inside content/
//   (no SVG: it can carry script), with a text alternative; it is copied next to
//   the letter's page;
// - a link goes to a fragment (#…), a page of the site (/…), an e-mail address
//   (mailto:), a telephone number (tel:), another letter (its .md file), a file
//   inside content/ (copied next to the page), or a website whose host is in
//   `externe_links` in data/site.yaml (subdomains included);
// - javascript:, data:, vbscript:, file: and every other scheme are refused.
import { closeSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { NarrativeRef } from "./narrative.ts";

export interface RefContext {
  /** Project root. */
  root: string;
  /** The letter's file, relative to the root ("content/emmen/2015/x.md"). */
  file: string;
  /** Hosts from `externe_links` in data/site.yaml. */
  externalHosts: readonly string[];
}

export type ResolvedRef =
  | { ok: true; href: string; source?: string; letter?: string }
  | { ok: false; code: "RB-TEKST-LINK" | "RB-TEKST-AFBEELDING"; message: string; hint: string };

/** The folder beside a letter's page where its images and linked files go. */
export const FILES_DIR = "bestanden";

const IMAGE_TYPES: Record<string, (head: Buffer) => boolean> = {
  ".png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  ".jpg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  ".jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  ".gif": (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString("latin1")),
  ".webp": (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};
/** Files a narrative may link to: documents and data, nothing a browser would run. */
const LINKABLE = new Set([".pdf", ".csv", ".txt", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".png", ".jpg", ".jpeg", ".gif", ".webp"]);
/** Names that are safe in a URL and a file system, and no glob. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

function head(file: string): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** True when host is one of the allowed hosts or a subdomain of one. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return allowed.some((a) => h === a || h.endsWith(`.${a}`));
}

function inside(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

const LINK = "RB-TEKST-LINK" as const;
const IMAGE = "RB-TEKST-AFBEELDING" as const;

/** Checks one link or image and says where it goes; the renderer follows the same answer. */
export function resolveRef(ref: Pick<NarrativeRef, "kind" | "href" | "alt">, ctx: RefContext): ResolvedRef {
  const image = ref.kind === "image";
  const code = image ? IMAGE : LINK;
  const refuse = (message: string, hint: string): ResolvedRef => ({ ok: false, code, message, hint });
  const href = ref.href;
  const imageHint = "Zet de afbeelding (PNG, JPEG, WebP of GIF) in de map van de brief onder content/ en schrijf ![beschrijving](naam.png).";
  if (href.trim() === "") return refuse(image ? "Deze afbeelding heeft geen bestand." : "Deze link heeft geen adres.", image ? imageHint : "Schrijf [tekst](adres).");
  if (/[\s\\\u0000-\u001f]/.test(href)) return refuse(`Het adres '${href}' bevat een spatie, backslash of stuurteken.`, "Schrijf het adres zonder spaties en met / in plaats van \\.");
  if (image && !ref.alt?.trim()) {
    return refuse("Deze afbeelding heeft geen beschrijving (alt-tekst).", "Schrijf tussen de rechte haken wat er op de afbeelding staat: ![Kaart van de wijken](kaart.png).");
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
  if (href.startsWith("//") || scheme === "http" || scheme === "https") {
    if (image) return refuse(`Een afbeelding van een andere website (${href}) kan niet: een brief moet compleet zijn zonder internet.`, imageHint);
    let url: URL;
    try {
      url = new URL(href.startsWith("//") ? `https:${href}` : href);
    } catch {
      return refuse(`'${href}' is geen geldig webadres.`, "Controleer het adres.");
    }
    if (url.username || url.password) return refuse(`Het adres '${href}' bevat een gebruikersnaam of wachtwoord.`, "Laat het deel vóór de @ weg.");
    if (!hostAllowed(url.hostname, ctx.externalHosts)) {
      return refuse(
        `Een link naar ${url.hostname} is niet toegestaan.`,
        `Alleen websites onder 'externe_links' in data/site.yaml mogen worden gelinkt${ctx.externalHosts.length ? ` (nu: ${ctx.externalHosts.join(", ")})` : " (nu: geen)"}. Voeg ${url.hostname} daar toe als de link klopt.`,
      );
    }
    return { ok: true, href };
  }
  if (scheme) {
    if (!image && (scheme === "mailto" || scheme === "tel")) return { ok: true, href };
    return refuse(`Een ${image ? "afbeelding" : "link"} met '${scheme}:' is niet toegestaan.`, image ? imageHint : "Link naar een webadres (https://…), een e-mailadres (mailto:…), een pagina van de site (/…) of een bestand bij de brief.");
  }
  if (href.startsWith("#")) return image ? refuse("Een afbeelding kan niet naar een plek in de pagina verwijzen.", imageHint) : { ok: true, href };
  if (href.startsWith("/")) return image ? refuse(`De afbeelding '${href}' moet bij de brief staan, met een pad zonder / ervoor.`, imageHint) : { ok: true, href };
  return resolveLocal(href, image, ctx, refuse, imageHint);
}

function resolveLocal(
  href: string,
  image: boolean,
  ctx: RefContext,
  refuse: (message: string, hint: string) => ResolvedRef,
  imageHint: string,
): ResolvedRef {
  const hash = href.indexOf("#");
  const pathPart = hash >= 0 ? href.slice(0, hash) : href;
  const fragment = hash >= 0 ? href.slice(hash) : "";
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return refuse(`Het adres '${href}' kan niet worden gelezen.`, "Schrijf de bestandsnaam zoals hij is.");
  }
  const content = path.join(ctx.root, "content");
  const target = path.resolve(ctx.root, path.dirname(ctx.file), decoded);
  const shown = path.relative(ctx.root, target).split(path.sep).join("/");
  if (!inside(content, target)) return refuse(`'${decoded}' ligt buiten content/.`, "Zet het bestand in de map van de brief onder content/.");
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st?.isFile()) {
    return refuse(`${image ? "De afbeelding" : "Het bestand"} ${shown} bestaat niet.`, image ? imageHint : "Controleer de naam, of zet het bestand in de map van de brief.");
  }
  if (!inside(realpathSync(content), realpathSync(target))) return refuse(`'${decoded}' verwijst naar een bestand buiten content/.`, "Zet het bestand zelf in de map van de brief.");
  const name = path.basename(target);
  const ext = path.extname(name).toLowerCase();
  if (!image && ext === ".md") return { ok: true, href: fragment, letter: shown };
  if (!SAFE_NAME.test(name)) {
    return refuse(`De bestandsnaam '${name}' bevat tekens die in een webadres niet kunnen.`, "Gebruik in de naam alleen letters, cijfers, punt, streepje en liggend streepje.");
  }
  if (image) {
    const matches = IMAGE_TYPES[ext];
    if (!matches) return refuse(`${shown} is geen PNG-, JPEG-, WebP- of GIF-afbeelding${ext === ".svg" ? " (SVG kan scripts bevatten)" : ""}.`, imageHint);
    if (!matches(head(target))) return refuse(`${shown} is geen echte ${ext.slice(1).toUpperCase()}-afbeelding.`, "Sla de afbeelding opnieuw op als PNG, JPEG, WebP of GIF.");
  } else if (!LINKABLE.has(ext)) {
    return refuse(`Naar een ${ext || "bestand zonder extensie"}-bestand kan de tekst niet linken.`, `Toegestaan zijn: ${[...LINKABLE].join(", ")}.`);
  }
  return { ok: true, href: `${FILES_DIR}/${name}${fragment}`, source: target };
}
