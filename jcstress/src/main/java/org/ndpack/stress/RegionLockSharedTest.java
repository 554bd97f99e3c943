package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.RegionLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Readers share: two threads lock overlapping regions of one buffer for reading (through different
 * views) and each waits, while holding it, until it sees the other inside too. Both succeed.
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both readers held the region at the same time.")
@Outcome(expect = FORBIDDEN, desc = "A reader never saw the other inside: shared locks excluded each other.")
@State
public class RegionLockSharedTest {
    private final NDArray a = NDArray.zeros(DType.INT16, 64);
    private final NDArray whole = a.reshape(8, 8);
    private final NDArray middle = a.slice("16:48:3");
    private final RegionWaits inside = new RegionWaits();

    @Actor
    public void first(ZZ_Result r) {
        try (RegionLock l = whole.lockShared()) {
            r.r1 = inside.enterAndAwaitOther(0);
        }
    }

    @Actor
    public void second(ZZ_Result r) {
        try (RegionLock l = middle.lockShared()) {
            r.r2 = inside.enterAndAwaitOther(1);
        }
    }
}
