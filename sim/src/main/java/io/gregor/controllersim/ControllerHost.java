package io.gregor.controllersim;

/** A simulated node that runs a controller voter among other roles (a combined node, a Kafka node). */
public interface ControllerHost {

    /** The controller half. */
    ControllerNode controllerNode();
}
