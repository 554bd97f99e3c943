/**
 * The DLPack bridge's one internal entry point for ndpack's own packages: {@code ForeignImports},
 * an import whose producer deleter is called by Java code of the caller's (the Python bridge's
 * GIL-taking call), installed by the bridge.
 *
 * <p>May import: nothing of ndpack (it names the bridge's types only through a type parameter).
 */
package org.ndpack.internal.dlpack;
