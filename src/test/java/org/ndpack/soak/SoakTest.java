package org.ndpack.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ndpack.dlpack.DLPackSoak;
import org.ndpack.testing.ChildJvm;

/**
 * Bounded soak runs, tagged {@code soak}: the build runs them in their own surefire execution
 * after the unit tests ({@code -Dndpack.skipSoak=true} skips them), each in a child JVM with the
 * flags it needs. Together they take well under two minutes.
 */
@Tag("soak")
class SoakTest {
    /** Seconds each soak runs; {@code -Dndpack.soak.seconds} changes it. */
    private static final String SECONDS = System.getProperty("ndpack.soak.seconds", "30");

    @Test
    void droppedArraysKeepNativeMemoryAndRssBounded() throws Exception {
        Assumptions.assumeTrue(MemorySoak.rss() > 0, "no /proc/self/status (not Linux): the RSS bound is not checked");
        // heap 256 MiB + native budget 128 MiB + JVM overhead: RSS must stay under 640 MiB, and
        // must not grow by more than 64 MiB between the first and the last third of the run
        ChildJvm.Result r = ChildJvm.run(MemorySoak.class, 110, List.of("-Xmx256m", "-Dndpack.maxNativeMemory=128m"),
                SECONDS, "640", "64");
        System.out.println(r.output().strip() + " (" + r.millis() + " ms with JVM start)");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok memory soak"), r.output());
    }

    @Test
    void dlpackExchangesFromSeveralThreadsGiveEverythingBack() throws Exception {
        ChildJvm.Result r = ChildJvm.run(DLPackSoak.class, 110, List.of("-Xmx256m"), String.valueOf(
                Math.max(5, Integer.parseInt(SECONDS) / 2)), "4");
        System.out.println(r.output().strip() + " (" + r.millis() + " ms with JVM start)");
        Assumptions.assumeFalse(r.output().contains("TestAbortedException"), "the C peer needs gcc: " + r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok dlpack soak"), r.output());
    }
}
