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
 * Close racing a reader: the reader gets the value or IllegalStateException, nothing else, and the
 * memory is released exactly once.
 *
 * <p>The memory's release action overwrites it with 0xDEAD (57005) first ({@link PoisonedMemory}), so a read of released
 * memory would show. One thread reads element 3 (42) through a view; the other closes the owner.
 * r1: the value read, or -1 for IllegalStateException (-2 for any other exception); r2: how many
 * times the release action ran.
 */
@JCStressTest
@Outcome(id = "42, 1", expect = ACCEPTABLE, desc = "The read ran before the close took effect.")
@Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "The read came after the close: IllegalStateException.")
@Outcome(expect = FORBIDDEN, desc = "Read released memory, another exception, or not released exactly once.")
@State
public class CloseRaceReaderTest {
    private final AtomicInteger releases = new AtomicInteger();
    private final NDArray owner;
    private final NDArray view;

    public CloseRaceReaderTest() {
        owner = PoisonedMemory.array(8, releases);
        view = owner.slice("2:");
    }

    @Actor
    public void closer() {
        owner.close();
    }

    @Actor
    public void reader(JJ_Result r) {
        try {
            r.r1 = view.getLong(1);
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
