/**
 * Store-neutral descriptions of tables ({@link dev.ferry.io.schema.TableDef}, {@link
 * dev.ferry.io.schema.ColumnDef}, {@link dev.ferry.io.schema.IndexDef}): readers describe their
 * sources with them and writers create their targets from them, so a SQLite schema can become a
 * PostgreSQL one through a type mapping without either package knowing the other.
 */
package dev.ferry.io.schema;
