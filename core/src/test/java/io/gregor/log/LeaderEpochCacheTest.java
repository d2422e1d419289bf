package io.gregor.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaderEpochCacheTest {

    @Test
    void assignKeepsEntriesMonotonic() {
        LeaderEpochCache cache = new LeaderEpochCache();
        assertThat(cache.assign(1, 0)).isTrue();
        assertThat(cache.assign(1, 5)).as("same epoch, later offset: not news").isFalse();
        assertThat(cache.assign(3, 10)).isTrue();
        // an epoch older than the latest at a later offset: entries it contradicts are dropped, as Kafka does
        assertThat(cache.assign(2, 12)).isTrue();
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 12));
    }

    @Test
    void endOffsetForFollowsKip279() {
        LeaderEpochCache cache = new LeaderEpochCache();
        cache.assign(2, 10);
        cache.assign(4, 20);
        assertThat(cache.endOffsetFor(4, 30)).isEqualTo(new OffsetAndEpoch(4, 30)); // latest: the log end
        assertThat(cache.endOffsetFor(3, 30)).isEqualTo(new OffsetAndEpoch(2, 20)); // unknown: the largest below
        assertThat(cache.endOffsetFor(2, 30)).isEqualTo(new OffsetAndEpoch(2, 20));
        assertThat(cache.endOffsetFor(1, 30)).isEqualTo(new OffsetAndEpoch(1, 10)); // below all: first start
        assertThat(cache.endOffsetFor(5, 30)).isEqualTo(OffsetAndEpoch.UNDEFINED);
        assertThat(cache.endOffsetFor(-1, 30)).isEqualTo(OffsetAndEpoch.UNDEFINED);
        assertThat(new LeaderEpochCache().endOffsetFor(0, 0)).isEqualTo(OffsetAndEpoch.UNDEFINED);
    }

    @Test
    void truncationFromBothEnds() {
        LeaderEpochCache cache = new LeaderEpochCache();
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);
        assertThat(cache.truncateFromEnd(20)).isTrue();
        assertThat(cache.entries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 10));
        assertThat(cache.truncateFromStart(15)).isTrue();
        assertThat(cache.entries()).containsExactly(new EpochEntry(2, 15));
        assertThat(cache.truncateFromStart(15)).isFalse();
        assertThat(cache.epochForOffset(14)).isEmpty();
        assertThat(cache.epochForOffset(99)).hasValue(2);
    }
}
