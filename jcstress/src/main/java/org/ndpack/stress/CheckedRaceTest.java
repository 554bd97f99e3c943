package org.ndpack.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.ndpack.ConcurrentAccessException;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.internal.array.Facade;
import org.ndpack.internal.concurrent.OpScope;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Checked mode never lets two conflicting operations run at once unnoticed. Two threads run an
 * operation that writes overlapping views of one checked array (through ndpack's internal
 * operation bracket, {@code OpScope}, which every bulk operation enters). Inside, each marks itself
 * present, looks whether the other is present, and unmarks.
 *
 * <p>Per thread: 0 ran alone, 1 saw the other inside (a missed race), 2 was refused with
 * ConcurrentAccessException. A refusal is the detector at work (interesting: it needs the two
 * operations to overlap in time). Seeing the other inside is forbidden, and so is both refused
 * (the first to register always runs).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The operations did not overlap in time.")
@Outcome(id = {"2, 0", "0, 2"}, expect = ACCEPTABLE_INTERESTING, desc = "They overlapped; the second was refused.")
@Outcome(expect = FORBIDDEN, desc = "Both ran at once unnoticed, or both were refused.")
@State
public class CheckedRaceTest {
    private static final VarHandle IN;

    static {
        try {
            IN = MethodHandles.lookup().findVarHandle(CheckedRaceTest.class, "in", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NDArray a = NDArray.zeros(DType.INT32, 32).checked();
    private final NDArray front = a.slice(":20");
    private final NDArray back = a.slice("12:");
    @SuppressWarnings("unused")
    private volatile int in;

    private int run(String op, NDArray target) {
        try (OpScope s = OpScope.enter(op, Facade.of(NDArray.class).unwrap(target), null)) {
            int seen = (int) IN.getAndAdd(this, 1);
            IN.getAndAdd(this, -1);
            return seen != 0 ? 1 : 0;
        } catch (ConcurrentAccessException e) {
            return 2;
        }
    }

    @Actor
    public void first(II_Result r) {
        r.r1 = run("fillFront", front);
    }

    @Actor
    public void second(II_Result r) {
        r.r2 = run("fillBack", back);
    }
}
