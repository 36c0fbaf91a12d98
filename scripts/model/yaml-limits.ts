// Limits on what a YAML file may make the parser do, checked without recursion so a
// hostile or broken file gets a message at its own line instead of a stack overflow
// or a billion-laughs expansion: nesting depth (on the parser's tokens, before the
// recursive composer runs) and how much aliases (*anker) may copy.
import { CST, isAlias, isCollection, isPair, isScalar, type Document, type Node } from "yaml";

/** Nesting levels of lists and blocks; the deepest real file (frozen figures) has six. */
export const MAX_DEPTH = 64;
/** Values that aliases may add to a file all together; a real file repeats a few dozen. */
export const MAX_ALIAS_VALUES = 100_000;

/**
 * The parser's tokens at a glance: the offset of the first collection nested deeper
 * than MAX_DEPTH, if any, and whether there is an alias at all (most files have none,
 * so they skip aliasProblem's walk).
 */
export function scanTokens(tokens: readonly CST.Token[]): { tooDeepAt?: number; aliases: boolean } {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  let aliases = false;
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (token.type === "alias") aliases = true;
    if (token.type === "document") {
      if (token.value) stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth + 1 > MAX_DEPTH) return { tooDeepAt: token.offset, aliases };
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return { aliases };
}

export interface AliasProblem {
  alias: Node;
  problem: "te-veel" | "te-diep" | "kringloop";
}

interface Size {
  values: number;
  depth: number;
}

/**
 * Walks the document in order (as yaml resolves aliases: the last anchor of that name
 * before the alias) and finds the first alias that makes the file too big or too deep,
 * or that points into its own block.
 */
export function aliasProblem(doc: Document): AliasProblem | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<unknown, Size>();
  let copied = 0;
  // Frames: [node, level, children done?]. Post-order sizes, without recursion.
  const stack: [unknown, number, boolean][] = [[doc.contents, 0, false]];
  while (stack.length) {
    const frame = stack.pop()!;
    const [node, level, done] = frame;
    if (node == null) continue;
    if (isPair(node)) {
      if (!done) stack.push([node, level, true], [node.value, level, false], [node.key, level, false]);
      else sizes.set(node, combine([node.key, node.value], sizes, 0));
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) continue; // the composer has reported it (BAD_ALIAS)
      const size = sizes.get(target);
      if (!size) return { alias: node, problem: "kringloop" };
      copied += size.values;
      if (copied > MAX_ALIAS_VALUES) return { alias: node, problem: "te-veel" };
      if (level + size.depth > MAX_DEPTH) return { alias: node, problem: "te-diep" };
      sizes.set(node, size);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (!done && anchor) anchors.set(anchor, node as Node);
    if (isScalar(node)) sizes.set(node, { values: 1, depth: 0 });
    else if (isCollection(node)) {
      if (!done) {
        stack.push([node, level, true]);
        for (let i = node.items.length - 1; i >= 0; i--) stack.push([node.items[i], level + 1, false]);
      } else sizes.set(node, combine(node.items, sizes, 1));
    }
  }
  return undefined;
}

function combine(children: unknown[], sizes: Map<unknown, Size>, own: number): Size {
  let values = own;
  let depth = 0;
  for (const c of children) {
    const s = sizes.get(c);
    if (!s) continue;
    values += s.values;
    depth = Math.max(depth, s.depth);
  }
  return { values, depth: depth + own };
}
