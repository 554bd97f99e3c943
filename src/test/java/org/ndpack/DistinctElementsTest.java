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
}
