/**
 * The graph builders and the run orchestration: {@link dev.ferry.pipeline.Planner} resolves a spec
 * against its real sources, {@link dev.ferry.pipeline.TargetPreparer} gets targets ready (or only
 * checks them), {@link dev.ferry.pipeline.MigrateGraph} and {@link
 * dev.ferry.pipeline.ValidateGraph} build the Beam pipelines (a flow that allows it runs as one
 * fused stage, {@link dev.ferry.pipeline.FusedFlows}), and {@link dev.ferry.pipeline.Migration}
 * runs them and writes the report, with counts read from Beam counters so every runner reports the
 * same way.
 */
package dev.ferry.pipeline;
