package org.ndpack.dlpack;

import org.ndpack.NDArray;
import org.ndpack.internal.Memory;
import org.ndpack.internal.NativeAllocator;

/**
 * One live export: what the consumer's call of the deleter gives back.
 *
 * <p>The export holds a lease on the array's memory, so the memory outlives any
 * {@code close()} on the Java side, and a strong reference to the array, so the memory's Cleaner
 * cannot run while a native consumer still reads it. Both end in {@link #finish()}.
 *
 * @param array the exported array (pinned: reachable from the bridge state until the deleter
 *        runs)
 * @param memory its memory, on which the export holds one lease
 * @param block the native block holding the managed struct, shape and strides
 * @param ownsArray true when {@code array} is a copy made for this export alone (closed here)
 * @param versioned true for a {@code DLManagedTensorVersioned}, false for a legacy tensor
 */
record Export(NDArray array, Memory memory, NativeAllocator.Block block, boolean ownsArray, boolean versioned) {

    /**
     * Ends the export: gives back the lease (releasing the memory if the Java side closed it
     * meanwhile), closes the export's own copy, frees the managed struct. Called once, by the
     * thread whose compare-and-set removed this export from the table.
     */
    void finish() {
        try {
            memory.release();
            if (ownsArray) {
                array.close();
            }
        } finally {
            block.free();
        }
    }
}
