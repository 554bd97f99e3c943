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
 * {@code accumulateAndGetLong} applies each function to the result of the other, never to a stale
 * value: with {@code v -> v * 10 + k} for k = 1 and 2 from 0, the end is 12 or 21, and each thread
 * returns what it stored.
 */
@JCStressTest
@Outcome(id = "1, 12, 12", expect = ACCEPTABLE, desc = "First, then second.")
@Outcome(id = "21, 2, 21", expect = ACCEPTABLE, desc = "Second, then first.")
@Outcome(expect = FORBIDDEN, desc = "One function ran on a stale value: an update was lost.")
@State
public class AtomicAccumulateTest {
    private final AtomicView at = NDArray.zeros(DType.INT32, 2).atomic();

    @Actor
    public void first(JJJ_Result r) {
        r.r1 = at.accumulateAndGetLong(1, (v, k) -> v * 10 + k, 1);
    }

    @Actor
    public void second(JJJ_Result r) {
        r.r2 = at.accumulateAndGetLong(2, (v, k) -> v * 10 + k, 1);
    }

    @Arbiter
    public void check(JJJ_Result r) {
        r.r3 = at.getLongVolatile(1);
    }
}
