package org.ndpack.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the package layering of the library (main classes only, read from {@code target/classes}).
 *
 * <p>The narrow, documented exceptions:
 * <ul>
 *   <li>{@code internal} may use three leaf types of the public package: {@code DType} (the
 *       element type every layer speaks), {@code ReadOnlyArrayException} and
 *       {@code ConcurrentAccessException} (failures thrown from deep inside an operation, which
 *       callers catch by their public type). These three depend on nothing else in ndpack
 *       (checked below), so they cannot close a cycle.</li>
 *   <li>{@code org.ndpack} and {@code org.ndpack.dlpack} are one public API in two packages:
 *       {@code NDArray} is a {@code DLPackProducer} and {@code DLPack} returns {@code NDArray}s.
 *       The cycle check therefore runs over the subpackages of {@code org.ndpack}, and the root
 *       package is checked by the rules on {@code internal}.</li>
 * </ul>
 */
class LayeringTest {
    private static final String INTERNAL = "org.ndpack.internal..";
    private static final Set<String> PUBLIC_LEAVES = Set.of("org.ndpack.DType",
            "org.ndpack.ReadOnlyArrayException", "org.ndpack.ConcurrentAccessException");
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        Path main = Path.of("target", "classes");
        assertTrue(Files.isDirectory(main.resolve("org/ndpack/internal")),
                "compiled main classes expected under " + main.toAbsolutePath());
        classes = new ClassFileImporter().importPath(main);
        assertTrue(classes.contain("org.ndpack.NDArray"), "the import found NDArray");
    }

    @Test
    void subpackagesHaveNoCycles() {
        slices().matching("org.ndpack.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void internalPackagesHaveNoCycles() {
        slices().matching("org.ndpack.internal.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void internalUsesNoPublicTypeButTheLeaves() {
        DescribedPredicate<JavaClass> publicApi = new DescribedPredicate<>(
                "in a public package of ndpack (other than DType and the two exceptions)") {
            @Override
            public boolean test(JavaClass c) {
                String p = c.getPackageName();
                return p.startsWith("org.ndpack") && !p.startsWith("org.ndpack.internal")
                        && !PUBLIC_LEAVES.contains(c.getName());
            }
        };
        noClasses().that().resideInAPackage(INTERNAL).should().dependOnClassesThat(publicApi).check(classes);
    }

    @Test
    void publicLeavesDependOnNothingElseInNdpack() {
        noClasses().that(new DescribedPredicate<>("DType, ReadOnlyArrayException, ConcurrentAccessException") {
            @Override
            public boolean test(JavaClass c) {
                return PUBLIC_LEAVES.contains(c.getName());
            }
        }).should().dependOnClassesThat().resideInAnyPackage("org.ndpack.internal..", "org.ndpack.dlpack..",
                "org.ndpack.io..", "org.ndpack.python..").check(classes);
    }

    @Test
    void kernelImportsNothingAboveIt() {
        noClasses().that().resideInAPackage("org.ndpack.internal.kernel..").should().dependOnClassesThat()
                .resideInAnyPackage("org.ndpack.internal.array..", "org.ndpack.internal.memory..",
                        "org.ndpack.internal.concurrent..", "org.ndpack.internal.layout..",
                        "org.ndpack.internal.shape..", "org.ndpack.internal.text..", "org.ndpack.internal.ufunc..",
                        "org.ndpack.internal.reduce..", "org.ndpack.internal.linalg..", "org.ndpack.internal.sort..")
                .check(classes);
    }

    /**
     * The Python bridge uses the public API, except that NumPy's {@code __array_interface__} needs
     * the address of the first element, which the public API does not give: {@code python.ToPython}
     * reads it through the array facade, and only that class may. The same class also hands
     * Python-made tensors to the DLPack bridge with a Java-side caller of their deleter (which
     * needs the GIL), {@code internal.dlpack.ForeignImports}: the public API has no such import.
     */
    @Test
    void pythonUsesOnlyThePublicApi() {
        noClasses().that().resideInAPackage("org.ndpack.python..")
                .and().doNotHaveFullyQualifiedName("org.ndpack.python.ToPython")
                .should().dependOnClassesThat().resideInAnyPackage(INTERNAL).check(classes);
        Set<String> allowed = Set.of("org.ndpack.internal.array.Facade", "org.ndpack.internal.array.ArrayImpl",
                "org.ndpack.internal.memory.Memory", "org.ndpack.internal.dlpack.ForeignImports",
                "org.ndpack.internal.dlpack.ForeignImports$Deleter");
        noClasses().that().haveFullyQualifiedName("org.ndpack.python.ToPython").should()
                .dependOnClassesThat(new DescribedPredicate<>("internal, other than the facade and the memory address") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.getPackageName().startsWith("org.ndpack.internal") && !allowed.contains(c.getName());
                    }
                }).check(classes);
    }
}
