package org.ndpack.stress;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A bool element as a once-only flag: two threads {@code compareAndSetBoolean(false, true)} it;
 * exactly one succeeds.
 */
@JCStressTest
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "Exactly one thread claimed the flag.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither claimed it.")
@State
public class AtomicBooleanCompareAndSetTest {
    private final AtomicView at = NDArray.zeros(DType.BOOL, 3).atomic();

    @Actor
    public void first(ZZ_Result r) {
        r.r1 = at.compareAndSetBoolean(false, true, 1);
    }

    @Actor
    public void second(ZZ_Result r) {
        r.r2 = at.compareAndSetBoolean(false, true, 1);
    }
}
