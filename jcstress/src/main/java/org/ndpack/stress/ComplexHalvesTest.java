package org.ndpack.stress;

import org.ndpack.DType;
import org.ndpack.NDArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Complex elements are two scalars: each half is atomic, the pair is not.
 *
 * <p>One thread writes (re, im) = (-1.2345678, 1.08) into a complex64 element and
 * (-1.2345678901234567, 3.3) into a complex128 element (no half has a zero byte); the other reads
 * the real then the imaginary part of each. Per half: 0 old, 1 new, 2 torn. r1, r2: complex64's
 * halves; r3, r4: complex128's. A torn half is forbidden; a pair that mixes an old and a new half is
 * allowed (interesting): the contract promises nothing for the pair.
 */
@JCStressTest
@Outcome(id = "(0, 0|1, 1), (0, 0|1, 1)", expect = ACCEPTABLE, desc = "Each pair seen all old or all new.")
@Outcome(id = {"(0, 1|1, 0), [01], [01]", "[01], [01], (0, 1|1, 0)"}, expect = ACCEPTABLE_INTERESTING,
        desc = "Every half whole, but a pair mixes an old and a new half: allowed, the pair is not atomic.")
@Outcome(expect = FORBIDDEN, desc = "A half was torn.")
@State
public class ComplexHalvesTest {
    private static final float RE64 = Float.intBitsToFloat(0xBF9E0651);
    private static final float IM64 = Float.intBitsToFloat(0x3F8A3D71);
    private static final double RE128 = Double.longBitsToDouble(0xBFF3C0CA428C59FBL);
    private static final double IM128 = 3.3;

    private final NDArray c64 = NDArray.zeros(DType.COMPLEX64, 2);
    private final NDArray c128 = NDArray.zeros(DType.COMPLEX128, 2);

    @Actor
    public void writer() {
        c64.setComplex(RE64, IM64, 1);
        c128.setComplex(RE128, IM128, 1);
    }

    @Actor
    public void reader(IIII_Result r) {
        r.r1 = half(c64.getDouble(1), RE64);
        r.r2 = half(c64.getImag(1), IM64);
        r.r3 = half(c128.getDouble(1), RE128);
        r.r4 = half(c128.getImag(1), IM128);
    }

    private static int half(double seen, double wrote) {
        return Double.doubleToRawLongBits(seen) == 0 ? 0 : seen == wrote ? 1 : 2;
    }
}
