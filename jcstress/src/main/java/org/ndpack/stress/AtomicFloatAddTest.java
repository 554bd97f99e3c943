package org.ndpack.stress;

import org.ndpack.AtomicView;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.DD_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * No lost update under {@code getAndAddDouble}: floating-point adds are compare-and-set loops on
 * the element's bits (float64: 64-bit CAS; float16: CAS of the containing 32-bit word). Two threads
 * add 1.5 and 2.25 to one float64 and one float16 element; both sums must be 3.75 (exact in both).
 */
@JCStressTest
@Outcome(id = "3.75, 3.75", expect = ACCEPTABLE, desc = "Both adds counted, in both dtypes.")
@Outcome(expect = FORBIDDEN, desc = "An add was lost.")
@State
public class AtomicFloatAddTest {
    private final AtomicView f64 = NDArray.zeros(DType.FLOAT64, 2).atomic();
    private final AtomicView f16 = NDArray.zeros(DType.FLOAT16, 2).atomic();

    @Actor
    public void first() {
        f64.getAndAddDouble(1.5, 1);
        f16.getAndAddDouble(1.5, 1);
    }

    @Actor
    public void second() {
        f16.getAndAddDouble(2.25, 1);
        f64.getAndAddDouble(2.25, 1);
    }

    @Arbiter
    public void check(DD_Result r) {
        r.r1 = f64.getDoubleVolatile(1);
        r.r2 = f16.getDoubleVolatile(1);
    }
}
