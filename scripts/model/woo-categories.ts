// The seventeen information categories of the Wet open overheid (article 3.3), as the
// Woo-index knows them: the TOOI concept (waardelijst scw_woo_informatiecategorieen,
// version 4 of 2024-09-24, as the DiWoo 0.9.8 schema lists it) and the number in the
// name of its sitemap index (sitemapindex-diwoo-infocat006.xml: article 3.3's order,
// lid 1 a–e then lid 2 a–l). A document type names its category in
// data/documentsoorten.yaml (`woo_categorie`); its published documents go into that
// category's sitemap (scripts/site/woo.ts).

export interface WooCategory {
  /** The key in data/documentsoorten.yaml. */
  key: string;
  /** "006": the sitemap index is sitemapindex-diwoo-infocat006.xml. */
  number: string;
  /** TOOI concept URI. */
  uri: string;
  /** The TOOI preferred label. */
  label: string;
}

const TOOI = "https://identifier.overheid.nl/tooi/def/thes/kern/";

export const WOO_CATEGORIES: readonly WooCategory[] = [
  { key: "wetten-en-voorschriften", number: "001", uri: `${TOOI}c_139c6280`, label: "wetten en algemeen verbindende voorschriften" },
  { key: "besluiten-algemene-strekking", number: "002", uri: `${TOOI}c_aab6bfc7`, label: "overige besluiten van algemene strekking" },
  { key: "ontwerpen-regelgeving", number: "003", uri: `${TOOI}c_759721e2`, label: "ontwerpen van wet- en regelgeving met adviesaanvraag" },
  { key: "organisatie-en-werkwijze", number: "004", uri: `${TOOI}c_40a05794`, label: "organisatie en werkwijze" },
  { key: "bereikbaarheidsgegevens", number: "005", uri: `${TOOI}c_89ee6784`, label: "bereikbaarheidsgegevens" },
  { key: "ingekomen-stukken", number: "006", uri: `${TOOI}c_8c840238`, label: "bij vertegenwoordigende organen ingekomen stukken" },
  { key: "vergaderstukken-staten-generaal", number: "007", uri: `${TOOI}c_c76862ab`, label: "vergaderstukken Staten-Generaal" },
  { key: "vergaderstukken-decentrale-overheden", number: "008", uri: `${TOOI}c_db4862c3`, label: "vergaderstukken decentrale overheden" },
  { key: "agendas-en-besluitenlijsten", number: "009", uri: `${TOOI}c_3a248e3a`, label: "agenda’s en besluitenlijsten bestuurscolleges" },
  { key: "adviezen", number: "010", uri: `${TOOI}c_99a836c7`, label: "adviezen" },
  { key: "convenanten", number: "011", uri: `${TOOI}c_8fc2335c`, label: "convenanten" },
  { key: "jaarplannen-en-jaarverslagen", number: "012", uri: `${TOOI}c_c6cd1213`, label: "jaarplannen en jaarverslagen" },
  { key: "subsidieverplichtingen", number: "013", uri: `${TOOI}c_cf268088`, label: "subsidieverplichtingen anders dan met beschikking" },
  { key: "woo-verzoeken", number: "014", uri: `${TOOI}c_3baef532`, label: "Woo-verzoeken en -besluiten" },
  { key: "onderzoeksrapporten", number: "015", uri: `${TOOI}c_fdaee95e`, label: "onderzoeksrapporten" },
  { key: "beschikkingen", number: "016", uri: `${TOOI}c_46a81018`, label: "beschikkingen" },
  { key: "klachtoordelen", number: "017", uri: `${TOOI}c_a870c43d`, label: "klachtoordelen" },
];

/** A letter to the council is, for the council, an incoming document: the default. */
export const DEFAULT_WOO_CATEGORY = "ingekomen-stukken";

export function wooCategory(key: string): WooCategory {
  const found = WOO_CATEGORIES.find((c) => c.key === key);
  if (!found) throw new Error(`onbekende Woo-categorie '${key}'`);
  return found;
}
