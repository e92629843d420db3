/**
 * Run reports: the model of what a {@code ferry} command did ({@link dev.ferry.report.RunReport},
 * per-flow {@link dev.ferry.report.FlowReport}s with their counts and {@link
 * dev.ferry.report.Check}s, and the PASS/FAIL verdict with its reasons) and its two renderings,
 * Markdown for people and JSON for machines, both written into the run directory.
 */
package dev.ferry.report;
