// Ferry's Cosmos DB test server: @vercel/cosmosdb-server's in-memory account behind a small
// compatibility layer, so the Azure Cosmos Java SDK (gateway mode) can query, read by feed
// range and bulk-write against it. Written for Ferry; what it fixes is listed in
// ../shared/notes/cosmos.md.
//
// What the layer answers itself (everything else goes to the package's own handlers):
// - query-plan requests: a pass-through plan over the whole key space;
// - document queries: run over the container's documents filtered by the partition key header,
//   the partition key range id header and the start/end EPK headers, paged with continuations;
// - partition key ranges: containers hashed with version 2 (or MultiHash) advertise
//   FERRY_COSMOS_RANGES ranges (default 4), so parallel feed-range reads are testable;
// - writes: a document over 2 MB (413) or an id with '/', '\\', '?' or '#' (400) is refused,
//   also per operation inside a bulk (batch) request;
// - point operations with a partition key that does not match the document: 404;
// - keep-alive on every response;
// - throttling on demand, per container, for tests of the 429 path: POST /_ferry/throttle with
//   {"database", "container", "every": N, "retryAfterMs": M} answers every N-th write operation
//   (N = 1: all of them) with 429 and a retry-after of M ms (per operation inside a bulk request,
//   as the header x-ms-retry-after-ms for a single write); "every": 0 turns it off. GET
//   /_ferry/throttle?database=D&container=C returns {every, retryAfterMs, writes, throttled,
//   applied}: write operations seen, answered 429, and carried out.
//
// Usage: NODE_PATH=~/.ferry/cosmos-server/node_modules node layer.js --port 8081 --host 127.0.0.1
"use strict";

const https = require("https");
const path = require("path");
const fs = require("fs");
const crypto = require("crypto");
const { Readable } = require("stream");

const Account = require("@vercel/cosmosdb-server/lib/account").default;
const routes = require("@vercel/cosmosdb-server/lib/routes").default;
const docOps = require("@vercel/cosmosdb-server/lib/handler/_document-operations");
const cosmosQuery = require("@zeit/cosmosdb-query").default;
const epk = require("./epk");

