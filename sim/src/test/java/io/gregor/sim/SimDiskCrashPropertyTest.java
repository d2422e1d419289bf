package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.env.DiskException;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What the simulated disk guarantees across crashes, checked against a model on random sequences of writes,
 * truncates, fsyncs (waited for or not), loop runs and crashes:
 *
 * <ol>
 *   <li>Reads always see the page cache: every write and truncate, in issue order — even writes a failed fsync
 *       dropped.</li>
 *   <li>A file's <em>durable image</em> is the result of applying, in issue order, the operations covered by
 *       fsyncs whose callback reported success. Operations covered by an fsync whose callback reported an error
 *       never reach it (fsyncgate).</li>
 *   <li>After a crash, every file that was created exists, and holds its durable image with a prefix of its
 *       remaining unsynced operations applied in issue order (possibly none, possibly all), the last applied one
 *       possibly torn: cut at a multiple of the torn-write granularity (absolute file positions), strictly
 *       inside the write.</li>
 *   <li>The callback of an fsync pending at a crash never runs.</li>
 * </ol>
 */
class SimDiskCrashPropertyTest {

    private static final String[] FILES = {"p0/a.log", "p0/b.index", "p1/c.log"};

    /** One step of a scenario. */
    sealed interface Step {
    }

    record Write(int file, int position, int length, int fill) implements Step {
    }

    record Truncate(int file, int sizeBytes) implements Step {
    }

    record Fsync(int file, boolean waitForIt) implements Step {
    }

    record RunLoop() implements Step {
    }

    record Crash() implements Step {
    }

    /** The disk's setup and the steps. */
    record Scenario(DiskConfig.CrashMode mode, int granularity, double fsyncErrorRate, long seed, List<Step> steps) {
    }

    private static final Gen<Step> STEP = Gen.frequency(
            s -> new Write(s.intBetween(0, 2), s.intBetween(0, 3000), s.intBetween(1, 700), s.intBetween(1, 250)),
            s -> new Write(s.intBetween(0, 2), -1, s.intBetween(1, 700), s.intBetween(1, 250)), // an append
            s -> new Fsync(s.intBetween(0, 2), s.chance(0.7)),
            s -> new Crash(),
            s -> new Truncate(s.intBetween(0, 2), s.intBetween(0, 3000)),
            s -> new RunLoop());

    private static final Gen<Scenario> SCENARIO = s -> new Scenario(
            s.pick(List.of(DiskConfig.CrashMode.KEEP_PREFIX, DiskConfig.CrashMode.LOSE_UNSYNCED)),
            s.pick(List.of(512, 1, 0, 4096)),
            s.pick(List.of(0.0, 0.25)),
            s.longBetween(0, 1_000_000),
            Gen.listOf(STEP, 60).generate(s));

    @TestFactory
    Stream<DynamicTest> afterACrashEveryFileIsItsDurableImagePlusATornPrefixOfItsUnsyncedOperations() {
        return Property.forAll("disk crash model", 150, SCENARIO, SimDiskCrashPropertyTest::check);
    }

    /** The model of one file. */
    private static final class ModelFile {
        byte[] cache = new byte[0];
        byte[] durable = new byte[0];
        final List<Step> unsynced = new ArrayList<>();
        boolean created;
    }

