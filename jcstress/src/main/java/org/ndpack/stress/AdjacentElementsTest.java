package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Threads that write distinct elements never interfere, even 1-byte neighbours in one word and
 * through different views: no "word tearing" (a write of one byte done as a read-modify-write of a
 * wider word would lose the neighbour's write).
 *
 * <p>Two threads write elements 1 and 2 of an int8 array, each through a view of its own; after
 * both, each element holds what its thread wrote.
 */
@JCStressTest
@Outcome(id = "11, 22", expect = ACCEPTABLE, desc = "Both writes survived.")
@Outcome(expect = FORBIDDEN, desc = "One write erased its neighbour's.")
@State
public class AdjacentElementsTest {
    private final NDArray a = NDArray.zeros(DType.INT8, 4);
    private final NDArray left = a.slice("1:2");
    private final NDArray right = a.slice("2:");

    @Actor
    public void first() {
        left.setLong(11, 0);
    }

    @Actor
    public void second() {
        right.setLong(22, 0);
    }

    @Arbiter
    public void check(II_Result r) {
        r.r1 = (int) a.getLong(1);
        r.r2 = (int) a.getLong(2);
    }
}
