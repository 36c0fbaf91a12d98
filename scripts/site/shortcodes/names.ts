// Names of the shortcodes a narrative may use; the checker parses narratives with
// these as known tags, the plugin registers them.
export const SHORTCODE_NAMES = ["figuur", "bespreking"] as const;
