/**
 * ndpack's examples: the tour, a program that uses the library as any consumer does, through its
 * exported packages only.
 */
module org.ndpack.examples {
    requires org.ndpack;
}
