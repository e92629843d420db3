/**
 * Chroma as a source: a collection read either from the directory a {@code PersistentClient} (or
 * {@code chroma run --path}) wrote — {@code chroma.sqlite3}, the HNSW files of the collection's
 * vector segment, and the write-ahead log replayed on top — or from a running server through its
 * HTTP API v2. Both yield the same {@link dev.ferry.record.Record}s: {@code id}, {@code embedding}
 * ({@code float[]}), {@code document} and {@code metadata} (a nested record, keys sorted). A
 * collection is read in ranges ({@link dev.ferry.io.chroma.ChromaRange}) by a {@link
 * dev.ferry.io.chroma.ChromaRangeReader}, which a fused flow uses directly; {@link
 * dev.ferry.io.chroma.ChromaIO} is the Beam entry point.
 */
package dev.ferry.io.chroma;
