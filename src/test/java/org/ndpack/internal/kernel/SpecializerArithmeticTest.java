package org.ndpack.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;

/**
 * The portable float loops compute add, subtract, multiply and divide themselves, without the
 * element function: a kernel built with an operation that is not its function's must be refused
 * when it is built, not compute the wrong thing silently.
 */
class SpecializerArithmeticTest {
    @Test
    void anOperationThatIsNotTheFunctionsOwnIsRefused() {
        ElementCodec f32 = ElementCodec.of(DType.FLOAT32);
        Elem.Double2 add = new Elem.Double2(f32, f32, f32, (x, y) -> x + y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specializer.loop2(add, VOp.MUL));
        assertTrue(e.getMessage().contains("MUL"), e.getMessage());
        assertNotNull(Specializer.loop2(add, VOp.ADD));
        assertNotNull(Specializer.loop2(add, VOp.MAX)); // not one of the four: computed through the function
    }
}
