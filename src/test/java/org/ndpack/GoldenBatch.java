package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.function.Executable;
import org.ndpack.testing.NumPy;

/**
 * A batch of golden comparisons: inputs and NumPy expressions are collected with ndpack's
 * results for them, then NumPy evaluates the whole batch in one process ({@link #check()}) and
 * each result is compared bit for bit.
 */
final class GoldenBatch {
    private final Map<String, NDArray> inputs = new LinkedHashMap<>();
    private final List<String> exprs = new ArrayList<>();
    private final List<NDArray> actual = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    /** {@return the NumPy name of a new input} */
    String in(NDArray a) {
        String name = "x" + inputs.size();
        inputs.put(name, a);
        return name;
    }

    /** Expects ndpack's {@code result} to equal NumPy's value of {@code expr}. */
    void expect(String expr, NDArray result) {
        exprs.add(expr);
        actual.add(result);
        labels.add(expr);
    }

    /** Expects NumPy to raise on {@code expr} and ndpack to throw {@code type} from {@code call}. */
    <T extends Throwable> T expectError(String expr, Class<T> type, Executable call) {
        exprs.add(expr);
        actual.add(null);
        labels.add(expr);
        return assertThrows(type, call, expr);
    }

    /** Runs the batch through NumPy and compares every result. */
    void check() {
        NumPy.require();
        List<NumPy.Result> results = NumPy.eval(inputs, "", exprs);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < exprs.size(); i++) {
            NumPy.Result r = results.get(i);
            NDArray mine = actual.get(i);
            if (mine == null) {
                if (r.error() == null) {
                    failures.add(labels.get(i) + ": NumPy did not raise, ndpack threw");
                }
                continue;
            }
            assertNotNull(mine);
            try {
                ShapeTestData.assertSameBits(r.get(), mine, labels.get(i) + " [" + describe() + "]");
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + exprs.size() + " golden comparisons failed:\n"
                    + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
        }
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, NDArray> e : inputs.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(": ").append(e.getValue().dtype()).append(java.util.Arrays.toString(
                    e.getValue().shape()));
            if (sb.length() > 300) {
                sb.append(" ...");
                break;
            }
        }
        return sb.toString();
    }

    /** {@return how many comparisons are queued} */
    int size() {
        return exprs.size();
    }
}
