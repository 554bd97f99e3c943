package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.RegionLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * No lost update under the memory lock: two threads read-modify-write one element, each holding
 * the lock of a different view that covers it (the lock belongs to the memory, not the view).
 * Compare {@link RacyIncrementTest}, the same without the lock.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both increments counted.")
@Outcome(expect = FORBIDDEN, desc = "An increment was lost: the lock did not exclude.")
@State
public class RegionLockIncrementTest {
    private final NDArray a = NDArray.zeros(DType.INT32, 8);
    private final NDArray rows = a.reshape(2, 4);
    private final NDArray tail = a.slice("2:");

    @Actor
    public void first() {
        try (RegionLock l = rows.lock()) {
            rows.setLong(rows.getLong(0, 3) + 1, 0, 3);
        }
    }

    @Actor
    public void second() {
        try (RegionLock l = tail.slice(":2").lock()) {
            tail.setLong(tail.getLong(1) + 1, 1);
        }
    }

    @Arbiter
    public void check(J_Result r) {
        r.r1 = a.getLong(3);
    }
}
