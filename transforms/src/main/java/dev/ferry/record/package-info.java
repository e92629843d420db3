/**
 * The record model: {@link dev.ferry.record.Record}, a typed, ordered document that is the currency
 * of every Ferry pipeline; its value kinds (including {@code float[]} vectors and {@link
 * dev.ferry.record.Json}); {@link dev.ferry.record.RecordBatch}, the unit that bulk paths move;
 * {@link dev.ferry.record.Reject}, a record a flow could not carry with its reason; their
 * deterministic binary Coders; {@link dev.ferry.record.RecordJson}, the typed JSONL form used for
 * rejects, backups and file targets; and {@link dev.ferry.record.JsonCopy}, which copies JSON with
 * its numbers exactly as written.
 */
package dev.ferry.record;
