/** Small things every package of core uses: always-on invariant checks. */
package io.gregor.common;
