package io.gregor.sim;

import io.gregor.env.Env;
import io.gregor.env.Node;
import java.util.ArrayList;
import java.util.List;

/** A test node that records what happens to it as {@code "<timeNs> <event>"} strings into a shared list. */
class Recorder implements Node {

    final List<String> log;
    Env env;

    Recorder(List<String> log) {
        this.log = log;
    }

    @Override
    public void start(Env anEnv) {
        this.env = anEnv;
        log.add("n" + anEnv.nodeId() + " start");
    }

    @Override
    public void onMessage(int fromNodeId, Object message) {
        log.add("n" + env.nodeId() + " got " + message + " from n" + fromNodeId);
    }

    @Override
    public void onConnection(int peerNodeId, boolean up) {
        log.add("n" + env.nodeId() + " conn n" + peerNodeId + (up ? " up" : " down"));
    }
}
