/**
 * Mutation switches: each re-introduces one known bug next to the rule that prevents it, so the simulator can
 * prove it finds the bug. All are off in production. {@link io.gregor.mutation.Mutation} is the catalogue;
 * {@link io.gregor.mutation.Mutations} is the set a run switches on, passed down in configuration (never a
 * global).
 */
package io.gregor.mutation;
