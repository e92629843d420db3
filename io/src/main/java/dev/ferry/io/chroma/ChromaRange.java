package dev.ferry.io.chroma;

import java.io.Serializable;

/**
 * One piece of a Chroma collection's read, planned by {@link ChromaRangeReader#plan}: for a
 * persisted directory the metadata segment's row ids {@code [from, to)}, for a server the records
 * {@code [from, to)} in its stored order. {@code order} is the piece's place in the collection, so
 * whatever a piece writes can be put back in order.
 *
 * <pre>{@code
 * new ChromaRange("docs", 1, 25001, 0)
 * }</pre>
 */
public record ChromaRange(String collection, long from, long to, int order)
    implements Serializable {}
