/**
 * Reading SQLite databases: {@link dev.ferry.io.sqlite.SqliteSchema} describes a database's tables
 * as store-neutral {@link dev.ferry.io.schema.TableDef}s and tells the reader how a table can be
 * split, {@link dev.ferry.io.sqlite.KeyRanges} cuts an integer key into contiguous ranges, and
 * {@link dev.ferry.io.sqlite.SqliteIO#read()} reads a table or a query in parallel ranges into
 * record batches that keep each cell's storage class ({@link dev.ferry.io.sqlite.SqliteCells} reads
 * them straight from the driver's statement handle), sending rows with undecodable text to the
 * rejects output. Databases are always opened read-only, so reading never changes a source.
 */
package dev.ferry.io.sqlite;
