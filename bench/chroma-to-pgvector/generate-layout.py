#!/usr/bin/env python3
"""generate-layout.py — writes a Chroma persisted directory directly in Chroma 1.x's on-disk
layout (chroma.sqlite3 + one HNSW segment folder), for the memory benchmark: N x D float32
vectors too many to push through a server in reasonable time. Only what Ferry's directory reader
reads is written: the collection, its two segments, the embeddings and their documents, max_seq_id,
an empty write-ahead log, header.bin, data_level0.bin (no graph links), length.bin and
index_metadata.pickle. Deterministic (numpy PCG64, seed 1).

  python3 generate-layout.py DIR N D
"""
import os
import pickle
import sqlite3
import struct
import sys
import uuid

import numpy as np

out, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
coll, vseg, mseg = (str(uuid.UUID(int=i)) for i in (1, 2, 3))
db_path = os.path.join(out, "chroma.sqlite3")
if os.path.exists(db_path):
    os.remove(db_path)
db = sqlite3.connect(db_path)
db.executescript(
    """
CREATE TABLE collections (id TEXT PRIMARY KEY, name TEXT NOT NULL, dimension INTEGER,
  database_id TEXT NOT NULL, config_json_str TEXT, schema_str TEXT);
CREATE TABLE collection_metadata (collection_id TEXT, key TEXT NOT NULL, str_value TEXT,
  int_value INTEGER, float_value REAL, bool_value INTEGER, PRIMARY KEY (collection_id, key));
CREATE TABLE segments (id TEXT PRIMARY KEY, type TEXT NOT NULL, scope TEXT NOT NULL,
  collection TEXT NOT NULL);
CREATE TABLE embeddings (id INTEGER PRIMARY KEY, segment_id TEXT NOT NULL,
  embedding_id TEXT NOT NULL, seq_id BLOB NOT NULL, created_at TIMESTAMP,
  UNIQUE (segment_id, embedding_id));
CREATE TABLE embedding_metadata (id INTEGER, key TEXT NOT NULL, string_value TEXT,
  int_value INTEGER, float_value REAL, bool_value INTEGER, PRIMARY KEY (id, key));
CREATE TABLE embedding_metadata_array (id INTEGER NOT NULL, key TEXT NOT NULL,
  string_value TEXT, int_value INTEGER, float_value REAL, bool_value INTEGER);
CREATE TABLE max_seq_id (segment_id TEXT PRIMARY KEY, seq_id INTEGER);
CREATE TABLE embeddings_queue (seq_id INTEGER PRIMARY KEY, created_at TIMESTAMP,
  operation INTEGER NOT NULL, topic TEXT NOT NULL, id TEXT NOT NULL, vector BLOB,
  encoding TEXT, metadata TEXT);
"""
)
name = f"gen_{n}_{d}"
db.execute("INSERT INTO collections VALUES (?, ?, ?, 'db', '{\"hnsw\": {\"space\": \"l2\"}}', NULL)",
           (coll, name, d))
db.execute("INSERT INTO segments VALUES (?, 'urn:chroma:segment/vector/hnsw-local-persisted', 'VECTOR', ?)", (vseg, coll))
db.execute("INSERT INTO segments VALUES (?, 'urn:chroma:segment/metadata/sqlite', 'METADATA', ?)", (mseg, coll))
db.execute("INSERT INTO max_seq_id VALUES (?, ?)", (vseg, n))
db.execute("INSERT INTO max_seq_id VALUES (?, ?)", (mseg, n))
db.executemany("INSERT INTO embeddings (id, segment_id, embedding_id, seq_id) VALUES (?, ?, ?, ?)",
               ((i + 1, mseg, f"g{i}", i + 1) for i in range(n)))
db.executemany("INSERT INTO embedding_metadata (id, key, string_value) VALUES (?, 'chroma:document', ?)",
               ((i + 1, f"generated {i}") for i in range(n)))
db.executemany("INSERT INTO embedding_metadata (id, key, int_value) VALUES (?, 'i', ?)",
               ((i + 1, i) for i in range(n)))
db.commit()
db.close()

seg = os.path.join(out, vseg)
os.makedirs(seg, exist_ok=True)
max_m0 = 32
offset_data = 4 + 4 * max_m0
label_offset = offset_data + 4 * d
size = label_offset + 8
with open(os.path.join(seg, "header.bin"), "wb") as h:
    h.write(struct.pack("<IQQQQQQiIQQQdQ", 1, 0, n, n, size, label_offset, offset_data, 0, 0,
                        16, max_m0, 16, 0.36067376022224085, 100))
rng = np.random.default_rng(1)
chunk = 20000
elem = np.dtype([("links", "<u4", (1 + max_m0,)), ("vec", "<f4", (d,)), ("label", "<u8")])
assert elem.itemsize == size
with open(os.path.join(seg, "data_level0.bin"), "wb") as f, open(os.path.join(seg, "length.bin"), "wb") as lf:
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        a = np.zeros(m, dtype=elem)
        v = rng.uniform(-1, 1, size=(m, d)).astype("<f4")
        a["vec"] = v
        a["label"] = np.arange(start + 1, start + m + 1, dtype="<u8")
        f.write(a.tobytes())
        lf.write(np.linalg.norm(v, axis=1).astype("<f4").tobytes())
meta = {
    "dimensionality": d,
    "total_elements_added": n,
    "max_seq_id": None,
    "id_to_label": {f"g{i}": i + 1 for i in range(n)},
    "label_to_id": {i + 1: f"g{i}" for i in range(n)},
    "id_to_seq_id": {},
}
with open(os.path.join(seg, "index_metadata.pickle"), "wb") as p:
    pickle.dump(meta, p, protocol=3)
print(f"{out}: collection {name}, {n} x {d}")