const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
const FORBIDDEN_ID_CHARS = /[/\\?#]/;
const RANGE_COUNT = Math.max(1, Math.min(64, parseInt(process.env.FERRY_COSMOS_RANGES || "4", 10)));

const args = process.argv.slice(2);
function arg(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}
const port = parseInt(arg("--port", "8081"), 10);
const host = arg("--host", "127.0.0.1");
const packageDir = path.dirname(require.resolve("@vercel/cosmosdb-server/package.json"));

let account;
const throttles = new Map();

function throttleOf(db, coll) {
  const key = `${db}/${coll}`;
  let t = throttles.get(key);
  if (!t) {
    t = { every: 0, retryAfterMs: 0, writes: 0, throttled: 0, applied: 0 };
    throttles.set(key, t);
  }
  return t;
}

/** Counts a write operation; true when it is to be answered with 429. */
function throttleWrite(t) {
  if (!t) return false;
  t.writes++;
  if (t.every > 0 && t.writes % t.every === 0) {
    t.throttled++;
    return true;
  }
  return false;
}

async function throttleAdmin(req, res, body) {
  const url = new URL(req.url, "https://localhost");
  if (req.method === "GET") {
    const t = throttleOf(url.searchParams.get("database"), url.searchParams.get("container"));
    return send(req, res, 200, t);
  }
  let cfg;
  try {
    cfg = JSON.parse(body.toString("utf8"));
  } catch (e) {
    return send(req, res, 400, { message: "throttle body is not JSON" });
  }
  if (!cfg.database || !cfg.container || !(Number.isInteger(cfg.every) && cfg.every >= 0)) {
    return send(req, res, 400, { message: "throttle needs database, container and every >= 0" });
  }
  const t = throttleOf(cfg.database, cfg.container);
  t.every = cfg.every;
  t.retryAfterMs = Number.isInteger(cfg.retryAfterMs) ? cfg.retryAfterMs : 10;
  t.writes = 0;
  t.throttled = 0;
  t.applied = 0;
  return send(req, res, 200, t);
}
const epkCache = new WeakMap();
const queryCache = new Map();

function isTrue(req, header) {
  const v = req.headers[header];
  return typeof v === "string" && v.toLowerCase() === "true";
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", c => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(req, res, status, body, headers = {}) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("connection", "keep-alive");
  res.setHeader("x-ms-activity-id", crypto.randomUUID());
  res.setHeader("x-ms-request-charge", "1");
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(body === undefined ? "" : JSON.stringify(body));
}

/** The advertised ranges of a container: [{id, min, max}] over the EPK space. */
function rangesOf(collection) {
  const props = collection.read();
  if (!epk.isHashV2(props.partitionKey) || RANGE_COUNT === 1) {
    return [{ id: "0", min: "", max: "FF" }];
  }
  // Version-2 EPKs start with a byte in 00..3F: split that space evenly.
  const bounds = [];
  for (let i = 1; i < RANGE_COUNT; i += 1) {
    const first = Math.floor((i * 64) / RANGE_COUNT);
    bounds.push(first.toString(16).toUpperCase().padStart(2, "0") + "0".repeat(30));
  }
  const ranges = [];
  for (let i = 0; i < RANGE_COUNT; i += 1) {
    ranges.push({ id: String(i), min: i === 0 ? "" : bounds[i - 1], max: i === RANGE_COUNT - 1 ? "FF" : bounds[i] });
  }
  return ranges;
}

function partitionKeyRanges(req, res, collection) {
  const props = collection.read();
  if (req.headers["if-none-match"]) {
    return send(req, res, 304, undefined, { etag: '"1"' });
  }
  const list = rangesOf(collection).map(r => ({
    id: r.id,
    minInclusive: r.min,
    maxExclusive: r.max,
    ridPrefix: parseInt(r.id, 10),
    throughputFraction: 1 / RANGE_COUNT,
    status: "online",
    parents: [],
    _rid: `${props._rid}pk${r.id}`,
    _self: `${props._self}pkranges/${r.id}/`,
    _etag: `"range-${r.id}"`,
    _ts: props._ts,
  }));
  return send(req, res, 200, { _rid: props._rid, PartitionKeyRanges: list, _count: list.length }, {
    etag: '"1"',
    "x-ms-item-count": String(list.length),
  });
}

function documentEpk(doc, partitionKey) {
  let value = epkCache.get(doc);
  if (value === undefined) {
    value = epk.epkOf(epk.componentsOf(doc, partitionKey), partitionKey);
    epkCache.set(doc, value);
  }
  return value;
}

function allDocuments(collection) {
  return [...collection.documents._data.values()].map(item => item.read());
}

function headerPartitionKey(req) {
  const raw = req.headers["x-ms-documentdb-partitionkey"];
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw);
    if (!Array.isArray(parsed) || parsed.length === 0) return null;
    // [{}] is the SDK's "no partition key" (undefined component).
    return parsed.map(v => (v !== null && typeof v === "object" ? undefined : v));
  } catch (e) {
    return null;
  }
}

function sameComponents(doc, partitionKey, components) {
  const actual = epk.componentsOf(doc, partitionKey);
  return actual.length === components.length && actual.every((v, i) => v === components[i]);
}

