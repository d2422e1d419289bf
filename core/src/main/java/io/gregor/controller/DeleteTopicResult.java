package io.gregor.controller;

import java.util.Objects;

/**
 * @param name the topic
 * @param error NONE, UNKNOWN_TOPIC_OR_PARTITION or NOT_CONTROLLER
 */
public record DeleteTopicResult(String name, Errors error) {

    public DeleteTopicResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
    }
}
