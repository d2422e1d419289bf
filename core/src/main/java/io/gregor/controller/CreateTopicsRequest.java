package io.gregor.controller;

import java.util.List;

/** @param topics the topics to create, each answered separately */
public record CreateTopicsRequest(List<CreatableTopic> topics) implements ControllerRequest {

    public CreateTopicsRequest {
        topics = List.copyOf(topics);
    }
}
