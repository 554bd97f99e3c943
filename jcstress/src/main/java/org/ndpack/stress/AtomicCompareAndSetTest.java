package org.ndpack.stress;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@code compareAndSetLong} has exactly one winner: two threads try 0 -> 1 and 0 -> 2 on one int8
 * element (compare-and-set of its 32-bit word). One succeeds, the other fails, and the element
 * holds the winner's value.
 */
@JCStressTest
@Outcome(id = "true, false, 1", expect = ACCEPTABLE, desc = "The first thread won.")
@Outcome(id = "false, true, 2", expect = ACCEPTABLE, desc = "The second thread won.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither won, or the value disagrees with the winner.")
@State
public class AtomicCompareAndSetTest {
    private final AtomicView at = NDArray.zeros(DType.INT8, 4).atomic();

    @Actor
    public void first(ZZJ_Result r) {
        r.r1 = at.compareAndSetLong(0, 1, 2);
    }

    @Actor
    public void second(ZZJ_Result r) {
        r.r2 = at.compareAndSetLong(0, 2, 2);
    }

    @Arbiter
    public void check(ZZJ_Result r) {
        r.r3 = at.getLongVolatile(2);
    }
}
