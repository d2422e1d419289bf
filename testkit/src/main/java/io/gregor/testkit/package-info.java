/**
 * Gregor's own small property-based testing toolkit: seeded generators, a runner that makes one JUnit 5 dynamic
 * test per seed, and shrinking of a failing case to a small one.
 *
 * <p>Generators draw every random choice from a {@link io.gregor.testkit.Source}, which records the choices. A
 * failing case is shrunk by editing that record of choices (deleting spans, lowering values) and generating
 * again — "integrated shrinking" in the style of Hypothesis — so every generator shrinks without writing a
 * shrinker, and a shrunk case is always one the generator could have made.
 */
package io.gregor.testkit;
