package org.ndpack.stress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.RegionLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Overlapping regions exclude a writer: one thread locks a region exclusively, the other locks an
 * overlapping region of another view shared. Inside, each marks itself present (volatile), looks
 * whether the other is present, and unmarks. Neither may ever see the other inside.
 */
@JCStressTest
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "The two critical sections never overlapped.")
@Outcome(expect = FORBIDDEN, desc = "Both were inside at once: overlapping locks did not exclude.")
@State
public class RegionLockOverlapTest {
    private static final VarHandle IN;

    static {
        try {
            IN = MethodHandles.lookup().findVarHandle(RegionLockOverlapTest.class, "in", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NDArray a = NDArray.zeros(DType.FLOAT64, 64);
    private final NDArray writerView = a.slice("10:40");
    private final NDArray readerView = a.reshape(8, 8).slice("4:, ::2"); // from element 32: overlaps
    @SuppressWarnings("unused")
    private volatile int in;

    @Actor
    public void writer(ZZ_Result r) {
        try (RegionLock l = writerView.lock()) {
            r.r1 = (int) IN.getAndAdd(this, 1) != 0;
            IN.getAndAdd(this, -1);
        }
    }

    @Actor
    public void reader(ZZ_Result r) {
        try (RegionLock l = readerView.lockShared()) {
            r.r2 = (int) IN.getAndAdd(this, 1) != 0;
            IN.getAndAdd(this, -1);
        }
    }
}
