/**
 * PostgreSQL (and pgvector) as a Ferry target and source: {@link
 * dev.ferry.io.postgres.PostgresIO#write()} stages each batch with binary {@code COPY} into a
 * temporary table and merges it into the target with {@code INSERT ... ON CONFLICT}, so re-runs are
 * idempotent; {@link dev.ferry.io.postgres.PostgresIO#read()} streams a query through a server-side
 * cursor into record batches; {@link dev.ferry.io.postgres.PgConform} turns records into the Java
 * kinds the target columns need (or rejects them with a reason); {@link
 * dev.ferry.io.postgres.PgTypeMapping} and {@link dev.ferry.io.postgres.PgDdl} derive, create,
 * describe and check target tables, refusing identifier collisions caused by PostgreSQL's 63-byte
 * name limit before anything is written.
 */
package dev.ferry.io.postgres;
