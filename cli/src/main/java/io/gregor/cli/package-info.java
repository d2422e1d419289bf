/**
 * The {@code gregor} command line (picocli): {@code sim}, {@code sweep}, {@code mutations}, {@code check}.
 * Exit codes follow Jepsen's: 0 valid, 1 invalid, 2 unknown, 254 bad arguments or input, 255 internal error.
 */
package io.gregor.cli;
