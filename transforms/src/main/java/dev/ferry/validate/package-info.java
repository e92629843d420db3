/**
 * Proof that nothing was lost: {@link dev.ferry.validate.Fingerprint} gives every record a
 * canonical key text and a 64-bit hash per column (JSON canonicalized, so a JSONB round trip that
 * reorders keys or changes spacing hashes the same); {@link dev.ferry.validate.KeyedFingerprints}
 * turns a flow's batches into keyed fingerprints; {@link dev.ferry.validate.FingerprintDiff} joins
 * the fingerprints of a source and a target and reports each missing, extra, changed or duplicate
 * row, with counters for the report.
 */
package dev.ferry.validate;
