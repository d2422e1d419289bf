package io.gregor.controller;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * @param name the topic
 * @param error NONE or why it was not created
 * @param topicId the new topic's id when created
 * @param message a one-line reason when the error is not NONE
 */
public record CreateTopicResult(String name, Errors error, Optional<UUID> topicId, String message) {

    public CreateTopicResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(message, "message");
    }

    static CreateTopicResult failed(String name, Errors error, String message) {
        return new CreateTopicResult(name, error, Optional.empty(), message);
    }
}
