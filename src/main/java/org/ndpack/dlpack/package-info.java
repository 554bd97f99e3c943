/**
 * The DLPack bridge: zero-copy import and export of tensors with native runtimes.
 */
package org.ndpack.dlpack;
