package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The golden harness itself fails on a wrong value, a wrong zero sign, a wrong dtype and a missing NumPy error. */
class GoldenBatchTest {
    @Test
    void harnessRejectsDifferences() {
        NDArray a = NDArray.of(new double[] {1, -0.0, 2});
        GoldenBatch wrongValue = new GoldenBatch();
        wrongValue.expect("np.array([1.0, 0.0, 3.0])", a);
        assertThrows(AssertionError.class, wrongValue::check);
        GoldenBatch wrongZero = new GoldenBatch();
        wrongZero.expect("np.array([1.0, 0.0, 2.0])", a);
        assertThrows(AssertionError.class, wrongZero::check);
        GoldenBatch wrongType = new GoldenBatch();
        wrongType.expect("np.array([1.0, -0.0, 2.0], dtype=np.float32)", a);
        assertThrows(AssertionError.class, wrongType::check);
        GoldenBatch noError = new GoldenBatch();
        noError.expectError("np.array([1.0])", IllegalStateException.class, () -> {
            throw new IllegalStateException("ndpack threw");
        });
        assertThrows(AssertionError.class, noError::check);
        GoldenBatch same = new GoldenBatch();
        same.expect("np.array([1.0, -0.0, 2.0])", a);
        same.check();
    }
}
