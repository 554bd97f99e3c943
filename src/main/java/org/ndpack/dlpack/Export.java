package org.ndpack.dlpack;

import java.lang.foreign.ValueLayout;

import org.ndpack.NDArray;
import org.ndpack.internal.memory.Memory;

/**
 * One live export: what the consumer's call of the deleter gives back.
 *
 * <p>The export holds a lease on the array's memory, so the memory outlives any
 * {@code close()} on the Java side, and a strong reference to the array, so the memory's Cleaner
 * cannot run while a native consumer still reads it. Both end in {@link #finish}. The managed
 * struct (with the shape and strides after it) is a {@code malloc} block at the address the
 * export is recorded under.
 *
 * @param array the exported array (pinned: reachable from the bridge state until the deleter
 *        runs)
 * @param memory its memory, on which the export holds one lease
 * @param ownsArray true when {@code array} is a copy made for this export alone (closed here)
 * @param versioned true for a {@code DLManagedTensorVersioned}, false for a legacy tensor
 */
record Export(NDArray array, Memory memory, boolean ownsArray, boolean versioned) {

    /**
     * Ends the export: gives back the lease (releasing the memory if the Java side closed it
     * meanwhile), closes the export's own copy, frees the managed struct unless told not to.
     * Called once, by the thread whose compare-and-set removed this export from the table.
     *
     * @param self the struct's address
     * @param freeStruct false once shutdown has begun (the shutdown hook may write into it)
     */
    void finish(long self, boolean freeStruct) {
        try {
            memory.release();
            if (ownsArray) {
                array.close();
            }
        } finally {
            if (freeStruct) {
                Bridge.freeStruct(self);
            }
        }
    }

    /** Writes {@code deleter} into the struct's deleter field (shutdown: see {@link Bridge}). */
    void switchDeleter(long self, long deleter) {
        long field = versioned ? DLPackLayouts.V_DELETER : DLPackLayouts.L_DELETER;
        Bridge.ADDRESS_SPACE.set(ValueLayout.JAVA_LONG, self + field, deleter);
    }
}
