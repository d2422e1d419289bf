package io.gregor.raft;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Leading {@code epoch}: the voters' durable fetch offsets and when each last fetched. The high watermark is the
 * largest offset a majority of voters hold durably (the leader's own entry counts only once flushed), and it only
 * moves once it passes {@code epochStartOffset}, the leader-change record that opens this epoch (a leader commits
 * nothing of earlier epochs until an entry of its own is committed, Raft §5.4.2).
 */
public final class LeaderState implements EpochState {

    /** "Never": no fetch yet. */
    public static final long NEVER = Long.MIN_VALUE;

    private final int epoch;
    private final int selfId;
    private final long epochStartOffset;
    private final Map<Integer, Long> durableOffsets = new TreeMap<>();
    private final Map<Integer, Long> lastFetchNs = new TreeMap<>();

    public LeaderState(int epoch, int selfId, long epochStartOffset, List<Integer> voters, long nowNs) {
        this.epoch = epoch;
        this.selfId = selfId;
        this.epochStartOffset = epochStartOffset;
        for (int v : voters) {
            durableOffsets.put(v, -1L);
            // the election itself was contact with a majority: check-quorum starts counting now
            lastFetchNs.put(v, v == selfId ? NEVER : nowNs);
        }
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int leaderId() {
        return selfId;
    }

    @Override
    public int votedId() {
        return selfId;
    }

    @Override
    public String name() {
        return "Leader";
    }

    public long epochStartOffset() {
        return epochStartOffset;
    }

    /**
     * A replica fetched from {@code durableOffset}: everything below it is durable there. Only voters count: an
     * observer's fetch moves neither the high watermark nor check-quorum.
     */
    public void onFetch(int replicaId, long durableOffset, long nowNs) {
        if (!lastFetchNs.containsKey(replicaId)) {
            return;
        }
        durableOffsets.merge(replicaId, durableOffset, Math::max);
        lastFetchNs.put(replicaId, nowNs);
    }

    /** The leader's own log is durable below {@code durableOffset}. */
    public void onLocalDurable(long durableOffset) {
        durableOffsets.merge(selfId, durableOffset, Math::max);
    }

    /** Overrides a follower's offset after a divergence (it will truncate). */
    public void resetFollower(int voterId) {
        if (durableOffsets.containsKey(voterId)) {
            durableOffsets.put(voterId, -1L);
        }
    }

    /**
     * The offset a majority holds durably, if it is past the epoch start offset; otherwise -1 (no change).
     */
    public long majorityDurableOffset() {
        long[] offsets = durableOffsets.values().stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(offsets);
        int majority = offsets.length / 2 + 1;
        long candidate = offsets[offsets.length - majority];
        return candidate > epochStartOffset ? candidate : -1L;
    }

    /** Whether a majority of voters (itself included) fetched within {@code fetchTimeoutNs} of {@code nowNs}. */
    public boolean hasQuorumContact(long nowNs, long fetchTimeoutNs) {
        int recent = 1;
        for (Map.Entry<Integer, Long> e : lastFetchNs.entrySet()) {
            if (e.getKey() != selfId && e.getValue() != NEVER && nowNs - e.getValue() <= fetchTimeoutNs) {
                recent++;
            }
        }
        return recent >= lastFetchNs.size() / 2 + 1;
    }

    /** How long ago the voters a majority needs besides the leader last fetched (0 for a single voter). */
    public long quorumContactAgeNs(long nowNs) {
        long[] ages = new long[lastFetchNs.size() - 1];
        int n = 0;
        for (Map.Entry<Integer, Long> e : lastFetchNs.entrySet()) {
            if (e.getKey() != selfId) {
                ages[n++] = e.getValue() == NEVER ? Long.MAX_VALUE : nowNs - e.getValue();
            }
        }
        Arrays.sort(ages, 0, n); // (a plain loop: the simulator's checks ask after every event)
        int needed = (n + 1) / 2 + 1 - 1;
        return needed == 0 ? 0 : ages[needed - 1];
    }

    /** Voters other than itself that fetched in this epoch, most caught up first (for EndQuorumEpoch). */
    public List<Integer> successorsByProgress() {
        return durableOffsets.entrySet().stream().filter(e -> e.getKey() != selfId)
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
                        : Long.compare(b.getValue(), a.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    /** Voters that have not fetched in this epoch yet (they may not know of it: resend BeginQuorumEpoch). */
    public List<Integer> votersNotFetched() {
        return durableOffsets.entrySet().stream().filter(e -> e.getKey() != selfId && e.getValue() < 0)
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public String toString() {
        return "Leader[epoch=" + epoch + ", epochStartOffset=" + epochStartOffset + ", durable=" + durableOffsets
                + "]";
    }
}
