package org.ndpack.stress;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Atomic updates of 1-byte elements compare-and-set their whole 32-bit word, yet never disturb a
 * neighbour: two threads update elements 1 and 2 of one word atomically (getAndAddLong on one,
 * getAndSetLong on the other), and each also writes one more element of the word plainly (0 and
 * 3). Every write survives.
 */
@JCStressTest
@Outcome(id = "4, 5, 7, 9", expect = ACCEPTABLE, desc = "All four writes survived.")
@Outcome(expect = FORBIDDEN, desc = "A write to one element erased another's.")
@State
public class AtomicNeighboursTest {
    private final NDArray a = NDArray.zeros(DType.UINT8, 4);
    private final AtomicView at = a.atomic();

    @Actor
    public void first() {
        at.getAndAddLong(5, 1);
        a.setLong(4, 0);
    }

    @Actor
    public void second() {
        a.setLong(9, 3);
        at.getAndSetLong(7, 2);
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r1 = (int) a.getLong(0);
        r.r2 = (int) a.getLong(1);
        r.r3 = (int) a.getLong(2);
        r.r4 = (int) a.getLong(3);
    }
}
