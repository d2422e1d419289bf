package io.gregor.broker;

import io.gregor.replication.ReplicaMessage;
import io.gregor.replication.ReplicationErrors;
import java.util.List;
import java.util.Objects;

/**
 * What clients and brokers send a broker on the data plane, and its answers: the request header (an id the sender
 * chose, echoed by the answer, so a late answer to an abandoned request is recognised) and the topic partition
 * around the per-partition {@link ReplicaMessage}s; plus Metadata and InitProducerId, which are the broker's own.
 *
 * <p>One partition per produce or fetch request: Kafka batches partitions per request, which changes how many
 * messages travel, not what each partition's replica decides.
 */
public sealed interface BrokerMessage {

    /** The sender's id for this exchange; the answer carries the same. */
    long requestId();

    /** Which brokers lead which partitions, from the answering broker's metadata image (possibly stale). */
    record MetadataRequest(long requestId, List<String> topics) implements BrokerMessage {
        public MetadataRequest {
            topics = List.copyOf(topics);
        }
    }

    /**
     * One partition as a broker's metadata image shows it.
     *
     * @param error NONE, or UNKNOWN_TOPIC_OR_PARTITION when the image has no such partition
     * @param leaderId the leader's broker id, or -1 while leaderless
     */
    record PartitionMetadata(TopicPartition partition, ReplicationErrors error, int leaderId, int leaderEpoch,
            List<Integer> replicas, List<Integer> isr) {
        public PartitionMetadata {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(error, "error");
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }
    }

    /**
     * The answer to a {@link MetadataRequest}.
     *
     * @param metadataOffset the offset of the last metadata record the answering broker applied (older answers are
     *     staler)
     * @param brokers the registered, unfenced brokers
     */
    record MetadataResponse(long requestId, long metadataOffset, List<PartitionMetadata> partitions,
            List<Integer> brokers) implements BrokerMessage {
        public MetadataResponse {
            partitions = List.copyOf(partitions);
            brokers = List.copyOf(brokers);
        }
    }

    /** Produce to one partition (the leader answers, or refuses). */
    record Produce(long requestId, TopicPartition partition, ReplicaMessage.ProduceRequest request)
            implements BrokerMessage {
        public Produce {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(request, "request");
        }
    }

    record ProduceReply(long requestId, TopicPartition partition, ReplicaMessage.ProduceResponse response)
            implements BrokerMessage {
        public ProduceReply {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(response, "response");
        }
    }

    /** Fetch one partition: a follower's replication fetch or a consumer's read. */
    record Fetch(long requestId, TopicPartition partition, ReplicaMessage.FetchRequest request)
            implements BrokerMessage {
        public Fetch {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(request, "request");
        }
    }

    record FetchReply(long requestId, TopicPartition partition, ReplicaMessage.FetchResponse response)
            implements BrokerMessage {
        public FetchReply {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(response, "response");
        }
    }

    /** Where a leader epoch ends in the leader's log (a consumer validating its position, KIP-320). */
    record OffsetForLeaderEpoch(long requestId, TopicPartition partition,
            ReplicaMessage.OffsetForLeaderEpochRequest request) implements BrokerMessage {
        public OffsetForLeaderEpoch {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(request, "request");
        }
    }

    record OffsetForLeaderEpochReply(long requestId, TopicPartition partition,
            ReplicaMessage.OffsetForLeaderEpochResponse response) implements BrokerMessage {
        public OffsetForLeaderEpochReply {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(response, "response");
        }
    }

    /** An idempotent producer asks for its producer id and epoch (Kafka's InitProducerId without transactions). */
    record InitProducerId(long requestId) implements BrokerMessage {
    }

    /**
     * The answer to {@link InitProducerId}.
     *
     * @param error NONE, or a retriable error (the broker is not registered yet)
     */
    record InitProducerIdReply(long requestId, ReplicationErrors error, long producerId, short producerEpoch)
            implements BrokerMessage {
        public InitProducerIdReply {
            Objects.requireNonNull(error, "error");
        }
    }
}
