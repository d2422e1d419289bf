package io.gregor.clustersim;

import io.gregor.broker.BrokerMessage;
import io.gregor.broker.TopicPartition;
import io.gregor.raft.RaftMessage;
import io.gregor.replication.ReplicaMessage.DivergingEpoch;
import io.gregor.replication.ReplicaMessage.FetchRequest;
import io.gregor.replication.ReplicaMessage.FetchResponse;
import io.gregor.replication.ReplicaMessage.ProduceRequest;
import io.gregor.replication.ReplicaMessage.ProduceResponse;
import io.gregor.sim.SimTrace;
import java.util.Arrays;

/**
 * The trace hash's fingerprint of a message, computed from the fields of the cluster's commonest messages — fetches
 * (of partitions and of the metadata log), produce requests and their answers — instead of from their {@code toString()}, which spent about a tenth of a
 * quiet run's time. It covers what the text did (records by their size) and stays deterministic:
 * enums by ordinal, strings by their hash; every other message falls back to {@link SimTrace#defaultFingerprint}.
 */
final class KafkaFingerprint {

    private static final long M = 0x9E3779B97F4A7C15L;

    private KafkaFingerprint() {
    }

    static long of(Object message) {
        if (message instanceof BrokerMessage.Fetch f) {
            FetchRequest r = f.request();
            return mix(mix(mix(mix(mix(mix(mix(1, f.requestId()), partition(f.partition())), r.replicaId()),
                    r.fetchOffset()), r.lastFetchedEpoch()), r.currentLeaderEpoch()), r.maxBytes());
        }
        if (message instanceof BrokerMessage.FetchReply f) {
            FetchResponse r = f.response();
            DivergingEpoch d = r.divergingEpoch();
            long h = mix(mix(mix(2, f.requestId()), partition(f.partition())), r.error().ordinal());
            h = mix(mix(mix(mix(h, r.leaderEpoch()), r.highWatermark()), r.logStartOffset()), r.logEndOffset());
            h = mix(mix(h, d == null ? -1 : d.epoch()), d == null ? -1 : d.endOffset());
            return mix(h, r.records().sizeInBytes());
        }
        if (message instanceof BrokerMessage.Produce p) {
            ProduceRequest r = p.request();
            return mix(mix(mix(mix(mix(mix(3, p.requestId()), partition(p.partition())), r.acks()),
                    r.currentLeaderEpoch()), r.records().remaining()), r.timeoutMs());
        }
        if (message instanceof BrokerMessage.ProduceReply p) {
            ProduceResponse r = p.response();
            long h = mix(mix(mix(4, p.requestId()), partition(p.partition())), r.error().ordinal());
            return mix(mix(mix(h, r.baseOffset()), r.logAppendTimeMs()),
                    r.errorMessage() == null ? 0 : r.errorMessage().hashCode());
        }
        if (message instanceof RaftMessage.FetchRequest f) {
            return mix(mix(mix(mix(mix(5, f.epoch()), f.replicaId()), f.fetchOffset()), f.lastFetchedEpoch()),
                    f.requestId());
        }
        if (message instanceof RaftMessage.FetchResponse f) {
            long h = mix(mix(mix(mix(6, f.epoch()), f.leaderId()), f.error().ordinal()), f.requestId());
            h = mix(mix(mix(mix(h, f.fetchOffset()), f.highWatermark()), f.divergingEpoch()), f.divergingEndOffset());
            h = mix(mix(h, f.records().length), Arrays.hashCode(f.records()));
            return mix(mix(h, f.snapshotEndOffset()), f.snapshotEpoch());
        }
        return SimTrace.defaultFingerprint(message);
    }

    private static long partition(TopicPartition tp) {
        return tp.topic().hashCode() * 31L + tp.partition();
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * M;
        return x ^ (x >>> 29);
    }
}
