package org.ndpack.stress;

import java.util.concurrent.atomic.AtomicInteger;

import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Close racing a whole operation: a bulk copy of 256 elements either completes with every value
 * intact or fails with IllegalStateException before it starts; the memory is never released in
 * the middle of it (its release action overwrites every element with 0xDEAD first).
 *
 * <p>r1: the sum of the copy (256 x 42 = 10752), or -1 for IllegalStateException (-2 for any
 * other exception); r2: how many times the release action ran.
 */
@JCStressTest
@Outcome(id = "10752, 1", expect = ACCEPTABLE, desc = "The copy ran before the close took effect, on live memory.")
@Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "The copy started after the close: IllegalStateException.")
@Outcome(expect = FORBIDDEN, desc = "A partly released copy, another exception, or not released exactly once.")
@State
public class CloseRaceBulkTest {
    private static final int N = 256;
    private final AtomicInteger releases = new AtomicInteger();
    private final NDArray owner;

    public CloseRaceBulkTest() {
        owner = PoisonedMemory.array(N, releases);
    }

    @Actor
    public void closer() {
        owner.close();
    }

    @Actor
    public void copier(JJ_Result r) {
        try (NDArray c = owner.copy()) {
            long sum = 0;
            for (long v : c.toLongArray()) {
                sum += v;
            }
            r.r1 = sum;
        } catch (IllegalStateException e) {
            r.r1 = -1;
        } catch (RuntimeException e) {
            r.r1 = -2;
        }
    }

    @Arbiter
    public void check(JJ_Result r) {
        r.r2 = releases.get();
    }
}
