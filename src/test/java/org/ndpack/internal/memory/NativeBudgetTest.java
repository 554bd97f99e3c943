package org.ndpack.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.NativeMemory;
import org.ndpack.testing.ChildJvm;

/**
 * The native memory budget: sizes, the default, and (in child JVMs with a small
 * {@code -Dndpack.maxNativeMemory}) dropped arrays collected under pressure instead of growing
 * without bound, and the {@link OutOfMemoryError} when reachable arrays fill the budget.
 */
class NativeBudgetTest {

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(512L << 20, NativeBudget.parseSize("512m"));
        assertEquals(4L << 30, NativeBudget.parseSize("4G"));
        assertEquals(64L << 10, NativeBudget.parseSize(" 64k "));
        assertEquals(2L << 40, NativeBudget.parseSize("2t"));
        assertEquals(123456789L, NativeBudget.parseSize("123456789"));
        for (String bad : List.of("", "m", "-1", "0", "1.5g", "12x", "99999999999999999999", "9999999999t",
                "1e9")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeBudget.parseSize(bad),
                    bad);
            assertTrue(e.getMessage().contains("ndpack.maxNativeMemory=" + bad) && e.getMessage().contains("512m"),
                    e.getMessage());
        }
    }

    @Test
    void defaultIsAtLeastTheHeapAndCountsEveryBlock() {
        assertTrue(NativeBudget.defaultLimit() >= Runtime.getRuntime().maxMemory());
        long reserved = NativeMemory.reservedBytes();
        try (NDArray a = NDArray.zeros(DType.FLOAT64, 100_000)) {
            long grew = NativeMemory.reservedBytes() - reserved;
            assertTrue(grew >= a.nbytes(), "the array is reserved: " + grew);
            assertTrue(NativeMemory.reservedBytes() >= NativeMemory.liveBytes());
        }
        assertTrue(NativeMemory.reservedBytes() < reserved + 800_000, "given back on close");
    }

    private static final Pattern FIGURES = Pattern.compile("(\\d+) bytes allocated, limit (\\d+), max reserved (\\d+)");

    @Test
    void droppedArraysAreCollectedUnderPressure() throws Exception {
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 120, List.of("-Xmx256m", "-Dndpack.maxNativeMemory=32m"),
                "drop", Long.toString(2L << 30));
        assertEquals(0, r.exitCode(), r.output());
        Matcher m = FIGURES.matcher(r.output());
        assertTrue(m.find(), r.output());
        long total = Long.parseLong(m.group(1));
        long limit = Long.parseLong(m.group(2));
        long maxReserved = Long.parseLong(m.group(3));
        assertEquals(32L << 20, limit);
        assertTrue(total > 50 * limit, "allocated many times the limit: " + r.output());
        assertTrue(maxReserved <= limit, r.output());
        System.out.println("budget drop test, " + r.millis() + " ms: " + r.output().strip());
    }

    @Test
    void aRequestNearLongMaxValueIsRefusedNotWrappedAround() {
        NativeBudget.reserve(100); // something reserved, so that a sum with the request would wrap
        try {
            long huge = Long.MAX_VALUE - 36;
            try {
                NativeBudget.reserve(huge);
                NativeBudget.unreserve(huge);
                org.junit.jupiter.api.Assertions.fail("a reservation of " + huge + " bytes was granted");
            } catch (OutOfMemoryError expected) {
                assertTrue(expected.getMessage().contains("the request alone exceeds the limit"), expected.getMessage());
            }
            assertTrue(NativeBudget.reserved() >= 100, "the count did not wrap: " + NativeBudget.reserved());
        } finally {
            NativeBudget.unreserve(100);
        }
    }

    @Test
    void theBytesReservedNeverReadAboveTheLimitUnderContention() throws Exception {
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 60, List.of("-Xmx32m", "-Dndpack.maxNativeMemory=1m"),
                "contend", "2000");
        assertEquals(0, r.exitCode(), r.output());
        Matcher m = Pattern.compile("ok contend: (\\d+) rounds").matcher(r.output());
        assertTrue(m.find(), r.output());
        assertTrue(Long.parseLong(m.group(1)) > 100, "the threads contended: " + r.output());
        System.out.println("budget contention test, " + r.millis() + " ms: " + r.output().strip());
    }

    @Test
    void idlePartlyUsedSlabsDoNotPinTheBudget() throws Exception {
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 60, List.of("-Dndpack.maxNativeMemory=1m"), "slabs");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok slabs: allocated " + ((1 << 20) - NativeAllocator.ALIGNMENT)), r.output());
    }

    @Test
    void aMalformedLimitMakesEveryAllocationSaySo() throws Exception {
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 60, List.of("-Dndpack.maxNativeMemory=lots"), "badprop");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(2, r.output().lines().filter(l -> l.startsWith("message: ndpack.maxNativeMemory=lots: not a size")
                && l.contains("e.g. 512m or 4g")).count(), r.output());
    }

    @Test
    void theDefaultLimitHoldsAnArrayLargerThanTheHeap() throws Exception {
        // the budget starts from the heap and reads the physical memory only when a reservation
        // would pass the heap: that reservation must still succeed
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 60, List.of("-Xmx32m"), "beyondheap");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok beyondheap"), r.output());
        assertEquals(NativeBudget.defaultLimit(), NativeBudget.limit(), "this JVM runs without the property");
        System.out.println("budget beyond-heap test: " + r.output().strip());
        Assumptions.assumeFalse(r.output().contains("skipped"),
                "skipped: half the physical memory is below three times a 32 MiB heap here");
        Matcher m = Pattern.compile("limit (\\d+) \\(default (\\d+)\\)").matcher(r.output());
        assertTrue(m.find(), r.output());
        assertEquals(m.group(2), m.group(1), "the limit reported is the default one: " + r.output());
    }

    @Test
    void oneRequestOverTheLimitFailsAtOnceAndLeavesNothing() throws Exception {
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 60, List.of("-Dndpack.maxNativeMemory=16m"), "over");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok over"), r.output());
        String msg = r.output().lines().filter(l -> l.startsWith("message: ")).findFirst().orElseThrow();
        assertTrue(msg.contains("cannot allocate " + ((16L << 20) + 1 + NativeAllocator.ALIGNMENT) + " bytes"), msg);
        assertTrue(msg.contains("exceeds the limit") && msg.contains("limit of " + (16L << 20) + " bytes"), msg);
        assertTrue(msg.contains("-Dndpack.maxNativeMemory=16m") && msg.contains("in live arrays"), msg);
    }

    @Test
    void reachableArraysFillingTheBudgetGiveOutOfMemoryWithTheFigures() throws Exception {
        ChildJvm.Result r = ChildJvm.run(BudgetChild.class, 60, List.of("-Dndpack.maxNativeMemory=64m"), "held");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("ok held"), r.output());
        String msg = r.output().lines().filter(l -> l.startsWith("message: ")).findFirst().orElseThrow();
        assertTrue(msg.contains("arrays still reachable hold it") && msg.contains("limit of " + (64L << 20)), msg);
        assertTrue(msg.contains("not counted") && msg.contains("raise the limit"), msg);
    }
}
