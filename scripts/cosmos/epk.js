// Effective partition keys (EPK) for Ferry's Cosmos DB test layer.
//
// Cosmos DB places a document by hashing its partition key value into a hex string (the EPK);
// each partition key range owns a half-open interval [minInclusive, maxExclusive) of EPKs.
// The Java SDK computes EPKs on the client (bulk routing, feed ranges), so the test layer must
// compute the same strings to answer per-range queries. Written for Ferry from the published
// algorithms: MurmurHash3 x64 128-bit (seed 0) over a type-prefixed encoding of each key
// component; hash version 2 and MultiHash (one hash per component, concatenated).
//
// CLI (used by the Java test that checks this port against the SDK):
//   node epk.js '[["a"],["b",1]]'          -> one EPK per line, hash version 2
//   node epk.js --multihash '[["a","x"]]'  -> MultiHash EPKs
"use strict";

const MASK64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

function rotl64(x, r) {
  return ((x << BigInt(r)) | (x >> BigInt(64 - r))) & MASK64;
}

function mul64(a, b) {
  return (a * b) & MASK64;
}

function fmix64(k) {
  k ^= k >> 33n;
  k = mul64(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul64(k, 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

function readUint64LE(bytes, offset, length) {
  let value = 0n;
  for (let i = length - 1; i >= 0; i -= 1) {
    value = (value << 8n) | BigInt(bytes[offset + i]);
  }
  return value;
}

/** MurmurHash3 x64 128 of a byte buffer; returns [h1, h2] as unsigned 64-bit BigInts. */
function murmur3x64x128(bytes, seed = 0n) {
  let h1 = BigInt(seed) & MASK64;
  let h2 = h1;
  const blocks = Math.floor(bytes.length / 16);
  for (let b = 0; b < blocks; b += 1) {
    let k1 = readUint64LE(bytes, b * 16, 8);
    let k2 = readUint64LE(bytes, b * 16 + 8, 8);
    k1 = mul64(rotl64(mul64(k1, C1), 31), C2);
    h1 ^= k1;
    h1 = (mul64(((rotl64(h1, 27) + h2) & MASK64), 5n) + 0x52dce729n) & MASK64;
    k2 = mul64(rotl64(mul64(k2, C2), 33), C1);
    h2 ^= k2;
    h2 = (mul64(((rotl64(h2, 31) + h1) & MASK64), 5n) + 0x38495ab5n) & MASK64;
  }
  const tail = blocks * 16;
  const rest = bytes.length - tail;
  if (rest > 8) {
    let k2 = readUint64LE(bytes, tail + 8, rest - 8);
    k2 = mul64(rotl64(mul64(k2, C2), 33), C1);
    h2 ^= k2;
  }
  if (rest > 0) {
    let k1 = readUint64LE(bytes, tail, Math.min(rest, 8));
    k1 = mul64(rotl64(mul64(k1, C1), 31), C2);
    h1 ^= k1;
  }
  const len = BigInt(bytes.length);
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = (h1 + h2) & MASK64;
  h2 = (h2 + h1) & MASK64;
  return [h1, h2];
}

/** The bytes a partition key component is hashed from (hash version 2). */
function componentBytes(value) {
  if (value === undefined) return Buffer.from([0x00]);
  if (value === null) return Buffer.from([0x01]);
  if (value === false) return Buffer.from([0x02]);
  if (value === true) return Buffer.from([0x03]);
  if (typeof value === "number") {
    const out = Buffer.alloc(9);
    out[0] = 0x05;
    out.writeDoubleLE(value, 1);
    return out;
  }
  if (typeof value === "string") {
    return Buffer.concat([Buffer.from([0x08]), Buffer.from(value, "utf8"), Buffer.from([0xff])]);
  }
  // Objects and arrays are not valid partition key values; Cosmos treats them as undefined.
  return Buffer.from([0x00]);
}

function uint64ToBytesLE(value) {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(value, 0);
  return out;
}

/** EPK of hashed bytes: the 128-bit hash, most significant byte first, top two bits cleared. */
function hashToEpk(bytes) {
  const [h1, h2] = murmur3x64x128(bytes);
  const little = Buffer.concat([uint64ToBytesLE(h1), uint64ToBytesLE(h2)]);
  const big = Buffer.from(little).reverse();
  big[0] &= 0x3f;
  return big.toString("hex").toUpperCase();
}

/** EPK of a full partition key (array of component values) for hash version 2. */
function epkV2(components) {
  return hashToEpk(Buffer.concat(components.map(componentBytes)));
}

/** EPK of a full hierarchical (MultiHash) partition key: one hash per component. */
function epkMultiHash(components) {
  return components.map(c => hashToEpk(componentBytes(c))).join("");
}

function valueAtPath(doc, path) {
  let current = doc;
  for (const part of path.split("/").filter(p => p.length > 0)) {
    if (current === null || typeof current !== "object" || !(part in current)) {
      return undefined;
    }
    current = current[part];
  }
  return current;
}

/** The partition key components of a document under a container's partition key definition. */
function componentsOf(doc, partitionKey) {
  return ((partitionKey || {}).paths || ["/id"]).map(p => valueAtPath(doc, p));
}

/** True when the container's keys are hashed with version 2 (or MultiHash), i.e. splittable. */
function isHashV2(partitionKey) {
  const pk = partitionKey || {};
  return pk.kind === "MultiHash" || pk.version === 2 || pk.version === "V2" || pk.version === "2";
}

/** EPK of components under a partition key definition (hash version 2 or MultiHash). */
function epkOf(components, partitionKey) {
  return (partitionKey || {}).kind === "MultiHash" ? epkMultiHash(components) : epkV2(components);
}

module.exports = { murmur3x64x128, epkV2, epkMultiHash, epkOf, componentsOf, isHashV2, valueAtPath };

if (require.main === module) {
  const args = process.argv.slice(2);
  const multi = args[0] === "--multihash";
  const keys = JSON.parse(multi ? args[1] : args[0]);
  for (const key of keys) {
    process.stdout.write(`${multi ? epkMultiHash(key) : epkV2(key)}\n`);
  }
}
