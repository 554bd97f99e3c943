package org.ndpack.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A whole operation on a locked array is one step: two threads run {@code addi(1)} and
 * {@code addi(10)} on locked views of one 64-element int16 array (different views, one memory).
 * Every element ends at 11; without the lock an element could lose one of the adds
 * ({@link RacyBulkWriteTest} shows what racing bulk writes may do).
 *
 * <p>r1: how many elements are 11; r2: how many are something else.
 */
@JCStressTest
@Outcome(id = "64, 0", expect = ACCEPTABLE, desc = "Both adds reached every element.")
@Outcome(expect = FORBIDDEN, desc = "Some element lost an add: the locked operations overlapped.")
@State
public class LockedAddTest {
    private final NDArray a = NDArray.zeros(DType.INT16, 64);
    private final NDArray first = a.locked();
    private final NDArray second = a.reshape(8, 8).locked();

    @Actor
    public void adder1() {
        Ufunc.ADD.apply(first, 1L, first);
    }

    @Actor
    public void adder10() {
        Ufunc.ADD.apply(second, 10L, second);
    }

    @Arbiter
    public void check(JJ_Result r) {
        for (short v : a.toShortArray()) {
            if (v == 11) {
                r.r1++;
            } else {
                r.r2++;
            }
        }
    }
}
