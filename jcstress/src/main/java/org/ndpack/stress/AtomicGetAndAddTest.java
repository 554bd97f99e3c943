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
 * No lost update under {@code getAndAddLong}, on an int16 element (updated by compare-and-set of
 * its 32-bit word). Two threads add 1 and 10; each reports the value it replaced; the arbiter the
 * final value, which must be 11 with the two returns consistent with one order.
 */
@JCStressTest
@Outcome(id = "0, 1, 11", expect = ACCEPTABLE, desc = "First, then second.")
@Outcome(id = "10, 0, 11", expect = ACCEPTABLE, desc = "Second, then first.")
@Outcome(expect = FORBIDDEN, desc = "An update was lost or both saw the same value.")
@State
public class AtomicGetAndAddTest {
    private final AtomicView at = NDArray.zeros(DType.INT16, 3).atomic();

    @Actor
    public void first(JJJ_Result r) {
        r.r1 = at.getAndAddLong(1, 1);
    }

    @Actor
    public void second(JJJ_Result r) {
        r.r2 = at.getAndAddLong(10, 1);
    }

    @Arbiter
    public void check(JJJ_Result r) {
        r.r3 = at.getLongVolatile(1);
    }
}
