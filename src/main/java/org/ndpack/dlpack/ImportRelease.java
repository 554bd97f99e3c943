package org.ndpack.dlpack;

import org.ndpack.internal.dlpack.ForeignImports;
import org.ndpack.internal.memory.Memory;

/**
 * What an imported array's memory runs, exactly once, when it is released (after the owner's
 * {@code close()} and the last in-flight operation, or by the Cleaner once no array refers to the
 * memory): drop the pointer from the live imports, then call the producer's deleter.
 *
 * <p>The pointer leaves the live set <em>before</em> the deleter runs. The producer may free the
 * struct inside its deleter and its allocator may hand out the same address for the next tensor;
 * an import of that new tensor, even one racing this release on another thread, must not be
 * refused as "already consumed". (The other order would refuse it spuriously.)
 *
 * <p>Refers to nothing but two addresses and the optional deleter caller, as a Cleaner action
 * must: it keeps no array or memory reachable.
 *
 * @param self the managed struct's address
 * @param deleter the deleter's address (0 for NULL: nothing is called)
 * @param via who calls a foreign deleter, or null to call it directly (see {@link ForeignImports})
 */
record ImportRelease(long self, long deleter, ForeignImports.Deleter via) implements Memory.Releaser {
    @Override
    public void release() {
        Bridge.releaseImport(self, deleter, via);
    }
}
