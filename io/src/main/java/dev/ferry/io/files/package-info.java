/**
 * Files of records: {@link dev.ferry.io.files.JsonlIO} reads JSON Lines files (one typed record per
 * line, in {@link dev.ferry.record.RecordJson}'s form) into record batches, sending each bad line
 * to the rejects output with its file and line number, and writes record batches or rejects as JSON
 * Lines, sharded or as exactly one file (the {@code rejects/<flow>.jsonl} of a run).
 */
package dev.ferry.io.files;
