package org.ndpack.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins two habits of the Vector API kernels that keep C2's code for every other kernel in the
 * JVM intact (main classes only, read from {@code target/classes}).
 *
 * <p>Until C2 compiles a caller, the Vector API runs its operations as plain Java. A lane
 * reinterpretation ({@code reinterpretShape}, {@code reinterpretAsInts}, {@code viewAsIntegralLanes}
 * and the like, and a floating vector's {@code test(IS_NEGATIVE)}, {@code test(IS_NAN)} and the
 * other tests, which view the lanes as integers) then stores the vector into a heap segment and
 * loads it back; a vector load from
 * a heap segment does the same directly. Either puts a heap segment's type into the profile of the
 * Vector API's shared load and store paths, and C2 then compiles the loads and stores of every
 * kernel of those lane types less well: measured 1.5-3x slower loops, once 140x, for the rest of
 * the JVM's life (docs/PERFORMANCE.md, tenth and eleventh sessions). Kernels therefore broadcast
 * scalars in the species' own type, take signs through masks, and never wrap a heap array in a
 * segment. The one exception is {@code HalfVectors} (bfloat16 arithmetic), documented there.
 *
 * <p>Conversions named by an operator ({@code convert(VectorOperators.REINTERPRET_I2F, 0)}) take
 * the same fallback and are not caught by name; review catches those.
 */
class VectorApiUseTest {
    private static final Set<String> REINTERPRET = Set.of("reinterpretShape", "reinterpretAsBytes",
            "reinterpretAsShorts", "reinterpretAsInts", "reinterpretAsLongs", "reinterpretAsFloats",
            "reinterpretAsDoubles", "viewAsIntegralLanes", "viewAsFloatingLanes");
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        Path main = Path.of("target", "classes");
        assertTrue(Files.isDirectory(main.resolve("org/ndpack/internal/kernel")),
                "compiled main classes expected under " + main.toAbsolutePath());
        classes = new ClassFileImporter().importPath(main);
        assertTrue(classes.contain("org.ndpack.internal.kernel.VecLoop2"), "the import found the kernels");
    }

    @Test
    void noLaneReinterpretationOutsideTheBfloat16Conversions() {
        noClasses().that().resideInAPackage("org.ndpack..")
                .and().doNotHaveFullyQualifiedName("org.ndpack.internal.kernel.HalfVectors")
                .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>("a Vector API lane reinterpretation") {
                    @Override
                    public boolean test(JavaMethodCall c) {
                        if (!c.getTargetOwner().getPackageName().equals("jdk.incubator.vector")) {
                            return false;
                        }
                        // a floating vector's test (IS_NEGATIVE, IS_NAN, ...) views its lanes as integers
                        String owner = c.getTargetOwner().getSimpleName();
                        return REINTERPRET.contains(c.getName()) || c.getName().equals("test")
                                && (owner.equals("Vector") || owner.equals("FloatVector") || owner.equals("DoubleVector"));
                    }
                })
                .because("its fallback goes through a heap segment and degrades every vector kernel's loads and stores")
                .check(classes);
    }

    @Test
    void kernelsWrapNoHeapArrayInASegment() {
        noClasses().that().resideInAPackage("org.ndpack.internal.kernel..")
                .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>("MemorySegment.ofArray") {
                    @Override
                    public boolean test(JavaMethodCall c) {
                        return c.getTargetOwner().getName().equals("java.lang.foreign.MemorySegment")
                                && c.getName().equals("ofArray");
                    }
                })
                .because("a vector load from a heap segment degrades every vector kernel's loads and stores")
                .check(classes);
    }
}
