package io.gregor.controller;

import java.util.List;
import java.util.Objects;

/**
 * The partition's state after the request (when the error is NONE), for the leader to adopt.
 *
 * @param error NONE or why the change was refused
 * @param leader the leader, or -1
 * @param leaderEpoch current leader epoch
 * @param isr current ISR
 * @param partitionEpoch current partition epoch
 */
public record AlterPartitionResponse(Errors error, int leader, int leaderEpoch, List<Integer> isr,
        int partitionEpoch) {

    public AlterPartitionResponse {
        Objects.requireNonNull(error, "error");
        isr = List.copyOf(isr);
    }

    static AlterPartitionResponse failed(Errors error) {
        return new AlterPartitionResponse(error, -1, -1, List.of(), -1);
    }
}
