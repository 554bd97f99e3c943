package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Threads that write distinct elements never interfere, even when the elements share a word (1-
 * and 2-byte dtypes, interleaved views): every element ends with the last value its own thread
 * wrote. The JVM writes a byte as a byte, never as a read-modify-write of a wider word.
 */
class DistinctElementsTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void interleavedWritersNeverClobberEachOther(DType t) throws Exception {
        int threads = 4;
        int n = 64;
        NDArray a = NDArray.zeros(t, n);
        int rounds = 3000;
        Racing.runAll(threads, k -> {
            NDArray mine = a.slice(k + "::" + threads); // elements k, k+4, ...: neighbours of the others'
            for (int r = 1; r <= rounds; r++) {
                long v = (r + k) % 100 + 1;
                for (long i = 0; i < mine.size(); i++) {
                    if (t == DType.BOOL) {
                        mine.setBoolean((r & 1) == 0, i);
                    } else {
                        mine.setLong(v, i);
                    }
                }
            }
        });
        for (int i = 0; i < n; i++) {
            int k = i % threads;
            long want = t == DType.BOOL ? ((rounds & 1) == 0 ? 1 : 0) : (rounds + k) % 100 + 1;
            assertEquals(want, a.getLong(i), t + " element " + i + " (thread " + k + ")");
        }
    }

    /**
     * Bulk operations too: threads adding to neighbouring views (interleaved elements, and blocks
     * whose edges fall inside a vector or a word) never write outside their own view, so no
     * element loses an add. 100 rounds keep every sum exact in every dtype.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"INT8", "UINT8", "INT16", "FLOAT16", "BFLOAT16", "INT32", "FLOAT32",
        "INT64", "FLOAT64"})
    void bulkOperationsOnNeighbouringViewsNeverClobberEachOther(DType t) throws Exception {
        int threads = 4;
        int rounds = 100;
        NDArray interleaved = NDArray.zeros(t, 1000);
        NDArray blocks = NDArray.zeros(t, 1000);
        long[] edges = {0, 13, 258, 611, 1000}; // not multiples of any vector length
        Racing.runAll(threads, k -> {
            NDArray mine = interleaved.slice(k + "::" + threads);
            NDArray block = blocks.slice(edges[k] + ":" + edges[k + 1]);
            for (int r = 0; r < rounds; r++) {
                Ufunc.ADD.apply(mine, 1L, mine);
                Ufunc.ADD.apply(block, 1L, block);
            }
        });
        NDArray want = NDArray.full(t, (double) rounds, 1000);
        assertEquals(want, interleaved, t + ": interleaved views");
        assertEquals(want, blocks, t + ": neighbouring blocks");
    }
}
