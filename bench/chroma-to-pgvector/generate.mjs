// generate.mjs — writes a benchmark collection through a running Chroma server's HTTP API v2:
// N records of dimension D, id "v<i>", a short document and metadata {i, group}. The vectors are
// clustered like real embeddings (one of 256 deterministic centres in [-1, 1)^D plus noise of
// +-0.25 per component): uniform random vectors are all nearly equidistant, where no HNSW index
// finds true neighbours. Used by run.sh once; the server's persisted directory is then the
// benchmark's source.
//
//   node generate.mjs URL COLLECTION N D [space]
const [url, name, nArg, dArg, space = "cosine"] = process.argv.slice(2);
const n = Number(nArg);
const d = Number(dArg);
const base = `${url}/api/v2/tenants/default_tenant/databases/default_database/collections`;

async function call(method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

let s = 0x9e3779b9;
function next() {
  s ^= s << 13; s >>>= 0;
  s ^= s >>> 17;
  s ^= s << 5; s >>>= 0;
  return Math.fround((s / 4294967296) * 2 - 1);
}

const centres = [];
for (let k = 0; k < 256; k++) {
  const v = new Array(d);
  for (let j = 0; j < d; j++) v[j] = next();
  centres.push(v);
}

const c = await call("POST", "", { name, get_or_create: true, configuration: { hnsw: { space } } });
const batch = 1000;
const t0 = Date.now();
for (let start = 0; start < n; start += batch) {
  const ids = [], embeddings = [], documents = [], metadatas = [];
  for (let i = start; i < Math.min(n, start + batch); i++) {
    ids.push(`v${i}`);
    const centre = centres[(i * 2654435761 >>> 0) % centres.length];
    const v = new Array(d);
    for (let j = 0; j < d; j++) v[j] = Math.fround(centre[j] + 0.25 * next());
    embeddings.push(v);
    documents.push(`document ${i}`);
    metadatas.push({ i, group: `g${i % 10}` });
  }
  await call("POST", `/${c.id}/upsert`, { ids, embeddings, documents, metadatas });
  if ((start / batch) % 10 === 0) {
    process.stderr.write(`generate: ${start + ids.length}/${n} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
}
console.log(JSON.stringify({ collection: name, id: c.id, count: await call("GET", `/${c.id}/count`) }));
