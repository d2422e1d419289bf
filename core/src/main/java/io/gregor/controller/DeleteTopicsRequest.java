package io.gregor.controller;

import java.util.List;

/** @param topicNames the topics to delete, each answered separately */
public record DeleteTopicsRequest(List<String> topicNames) implements ControllerRequest {

    public DeleteTopicsRequest {
        topicNames = List.copyOf(topicNames);
    }
}
