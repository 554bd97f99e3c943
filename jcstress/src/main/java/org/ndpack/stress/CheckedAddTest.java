package org.ndpack.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.ndpack.ConcurrentAccessException;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.Ufunc;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Checked mode through the public API: two threads run {@code addi(1)} and {@code addi(10)} on one
 * checked 256-element int32 array. Either both complete, and then they did not overlap, so every
 * element is 11; or one is refused with ConcurrentAccessException before writing anything, and
 * every element holds the other's add. An unnoticed overlap (a lost add with no exception) is
 * forbidden.
 *
 * <p>r1, r2: 0 completed, 1 refused, per thread; r3: the element values seen (11, 1 or 10 when
 * uniform, -1 when mixed).
 */
@JCStressTest
@Outcome(id = "0, 0, 11", expect = ACCEPTABLE, desc = "Both ran, one after the other.")
@Outcome(id = {"1, 0, 10", "0, 1, 1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "They overlapped: the second was refused and wrote nothing.")
@Outcome(expect = FORBIDDEN, desc = "An overlap went unnoticed, or a refused add wrote something.")
@State
public class CheckedAddTest {
    private final NDArray a = NDArray.zeros(DType.INT32, 256).checked();

    @Actor
    public void adder1(III_Result r) {
        try {
            Ufunc.ADD.apply(a, 1L, a);
        } catch (ConcurrentAccessException e) {
            r.r1 = 1;
        }
    }

    @Actor
    public void adder10(III_Result r) {
        try {
            Ufunc.ADD.apply(a, 10L, a);
        } catch (ConcurrentAccessException e) {
            r.r2 = 1;
        }
    }

    @Arbiter
    public void check(III_Result r) {
        int[] v = a.toIntArray();
        r.r3 = v[0];
        for (int x : v) {
            if (x != v[0]) {
                r.r3 = -1;
            }
        }
    }
}
