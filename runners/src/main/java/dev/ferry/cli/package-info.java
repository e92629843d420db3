/**
 * The {@code ferry} command line: parses commands and options with picocli, chooses the Beam runner
 * and its options, shows progress while a pipeline runs, and prints the verdict with the report's
 * location. Migration logic lives in {@code dev.ferry.pipeline}; nothing here decides what a record
 * becomes.
 */
package dev.ferry.cli;
