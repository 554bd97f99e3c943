package org.ndpack.stress;

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
 * Safe publication of a view handed through a plain (non-volatile) field.
 *
 * <p>One thread creates a view and stores it in a plain field; another reads the field. NDArray's
 * descriptor fields are all final, so a reader that sees the reference sees the whole descriptor:
 * shape, strides and offset as constructed. Seeing the view with a default (zero) shape or offset
 * would mean a torn publication: forbidden.
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "The reader ran before the writer published the view.")
@Outcome(id = "3, -120", expect = ACCEPTABLE, desc = "The reader saw the whole view: 3 rows, offset 20 times row stride -6.")
@Outcome(expect = FORBIDDEN, desc = "The reader saw a partly constructed descriptor.")
@State
public class ViewPublicationTest {
    private static final NDArray BASE = NDArray.arange(DType.FLOAT32, 0, 24, 1).reshape(4, 6);

    NDArray published; // deliberately plain

    @Actor
    public void writer() {
        published = BASE.slice("::-1, 2:4").slice(":3");
    }

    @Actor
    public void reader(JJ_Result r) {
        NDArray v = published;
        if (v == null) {
            r.r1 = -1;
            r.r2 = -1;
        } else {
            r.r1 = v.shape(0);
            r.r2 = v.offset() * v.strides()[0]; // offset 20 (row 3, column 2), stride -6
        }
    }
}
