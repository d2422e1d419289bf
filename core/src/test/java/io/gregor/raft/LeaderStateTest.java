package io.gregor.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderStateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theHighWatermarkIsWhatAMajorityHoldsDurably() {
        LeaderState l = new LeaderState(2, 1, 10, List.of(1, 2, 3, 4, 5), 0);
        l.onLocalDurable(20);
        l.onFetch(2, 15, 0);
        assertThat(l.majorityDurableOffset()).isEqualTo(-1); // only 2 of 5 past the epoch start
        l.onFetch(3, 12, 0);
        assertThat(l.majorityDurableOffset()).isEqualTo(12);
        l.onFetch(4, 18, 0);
        assertThat(l.majorityDurableOffset()).isEqualTo(15);
    }

    @Test
    void nothingCommitsUntilTheEpochStartIsPassed() {
        LeaderState l = new LeaderState(2, 1, 10, List.of(1, 2, 3), 0);
        l.onLocalDurable(10);
        l.onFetch(2, 10, 0);
        assertThat(l.majorityDurableOffset()).isEqualTo(-1); // Raft §5.4.2: older epochs commit only under ours
        l.onLocalDurable(11);
        l.onFetch(2, 11, 0);
        assertThat(l.majorityDurableOffset()).isEqualTo(11);
    }

    @Test
    void checkQuorumCountsRecentFetchesFromAMajority() {
        LeaderState l = new LeaderState(1, 1, 0, List.of(1, 2, 3), 0);
        assertThat(l.hasQuorumContact(SECOND, 2 * SECOND)).isTrue(); // the election counts as contact
        assertThat(l.hasQuorumContact(3 * SECOND, 2 * SECOND)).isFalse();
        l.onFetch(3, 0, 3 * SECOND);
        assertThat(l.hasQuorumContact(4 * SECOND, 2 * SECOND)).isTrue();
        assertThat(l.quorumContactAgeNs(4 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void successorsAreTheMostCaughtUpFirst() {
        LeaderState l = new LeaderState(1, 1, 0, List.of(1, 2, 3, 4), 0);
        l.onFetch(2, 5, 0);
        l.onFetch(3, 9, 0);
        l.onFetch(4, 5, 0);
        assertThat(l.successorsByProgress()).containsExactly(3, 2, 4);
        assertThat(new LeaderState(1, 1, 0, List.of(1, 2, 3), 0).votersNotFetched()).containsExactly(2, 3);
    }
}
