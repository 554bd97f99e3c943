package org.ndpack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ndpack.DType;
import org.ndpack.NDArray;
import org.ndpack.ReadOnlyArrayException;
import org.ndpack.dlpack.DLPack;

/**
 * Capsules are consumed exactly once, whatever the producer does: the rename to
 * {@code "used_..."}, refusals that leave a capsule untouched, the fallback for producers that
 * predate {@code max_version}, and the deleter counts afterwards.
 */
class ExactlyOnceTest {
    static Python py;
    private static final List<PyObject> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        py = TestPython.withNumPy();
        py.exec(Exchange.PY_MAKE);
        // A producer that records how it was called, and counts its deleter (the capsule is
        // NumPy's, so NumPy's deleter runs; the weakref tells when it has dropped the array).
        py.exec("""
                import numpy as np
                class EoProducer:
                    def __init__(self, legacy_only=False):
                        self.calls = []
                        self.legacy_only = legacy_only
                        self.array = np.arange(5.0)
                    def __dlpack__(self, **kw):
                        self.calls.append(kw)
                        if self.legacy_only and kw:
                            raise TypeError('__dlpack__() got an unexpected keyword argument')
                        return self.array.__dlpack__()

                # A producer written with ctypes: any dtype, device, version and flags, and a
                # deleter that records each call. Its structs stay alive in peer_keep until deleted.
                import ctypes
                class EoDevice(ctypes.Structure):
                    _fields_ = [('device_type', ctypes.c_int32), ('device_id', ctypes.c_int32)]
                class EoDType(ctypes.Structure):
                    _fields_ = [('code', ctypes.c_uint8), ('bits', ctypes.c_uint8), ('lanes', ctypes.c_uint16)]
                class EoTensor(ctypes.Structure):
                    _fields_ = [('data', ctypes.c_void_p), ('device', EoDevice), ('ndim', ctypes.c_int32),
                                ('dtype', EoDType), ('shape', ctypes.c_void_p), ('strides', ctypes.c_void_p),
                                ('byte_offset', ctypes.c_uint64)]
                EO_DELETER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
                class EoManaged(ctypes.Structure):
                    _fields_ = [('dl_tensor', EoTensor), ('manager_ctx', ctypes.c_void_p), ('deleter', EO_DELETER)]
                class EoVersion(ctypes.Structure):
                    _fields_ = [('major', ctypes.c_uint32), ('minor', ctypes.c_uint32)]
                class EoManagedVersioned(ctypes.Structure):
                    _fields_ = [('version', EoVersion), ('manager_ctx', ctypes.c_void_p), ('deleter', EO_DELETER),
                                ('flags', ctypes.c_uint64), ('dl_tensor', EoTensor)]
                peer_deleted = []
                peer_keep = {}
                @EO_DELETER
                def peer_deleter(p):
                    peer_deleted.append(p)
                    peer_keep.pop(p, None)
                EO_NAMES = {False: b'dltensor', True: b'dltensor_versioned'}
                peer_new_capsule = ctypes.pythonapi.PyCapsule_New
                peer_new_capsule.restype = ctypes.py_object
                peer_new_capsule.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
                def peer_capsule(code=2, bits=64, device=1, versioned=False, major=1, flags=0, null_deleter=False,
                                 c_deleter=None):
                    global peer_last
                    data = (ctypes.c_double * 4)(0.0, 1.0, 2.0, 3.0)
                    shape = (ctypes.c_int64 * 1)(4 if bits == 64 else 32 // (bits // 8 or 1))
                    strides = (ctypes.c_int64 * 1)(1)
                    m = EoManagedVersioned() if versioned else EoManaged()
                    if versioned:
                        m.version.major, m.version.minor, m.flags = major, 0, flags
                    t = m.dl_tensor
                    t.data, t.ndim, t.byte_offset = ctypes.addressof(data), 1, 0
                    t.device = EoDevice(device, 0)
                    t.dtype = EoDType(code, bits, 1)
                    t.shape, t.strides = ctypes.addressof(shape), ctypes.addressof(strides)
                    m.deleter = EO_DELETER() if null_deleter else c_deleter or peer_deleter
                    peer_last = ctypes.addressof(m)
                    peer_keep[peer_last] = (m, data, shape, strides)
                    return peer_new_capsule(peer_last, EO_NAMES[versioned], None)
                """);
    }

    private static PyObject eval(String expr) {
        PyObject o = py.eval(expr);
        opened.add(o);
        return o;
    }

    @AfterEach
    void balanced() {
        opened.forEach(PyObject::close);
        opened.clear();
        py.exec("for _n in [n for n in globals() if n.startswith('eo_')]:\n    del globals()[_n]");
        Exchange.assertBalanced(py);
    }

    @Test
    void aCapsuleIsConsumedOnceAndRenamed() {
        py.exec("eo_z = np.arange(4.0)\neo_c = eo_z.__dlpack__()");
        try (PyObject c = py.get("eo_c")) {
            try (NDArray b = py.fromPython(c)) {
                assertEquals(3.0, b.getDouble(3));
                assertTrue(eval("repr(eo_c)").toString().contains("\"used_dltensor\""), "renamed on consumption");
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> py.fromPython(c));
                assertTrue(e.getMessage().contains("'used_dltensor' was already consumed"), e.getMessage());
                assertEquals(1, DLPack.liveImports(), "the refusal imported nothing");
                // and NumPy refuses it too: the consumption is visible to every consumer
                assertThrows(PythonException.class, () -> py.exec("np.from_dlpack(eo_c)"));
            }
        }
    }

    @Test
    void aVersionedCapsuleIsRenamedToo() {
        // ndpack's own exporter makes versioned capsules whatever the NumPy; NumPy's own from 2.1
        try (NDArray src = NDArray.arange(DType.FLOAT64, 0, 4, 1); PyObject x = py.toPython(src)) {
            py.set("eo_x", x);
            py.exec("eo_c = eo_x.__dlpack__(max_version=(1, 0))");
            assertVersionedCapsuleConsumedOnce();
            py.exec("del eo_c, eo_x");
        }
        py.exec("eo_ok = tuple(int(p) for p in np.__version__.split('.')[:2]) >= (2, 1)");
        if (eval("eo_ok").toBoolean()) {
            py.exec("eo_z = np.arange(4.0)\neo_c = eo_z.__dlpack__(max_version=(1, 0))");
            assertVersionedCapsuleConsumedOnce();
            py.exec("del eo_c, eo_z");
        }
    }

    private void assertVersionedCapsuleConsumedOnce() {
        assertTrue(eval("repr(eo_c)").toString().contains("\"dltensor_versioned\""), "a versioned capsule");
        try (PyObject c = py.get("eo_c"); NDArray b = py.fromPython(c)) {
            assertEquals(2.0, b.getDouble(2));
            assertTrue(eval("repr(eo_c)").toString().contains("\"used_dltensor_versioned\""), "renamed on consumption");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> py.fromPython(c));
            assertTrue(e.getMessage().contains("already consumed"), e.getMessage());
        }
    }

    @Test
    void producersAreAskedForDLPack1FirstAndOlderOnesFallBack() {
        py.exec("eo_new = EoProducer()\neo_old = EoProducer(legacy_only=True)");
        try (PyObject n = py.get("eo_new"); PyObject o = py.get("eo_old");
             NDArray a = py.fromPython(n); NDArray b = py.fromPython(o)) {
            assertEquals("[{'max_version': (1, 3)}]", eval("repr(eo_new.calls)").toString());
            assertEquals("[{'max_version': (1, 3)}, {}]", eval("repr(eo_old.calls)").toString(),
                    "TypeError: called again without max_version");
            assertEquals(4.0, a.getDouble(4));
            assertEquals(4.0, b.getDouble(4));
        }
    }

    @Test
    void whatIsNotADLPackCapsuleIsRefusedAndLeftAlone() {
        try (PyObject list = py.eval("[1, 2]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> py.fromPython(list));
            assertTrue(e.getMessage().contains("a Python list does not support DLPack"), e.getMessage());
        }
        py.exec("import datetime\neo_cap = datetime.datetime_CAPI");
        try (PyObject cap = py.get("eo_cap")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> py.fromPython(cap));
            assertTrue(e.getMessage().contains("PyCapsule named 'datetime.datetime_CAPI' is not a DLPack capsule"),
                    e.getMessage());
            assertTrue(eval("repr(eo_cap)").toString().contains("\"datetime.datetime_CAPI\""), "not renamed");
        }
        py.exec("class EoWrong:\n    def __dlpack__(self, **kw):\n        return 42\neo_w = EoWrong()");
        try (PyObject w = py.get("eo_w")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> py.fromPython(w));
            assertTrue(e.getMessage().contains("__dlpack__ returned a int, not a DLPack capsule"), e.getMessage());
        }
        py.exec("class EoRaises:\n    def __dlpack__(self, **kw):\n        raise ValueError('no tensor today')\neo_r = EoRaises()");
        try (PyObject r = py.get("eo_r")) {
            PythonException e = assertThrows(PythonException.class, () -> py.fromPython(r));
            assertEquals("ValueError: no tensor today", e.getMessage());
        }
        assertEquals(0, DLPack.liveImports());
    }

    /** A capsule from the ctypes producer; {@code args} are Python keyword arguments of {@code peer_capsule}. */
    private static PyObject capsule(String args) {
        return py.eval("peer_capsule(" + args + ")");
    }

    private static String deleted() {
        try (PyObject d = py.eval("repr(peer_deleted)")) {
            return d.toString();
        }
    }

    @Test
    void aTensorTheBridgeRefusesIsDeletedExactlyOnce() {
        String[][] refused = {
            {"code=7, bits=8", "DLPackDTypeException"},        // float8: no ndpack dtype
            {"device=2", "DLPackDeviceException"},             // CUDA memory
            {"versioned=True, major=2", "DLPackVersionException"},
            {"versioned=True, code=2, bits=64, device=2", "DLPackDeviceException"},
        };
        for (String[] r : refused) {
            py.exec("peer_deleted.clear()");
            try (PyObject c = capsule(r[0])) {
                long address;
                try (PyObject a = py.eval("peer_last")) {
                    address = a.toLong();
                }
                RuntimeException e = assertThrows(RuntimeException.class, () -> py.fromPython(c));
                assertEquals(r[1], e.getClass().getSimpleName(), r[0] + ": " + e);
                assertEquals("[" + address + "]", deleted(), r[0] + ": the producer's deleter ran once");
                assertThrows(IllegalStateException.class, () -> py.fromPython(c), "and the capsule is used up");
            }
            assertEquals(0, DLPack.liveImports());
            assertEquals(0, GilDeleter.live());
        }
    }

    @Test
    void anImportedTensorIsDeletedOnceWhenClosedOrCollected() {
        py.exec("peer_deleted.clear()");
        try (PyObject c = capsule("")) {
            NDArray a = py.fromPython(c);
            assertEquals(3.0, a.getDouble(3));
            assertEquals("[]", deleted());
            a.close();
            assertEquals(1, py.eval("len(peer_deleted)").toLong());
        }
        py.exec("peer_deleted.clear()");
        try (PyObject c = capsule("versioned=True")) {
            py.fromPython(c).getDouble(0); // never closed
        }
        Exchange.awaitZero("imports collected", DLPack::liveImports);
        Exchange.awaitZero("producer deleters run", GilDeleter::live);
        assertEquals(1, py.eval("len(peer_deleted)").toLong(), "the Cleaner ran the deleter once");
    }

    @Test
    void producerDeletersRunWithTheGilOnEveryThread() throws Exception {
        py.exec("peer_probe = ctypes.CDLL(r'" + GilProbe.library() + "')\n"
                + "peer_probe_deleter = ctypes.cast(peer_probe.gil_probe_deleter, EO_DELETER)\n"
                + "def peer_probe_counts():\n    return peer_probe.gil_probe_calls(), peer_probe.gil_probe_with_gil()");
        // closed on this thread
        try (PyObject c = capsule("c_deleter=peer_probe_deleter")) {
            py.fromPython(c).close();
        }
        assertEquals("(1, 1)", py.eval("repr(peer_probe_counts())").toString());
        // closed on a virtual thread, and on a fresh platform thread
        for (Thread.Builder b : new Thread.Builder[] {Thread.ofVirtual(), Thread.ofPlatform()}) {
            try (PyObject c = capsule("c_deleter=peer_probe_deleter")) {
                NDArray a = py.fromPython(c);
                Thread t = b.start(a::close);
                t.join();
            }
        }
        assertEquals("(3, 3)", py.eval("repr(peer_probe_counts())").toString());
        // collected: the ndpack Cleaner's thread
        try (PyObject c = capsule("c_deleter=peer_probe_deleter, versioned=True")) {
            py.fromPython(c).getDouble(0);
        }
        Exchange.awaitZero("collected", GilDeleter::live);
        assertEquals("(4, 4)", py.eval("repr(peer_probe_counts())").toString(),
                "every call of the C deleter found the GIL held");
    }

    @Test
    void aNullDeleterIsNeverCalled() {
        py.exec("peer_deleted.clear()");
        try (PyObject c = capsule("null_deleter=True"); NDArray a = py.fromPython(c)) {
            assertEquals(2.0, a.getDouble(2));
        }
        assertEquals("[]", deleted());
    }

    @Test
    void aVersionedReadOnlyTensorIsReadOnlyInJava() {
        try (PyObject c = capsule("versioned=True, flags=1"); NDArray a = py.fromPython(c)) {
            assertTrue(a.isReadOnly());
            assertThrows(ReadOnlyArrayException.class, () -> a.setDouble(0, 0));
        }
        try (PyObject c = capsule("versioned=False"); NDArray a = py.fromPython(c)) {
            assertTrue(!a.isReadOnly(), "legacy tensors import writable");
        }
    }

    @Test
    void aJavaExportCapsuleNeverConsumedIsDeletedByItsDestructor() {
        try (NDArray a = NDArray.arange(4); PyObject x = py.toPython(a)) {
            py.set("eo_x", x);
            py.exec("eo_c1 = eo_x.__dlpack__()\neo_c2 = eo_x.__dlpack__(max_version=(1, 0))");
            assertEquals(2, DLPack.liveExports());
            assertEquals(2, ToPython.liveCapsules());
            py.exec("del eo_c1, eo_c2");
            assertEquals(0, DLPack.liveExports(), "both destructors called the deleter");
            // a consumed one is deleted by its consumer, not by the capsule
            py.exec("eo_y = np.from_dlpack(eo_x)\ngc.collect()");
            assertEquals(1, DLPack.liveExports(), "NumPy owns it now");
            assertEquals(0, ToPython.liveCapsules(), "the consumed capsule is gone, the export lives on");
            py.exec("del eo_y");
            assertEquals(0, DLPack.liveExports());
        }
    }

    @Test
    void aJavaExportCapsuleCanBeImportedBackIntoJava() {
        try (NDArray a = NDArray.arange(4); PyObject x = py.toPython(a)) {
            py.set("eo_x", x);
            py.exec("eo_c = eo_x.__dlpack__(max_version=(1, 0))");
            try (PyObject c = py.get("eo_c"); NDArray b = py.fromPython(c)) {
                assertEquals(Raw.address(a), Raw.address(b));
                assertThrows(IllegalStateException.class, () -> py.fromPython(c));
            }
        }
    }
}
