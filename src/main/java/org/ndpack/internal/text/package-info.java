/**
 * Text: NumPy's {@code repr} of arrays ({@code Format}) and shortest round-trip float digits
 * ({@code FloatDigits}).
 *
 * <p>May import: {@code array}, {@code dtype}, {@code layout}.
 */
package org.ndpack.internal.text;
