// Who the site's own pages (home, archive, search, colophon, …) say they come from,
// from data/site.yaml:
//
//   organisatie: emmen          the site of one organisation: its name, logo, colours, contact
//   uitgever:                   or a publisher of its own, for a site of several organisations
//     naam: Griffie …
//     email: griffie@…
//     huisstijl: { primaire_kleur: "#…", accentkleur: "#…", logo: logos/….svg }   (optional)
//
// Neither: with exactly one organisation in data/organisaties/, that one; with more,
// RB-SITE-UITGEVER (the site never picks one of them silently). Both: RB-SITE-UITGEVER.
// An organisation's pages and letters wear their own organisation's identity.
import type { Diagnostics } from "./diagnostics.ts";
import type { Identity, Organisation } from "./types.ts";
import { suggest } from "./validate.ts";

/** The colours of a publisher without `huisstijl`: white text on the primary colour is 9:1, the accent 5.6:1 on white. */
export const DEFAULT_COLOURS = { primary: "#1f4e79", accent: "#9a4a00" } as const;

type Raw = Record<string, any>;

export function organisationIdentity(org: Organisation): Identity {
  return {
    organisation: org.id,
    name: org.name,
    ...(org.logo ? { logo: org.logo } : {}),
    colours: org.colours,
    email: org.email,
    phone: org.phone,
    website: org.website,
    visitingAddress: org.visitingAddress,
    postalAddress: org.postalAddress,
  };
}

function publisherIdentity(raw: Raw): Identity {
  const style = (raw.huisstijl ?? {}) as Raw;
  return {
    name: raw.naam,
    ...(style.logo ? { logo: style.logo } : {}),
    colours: { primary: style.primaire_kleur ?? DEFAULT_COLOURS.primary, accent: style.accentkleur ?? DEFAULT_COLOURS.accent },
    email: raw.email,
    ...(raw.telefoon ? { phone: raw.telefoon } : {}),
    ...(raw.website ? { website: raw.website } : {}),
  };
}

/** Stands in while data/site.yaml has an error (the build stops on it): templates still render. */
export const PLACEHOLDER_IDENTITY: Identity = { name: "Raadsbrief", colours: { ...DEFAULT_COLOURS }, email: "info@example.nl" };

/**
 * The site's identity; reports RB-SITE-UITGEVER or RB-ONBEKENDE-ORGANISATIE on
 * data/site.yaml (at `locate`'s position) and returns the placeholder then.
 */
export function resolveSiteIdentity(args: {
  organisation?: string;
  publisher?: Raw;
  organisations: ReadonlyMap<string, Organisation>;
  broken: ReadonlySet<string>;
  diagnostics: Diagnostics;
  locate: (key: string) => { line?: number; column?: number };
}): Identity {
  const { organisation, publisher, organisations, diagnostics } = args;
  const file = "data/site.yaml";
  const ids = [...organisations.keys()];
  if (organisation !== undefined && publisher !== undefined) {
    diagnostics.error({
      code: "RB-SITE-UITGEVER",
      file,
      ...args.locate("uitgever"),
      message: "data/site.yaml noemt zowel 'organisatie' als 'uitgever': de site kan maar één uitgever hebben.",
      hint: "Houd 'organisatie: <naam>' voor de site van één gemeente, of 'uitgever:' (naam, e-mail, eventueel huisstijl) voor een site van meer gemeenten.",
    });
    return PLACEHOLDER_IDENTITY;
  }
  if (publisher !== undefined) return publisherIdentity(publisher);
  if (organisation !== undefined) {
    const org = organisations.get(organisation);
    if (org) return organisationIdentity(org);
    if (!args.broken.has(`organisatie:${organisation}`)) {
      const guess = suggest(organisation, ids);
      diagnostics.error({
        code: "RB-ONBEKENDE-ORGANISATIE",
        file,
        ...args.locate("organisatie"),
        message: `Organisatie '${organisation}' bestaat niet in data/organisaties/.`,
        hint: guess ? `Bedoelde u '${guess}'?` : `Kies uit: ${ids.join(", ") || "(geen)"}.`,
      });
    }
    return PLACEHOLDER_IDENTITY;
  }
  if (organisations.size === 1) return organisationIdentity([...organisations.values()][0]!);
  if (organisations.size > 1) {
    diagnostics.error({
      code: "RB-SITE-UITGEVER",
      file,
      line: 1,
      column: 1,
      message: `De site heeft ${organisations.size} organisaties (${ids.join(", ")}), maar data/site.yaml zegt niet wie de site uitgeeft.`,
      hint: "Zet in data/site.yaml 'uitgever:' met 'naam:' en 'email:' (en eventueel 'huisstijl:'), of 'organisatie: <naam>' als de site van één van hen is (README, 'The website').",
    });
  }
  return PLACEHOLDER_IDENTITY;
}
