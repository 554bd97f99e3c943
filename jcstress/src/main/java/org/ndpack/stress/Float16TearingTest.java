package org.ndpack.stress;

import org.ndpack.DType;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * No tearing for float16: a read racing a write of one element sees the old value or the new one,
 * never a mix of their bytes.
 * The written value is -1.6201171875 (bits 0xBE7B: no zero byte). See {@link ElementTearing}.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The read saw the old value (0).")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The read saw the new value.")
@Outcome(expect = FORBIDDEN, desc = "Torn: the read saw a mix of old and new bytes (r2: the bits).")
@State
public class Float16TearingTest extends ElementTearing {
    public Float16TearingTest() {
        super(DType.FLOAT16, 0xBE7BL);
    }

    @Actor
    public void writer() {
        write();
    }

    @Actor
    public void reader(JJ_Result r) {
        read(r);
    }
}
