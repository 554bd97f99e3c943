package org.ndpack.stress;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@code getAndSetLong} is one atomic step: two threads swap 1 and 2 into one uint16 element; the
 * values they get back and the final value form one order of the two swaps.
 */
@JCStressTest
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "First swapped, then second.")
@Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "Second swapped, then first.")
@Outcome(expect = FORBIDDEN, desc = "The swaps overlapped: a value was lost or seen twice.")
@State
public class AtomicGetAndSetTest {
    private final AtomicView at = NDArray.zeros(DType.UINT16, 2).atomic();

    @Actor
    public void first(JJJ_Result r) {
        r.r1 = at.getAndSetLong(1, 0);
    }

    @Actor
    public void second(JJJ_Result r) {
        r.r2 = at.getAndSetLong(2, 0);
    }

    @Arbiter
    public void check(JJJ_Result r) {
        r.r3 = at.getLongVolatile(0);
    }
}
