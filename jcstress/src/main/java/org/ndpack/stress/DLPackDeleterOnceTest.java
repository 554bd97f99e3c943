package org.ndpack.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.MemorySegment;

import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.ndpack.internal.array.Facade;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * An imported tensor's deleter runs exactly once when an explicit close races the Cleaner's close
 * and a reader.
 *
 * <p>The array imports a one-element tensor holding 42. Actor {@code owner} calls
 * {@code close()} on the array (r1: 1 when it returns; close is idempotent, so it returns also when
 * the memory was closed already; 0 if it threw IllegalStateException). Actor {@code readerThenCleaner} first reads the element (r3: 42, or -1
 * for IllegalStateException), then does what the Cleaner's action does once an array has become
 * unreachable: it closes the memory (r2: 1 if it closed it, 0 if it was closed already). So the
 * read races the owner's close, and so does the Cleaner's close; two actors, so that the test runs
 * on two CPUs. The arbiter counts the deleter's calls (r4).
 *
 * <p>Exactly one close wins (the Cleaner's, r2 = 1, or else the owner's); the deleter runs once, and never while the read is in flight: the
 * test deleter overwrites the element with -7, so a reader that saw -7 read memory after it had
 * been given back to its producer. Forbidden: two or zero winners, a deleter count other than 1,
 * any value other than 42 or -1.
 */
@JCStressTest
@Outcome(id = "1, 0, 42, 1", expect = ACCEPTABLE, desc = "close() won; the read came first.")
@Outcome(id = "1, 0, -1, 1", expect = ACCEPTABLE, desc = "close() won; the read found the array closed.")
@Outcome(id = "1, 1, 42, 1", expect = ACCEPTABLE, desc = "The Cleaner's close won (after the read); close() then did nothing.")
@Outcome(expect = FORBIDDEN, desc = "close() threw, the deleter ran other than once, or the reader saw freed memory.")
@State
public class DLPackDeleterOnceTest {
    private final MemorySegment tensor = DLPackTestTensors.make(42);
    private final NDArray a = DLPack.fromDLPack(tensor);

    @Actor
    public void owner(IIII_Result r) {
        try {
            a.close();
            r.r1 = 1;
        } catch (IllegalStateException e) {
            r.r1 = 0; // forbidden: close() is idempotent
        }
    }

    @Actor
    public void readerThenCleaner(IIII_Result r) {
        try {
            r.r3 = (int) a.getDouble(0);
        } catch (IllegalStateException closed) {
            r.r3 = -1;
        }
        r.r2 = Facade.of(NDArray.class).unwrap(a).memory.close() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r4 = (int) DLPackTestTensors.deleterCalls(tensor);
    }
}
