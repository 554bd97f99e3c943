package org.ndpack.stress;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * What release/acquire does not promise: Dekker's store-load test with {@code setLongRelease} and
 * {@code getLongAcquire}. Both threads missing each other's write is allowed (a release store may be
 * ordered after a later acquire load), unlike with volatile accesses
 * ({@link VolatileStoreLoadTest}). Whether it shows up depends on the hardware and on how much
 * ordering ndpack's leases add around each access.
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "At least one saw the other's write.")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "Both missed each other: allowed for release/acquire.")
@State
public class ReleaseAcquireStoreLoadTest {
    private final AtomicView at = NDArray.zeros(DType.INT64, 2).atomic();

    @Actor
    public void first(JJ_Result r) {
        at.setLongRelease(1, 0);
        r.r1 = at.getLongAcquire(1);
    }

    @Actor
    public void second(JJ_Result r) {
        at.setLongRelease(1, 1);
        r.r2 = at.getLongAcquire(0);
    }
}
