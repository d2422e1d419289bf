package io.gregor.workload;

import java.util.Locale;

/** How KRaft's roles are placed on nodes ({@code process.roles}). */
public enum Deployment {
    /** Dedicated controllers (the voters) and dedicated brokers, which observe the metadata log. */
    SPLIT,
    /** Every node is a controller voter and a broker at once; a crash takes both roles down. */
    COMBINED;

    /** The command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** By command-line name; {@code null} if there is none. */
    public static Deployment byCliName(String name) {
        for (Deployment d : values()) {
            if (d.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }
}