/** Documents the request is scoped to: by partition key, by range id and by EPK bounds. */
function scopedDocuments(req, collection) {
  const props = collection.read();
  const partitionKey = props.partitionKey;
  let docs = allDocuments(collection);
  const components = headerPartitionKey(req);
  if (components) {
    return docs.filter(d => sameComponents(d, partitionKey, components));
  }
  if (!epk.isHashV2(partitionKey)) return docs;
  let min = "";
  let max = "FF";
  const rangeId = req.headers["x-ms-documentdb-partitionkeyrangeid"];
  if (rangeId) {
    const id = String(rangeId).split(",").pop();
    const range = rangesOf(collection).find(r => r.id === id);
    if (range) {
      min = range.min;
      max = range.max;
    }
  }
  const startEpk = req.headers["x-ms-start-epk"];
  const endEpk = req.headers["x-ms-end-epk"];
  if (startEpk !== undefined && startEpk > min) min = startEpk;
  if (endEpk !== undefined && endEpk !== "" && endEpk < max) max = endEpk;
  if (min === "" && max === "FF") return docs;
  return docs.filter(d => {
    const key = documentEpk(d, partitionKey);
    return key >= min && key < max;
  });
}

function queryPlan(req, res) {
  return send(req, res, 200, {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None",
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: "",
      hasSelectValue: false,
      hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
  });
}

function compiledQuery(sql) {
  let q = queryCache.get(sql);
  if (!q) {
    q = cosmosQuery(sql);
    if (queryCache.size > 200) queryCache.clear();
    queryCache.set(sql, q);
  }
  return q;
}

function queryDocuments(req, res, collection, body) {
  let params;
  try {
    params = JSON.parse(body.toString("utf8"));
  } catch (e) {
    return send(req, res, 400, { code: "BadRequest", message: "query body is not JSON" });
  }
  const maxItemCount = req.headers["x-ms-max-item-count"] ? parseInt(req.headers["x-ms-max-item-count"], 10) : null;
  let continuation = null;
  if (req.headers["x-ms-continuation"]) {
    try {
      continuation = JSON.parse(req.headers["x-ms-continuation"]);
    } catch (e) {
      continuation = null;
    }
  }
  const docs = scopedDocuments(req, collection);
  if (isSelectAll(params)) {
    return readAllPaged(req, res, collection, docs, maxItemCount, continuation);
  }
  let result;
  try {
    result = compiledQuery(params.query).exec(docs, {
      parameters: params.parameters,
      udf: collection.userDefinedFunctions.functions,
      maxItemCount: maxItemCount && maxItemCount > 0 ? maxItemCount : null,
      continuation,
      compositeIndexes: ((collection.read().indexingPolicy || {}).compositeIndexes) || [],
    });
  } catch (err) {
    return send(req, res, 400, { code: "BadRequest", message: err.message });
  }
  const headers = { "x-ms-item-count": String(result.result.length) };
  if (result.continuation) headers["x-ms-continuation"] = JSON.stringify(result.continuation);
  return send(req, res, 200, { _rid: collection.read()._rid, Documents: result.result, _count: result.result.length }, headers);
}

/** True for a plain "SELECT * FROM c" without parameters (the feed-range reader's query). */
function isSelectAll(params) {
  const q = String(params.query || "").trim().replace(/\s+/g, " ");
  const alias = /^SELECT \* FROM ([A-Za-z_][A-Za-z0-9_]*)$/i.exec(q);
  return alias !== null && (!params.parameters || params.parameters.length === 0);
}

/**
 * Pages a scoped document list without the query engine, which copies every document through
 * its evaluator (seconds per page for 768-float vectors). The continuation is an offset into the
 * scoped list, whose order is the container's insertion order.
 */
function readAllPaged(req, res, collection, docs, maxItemCount, continuation) {
  const offset = continuation && typeof continuation.ferryOffset === "number" ? continuation.ferryOffset : 0;
  const size = maxItemCount && maxItemCount > 0 ? maxItemCount : 100;
  const page = docs.slice(offset, offset + size);
  const headers = { "x-ms-item-count": String(page.length) };
  if (offset + size < docs.length) headers["x-ms-continuation"] = JSON.stringify({ ferryOffset: offset + size });
  return send(req, res, 200, { _rid: collection.read()._rid, Documents: page, _count: page.length }, headers);
}

