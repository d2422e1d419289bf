package io.gregor.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Timed faults as plain data, in time order (events at the same instant keep the order they were given in).
 * Because every sub-list of a schedule is a valid schedule (see {@link FaultEvent}), a failing schedule shrinks by
 * removing events: {@link #withoutEvent(int)} is one step, {@link #shrink(Predicate)} the whole search.
 *
 * @param events the faults, sorted by {@link FaultEvent#atNs()}
 */
public record FaultSchedule(List<FaultEvent> events) {

    /** The most events a schedule may hold: a nemesis asking for more has a runaway rate. */
    public static final int MAX_EVENTS = 100_000;

    public FaultSchedule {
        List<FaultEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(FaultEvent::atNs)); // stable: ties keep their order
        if (sorted.size() > MAX_EVENTS) {
            throw new IllegalArgumentException("a fault schedule holds at most " + MAX_EVENTS + " events, not "
                    + sorted.size());
        }
        events = List.copyOf(sorted);
    }

    public static FaultSchedule empty() {
        return new FaultSchedule(List.of());
    }

    public static FaultSchedule of(FaultEvent... events) {
        return new FaultSchedule(List.of(events));
    }

    public int size() {
        return events.size();
    }

    /** This schedule with one more event. */
    public FaultSchedule with(FaultEvent event) {
        List<FaultEvent> more = new ArrayList<>(events);
        more.add(event);
        return new FaultSchedule(more);
    }

    /** This schedule without the event at {@code index}: one shrinking step. */
    public FaultSchedule withoutEvent(int index) {
        List<FaultEvent> fewer = new ArrayList<>(events);
        fewer.remove(index);
        return new FaultSchedule(fewer);
    }

    /** This schedule without events {@code [from, to)}. */
    public FaultSchedule withoutEvents(int from, int to) {
        List<FaultEvent> fewer = new ArrayList<>(events.subList(0, from));
        fewer.addAll(events.subList(to, events.size()));
        return new FaultSchedule(fewer);
    }

    /**
     * The smallest schedule found that still fails: removes spans of events (halves first, then smaller), keeping
     * every removal after which {@code stillFails} holds, until no single event can go. {@code stillFails} is
     * usually "run the simulation with this schedule and the same seed; a checker reports a violation".
     */
    public FaultSchedule shrink(Predicate<FaultSchedule> stillFails) {
        FaultSchedule best = this;
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int span = Math.max(1, best.size() / 2); span >= 1; span /= 2) {
                int start = 0;
                while (start + span <= best.size()) {
                    FaultSchedule candidate = best.withoutEvents(start, start + span);
                    if (stillFails.test(candidate)) {
                        best = candidate;
                        improved = true;
                    } else {
                        start += span;
                    }
                }
            }
        }
        return best;
    }

    /** One event per line, for reports. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("FaultSchedule[");
        for (FaultEvent e : events) {
            out.append("\n  ").append(e);
        }
        return out.append(events.isEmpty() ? "]" : "\n]").toString();
    }
}
