package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Linker;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The shape of the global state: one immutable record, built once; no other mutable static state
 * anywhere in the package (so nothing can be lazily initialised with check-then-act).
 */
class BridgeStateTest {

    private static final List<Class<?>> PACKAGE = List.of(DLPack.class, Bridge.class, BridgeState.class, LongMap.class,
            Importer.class, Exporter.class, Export.class, ImportRelease.class, DLPackLayouts.class, DLDevice.class,
            DLPackVersion.class, DLPackTensor.class, DLPackCopy.class, DLPackException.class, DLPack.Statistics.class);

    @Test
    void everyStaticFieldInThePackageIsFinal() {
        for (Class<?> c : PACKAGE) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    assertTrue(Modifier.isFinal(f.getModifiers()), c.getSimpleName() + "." + f.getName() + " is not final");
                }
            }
        }
    }

    @Test
    void theStateIsARecordOfFinalFieldsHeldByOneFinalReference() throws Exception {
        assertTrue(BridgeState.class.isRecord());
        for (Field f : BridgeState.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                assertTrue(Modifier.isFinal(f.getModifiers()), f.getName());
            }
        }
        List<String> components = java.util.Arrays.stream(BridgeState.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertTrue(components.containsAll(List.of("versionedDeleter", "legacyDeleter", "exports", "imports")), components.toString());
        Field holder = Bridge.class.getDeclaredField("STATE");
        assertTrue(Modifier.isFinal(holder.getModifiers()) && Modifier.isStatic(holder.getModifiers()));
    }

    @Test
    void theInitialStateIsWhole() {
        BridgeState s = Bridge.STATE.get();
        assertNotEquals(0, s.versionedDeleter().address());
        assertNotEquals(0, s.legacyDeleter().address());
        assertNotEquals(s.versionedDeleter().address(), s.legacyDeleter().address());
        assertEquals(Linker.nativeLinker().defaultLookup().find("free").orElseThrow().address(), s.shutdownDeleter().address());
        assertFalse(s.shuttingDown(), "the test JVM is not shutting down");
    }

    @Test
    void statisticsComeFromOneSnapshot() {
        DLPack.Statistics st = DLPack.statistics();
        BridgeState s = Bridge.STATE.get();
        assertTrue(st.imports() >= 0 && st.rejectedImports() >= 0 && st.exports() >= 0);
        assertEquals(s.imports().size(), DLPack.liveImports());
        assertEquals(s.exports().size(), DLPack.liveExports());
    }
}
