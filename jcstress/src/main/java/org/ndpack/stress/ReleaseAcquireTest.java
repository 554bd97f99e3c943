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
 * {@code setLongRelease} pairs with {@code getLongAcquire}: data written plainly before a release
 * is seen by a thread whose acquire read sees the released value (message passing).
 *
 * <p>The writer stores 42 into a float64 array plainly, then releases flag = 1; the reader acquires
 * the flag, then reads the data plainly.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 42"}, expect = ACCEPTABLE, desc = "The flag was not seen yet (the data may or may not be).")
@Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "Flag seen, and the data with it.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Flag seen without the data published before it.")
@State
public class ReleaseAcquireTest {
    private final NDArray data = NDArray.zeros(DType.FLOAT64, 4);
    private final AtomicView flag = NDArray.zeros(DType.INT32, 1).atomic();

    @Actor
    public void writer() {
        data.setDouble(42, 2);
        flag.setLongRelease(1, 0);
    }

    @Actor
    public void reader(JJ_Result r) {
        r.r1 = flag.getLongAcquire(0);
        r.r2 = (long) data.getDouble(2);
    }
}
