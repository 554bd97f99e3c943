package org.ndpack.dlpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;

/**
 * The Java side of Python's {@code __dlpack__} protocol: {@link DLPack#from} with NDArray and with
 * foreign producers (played by the C peer), the copy policies and what is asked of the producer.
 */
class DLPackProtocolTest extends LiveTensorCheck {

    /** A producer backed by the C peer that records what it was asked. */
    static final class PeerProducer implements DLPackProducer {
        final DLDevice device;
        final Function<DLPackCopy, CPeer.Spec> answer;
        DLPackVersion askedVersion;
        DLDevice askedDevice;
        DLPackCopy askedCopy;
        MemorySegment made;

        PeerProducer(DLDevice device, Function<DLPackCopy, CPeer.Spec> answer) {
            this.device = device;
            this.answer = answer;
        }

        @Override
        public DLPackTensor toDLPack(DLPackVersion maxVersion, DLDevice device, DLPackCopy copy) {
            askedVersion = maxVersion;
            askedDevice = device;
            askedCopy = copy;
            CPeer.Spec s = answer.apply(copy);
            if (s == null) {
                return null;
            }
            made = s.make();
            return new DLPackTensor(made, s.versioned);
        }

        @Override
        public DLDevice dlpackDevice() {
            return device;
        }
    }

    @Test
    void fromAnArraySharesItsMemory() {
        try (NDArray a = NDArray.arange(DType.FLOAT32, 0, 6, 1)) {
            try (NDArray b = DLPack.from(a)) {
                assertFalse(b.sharesMemory(a), "an import owns its own Memory object...");
                b.setDouble(50, 2);
                assertEquals(50, a.getDouble(2), "...over the same bytes");
                assertEquals(1, DLPack.liveExports());
            }
            assertEquals(0, DLPack.liveExports());
            try (NDArray c = DLPack.from(a, DLPackCopy.NEVER)) {
                c.setDouble(7, 0);
                assertEquals(7, a.getDouble(0));
            }
        }
    }

    @Test
    void fromAReadOnlyArrayIsReadOnly() {
        try (NDArray a = NDArray.arange(DType.INT32, 0, 6, 1)) {
            try (NDArray b = DLPack.from(a.asReadOnly())) {
                assertTrue(b.isReadOnly());
                assertEquals(5, b.getLong(5));
            }
        }
    }

    @Test
    void copyAlwaysGivesAnIndependentWritableArray() {
        try (NDArray a = NDArray.arange(DType.FLOAT64, 0, 12, 1)) {
            NDArray src = a.reshape(3, 4).transpose().asReadOnly();
            try (NDArray b = DLPack.from(src, DLPackCopy.ALWAYS)) {
                assertFalse(b.isReadOnly(), "the copy belongs to the consumer alone");
                assertTrue(b.isCContiguous());
                assertEquals(src, b);
                b.setDouble(-1, 0, 0);
                assertEquals(0, a.getDouble(0), "no memory shared with the producer");
            }
        }
    }

    @Test
    void fromAsksForTheLatestVersionOnTheProducersOwnHostReadableDevice() {
        for (int type : new int[] {DLDevice.CPU, DLDevice.CUDA_HOST, DLDevice.CUDA_MANAGED}) {
            PeerProducer p = new PeerProducer(DLDevice.of(type, 0), copy -> new CPeer.Spec().device(type, 0));
            try (NDArray a = DLPack.from(p)) {
                assertEquals(4.0, a.getDouble(1, 1));
            }
            assertEquals(DLPack.VERSION, p.askedVersion);
            assertNull(p.askedDevice, "host-readable: no device change asked");
            assertSame(DLPackCopy.IF_NEEDED, p.askedCopy);
            assertEquals(1, CPeer.deleterCalls(p.made, true));
        }
    }

