package org.ndpack.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.ndpack.DType;
import org.ndpack.NDArray;

/** The leak check the io tests rely on catches a failing call that keeps native memory. */
class IoTestSupportTest {

    @Test
    void aFailedCallThatKeepsAnArrayIsReportedAsALeak() {
        List<NDArray> kept = new ArrayList<>();
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> IoTestSupport.assertFailsWithoutLeak(IllegalStateException.class, () -> {
                        kept.add(NDArray.zeros(DType.FLOAT64, 1000));
                        throw new IllegalStateException("refused after allocating");
                    }));
            assertEquals(true, e.getMessage().contains("native bytes leaked"), e.getMessage());
        } finally {
            kept.forEach(NDArray::close);
        }
    }

    @Test
    void aFailedCallThatFreesWhatItTookPasses() throws Exception {
        IllegalStateException e = IoTestSupport.assertFailsWithoutLeak(IllegalStateException.class, () -> {
            try (NDArray a = NDArray.zeros(DType.FLOAT64, 1000)) {
                throw new IllegalStateException("refused, array closed " + a.size());
            }
        }, "refused");
        assertEquals("refused, array closed 1000", e.getMessage());
    }
}
