package io.gregor.controllersim;

import io.gregor.controller.ControllerRequest;
import io.gregor.controller.TopicImage;
import java.util.Objects;
import java.util.Optional;

/**
 * What brokers and admin clients exchange with the controller quorum in the simulator. Every request carries an
 * id chosen by its sender, and every answer repeats it, so a late answer to an abandoned request is recognised.
 */
public sealed interface ControllerMessage permits ControllerMessage.ControllerRpc, ControllerMessage.DescribeTopic,
        ControllerMessage.ControllerReply, ControllerMessage.DescribeTopicReply, ControllerMessage.NotController {

    long requestId();

    /** A request the {@link io.gregor.controller.QuorumController} serves (registration, heartbeat, topics). */
    record ControllerRpc(long requestId, ControllerRequest request) implements ControllerMessage {
        public ControllerRpc {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Describe one topic: answered from the committed image once a read barrier proved leadership. */
    record DescribeTopic(long requestId, String topicName) implements ControllerMessage {
        public DescribeTopic {
            Objects.requireNonNull(topicName, "topicName");
        }
    }

    /**
     * The controller's reply, sent only once the records it depends on committed.
     *
     * @param reply the controller's reply object ({@code BrokerRegistrationReply}, {@code BrokerHeartbeatReply},
     *     {@code List<CreateTopicResult>}, {@code List<DeleteTopicResult>}, {@code AlterPartitionResponse})
     * @param committedOffset the highest committed offset the controller had seen when replying: a broker that
     *     hears it knows the log up to there is committed (it stands in for the broker's own metadata fetch)
     */
    record ControllerReply(long requestId, Object reply, long committedOffset) implements ControllerMessage {
        public ControllerReply {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** A describe answer: the topic as of a committed image read after a barrier, or empty if it does not exist. */
    record DescribeTopicReply(long requestId, String topicName, Optional<TopicImage> topic)
            implements ControllerMessage {
        public DescribeTopicReply {
            Objects.requireNonNull(topicName, "topicName");
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * NOT_CONTROLLER: this node is not the active controller.
     *
     * @param leaderHint the quorum leader this node knows, or -1
     * @param definite true when the request was refused before anything was appended (it never takes effect);
     *     false when the controller appended its records and then lost leadership (they may still commit)
     */
    record NotController(long requestId, int leaderHint, boolean definite) implements ControllerMessage {
    }
}
