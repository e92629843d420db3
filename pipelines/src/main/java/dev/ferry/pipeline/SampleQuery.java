package dev.ferry.pipeline;

import java.io.Serializable;

/**
 * One seeded sample query of a vector flow's checks: a written record's id, the {@link
 * VectorMath#sampleRank} that chose it and its vector, bit for bit as written.
 *
 * <pre>{@code
 * new SampleQuery("doc-7", VectorMath.sampleRank(42, "doc-7"), vector)
 * }</pre>
 */
record SampleQuery(String id, long rank, float[] vector) implements Serializable {}
