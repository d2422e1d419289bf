package io.gregor.controller;

import java.util.List;
import java.util.TreeSet;

/** Checks on replica lists shared by the records and the image. */
final class Replicas {

    /** The leader id that means "no leader". */
    static final int NO_LEADER = -1;

    private Replicas() {
    }

    /** A non-empty list of distinct non-negative broker ids, or an IllegalArgumentException naming the problem. */
    static List<Integer> validReplicas(String what, List<Integer> ids) {
        List<Integer> copy = List.copyOf(ids);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        TreeSet<Integer> seen = new TreeSet<>();
        for (int id : copy) {
            if (id < 0) {
                throw new IllegalArgumentException(what + " holds a negative broker id: " + copy);
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException(what + " holds broker " + id + " twice: " + copy);
            }
        }
        return copy;
    }

    /** A possibly empty list of distinct non-negative broker ids. */
    static List<Integer> distinct(String what, List<Integer> ids) {
        return ids.isEmpty() ? List.of() : validReplicas(what, ids);
    }

    /** {@code elr}: distinct replicas, none of them in {@code isr} (KIP-966's eligible leader replicas). */
    static List<Integer> validElr(List<Integer> replicas, List<Integer> isr, List<Integer> elr) {
        List<Integer> copy = distinct("elr", elr);
        for (int id : copy) {
            if (!replicas.contains(id) || isr.contains(id)) {
                throw new IllegalArgumentException("elr " + copy + " must be replicas " + replicas + " outside the isr "
                        + isr);
            }
        }
        return copy;
    }

    /** {@code isr} is a valid replica list whose members are all in {@code replicas}. */
    static List<Integer> validIsr(List<Integer> replicas, List<Integer> isr) {
        List<Integer> copy = validReplicas("isr", isr);
        if (!replicas.containsAll(copy)) {
            throw new IllegalArgumentException("isr " + copy + " is not a subset of replicas " + replicas);
        }
        return copy;
    }
}
