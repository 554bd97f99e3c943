package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * What the contract does not promise: bulk operations are not atomic as a whole. Two threads fill
 * one 256-element float64 array, one with 1.0 and one with 2.0, plainly. Each element ends with
 * one of the two values, never anything else (element accesses are atomic); the array as a whole
 * may mix them.
 *
 * <p>r1: elements holding 1.0; r2: elements holding 2.0; r3: elements holding anything else.
 */
@JCStressTest
@Outcome(id = {"256, 0, 0", "0, 256, 0"}, expect = ACCEPTABLE, desc = "One fill ran entirely after the other.")
@Outcome(id = "[1-9]\\d*, [1-9]\\d*, 0", expect = ACCEPTABLE_INTERESTING, desc = "The fills interleaved: a mixed array.")
@Outcome(expect = FORBIDDEN, desc = "An element holds a value no thread wrote.")
@State
public class RacyBulkWriteTest {
    private final NDArray a = NDArray.zeros(DType.FLOAT64, 256);

    @Actor
    public void ones() {
        a.fill(1.0);
    }

    @Actor
    public void twos() {
        a.fill(2.0);
    }

    @Arbiter
    public void check(JJJ_Result r) {
        for (double v : a.toDoubleArray()) {
            if (v == 1.0) {
                r.r1++;
            } else if (v == 2.0) {
                r.r2++;
            } else {
                r.r3++;
            }
        }
    }
}
