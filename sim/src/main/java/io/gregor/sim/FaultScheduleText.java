package io.gregor.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fault schedule as text, one event per line, so that a failing (or shrunk) schedule can be saved, read,
 * edited by hand and replayed ({@code ./gregor sim --seed N --schedule FILE}):
 *
 * <pre>
 * # atNs  kind  arguments
 * 1500000000 crash 2
 * 1700000000 restart 2
 * 2000000000 pause 1 300000000
 * 2500000000 partition 1,2 3,100 both-ways      (or one-way: only from the first group to the second)
 * 3000000000 heal
 * 3100000000 clog 100 1 50000000
 * 3200000000 break 100 2
 * 3300000000 clock-jump 3 -5000
 * 3400000000 disk-faults 2 0 0 0 0.01         (read errors, write corruption, misdirected writes, fsync errors)
 * 20000000000 heal-all
 * </pre>
 *
 * Blank lines and text after {@code #} are ignored.
 */
public final class FaultScheduleText {

    private FaultScheduleText() {
    }

    public static String format(FaultSchedule schedule) {
        StringBuilder out = new StringBuilder("# atNs kind arguments (see FaultScheduleText)\n");
        for (FaultEvent e : schedule.events()) {
            out.append(format(e)).append('\n');
        }
        return out.toString();
    }

    static String format(FaultEvent e) {
        long t = e.atNs();
        if (e instanceof FaultEvent.Crash c) {
            return t + " crash " + c.nodeId();
        } else if (e instanceof FaultEvent.Restart r) {
            return t + " restart " + r.nodeId();
        } else if (e instanceof FaultEvent.Pause p) {
            return t + " pause " + p.nodeId() + " " + p.durationNs();
        } else if (e instanceof FaultEvent.Partition p) {
            return t + " partition " + ids(p.from()) + " " + ids(p.to()) + (p.oneWay() ? " one-way" : " both-ways");
        } else if (e instanceof FaultEvent.Heal) {
            return t + " heal";
        } else if (e instanceof FaultEvent.Clog c) {
            return t + " clog " + c.fromNodeId() + " " + c.toNodeId() + " " + c.durationNs();
        } else if (e instanceof FaultEvent.BreakConnection b) {
            return t + " break " + b.aNodeId() + " " + b.bNodeId();
        } else if (e instanceof FaultEvent.ClockJump j) {
            return t + " clock-jump " + j.nodeId() + " " + j.deltaMs();
        } else if (e instanceof FaultEvent.SetDiskFaults d) {
            DiskFaultRates r = d.rates();
            return String.format(Locale.ROOT, "%d disk-faults %d %s %s %s %s", t, d.nodeId(), r.readErrorRate(),
                    r.writeCorruptionRate(), r.misdirectedWriteRate(), r.fsyncErrorRate());
        } else if (e instanceof FaultEvent.HealAll) {
            return t + " heal-all";
        }
        throw new IllegalStateException("no text form for " + e);
    }

    /**
     * Reads a schedule written by {@link #format(FaultSchedule)} (or by hand).
     *
     * @throws IllegalArgumentException with a one-line message naming the line
     */
    public static FaultSchedule parse(String text) {
        List<FaultEvent> events = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            try {
                events.add(parseEvent(content.split("\\s+")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + ": '" + content + "'");
            }
        }
        return new FaultSchedule(events);
    }

    private static FaultEvent parseEvent(String[] w) {
        if (w.length < 2) {
            throw new IllegalArgumentException("expected '<atNs> <kind> <arguments>'");
        }
        long t = Long.parseLong(w[0]);
        if (t < 0) {
            throw new IllegalArgumentException("a time cannot be negative");
        }
        switch (w[1]) {
            case "crash":
                return new FaultEvent.Crash(t, node(w, 2, 3));
            case "restart":
                return new FaultEvent.Restart(t, node(w, 2, 3));
            case "pause":
                return new FaultEvent.Pause(t, node(w, 2, 4), Long.parseLong(w[3]));
            case "partition":
                arity(w, 5);
                if (!w[4].equals("one-way") && !w[4].equals("both-ways")) {
                    throw new IllegalArgumentException("a partition is one-way or both-ways");
                }
                return new FaultEvent.Partition(t, idList(w[2]), idList(w[3]), w[4].equals("one-way"));
            case "heal":
                arity(w, 2);
                return new FaultEvent.Heal(t);
            case "clog":
                arity(w, 5);
                return new FaultEvent.Clog(t, Integer.parseInt(w[2]), Integer.parseInt(w[3]), Long.parseLong(w[4]));
            case "break":
                arity(w, 4);
                return new FaultEvent.BreakConnection(t, Integer.parseInt(w[2]), Integer.parseInt(w[3]));
            case "clock-jump":
                return new FaultEvent.ClockJump(t, node(w, 2, 4), Long.parseLong(w[3]));
            case "disk-faults":
                arity(w, 7);
                return new FaultEvent.SetDiskFaults(t, Integer.parseInt(w[2]), new DiskFaultRates(
                        Double.parseDouble(w[3]), Double.parseDouble(w[4]), Double.parseDouble(w[5]),
                        Double.parseDouble(w[6])));
            case "heal-all":
                arity(w, 2);
                return new FaultEvent.HealAll(t);
            default:
                throw new IllegalArgumentException("unknown fault '" + w[1] + "' (crash, restart, pause, partition,"
                        + " heal, clog, break, clock-jump, disk-faults, heal-all)");
        }
    }

    private static int node(String[] w, int index, int expectedWords) {
        arity(w, expectedWords);
        return Integer.parseInt(w[index]);
    }

    private static void arity(String[] w, int expectedWords) {
        if (w.length != expectedWords) {
            throw new IllegalArgumentException(w[1] + " takes " + (expectedWords - 2) + " arguments, not "
                    + (w.length - 2));
        }
    }

    private static String ids(List<Integer> ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(out.length() == 0 ? "" : ",").append(id);
        }
        return out.toString();
    }

    private static List<Integer> idList(String text) {
        List<Integer> out = new ArrayList<>();
        for (String id : text.split(",")) {
            out.add(Integer.parseInt(id));
        }
        return out;
    }
}
