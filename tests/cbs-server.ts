// A stand-in for CBS StatLine's OData v3 API on 127.0.0.1, for the import tests: it
// answers TableInfos, DataProperties, Perioden, the dimensions' lists and
// TypedDataSet in the documented JSON shape ({"odata.metadata": …, "value": […]}),
// with padded dimension keys, $filter ("X eq 'Y'", "substringof('MM',Perioden)"),
// $select, and pages of `pageSize` rows linked by odata.nextLink. `faults` makes
// chosen requests fail first (429 with Retry-After, 500, …) or never answer.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeTable {
  /** The TableInfos row; default a regular monthly table. */
  info?: Record<string, unknown> | null;
  properties: { Key: string; Type: string; Title?: string }[];
  periods: { Key: string; Status: string }[];
  /** Dimension → its keys as CBS writes them (padded). */
  dimensions?: Record<string, string[]>;
  rows: Record<string, unknown>[];
  pageSize?: number;
}

export interface Fault {
  /** Matches the request's path and query (decoded), e.g. "/37789ksz/TypedDataSet". */
  match: string;
  /** Answers, one per matching request, before the table answers normally; "hang" never answers. */
  answers: ({ status: number; headers?: Record<string, string>; body?: string } | "hang")[];
}

export interface CbsServer {
  base: string;
  /** Every request's decoded path and query, in order. */
  requests: string[];
  userAgents: string[];
  close(): Promise<void>;
}

const envelope = (base: string, table: string, entity: string, value: unknown[], next?: string) =>
  JSON.stringify({ "odata.metadata": `${base}/${table}/$metadata#Cbs.OData.WebAPI.${entity}`, value, ...(next ? { "odata.nextLink": next } : {}) });

/** Rows matching an OData filter of `and`-ed clauses "X eq 'Y'" and "substringof('S',X)". */
function filtered(rows: Record<string, unknown>[], filter: string | null): Record<string, unknown>[] {
  if (!filter) return rows;
  const clauses = filter.split(/\s+and\s+/);
  return rows.filter((row) =>
    clauses.every((c) => {
      const eq = /^(\w+) eq '((?:[^']|'')*)'$/.exec(c.trim());
      if (eq) return String(row[eq[1]!]) === eq[2]!.replace(/''/g, "'");
      const sub = /^substringof\('([^']*)',(\w+)\)$/.exec(c.trim());
      if (sub) return String(row[sub[2]!]).includes(sub[1]!);
      throw new Error(`filter not understood: ${c}`);
    }),
  );
}

export async function startCbsServer(tables: Record<string, FakeTable>, faults: Fault[] = []): Promise<CbsServer> {
  const requests: string[] = [];
  const userAgents: string[] = [];
  const hanging: ServerResponse[] = [];
  let base = "";
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    const shown = decodeURIComponent(url.pathname + url.search);
    requests.push(shown);
    userAgents.push(String(req.headers["user-agent"] ?? ""));
    const fault = faults.find((f) => shown.includes(f.match) && f.answers.length > 0);
    if (fault) {
      const a = fault.answers.shift()!;
      if (a === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
      res.end(a.body ?? JSON.stringify({ "odata.error": { code: "", message: { lang: "nl-NL", value: "fout" } } }));
      return;
    }
    const [, tableId, entity] = url.pathname.replace(/^\/odata/, "").split("/");
    const table = tables[tableId ?? ""];
    const send = (value: unknown[], next?: string) => {
      res.writeHead(200, { "content-type": "application/json;odata=minimalmetadata;streaming=true;charset=utf-8" });
      res.end(envelope(`${base}/odata`, tableId!, entity!, value, next));
    };
    if (!table) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ "odata.error": { code: "", message: { lang: "en-US", value: "Resource not found" } } }));
      return;
    }
    if (entity === "TableInfos") return send(table.info === null ? [] : [{ ID: 1, Title: `Tabel ${tableId}`, Identifier: tableId, Frequency: "Perjaar", ...table.info }]);
    if (entity === "DataProperties") return send(table.properties.map((p, i) => ({ "odata.type": `Cbs.OData.${p.Type}`, ID: i, Position: i, ParentID: null, Title: p.Key, ...p })));
    if (entity === "Perioden") return send(table.periods.map((p) => ({ Title: p.Key, Description: null, ...p })));
    if (entity === "TypedDataSet") {
      const select = url.searchParams.get("$select")?.split(",");
      const rows = filtered(table.rows, url.searchParams.get("$filter")).map((r, i) => (select ? Object.fromEntries(select.map((k) => [k, r[k]])) : { ID: i, ...r }));
      const size = table.pageSize ?? 10_000;
      const skip = Number(url.searchParams.get("$skip") ?? 0);
      const page = rows.slice(skip, skip + size);
      let next: string | undefined;
      if (skip + size < rows.length) {
        const n = new URL(url.href);
        n.searchParams.set("$skip", String(skip + size));
        next = n.href;
      }
      return send(page, next);
    }
    const keys = table.dimensions?.[entity ?? ""];
    if (keys) return send(keys.map((Key) => ({ Key, Title: Key.trim(), Description: null })));
    res.writeHead(404, { "content-type": "application/json" });
    res.end("{}");
  };
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base: `${base}/odata`,
    requests,
    userAgents,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
