// {% bespreking "PvdA", "SP", "100% Groningen" %}: the line under an agenda item
// naming the parties that asked to discuss it ("… en …", by Intl.ListFormat).
import { escapeHtml } from "../html.ts";

const list = new Intl.ListFormat("nl", { style: "long", type: "conjunction" });

export function besprekingShortcode(...parties: string[]): string {
  if (parties.length === 0) throw new Error("bespreking: noem minstens één partij");
  return `<p class="bespreking"><strong>Bespreking is aangevraagd door:</strong> ${escapeHtml(list.format(parties))}.</p>`;
}
