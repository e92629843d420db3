/**
 * Sample data for the worked examples in {@code examples/}: deterministic generators that write
 * realistic source databases (with the faults real exports have) so the demo and the tests run
 * without binary fixtures in the repository.
 */
package dev.ferry.examples;