/** Why the server would refuse this document, or null. */
function documentProblem(doc) {
  if (!doc || typeof doc !== "object") return null;
  const size = Buffer.byteLength(JSON.stringify(doc), "utf8");
  if (size > MAX_DOCUMENT_BYTES) {
    return { status: 413, body: { code: "RequestEntityTooLarge", message: `Request size is too large: document '${doc.id}' is ${size} bytes, the limit is ${MAX_DOCUMENT_BYTES}` } };
  }
  if (typeof doc.id === "string" && FORBIDDEN_ID_CHARS.test(doc.id)) {
    return { status: 400, body: { code: "BadRequest", message: `The input name '${doc.id}' is invalid: an id must not contain '/', '\\\\', '?' or '#'` } };
  }
  return null;
}

function batch(req, res, collection, body, throttle) {
  let ops;
  try {
    ops = JSON.parse(body.toString("utf8"));
  } catch (e) {
    return send(req, res, 400, { code: "BadRequest", message: "batch body is not JSON" });
  }
  if (!Array.isArray(ops)) return send(req, res, 400, { code: "BadRequest", message: "Invalid request body" });
  const atomic = isTrue(req, "x-ms-cosmos-batch-atomic");
  const continueOnError = isTrue(req, "x-ms-cosmos-batch-continue-on-error") || !atomic;
  const results = [];
  let failed = false;
  for (const op of ops) {
    if (failed && !continueOnError) {
      results.push({ statusCode: 424, requestCharge: 0 });
      continue;
    }
    const problem = documentProblem(op && op.resourceBody);
    const write = op && ["Create", "Upsert", "Replace", "Delete"].includes(op.operationType);
    let result;
    if (write && throttleWrite(throttle)) {
      failed = true;
      results.push({ statusCode: 429, subStatusCode: 3200, requestCharge: 0, retryAfterMilliseconds: throttle.retryAfterMs });
      continue;
    }
    if (problem) {
      result = { statusCode: problem.status, body: problem.body };
    } else {
      switch (op && op.operationType) {
        case "Create": result = docOps.createOperation(collection, op); break;
        case "Upsert": result = docOps.upsertOperation(collection, op); break;
        case "Read": result = docOps.readOperation(collection, op); break;
        case "Delete": result = docOps.deleteOperation(collection, op); break;
        case "Replace": result = docOps.replaceOperation(collection, op); break;
        default:
          return send(req, res, 400, { code: "BadRequest", message: `Operation type '${op && op.operationType}' is not supported in Batch.` });
      }
    }
    failed = result.statusCode >= 400;
    if (write && !failed && throttle) throttle.applied++;
    results.push(failed
      ? { statusCode: result.statusCode, requestCharge: 0, resourceBody: result.body }
      : { statusCode: result.statusCode, requestCharge: 1, eTag: result.body ? result.body._etag : undefined, resourceBody: result.body });
  }
  const status = atomic && failed ? 207 : 200;
  return send(req, res, status, results);
}

/** Hands the request to the package's own route handlers, with the body already read. */
async function delegate(req, res, body) {
  const forwarded = Readable.from(body.length ? [body] : []);
  forwarded.headers = req.headers;
  forwarded.method = req.method;
  forwarded.url = req.url;
  const route = routes(forwarded);
  if (!route) return send(req, res, 400, { message: "no route" });
  const [params, handler] = route;
  let out;
  try {
    out = await handler(account, forwarded, res, params);
  } catch (err) {
    res.statusCode = 500;
    out = { message: err.message };
  }
  if (res.statusCode > 399 && out && !out.message) out.message = "";
  if (out && out._etag) res.setHeader("etag", out._etag);
  if (req.headers["a-im"] && res.statusCode === 200) {
    if (req.headers["if-none-match"]) res.statusCode = 304;
    res.setHeader("etag", "1");
  }
  res.setHeader("content-location", `https://${req.headers.host}${req.url}`);
  return send(req, res, res.statusCode, out);
}

