package org.ndpack.stress;

import java.lang.foreign.MemorySegment;

import org.ndpack.NDArray;
import org.ndpack.dlpack.DLPack;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two threads import the same DLPack pointer at once: exactly one succeeds.
 *
 * <p>Each actor calls {@code DLPack.fromDLPack} on one managed tensor. The import claims the
 * pointer with a compare-and-set on the bridge state, so one actor gets the array (1) and the
 * other an IllegalStateException "already consumed" (0), without either touching the tensor's
 * deleter. The arbiter closes whichever array was made and counts the deleter's calls: exactly 1.
 * Two winners (the tensor owned twice, its deleter later run twice), no winner, or any other
 * deleter count is forbidden.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor1 imported, actor2 was refused; one deleter call on close.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "actor2 imported, actor1 was refused; one deleter call on close.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither imported, or the deleter did not run exactly once.")
@State
public class DLPackImportRaceTest {
    private final MemorySegment tensor = DLPackTestTensors.make(1, 2, 3);
    private NDArray a1;
    private NDArray a2;

    @Actor
    public void actor1(III_Result r) {
        a1 = tryImport();
        r.r1 = a1 != null ? 1 : 0;
    }

    @Actor
    public void actor2(III_Result r) {
        a2 = tryImport();
        r.r2 = a2 != null ? 1 : 0;
    }

    /** {@return the imported array, or null if the import was refused as already consumed} */
    private NDArray tryImport() {
        try {
            return DLPack.fromDLPack(tensor);
        } catch (IllegalStateException alreadyConsumed) {
            return null;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        if (a1 != null) {
            a1.close();
        }
        if (a2 != null) {
            a2.close();
        }
        r.r3 = (int) DLPackTestTensors.deleterCalls(tensor);
    }
}
