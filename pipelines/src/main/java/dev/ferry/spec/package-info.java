/**
 * The migration spec: an immutable model of one YAML file ({@link dev.ferry.spec.Spec} with its
 * params, options, sources, targets and flows) and {@link dev.ferry.spec.SpecLoader}, which reads
 * the file with SnakeYAML's node API, substitutes {@code ${param}} and {@code ${env:NAME}}, checks
 * every field, reference and step, and either returns the model (with relative paths already
 * resolved against the spec's directory) or throws a {@link dev.ferry.spec.SpecException} that
 * lists every problem as {@code <file>:<line>: <field path>: <problem>}. Nothing here opens a
 * database.
 */
package dev.ferry.spec;