function normalise(pathname) {
  let p = decodeURIComponent(pathname);
  while (p.startsWith("//")) p = p.slice(1);
  while (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

const TRACE = process.env.FERRY_COSMOS_TRACE === "1";

async function handle(req, res) {
  const body = await readBody(req);
  if (TRACE) {
    // eslint-disable-next-line no-console
    console.log(req.method, req.url, JSON.stringify(req.headers), body.length > 500 ? `${body.length} bytes` : body.toString("utf8"));
  }
  const pathname = normalise(new URL(req.url, "https://localhost").pathname);
  if (pathname === "/_ferry/throttle") return throttleAdmin(req, res, body);
  const m = pathname.match(/^\/dbs\/([^/]+)\/colls\/([^/]+)(?:\/(docs|pkranges)(?:\/([^/]+))?)?$/);
  const throttle = m ? throttles.get(`${m[1]}/${m[2]}`) : undefined;
  const collection = m ? account.database(m[1]).collection(m[2]) : null;
  const exists = collection && collection.read();
  if (m && m[3] === "pkranges" && !m[4] && req.method === "GET") {
    if (!exists) return send(req, res, 404, { code: "NotFound", message: `container '${m[2]}' does not exist` });
    return partitionKeyRanges(req, res, collection);
  }
  if (m && m[3] === "docs" && !m[4] && req.method === "POST") {
    if (!exists) return send(req, res, 404, { code: "NotFound", message: `container '${m[2]}' does not exist` });
    if (isTrue(req, "x-ms-cosmos-is-query-plan-request")) return queryPlan(req, res);
    if (isTrue(req, "x-ms-documentdb-isquery") || req.headers["content-type"] === "application/query+json") {
      return queryDocuments(req, res, collection, body);
    }
    if (isTrue(req, "x-ms-cosmos-is-batch-request")) return batch(req, res, collection, body, throttle);
    if (throttleWrite(throttle)) {
      return send(req, res, 429, { code: "TooManyRequests", message: "Request rate is large (Ferry test throttle)" },
        { "x-ms-retry-after-ms": String(throttle.retryAfterMs), "x-ms-substatus": "3200" });
    }
    let doc = null;
    try {
      doc = JSON.parse(body.toString("utf8"));
    } catch (e) {
      doc = null;
    }
    const problem = documentProblem(doc);
    if (problem) return send(req, res, problem.status, problem.body);
  }
  if (m && m[3] === "docs" && m[4] && exists) {
    const components = headerPartitionKey(req);
    const id = m[4];
    if ((req.method === "PUT" || req.method === "DELETE") && throttleWrite(throttle)) {
      return send(req, res, 429, { code: "TooManyRequests", message: "Request rate is large (Ferry test throttle)" },
        { "x-ms-retry-after-ms": String(throttle.retryAfterMs), "x-ms-substatus": "3200" });
    }
    if (req.method === "PUT") {
      let doc = null;
      try {
        doc = JSON.parse(body.toString("utf8"));
      } catch (e) {
        doc = null;
      }
      const problem = documentProblem(doc);
      if (problem) return send(req, res, problem.status, problem.body);
    }
    if (components) {
      const partitionKey = exists.partitionKey;
      const found = allDocuments(collection).some(d => (d.id === id || d._rid === id) && sameComponents(d, partitionKey, components));
      if (!found) {
        return send(req, res, 404, { code: "NotFound", message: "Entity with the specified id does not exist in the system." });
      }
    }
  }
  return delegate(req, res, body);
}

const server = https.createServer(
  {
    cert: fs.readFileSync(path.join(packageDir, "cert.pem")),
    key: fs.readFileSync(path.join(packageDir, "key.pem")),
    keepAlive: true,
  },
  (req, res) => {
    handle(req, res).catch(err => {
      // eslint-disable-next-line no-console
      console.error(err);
      if (!res.headersSent) send(req, res, 500, { message: String(err && err.message) });
    });
  }
);
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.listen(port, host, () => {
  account = new Account(host, server.address().port);
  // eslint-disable-next-line no-console
  console.log(`Ferry Cosmos layer ready at https://${host}:${server.address().port}/ (${RANGE_COUNT} ranges)`);
});
