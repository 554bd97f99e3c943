package org.ndpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ndpack.testing.Internals.impl;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ndpack.Racing.Task;
import org.ndpack.internal.concurrent.OpScope;

/**
 * Checked mode: an operation that races one in flight on another thread throws
 * ConcurrentAccessException naming both, before writing anything; reads share; disjoint bytes,
 * one thread, and atomic-with-atomic never conflict; the global property turns it on for all.
 *
 * <p>The operation "in flight" is held open deterministically: a thread enters an {@link OpScope}
 * (as every bulk operation does) and waits inside it until the test is done.
 */
class CheckedModeTest {

    /** Holds an operation open on another thread until {@link #close()}. */
    private static final class InFlight implements AutoCloseable {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch leave = new CountDownLatch(1);
        private final Task task;

        InFlight(String thread, String op, NDArray written, NDArray read) throws InterruptedException {
            task = Racing.start(thread, () -> {
                try (OpScope s = OpScope.enter(op, impl(written), impl(read))) {
                    entered.countDown();
                    leave.await();
                }
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS));
        }

        @Override
        public void close() throws InterruptedException {
            leave.countDown();
            task.join();
        }
    }

    @Test
    void aWriteRacingAWriteIsCaughtAndNamesBothSides() throws Exception {
        NDArray a = NDArray.zeros(DType.FLOAT64, 100);
        NDArray c = a.checked();
        ConcurrentAccessException e;
        try (InFlight f = new InFlight("filler", "fill", c.slice("10:50"), null)) {
            e = assertThrows(ConcurrentAccessException.class, () -> c.setDouble(5, 20));
            assertEquals(0, a.getDouble(20), "the refused operation wrote nothing");
        }
        assertEquals("setDouble", e.operation());
        assertEquals(Thread.currentThread().getName(), e.thread());
        assertEquals("fill", e.conflictingOperation());
        assertEquals("filler", e.conflictingThread());
        String m = e.getMessage();
        assertTrue(m.contains("setDouble") && m.contains("fill") && m.contains("\"filler\"")
                && m.contains("\"" + Thread.currentThread().getName() + "\"") && m.contains("[160, 168)")
                && m.contains("[80, 400)"), m);
        assertTrue(e instanceof java.util.ConcurrentModificationException);
        c.setDouble(5, 20); // the other operation ended: no conflict any more
        assertEquals(5, a.getDouble(20));
    }

    @Test
    void aReadRacingAWriteIsCaughtBothWays() throws Exception {
        NDArray c = NDArray.zeros(DType.INT32, 10).checked();
        try (InFlight f = new InFlight("writer", "assign", c, null)) {
            assertThrows(ConcurrentAccessException.class, () -> c.getLong(3));
        }
        try (InFlight f = new InFlight("reader", "sum", null, c)) {
            ConcurrentAccessException e = assertThrows(ConcurrentAccessException.class, () -> c.setLong(1, 3));
            assertTrue(e.getMessage().contains("is reading"), e.getMessage());
        }
    }

    @Test
    void whatIsNotARaceIsNotReported() throws Exception {
        NDArray a = NDArray.zeros(DType.INT32, 100);
        NDArray c = a.checked();
        try (InFlight f = new InFlight("reader", "sum", null, c.slice(":50"))) {
            c.getLong(10); // read with read
            c.setLong(1, 60); // write outside the span in flight
            try (OpScope outer = OpScope.enter("outer", impl(c.slice("60:")), null);
                    OpScope inner = OpScope.enter("inner", impl(c.slice("60:")), impl(c.slice("70:")))) {
                c.setLong(4, 70); // a thread never races itself
            }
        }
        try (InFlight f = new InFlight("writer", "fill", c.slice(":50"), null)) {
            a.setLong(2, 10); // a plain (unchecked) view does not register: not detected, by design
            a.slice("50:").checked().setLong(3, 0);
        }
        assertEquals(2, a.getLong(10));
        assertEquals(3, a.getLong(50));
    }

    @Test
    void atomicUpdatesRaceOnlyWithPlainAccesses() throws Exception {
        NDArray c = NDArray.zeros(DType.INT64, 4).checked();
        AtomicView at = c.atomic();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Task holder = Racing.start("atomic-holder", () -> {
            try (OpScope s = OpScope.enterElement("getAndAddLong", impl(c), 0, 8, OpScope.WRITE | OpScope.ATOMIC)) {
                inside.countDown();
                leave.await();
            }
        });
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        at.getAndAddLong(1, 0); // atomic with atomic: fine
        ConcurrentAccessException e = assertThrows(ConcurrentAccessException.class, () -> c.setLong(9, 0));
        assertTrue(e.getMessage().contains("updating atomically"), e.getMessage());
        assertThrows(ConcurrentAccessException.class, () -> c.getLong(0));
        leave.countDown();
        holder.join();
        assertEquals(1, c.getLong(0));
    }

    @Test
    void anOperationWithOneCheckedOperandRegistersAllOperands() throws Exception {
        NDArray a = NDArray.zeros(DType.INT16, 10);
        NDArray b = NDArray.zeros(DType.INT16, 10);
        try (InFlight f = new InFlight("copier", "copyto", b, a.checked())) {
            // b was written by an operation involving a checked array: b's bytes are registered
            assertThrows(ConcurrentAccessException.class, () -> b.checked().getLong(0));
        }
    }

    @Test
    void lockedOperationsAreNotReportedAgainstEachOther() throws Exception {
        NDArray cl = NDArray.zeros(DType.INT64, 8).checked().locked();
        Racing.runAll(2, k -> {
            for (int r = 0; r < 5000; r++) {
                cl.setLong(cl.getLong(1) + 1, 1); // each access locked, so never in flight together
            }
        });
        assertTrue(cl.getLong(1) > 0);
    }

    /** {@code -Dndpack.checked=true} checks every array: run a probe in a JVM of its own. */
    @Test
    void theSystemPropertyChecksEveryArray() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = codeSource(NDArray.class) + File.pathSeparator + codeSource(GlobalCheckedProbe.class);
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp));
        List<String> on = new ArrayList<>(cmd);
        on.addAll(List.of("-Dndpack.checked=true", GlobalCheckedProbe.class.getName()));
        List<String> off = new ArrayList<>(cmd);
        off.add(GlobalCheckedProbe.class.getName());
        assertEquals("caught setDouble vs fill; caught astype vs fill", run(on));
        assertEquals("not checked; not checked", run(off));
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.split("\n");
        return lines[lines.length - 1].strip();
    }
}
