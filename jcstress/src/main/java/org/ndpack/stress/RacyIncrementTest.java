package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * What the contract does not promise: two unsynchronised read-modify-writes of one element may
 * lose one update. The result is still one of the values a thread wrote (1 or 2), never anything
 * else. Use the atomic view or the memory lock for a sure 2 ({@link AtomicGetAndAddTest},
 * {@link RegionLockIncrementTest}).
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted (they did not overlap).")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost update: allowed without synchronisation.")
@Outcome(expect = FORBIDDEN, desc = "A value no thread wrote.")
@State
public class RacyIncrementTest {
    private final NDArray a = NDArray.zeros(DType.INT64, 2);

    @Actor
    public void first() {
        a.setLong(a.getLong(1) + 1, 1);
    }

    @Actor
    public void second() {
        a.setLong(a.getLong(1) + 1, 1);
    }

    @Arbiter
    public void check(J_Result r) {
        r.r1 = a.getLong(1);
    }
}
