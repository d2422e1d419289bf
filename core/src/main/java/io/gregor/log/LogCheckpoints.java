package io.gregor.log;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The log's two checkpoint files and the order in which they are written.
 *
 * <ul>
 *   <li>{@code leader-epoch-checkpoint}: the {@link LeaderEpochCache} entries, one {@code "<epoch> <startOffset>"}
 *       per line (Kafka's format plus a CRC line, see {@link CheckpointFile}).</li>
 *   <li>{@code recovery-point-offset-checkpoint}: {@code "recovery-point <offset>"} and
 *       {@code "log-start-offset <offset>"}: one small file per partition rather than Kafka's one per log
 *       directory.</li>
 * </ul>
 *
 * <h2>The rule recovery relies on</h2>
 * When a recovery point R is on disk, everything below R is durable and the epoch checkpoint on disk is correct
 * for every offset below R. So: the epoch file is always published before the recovery point file, both
 * describe the same moment, and a checkpoint that went stale while its fsync was in flight (the log was
 * truncated: {@link #invalidate()}) is never published. A truncation below the recovery point also deletes the
 * recovery point file at once (a delete is durable when it returns), so a crash before the next checkpoint
 * recovers by scanning everything rather than trusting a recovery point above data that has changed.
 */
final class LogCheckpoints {

    static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";
    static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    private static final String RECOVERY_POINT_KEY = "recovery-point ";
    private static final String LOG_START_KEY = "log-start-offset ";

    /** What a checkpoint write captures: one moment of the log. */
    record Snapshot(long recoveryPoint, long logStartOffset, List<EpochEntry> epochs) {
    }

    /**
     * What was found on disk at open.
     *
     * @param recoveryPoint {@code -1} when there is no trustworthy recovery point
     * @param epochs the epoch entries, or null when the epoch file cannot be trusted
     * @param problems one line per file that was present but corrupt
     */
    record Loaded(long recoveryPoint, long logStartOffset, List<EpochEntry> epochs, List<String> problems) {
    }

    private final CheckpointFile epochFile;
    private final CheckpointFile recoveryPointFile;
    private long generation;
    private boolean inFlight;
    private boolean wanted;
    /** What the epoch file on disk holds (loaded or last published), or null when that is not known. */
    private List<EpochEntry> publishedEpochs;

    LogCheckpoints(Disk disk, String dir) {
        this.epochFile = new CheckpointFile(disk, dir + "/" + LEADER_EPOCH_CHECKPOINT);
        this.recoveryPointFile = new CheckpointFile(disk, dir + "/" + RECOVERY_POINT_CHECKPOINT);
    }

    List<String> fileNames() {
        return List.of(epochFile.name(), recoveryPointFile.name());
    }

    /** Reads both files; deletes leftover temp files of interrupted writes. */
    Loaded load() {
        epochFile.deleteTemp();
        recoveryPointFile.deleteTemp();
        List<String> problems = new ArrayList<>();
        long recoveryPoint = -1L;
        long logStart = -1L;
        CheckpointFile.Content rp = recoveryPointFile.read();
        if (rp.status() == CheckpointFile.Status.CORRUPT) {
            problems.add(recoveryPointFile.name() + ": " + rp.problem());
        } else if (rp.status() == CheckpointFile.Status.OK) {
            try {
                for (String line : rp.entries()) {
                    if (line.startsWith(RECOVERY_POINT_KEY)) {
                        recoveryPoint = Long.parseLong(line.substring(RECOVERY_POINT_KEY.length()));
                    } else if (line.startsWith(LOG_START_KEY)) {
                        logStart = Long.parseLong(line.substring(LOG_START_KEY.length()));
                    }
                }
            } catch (NumberFormatException e) {
                problems.add(recoveryPointFile.name() + ": bad number " + e.getMessage());
                recoveryPoint = -1L;
            }
        }
        List<EpochEntry> epochs = null;
        CheckpointFile.Content ep = epochFile.read();
        if (ep.status() == CheckpointFile.Status.CORRUPT) {
            problems.add(epochFile.name() + ": " + ep.problem());
        } else if (ep.status() == CheckpointFile.Status.OK) {
            try {
                List<EpochEntry> parsed = new ArrayList<>();
                for (String line : ep.entries()) {
                    String[] parts = line.split(" ");
                    parsed.add(new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
                }
                epochs = parsed;
                publishedEpochs = List.copyOf(parsed);
            } catch (RuntimeException e) {
                problems.add(epochFile.name() + ": bad entry " + e.getMessage());
            }
        }
        return new Loaded(recoveryPoint, logStart, epochs, problems);
    }

    /**
     * Any checkpoint in flight is stale (the log was truncated); with {@code deleteRecoveryPoint} the recovery
     * point on disk may now lie above changed data, so it is deleted at once.
     */
    void invalidate(boolean deleteRecoveryPoint) {
        generation++;
        if (deleteRecoveryPoint) {
            recoveryPointFile.delete();
        }
    }

    /**
     * Writes both checkpoints from {@code snapshot.get()} (read when the write starts), epoch file first — unless the
     * epoch file on disk already holds those entries, as it does between leader changes. At most one write is in
     * flight; a request during one is coalesced into one more write after it.
     *
     * @param onError called if an fsync of a checkpoint fails
     */
    void request(Supplier<Snapshot> snapshot, Consumer<DiskException> onError) {
        if (inFlight) {
            wanted = true;
            return;
        }
        start(snapshot, onError);
    }

    private void start(Supplier<Snapshot> snapshot, Consumer<DiskException> onError) {
        inFlight = true;
        wanted = false;
        long startedAt = generation;
        Snapshot s = snapshot.get();
        List<String> rpLines = List.of(RECOVERY_POINT_KEY + s.recoveryPoint(), LOG_START_KEY + s.logStartOffset());
        if (s.epochs().equals(publishedEpochs)) {
            guarded(onError, () -> writeRecoveryPoint(rpLines, startedAt, snapshot, onError));
            return;
        }
        List<String> epochLines = new ArrayList<>(s.epochs().size());
        for (EpochEntry e : s.epochs()) {
            epochLines.add(e.epoch() + " " + e.startOffset());
        }
        guarded(onError, () -> epochFile.writeTemp(epochLines, epochDone -> {
            if (proceed(epochDone, startedAt, snapshot, onError)) {
                guarded(onError, () -> {
                    epochFile.commit();
                    publishedEpochs = List.copyOf(s.epochs());
                    writeRecoveryPoint(rpLines, startedAt, snapshot, onError);
                });
            }
        }));
    }

    private void writeRecoveryPoint(List<String> rpLines, long startedAt, Supplier<Snapshot> snapshot,
            Consumer<DiskException> onError) {
        recoveryPointFile.writeTemp(rpLines, rpDone -> {
            if (proceed(rpDone, startedAt, snapshot, onError)) {
                guarded(onError, () -> {
                    recoveryPointFile.commit();
                    inFlight = false;
                    if (wanted) {
                        start(snapshot, onError);
                    }
                });
            }
        });
    }

    /** Runs a step of the chain; a device error ends the chain and is reported (these run in disk callbacks). */
    private void guarded(Consumer<DiskException> onError, Runnable step) {
        try {
            step.run();
        } catch (DiskException e) {
            inFlight = false;
            onError.accept(e);
        }
    }

    /**
     * After a temp file's fsync: whether to publish it. Not if the fsync failed (reported) or the log changed
     * meanwhile (then the write starts over from a fresh snapshot).
     */
    private boolean proceed(DiskException error, long startedAt, Supplier<Snapshot> snapshot,
            Consumer<DiskException> onError) {
        if (error != null) {
            inFlight = false;
            onError.accept(error);
            return false;
        }
        if (startedAt != generation) {
            start(snapshot, onError);
            return false;
        }
        return true;
    }
}
