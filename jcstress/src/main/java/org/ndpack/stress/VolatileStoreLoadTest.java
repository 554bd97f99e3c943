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
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Volatile accesses are sequentially consistent (Dekker's store-load test): each thread sets its
 * own element volatile, then reads the other's volatile. They cannot both miss each other.
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "At least one saw the other's write.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Both missed each other: not sequentially consistent.")
@State
public class VolatileStoreLoadTest {
    private final AtomicView at = NDArray.zeros(DType.INT64, 2).atomic();

    @Actor
    public void first(JJ_Result r) {
        at.setLongVolatile(1, 0);
        r.r1 = at.getLongVolatile(1);
    }

    @Actor
    public void second(JJ_Result r) {
        at.setLongVolatile(1, 1);
        r.r2 = at.getLongVolatile(0);
    }
}
