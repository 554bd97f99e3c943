package org.ndpack.internal.ufunc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;

/**
 * A refused loop type names the operation, the operand dtypes and the rule. The operands are named
 * by {@link Rule} itself, on the refusal only (no string is built on the common path), so the
 * exact messages are pinned here.
 */
class RuleMessageTest {
    @Test
    void aBinaryRefusalNamesBothOperands() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryOp.SUB.resolve(DType.BOOL, DType.BOOL));
        assertTrue(e.getMessage().startsWith("ufunc 'subtract' is not supported for dtype bool and bool ("),
                e.getMessage());
    }

    @Test
    void aUnaryRefusalNamesItsOperand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnaryOp.NEG.resolve(DType.BOOL));
        assertTrue(e.getMessage().startsWith("ufunc 'negative' is not supported for dtype bool ("),
                e.getMessage());
    }
}
