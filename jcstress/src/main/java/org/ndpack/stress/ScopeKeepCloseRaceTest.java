package org.ndpack.stress;

import java.util.concurrent.atomic.AtomicInteger;

import org.ndpack.NDArray;
import org.ndpack.NDScope;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A scope closing while another thread uses an array it kept: the kept array stays usable, the
 * temporary it closes gives its value or IllegalStateException, and nothing reads freed memory.
 *
 * <p>Actor {@code scope} opens an NDScope, creates two int64 arrays of 42s whose release action
 * overwrites them with 0xDEAD ({@link PoisonedMemory}), keeps one, publishes both (volatile
 * fields) and closes the scope. Actor {@code user} reads element 1 of each array it finds
 * published: r1 for the kept one, r2 for the temporary (42, -1 for IllegalStateException, -2 if
 * not yet published, -3 for any other exception). The arbiter reads the kept array again (r3) and
 * reports the release counts before closing it: r4 = 10 * (kept releases) + (temporary releases).
 *
 * <p>Forbidden: the kept array closed or released (r1 = -1, r3 != 42, r4 >= 10), the temporary not
 * released exactly once (r4 != 1), or a read of released memory (57005).
 */
@JCStressTest
@Outcome(id = "42, 42, 42, 1", expect = ACCEPTABLE, desc = "Both read before the scope closed.")
@Outcome(id = "42, -1, 42, 1", expect = ACCEPTABLE, desc = "The temporary was closed by the scope; the kept one was not.")
@Outcome(id = "42, -2, 42, 1", expect = ACCEPTABLE, desc = "Only the kept array was published yet.")
@Outcome(id = "-2, -2, 42, 1", expect = ACCEPTABLE, desc = "Nothing published yet.")
@Outcome(expect = FORBIDDEN, desc = "The kept array was closed or released, the temporary not released once, or freed memory was read.")
@State
public class ScopeKeepCloseRaceTest {
    private final AtomicInteger keptReleases = new AtomicInteger();
    private final AtomicInteger tempReleases = new AtomicInteger();
    private volatile NDArray kept;
    private volatile NDArray temp;

    @Actor
    public void scope() {
        try (NDScope s = NDScope.open()) {
            NDArray k = s.keep(PoisonedMemory.array(4, keptReleases));
            NDArray t = PoisonedMemory.array(4, tempReleases);
            kept = k;
            temp = t;
        }
    }

    @Actor
    public void user(IIII_Result r) {
        NDArray t = temp; // read first: if it is published, so is kept (published before it)
        NDArray k = kept;
        r.r1 = read(k);
        r.r2 = read(t);
    }

    private static int read(NDArray a) {
        if (a == null) {
            return -2;
        }
        try {
            return (int) a.getLong(1);
        } catch (IllegalStateException e) {
            return -1;
        } catch (RuntimeException e) {
            return -3;
        }
    }

    @Arbiter
    public void check(IIII_Result r) {
        r.r3 = read(kept);
        r.r4 = 10 * keptReleases.get() + tempReleases.get();
        kept.close();
    }
}