    @Test
    void aDeviceProducerIsAskedForCpuMemoryAndMayCopyUnlessForbidden() {
        // A "GPU" producer: asked for CPU:0, it copies to host memory unless told never to copy.
        Function<DLPackCopy, CPeer.Spec> gpu = copy -> {
            if (copy == DLPackCopy.NEVER) {
                throw new DLPackCopyException("copy", "NEVER", "the data is on CUDA:0; reaching the CPU needs a copy");
            }
            return new CPeer.Spec().flags(DLPack.FLAG_IS_COPIED);
        };
        PeerProducer p = new PeerProducer(DLDevice.of(DLDevice.CUDA, 0), gpu);
        try (NDArray a = DLPack.from(p)) {
            assertEquals(5.0, a.getDouble(1, 2));
        }
        assertEquals(DLDevice.CPU_0, p.askedDevice);
        PeerProducer q = new PeerProducer(DLDevice.of(DLDevice.CUDA, 0), gpu);
        DLPackCopyException e = assertThrows(DLPackCopyException.class, () -> DLPack.from(q, DLPackCopy.NEVER));
        assertTrue(e.getMessage().contains("needs a copy"));
        assertNull(q.made, "nothing was produced");
    }

    @Test
    void aProducerThatCopiesDespiteNeverIsRefusedAndItsTensorGivenBack() {
        PeerProducer p = new PeerProducer(DLDevice.CPU_0, copy -> new CPeer.Spec().flags(DLPack.FLAG_IS_COPIED));
        DLPackCopyException e = assertThrows(DLPackCopyException.class, () -> DLPack.from(p, DLPackCopy.NEVER));
        assertEquals("flags", e.field());
        assertTrue(e.getMessage().contains("IS_COPIED"), e.getMessage());
        assertEquals(1, CPeer.deleterCalls(p.made, true));
    }

    @Test
    void aProducerAnsweringWithTheLegacyStructIsAccepted() {
        PeerProducer p = new PeerProducer(DLDevice.CPU_0, copy -> new CPeer.Spec().legacy());
        try (NDArray a = DLPack.from(p)) {
            assertEquals(3.0, a.getDouble(1, 0));
        }
        assertEquals(1, CPeer.deleterCalls(p.made, false));
    }

    @Test
    void aProducerAnsweringWithDeviceMemoryIsRefusedAndItsTensorGivenBack() {
        PeerProducer p = new PeerProducer(DLDevice.CPU_0, copy -> new CPeer.Spec().device(DLDevice.CUDA, 1));
        assertThrows(DLPackDeviceException.class, () -> DLPack.from(p));
        assertEquals(1, CPeer.deleterCalls(p.made, true));
    }

    @Test
    void aProducerReturningNothingIsAnError() {
        PeerProducer p = new PeerProducer(DLDevice.CPU_0, copy -> null);
        assertThrows(NullPointerException.class, () -> DLPack.from(p));
        assertThrows(NullPointerException.class, () -> DLPack.from(null));
        assertThrows(NullPointerException.class, () -> DLPack.from(p, null));
    }

    @Test
    void consumeDispatchesOnTheKind() {
        try (NDArray a = NDArray.arange(DType.INT16, 0, 4, 1)) {
            for (DLPackVersion v : new DLPackVersion[] {DLPack.VERSION, null}) {
                DLPackTensor t = a.toDLPack(v, null, DLPackCopy.IF_NEEDED);
                assertEquals(v != null, t.versioned());
                assertTrue(t.toString().startsWith(v != null ? "DLManagedTensorVersioned@0x" : "DLManagedTensor@0x"));
                try (NDArray b = DLPack.consume(t)) {
                    assertEquals(3, b.getLong(3));
                }
            }
        }
    }

    @Test
    void closingTheProducerAfterFromLeavesTheImportValid() {
        NDArray a = NDArray.arange(DType.FLOAT32, 0, 10, 1);
        NDArray b = DLPack.from(a);
        a.close();
        assertThrows(IllegalStateException.class, () -> a.getDouble(0));
        assertEquals(9.0, b.getDouble(9), "the export pins the memory for the importer");
        b.setDouble(1, 9);
        b.close();
        assertEquals(0, DLPack.liveExports());
        assertThrows(IllegalStateException.class, () -> DLPack.from(a), "a closed producer");
    }
}