    private static void check(Scenario scenario) {
        DiskConfig config = DiskConfig.defaults().withCrashMode(scenario.mode())
                .withTornWriteGranularityBytes(scenario.granularity())
                .withFaults(new DiskFaultRates(0, 0, 0, scenario.fsyncErrorRate()));
        SimDiskHarness h = new SimDiskHarness(scenario.seed(), config);
        ModelFile[] model = {new ModelFile(), new ModelFile(), new ModelFile()};
        long[] incarnation = {0};
        for (Step step : scenario.steps()) {
            if (step instanceof Write w) {
                ModelFile f = model[w.file()];
                int position = w.position() < 0 ? f.cache.length : w.position();
                Write resolved = new Write(w.file(), position, w.length(), w.fill());
                h.disk().write(FILES[w.file()], position, ByteBuffer.wrap(bytes(resolved)));
                f.cache = apply(f.cache, resolved, -1);
                f.unsynced.add(resolved);
                f.created = true;
            } else if (step instanceof Truncate t) {
                ModelFile f = model[t.file()];
                if (!f.created) {
                    continue;
                }
                h.disk().truncate(FILES[t.file()], t.sizeBytes());
                if (t.sizeBytes() < f.cache.length) {
                    f.cache = apply(f.cache, t, -1);
                    f.unsynced.add(t);
                }
            } else if (step instanceof Fsync s) {
                ModelFile f = model[s.file()];
                if (!f.created) {
                    continue;
                }
                List<Step> covered = List.copyOf(f.unsynced);
                long fsyncIncarnation = incarnation[0];
                h.disk().fsync(FILES[s.file()], error -> onFsync(f, covered, error, fsyncIncarnation, incarnation));
                if (s.waitForIt()) {
                    h.runUntilIdle();
                }
            } else if (step instanceof RunLoop) {
                h.runUntilIdle();
            } else if (step instanceof Crash) {
                h.crash();
                incarnation[0]++;
                for (int i = 0; i < FILES.length; i++) {
                    checkAfterCrash(h, scenario, FILES[i], model[i]);
                }
            }
            for (int i = 0; i < FILES.length; i++) {
                if (model[i].created) {
                    assertThat(h.simDisk().contents(FILES[i])).as("page cache of %s", FILES[i])
                            .isEqualTo(model[i].cache);
                } else {
                    assertThat(h.disk().exists(FILES[i])).isFalse();
                }
            }
        }
    }

    private static void onFsync(ModelFile f, List<Step> covered, DiskException error, long fsyncIncarnation,
            long[] incarnation) {
        assertThat(fsyncIncarnation).as("an fsync callback from before a crash ran").isEqualTo(incarnation[0]);
        // the covered operations are the oldest unsynced ones, unless an earlier fsync already took some
        int n = 0;
        while (n < f.unsynced.size() && containsSame(covered, f.unsynced.get(n))) {
            n++;
        }
        List<Step> done = new ArrayList<>(f.unsynced.subList(0, n));
        f.unsynced.subList(0, n).clear();
        if (error == null) {
            for (Step op : done) {
                f.durable = apply(f.durable, op, -1);
            }
        }
    }

    private static boolean containsSame(List<Step> steps, Step step) {
        for (Step s : steps) {
            if (s == step) {
                return true;
            }
        }
        return false;
    }

    private static void checkAfterCrash(SimDiskHarness h, Scenario scenario, String name, ModelFile f) {
        if (!f.created) {
            assertThat(h.disk().exists(name)).isFalse();
            return;
        }
        assertThat(h.disk().exists(name)).as("%s was created, creation is durable", name).isTrue();
        byte[] actual = h.simDisk().contents(name);
        List<byte[]> allowed = new ArrayList<>();
        byte[] state = f.durable;
        int maxKeep = scenario.mode() == DiskConfig.CrashMode.KEEP_PREFIX ? f.unsynced.size() : 0;
        for (int k = 0; k <= maxKeep; k++) {
            allowed.add(state);
            if (k == f.unsynced.size()) {
                break;
            }
            Step next = f.unsynced.get(k);
            if (next instanceof Write w && scenario.mode() == DiskConfig.CrashMode.KEEP_PREFIX
                    && scenario.granularity() > 0) {
                for (int cut = 1; cut < w.length(); cut++) {
                    if ((w.position() + cut) % scenario.granularity() == 0) {
                        allowed.add(apply(state, w, cut));
                    }
                }
            }
            state = apply(state, next, -1);
        }
        boolean matches = allowed.stream().anyMatch(candidate -> Arrays.equals(candidate, actual));
        assertThat(matches).as("%s after a crash (%d bytes) is its durable image (%d bytes) plus a torn prefix of "
                + "its %d unsynced operations", name, actual.length, f.durable.length, f.unsynced.size()).isTrue();
        f.cache = actual;
        f.durable = actual;
        f.unsynced.clear();
    }

    private static byte[] bytes(Write w) {
        byte[] b = new byte[w.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (w.fill() + i);
        }
        return b;
    }

    /** The image after one operation; {@code limit >= 0} applies only that many leading bytes of a write. */
    private static byte[] apply(byte[] image, Step op, int limit) {
        if (op instanceof Truncate t) {
            return t.sizeBytes() < image.length ? Arrays.copyOf(image, t.sizeBytes()) : image;
        }
        Write w = (Write) op;
        byte[] data = bytes(w);
        int length = limit < 0 ? data.length : limit;
        byte[] out = Arrays.copyOf(image, Math.max(image.length, w.position() + length));
        System.arraycopy(data, 0, out, w.position(), length);
        return out;
    }
}
