package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The golden harness itself fails on a wrong value, a wrong zero sign, a wrong dtype and a missing NumPy error. */
class GoldenTest {
    @Test
    void harnessRejectsDifferences() {
        NDArray a = NDArray.of(new double[] {1, -0.0, 2});
        Golden wrongValue = new Golden();
        wrongValue.expect("np.array([1.0, 0.0, 3.0])", a);
        assertThrows(AssertionError.class, wrongValue::check);
        Golden wrongZero = new Golden();
        wrongZero.expect("np.array([1.0, 0.0, 2.0])", a);
        assertThrows(AssertionError.class, wrongZero::check);
        Golden wrongType = new Golden();
        wrongType.expect("np.array([1.0, -0.0, 2.0], dtype=np.float32)", a);
        assertThrows(AssertionError.class, wrongType::check);
        Golden noError = new Golden();
        noError.expectError("np.array([1.0])", IllegalStateException.class, () -> {
            throw new IllegalStateException("ndpack threw");
        });
        assertThrows(AssertionError.class, noError::check);
        Golden same = new Golden();
        same.expect("np.array([1.0, -0.0, 2.0])", a);
        same.check();
    }
}
