package org.ndpack.internal.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One reduction, fed by the reduction engine in runs of elements: the kernel side of
 * {@code sum}, {@code min}, {@code argmax}, ... for one accumulator type. An instance is confined
 * to one task (it owns scratch buffers); the engine makes one per task.
 *
 * <p>Two feeding patterns:
 * <ul>
 *   <li><em>sequence</em>: {@link #begin}, then {@link #run} for consecutive runs of one output's
 *       elements in sequence order, then {@link #end}, which writes the output element; a long
 *       sequence may be split into chunks at multiples of {@link #CHUNK} elements, each ended
 *       by {@link #takePartial}, and the partials combined in chunk order by
 *       {@link #endChunks}, giving the same result as the unsplit sequence;</li>
 *   <li><em>rows</em> (outer-axis reductions): {@link #beginTile} for {@code n} outputs, then
 *       {@link #row} (or {@link #rows}) once per reduced index, in sequence order, then
 *       {@link #endTile}; the rows may be split into chunks at multiples of {@link #ROW_CHUNK}
 *       rows, each ended by {@link #takeTilePartial}, and combined by {@link #endTileChunks}.</li>
 * </ul>
 * Offsets and strides are counted in elements of the array they refer to.
 */
public abstract class Reducer {
    /** Elements per chunk when one sequence is split for parallel work. */
    public static final long CHUNK = 1 << 16;
    /** The smallest number of rows per chunk when the rows of a tile are split for parallel work
     * (a multiple of every row leaf, so that splitting does not change the result of a sum). */
    public static final long ROW_CHUNK = 256;

    /** Starts a sequence whose first element is element {@code start} of the whole sequence. */
    public abstract void begin(long start);

    /** Consumes {@code n} elements starting at element {@code off}, {@code st} apart. */
    public abstract void run(MemorySegment s, long off, long st, long n);

    /** Ends the sequence and writes the result at element {@code outOff} of {@code out}. */
    public abstract void end(MemorySegment out, long outOff);

    /** Ends one chunk of a split sequence and returns its partial state. */
    public abstract Object takePartial();

    /** Combines the partials of all chunks, in chunk order, and writes the result. */
    public abstract void endChunks(Object[] partials, MemorySegment out, long outOff);

    /** Starts {@code n} outputs fed row by row. */
    public abstract void beginTile(int n);

    /** Consumes one row: {@code n} elements at {@code off}, {@code st} apart, one per output; the
     * row is number {@code index} of the reduced sequence. */
    public abstract void row(MemorySegment s, long off, long st, int n, long index);

    /**
     * Consumes {@code count} consecutive rows, {@code rowStride} elements apart, the first being
     * number {@code index}; each row as {@link #row} takes it. Reducers override this when they
     * can take several rows at once.
     */
    public void rows(MemorySegment s, long off, long rowStride, long count, long st, int n, long index) {
        for (long r = 0; r < count; r++) {
            row(s, off + r * rowStride, st, n, index + r);
        }
    }

    /** Writes the tile's {@code n} results at {@code outOff}, {@code outStride} apart. */
    public abstract void endTile(MemorySegment out, long outOff, long outStride);

    /**
     * Ends one chunk of rows of a tile (rows split for parallel work at multiples of
     * {@link #ROW_CHUNK} rows) and returns its partial state.
     */
    public abstract Object takeTilePartial();

    /** Combines the partials of all row chunks of a tile, in chunk order, and writes the tile. */
    public abstract void endTileChunks(Object[] partials, MemorySegment out, long outOff, long outStride);

    /**
     * {@return whether {@link #mergePartials} may be called} (false unless a reducer overrides
     * both): then the engine merges the partials of full chunks (of {@link #CHUNK} elements of a
     * sequence, or of a tile's rows) pairwise in its tasks, and hands {@link #endChunks} or
     * {@link #endTileChunks} the merged blocks instead of every chunk's partial.
     */
    public boolean mergesPartials() {
        return false;
    }

    /**
     * {@return the partial of two adjacent blocks of full chunks, {@code left} then
     * {@code right}, from {@link #takePartial} or {@link #takeTilePartial} (or earlier merges),
     * each of the same power-of-two number of chunks starting at a multiple of that number}
     * Ending the chunks with the merged partial gives the same result as with the two, or with
     * all their chunks' partials. May reuse {@code left} or {@code right}; called on any task's
     * reducer, while other tasks run.
     */
    public Object mergePartials(Object left, Object right) {
        throw new UnsupportedOperationException("this reducer does not merge partials");
    }

    /** {@return the most outputs one tile may have} */
    public abstract int maxTile();
}
