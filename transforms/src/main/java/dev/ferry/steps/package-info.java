/**
 * Declarative record steps and their wiring: {@link dev.ferry.steps.Steps} builds a {@link
 * dev.ferry.steps.Step} (set, rename, move, drop, default, drop-nulls, cast) from its spec form and
 * checks its arguments; {@link dev.ferry.steps.Casts} holds the plain conversion functions between
 * value kinds; {@link dev.ferry.steps.ApplyStep} runs a step over a flow's record batches with a
 * main output and a reject output, failing the run at the first reject under {@code --strict}.
 */
package dev.ferry.steps;
