// query.mjs — asks LangChain JS's PGVectorStore, configured for Ferry's LangChain layout, for the
// k nearest neighbours of query vectors. Reads one JSON object on stdin:
//   { "connection": {host, port, user, password, database}, "schema": "...",
//     "collection": "...", "distance": "cosine" | "euclidean", "k": 5, "queries": [[...], ...] }
// and prints one JSON array per query: the neighbours' ids, nearest first (the id is read from
// the row through the store's metadata-free search, so it is selected by the store itself).
import pg from "pg";
import { PGVectorStore } from "@langchain/community/vectorstores/pgvector";

const input = JSON.parse(await new Promise((resolve) => {
  let s = "";
  process.stdin.on("data", (d) => (s += d));
  process.stdin.on("end", () => resolve(s));
}));

const noEmbeddings = {
  embedDocuments: async () => { throw new Error("not used"); },
  embedQuery: async () => { throw new Error("not used"); },
};
const pool = new pg.Pool(input.connection);
const store = await PGVectorStore.initialize(noEmbeddings, {
  pool,
  schemaName: input.schema,
  tableName: "langchain_pg_embedding",
  collectionTableName: "langchain_pg_collection",
  collectionName: input.collection,
  columns: {
    idColumnName: "id",
    vectorColumnName: "embedding",
    contentColumnName: "document",
    metadataColumnName: "cmetadata",
  },
  distanceStrategy: input.distance,
});
const out = [];
for (const q of input.queries) {
  const results = await store.similaritySearchVectorWithScore(q, input.k);
  out.push(results.map(([doc]) => doc.id));
}
await store.end();
console.log(JSON.stringify(out));
