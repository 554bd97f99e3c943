package org.ndpack.torch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StorageImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorImpl;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The check of {@link Torch#toNDArray} without JNI: a few plain memory reads of libtorch's
 * {@code c10::TensorImpl} and {@code c10::StorageImpl}, instead of nine JavaCPP calls.
 *
 * <p>The offsets are those of libtorch 2.10 on x86-64 with libstdc++ (see below). They are not
 * trusted: once per JVM (with {@code InferenceMode} switched off on the calibrating thread; if the
 * ordinary probes still come out as inference tensors, the memory check is not used), {@link #USABLE} is set only if every field read here agrees with what
 * JavaCPP's accessors report for a set of probe tensors (dtypes, views with an offset, more than
 * five axes, no elements, an inference tensor), and if the flags libtorch sets on "special"
 * tensors are found where expected, by setting them on throwaway probes and comparing the memory
 * before and after. Otherwise {@link Torch#toNDArray} uses the JavaCPP checks alone.
 *
 * <p>{@link #importable} is a whitelist: it accepts only what {@code at::toDLPackVersioned} takes
 * without throwing (a C++ exception cannot cross the downcall) and what ndpack can import:
 * <ul>
 *   <li>dispatch keys within those of an ordinary CPU dense tensor (with or without autograd):
 *       this refuses undefined tensors (no keys), sparse, sparse-compressed, mkldnn, quantized and
 *       nested tensors, other devices (meta included), lazy conjugate/negative bits, zero
 *       tensors, Python and functionalization wrappers;</li>
 *   <li>no custom sizes/strides, device or layout policy and no storage-access error flag: every
 *       bit of {@code TensorImpl} that libtorch's setters for these turn on, found by setting each
 *       policy to each of its values (both bits of the 2-bit size/stride policy fields, so both
 *       CustomStrides and CustomSizes are refused; symbolic sizes set the CustomSizes policy);</li>
 *   <li>a scalar type that ndpack-torch hands to libtorch's export;</li>
 *   <li>a storage, whose data is allocated unless the tensor has no elements, and which is not
 *       marked to throw on data access ({@code throw_on_mutable_data_ptr_} and the
 *       {@code throw_on_immutable_data_ptr_} declared after it).</li>
 * </ul>
 * What it refuses goes to the JavaCPP checks, which name the reason, or are refused as a
 * tensor ndpack-torch does not exchange.
 */
final class ImplLayout {
    private ImplLayout() {
    }

    /** All of memory, for reads at absolute addresses (each read is of a live libtorch object). */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    // c10::TensorImpl in libtorch 2.10: vptr, refcount, then storage_ (an intrusive pointer to the
    // StorageImpl), ..., numel_, the word that holds data_type_ (a TypeMeta: its index is the
    // ScalarType for scalar types) and the policy bit fields, then key_set_.
    static final long IMPL_STORAGE = 16;
    static final long IMPL_NUMEL = 160;
    static final long IMPL_DTYPE_AND_FLAGS = 168;
    static final long IMPL_KEY_SET = 176;
    // c10::StorageImpl: vptr, refcount, data_ptr_ (data first), size_bytes_, then the bool flags.
    static final long STORAGE_DATA = 16;
    static final long STORAGE_FLAGS = 56;

    /** Whether the offsets above were confirmed for the loaded libtorch. */
    static final boolean USABLE;
    /** Why not, when not (for the tests and a curious reader). */
    static final String DIAGNOSIS;
    private static final long ALLOWED_KEYS;
    private static final long REQUIRED_KEYS;
    private static final long IMPL_FLAG_MASK;
    private static final long STORAGE_FLAG_MASK;

    static {
        long[] found = new long[4];
        String why;
        try {
            why = calibrate(found);
        } catch (RuntimeException | LinkageError e) {
            why = "calibration failed: " + e;
        }
        USABLE = why == null;
        DIAGNOSIS = why == null ? "confirmed" : why;
        ALLOWED_KEYS = found[0];
        REQUIRED_KEYS = found[1];
        IMPL_FLAG_MASK = found[2];
        STORAGE_FLAG_MASK = found[3];
    }

    /**
     * Whether {@code toDLPackVersioned} may be called on the {@code at::Tensor} at {@code at}
     * (a live, non-null address); only meaningful when {@link #USABLE}.
     */
    static boolean importable(long at) {
        return importable(at, ALLOWED_KEYS, REQUIRED_KEYS, IMPL_FLAG_MASK, STORAGE_FLAG_MASK);
    }

    private static boolean importable(long at, long allowedKeys, long requiredKeys, long implFlags,
            long storageFlags) {
        long impl = ALL.get(LONG, at);
        long keys = ALL.get(LONG, impl + IMPL_KEY_SET);
        if ((keys & ~allowedKeys) != 0 || (keys & requiredKeys) != requiredKeys) {
            return false;
        }
        long word = ALL.get(LONG, impl + IMPL_DTYPE_AND_FLAGS);
        int dtype = (int) (word & 0xFFFF);
        if ((word & implFlags) != 0 || dtype >= Tensors.EXCHANGED.length || !Tensors.EXCHANGED[dtype]) {
            return false;
        }
        long storage = ALL.get(LONG, impl + IMPL_STORAGE);
        if (storage == 0 || (ALL.get(LONG, storage + STORAGE_FLAGS) & storageFlags) != 0) {
            return false;
        }
        return ALL.get(LONG, impl + IMPL_NUMEL) == 0 || ALL.get(LONG, storage + STORAGE_DATA) != 0;
    }

    /** {@return the dispatch keys and the flag word, for a refusal's message} */
    static String describe(long at) {
        long impl = ALL.get(LONG, at);
        return String.format("dispatch keys 0x%x, flags 0x%x", ALL.get(LONG, impl + IMPL_KEY_SET),
                ALL.get(LONG, impl + IMPL_DTYPE_AND_FLAGS) >>> 16);
    }

    private static long at(Tensor t) {
        return t.address() + t.position() * t.sizeof();
    }

    private static long read(long address) {
        return ALL.get(LONG, address);
    }

    private static Tensor probe(ScalarType st, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        try (Scalar count = new Scalar(n); Tensor a = torch.arange(count); Tensor r = a.reshape(shape)) {
            return r.to(st);
        }
    }

    /**
     * Calibrates with InferenceMode off on this thread: the first {@code toNDArray} may run inside
     * an {@code InferenceMode}, where the "ordinary" probes would become inference tensors and the
     * keys of ordinary tensors (autograd, ADInplaceOrView) would be missing from the whitelist.
     */
    private static String calibrate(long[] found) {
        try (InferenceMode off = new InferenceMode(false)) {
            return calibrateHere(found);
        }
    }

    /** {@return null if every offset is confirmed (and {@code found} filled), else what disagreed} */
    private static String calibrateHere(long[] found) {
        List<Tensor> probes = new ArrayList<>();
        List<Tensor> refused = new ArrayList<>();
        try {
            probes.add(probe(ScalarType.Float, 2, 3, 4));
            probes.add(probe(ScalarType.Int, 7));
            try (Tensor d = probe(ScalarType.Double, 5, 6); Tensor t = d.t()) {
                probes.add(t.narrow(0, 1, 3)); // a view with a storage offset
            }
            probes.add(probe(ScalarType.Bool, 1, 1, 1, 1, 2, 2, 2));
            probes.add(probe(ScalarType.Half, 0, 3));
            long normalKeys = probes.get(0).key_set().raw_repr();
            long inferenceKeys;
            try (InferenceMode guard = new InferenceMode()) {
                Tensor inference = probe(ScalarType.Long, 3);
                inferenceKeys = inference.key_set().raw_repr();
                probes.add(inference);
            }
            if (normalKeys == inferenceKeys) {
                // the "normal" probes were inference tensors too (an InferenceMode that the guard in
                // calibrate did not lift): the keys of ordinary tensors are unknown
                return "the ordinary and the inference probe tensors have the same dispatch keys 0x"
                        + Long.toHexString(normalKeys);
            }
            found[0] = normalKeys | inferenceKeys;
            found[1] = normalKeys & inferenceKeys;
            for (Tensor t : probes) {
                String bad = compare(t);
                if (bad != null) {
                    return bad;
                }
            }
            // the flag bits: set each on a throwaway probe, see which bits of the word turn on. The
            // size/stride policies are 2-bit fields (CustomStrides 1, CustomSizes 2): setting each
            // value finds both bits of custom_sizes_strides_, python_custom_sizes_strides_ and of
            // sizes_strides_policy_ (their maximum; also CustomSizes for symbolic sizes).
            String[] setters = {"storage access error", "custom strides", "custom sizes", "Python custom strides",
                "Python custom sizes", "custom device", "custom layout", "Python custom device",
                "Python custom layout"};
            long mask = 0;
            for (int k = 0; k < setters.length; k++) {
                Tensor p = probe(ScalarType.Float, 3);
                refused.add(p);
                long impl = read(at(p));
                long before = read(impl + IMPL_DTYPE_AND_FLAGS);
                try (TensorImpl ti = p.unsafeGetTensorImpl()) {
                    switch (k) {
                        case 0 -> ti.set_storage_access_should_throw();
                        case 1 -> ti.set_custom_sizes_strides((byte) 1);
                        case 2 -> ti.set_custom_sizes_strides((byte) 2);
                        case 3 -> ti.set_python_custom_sizes_strides((byte) 1);
                        case 4 -> ti.set_python_custom_sizes_strides((byte) 2);
                        case 5 -> ti.set_custom_device(true);
                        case 6 -> ti.set_custom_layout(true);
                        case 7 -> ti.set_python_custom_device(true);
                        default -> ti.set_python_custom_layout(true);
                    }
                }
                long on = read(impl + IMPL_DTYPE_AND_FLAGS) & ~before;
                if (on == 0 || (on & 0xFFFF) != 0) {
                    return "the " + setters[k] + " flag is not where expected (bits 0x" + Long.toHexString(on) + ")";
                }
                mask |= on;
            }
            found[2] = mask;
            long warnOn;
            long throwOn;
            Tensor w = probe(ScalarType.Float, 3);
            Tensor x = probe(ScalarType.Float, 3);
            probes.add(w); // a deprecation warning on data access only: still importable
            refused.add(x);
            try (org.bytedeco.pytorch.Storage sw = w.storage(); StorageImpl iw = sw.unsafeGetStorageImpl();
                    org.bytedeco.pytorch.Storage sx = x.storage(); StorageImpl ix = sx.unsafeGetStorageImpl()) {
                long before = read(iw.address() + STORAGE_FLAGS);
                iw.set_warn_deprecated_on_mutable_data_ptr();
                warnOn = read(iw.address() + STORAGE_FLAGS) & ~before;
                before = read(ix.address() + STORAGE_FLAGS);
                ix.set_throw_on_mutable_data_ptr();
                throwOn = read(ix.address() + STORAGE_FLAGS) & ~before;
            }
            long throwBit = throwOn & ~warnOn; // both setters also set has_data_ptr_check_
            if (Long.bitCount(throwBit) != 1 || (throwBit & 0x00FF_FFFF_FFFF_FFFFL) != throwBit) {
                return "the storage's throw_on_mutable_data_ptr_ flag is not where expected";
            }
            found[3] = throwBit | throwBit << 8; // throw_on_immutable_data_ptr_ is the next bool
            for (Tensor t : probes) {
                if (!importable(at(t), found[0], found[1], found[2], found[3])) {
                    return "a probe tensor was refused: " + describe(at(t));
                }
            }
            for (Tensor t : refused) {
                if (importable(at(t), found[0], found[1], found[2], found[3])) {
                    return "a flagged probe tensor was accepted: " + describe(at(t));
                }
            }
            return null;
        } finally {
            for (Tensor t : probes) {
                t.close();
            }
            for (Tensor t : refused) {
                t.close();
            }
        }
    }

    /** {@return null if the memory reads agree with JavaCPP's accessors for {@code t}, else what differs} */
    private static String compare(Tensor t) {
        long at = at(t);
        long impl = read(at);
        try (TensorImpl ti = t.unsafeGetTensorImpl(); org.bytedeco.pytorch.Storage s = t.storage();
                StorageImpl si = s.unsafeGetStorageImpl()) {
            if (impl != ti.address()) {
                return "at::Tensor does not hold its TensorImpl pointer first";
            }
            if (read(impl + IMPL_KEY_SET) != t.key_set().raw_repr()) {
                return "key_set_ is not at " + IMPL_KEY_SET;
            }
            if ((read(impl + IMPL_DTYPE_AND_FLAGS) & 0xFFFF) != t.scalar_type().value) {
                return "data_type_ is not at " + IMPL_DTYPE_AND_FLAGS;
            }
            if (read(impl + IMPL_NUMEL) != t.numel()) {
                return "numel_ is not at " + IMPL_NUMEL;
            }
            if (read(impl + IMPL_STORAGE) != si.address()) {
                return "storage_ is not at " + IMPL_STORAGE;
            }
            if (t.numel() > 0 && read(si.address() + STORAGE_DATA) != s.data().address()) {
                return "the storage's data is not at " + STORAGE_DATA;
            }
        }
        return null;
    }
}
