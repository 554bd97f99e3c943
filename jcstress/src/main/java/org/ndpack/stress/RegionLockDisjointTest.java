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
 * Locks on disjoint regions of one buffer do not exclude each other: each thread locks one half
 * (exclusively) and, while holding it, waits until it sees the other thread inside its half too.
 * Both succeed. If the locks excluded each other, the first would wait in vain (until a generous
 * timeout, RegionWaits#TIMEOUT_NANOS) and report false.
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "Both threads held their halves at the same time.")
@Outcome(expect = FORBIDDEN, desc = "A thread never saw the other inside: the disjoint locks excluded each other.")
@State
public class RegionLockDisjointTest {
    private final NDArray a = NDArray.zeros(DType.FLOAT32, 64);
    private final NDArray left = a.slice(":32");
    private final NDArray right = a.slice("32:");
    private final RegionWaits inside = new RegionWaits();

    @Actor
    public void first(ZZ_Result r) {
        try (RegionLock l = left.lock()) {
            r.r1 = inside.enterAndAwaitOther(0);
        }
    }

    @Actor
    public void second(ZZ_Result r) {
        try (RegionLock l = right.lock()) {
            r.r2 = inside.enterAndAwaitOther(1);
        }
    }
}
