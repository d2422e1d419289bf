package io.gregor.histories.linear;

import java.util.List;

/** The models by name, for a command line: {@code gregor check --model NAME}. */
public final class Models {

    /** Every name {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("register", "cas-register", "cas-register:failed-cas-observes",
            "kv", "kafka-log", "kafka-log:polls-read-to-end");

    private Models() {
    }

    /**
     * The model called {@code name}:
     * <ul>
     *   <li>{@code register} — read/write, starts nil;</li>
     *   <li>{@code cas-register} — read/write/cas, a failed cas did nothing;</li>
     *   <li>{@code cas-register:failed-cas-observes} — a failed cas saw another value (etcd; the Porcupine
     *       corpus);</li>
     *   <li>{@code kv} — get/put/append of strings per key;</li>
     *   <li>{@code kafka-log} — send/poll per partition, polls may stop early;</li>
     *   <li>{@code kafka-log:polls-read-to-end} — polls return everything up to the log's end.</li>
     * </ul>
     */
    public static Model<?, ?> byName(String name) {
        switch (name) {
            case "register":
                return new RegisterModel();
            case "cas-register":
                return CasRegisterModel.failedCasIsNoOp();
            case "cas-register:failed-cas-observes":
                return CasRegisterModel.observingFailedCas();
            case "kv":
                return new KvModel();
            case "kafka-log":
                return KafkaLogModel.boundedPolls();
            case "kafka-log:polls-read-to-end":
                return KafkaLogModel.pollsReadToEnd();
            default:
                throw new IllegalArgumentException("unknown model \"" + name + "\"; known models: "
                        + String.join(", ", NAMES));
        }
    }
}
