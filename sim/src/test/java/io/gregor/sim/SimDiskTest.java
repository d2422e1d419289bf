package io.gregor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gregor.env.Disk;
import io.gregor.env.DiskException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios of the simulated disk: crash semantics and each injected fault. */
class SimDiskTest {

    private static final String LOG = "p0/00000000000000000000.log";

    private static ByteBuffer filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7 + 1);
        }
        return ByteBuffer.wrap(b);
    }

    private static byte[] read(Disk disk, String name) {
        ByteBuffer dst = ByteBuffer.allocate((int) disk.size(name));
        long position = 0;
        while (dst.hasRemaining()) {
            position += disk.read(name, position, dst);
        }
        return dst.array();
    }

    private static List<DiskException> fsync(SimDiskHarness h, String name) {
        List<DiskException> results = new ArrayList<>();
        h.disk().fsync(name, results::add);
        h.runUntilIdle();
        return results;
    }

    @Test
    void aCrashLosesExactlyTheUnsyncedWritesWhenTheModeSaysSo() {
        SimDiskHarness h = new SimDiskHarness(3L, DiskConfig.defaults().withCrashMode(DiskConfig.CrashMode.LOSE_UNSYNCED));
        h.disk().write(LOG, 0, filled(1000, 1));
        assertThat(fsync(h, LOG)).containsExactly((DiskException) null);
        h.disk().write(LOG, 1000, filled(500, 2));
        h.disk().write(LOG, 10, filled(20, 3)); // an unsynced overwrite of synced bytes is lost too
        h.disk().truncate(LOG, 900);
        byte[] synced = h.simDisk().durableContents(LOG);
        h.crash();
        assertThat(read(h.disk(), LOG)).isEqualTo(synced).hasSize(1000);
        assertThat(synced).isEqualTo(filled(1000, 1).array());
    }

    /** The page cache's writeback: what was written before the previous writeback survives a crash, the rest not. */
    @Test
    void aWritebackMakesWhatTheLastOneFoundDirtyDurable() {
        SimDiskHarness h = new SimDiskHarness(3L, DiskConfig.defaults().withCrashMode(DiskConfig.CrashMode.LOSE_UNSYNCED));
        h.disk().write(LOG, 0, filled(100, 1));
        assertThat(h.simDisk().writeback()).as("written after no earlier writeback: not yet old enough").isZero();
        h.disk().write(LOG, 100, filled(50, 2));
        assertThat(h.simDisk().writeback()).as("the first write, dirty since the last writeback").isEqualTo(1);
        h.crash();
        assertThat(read(h.disk(), LOG)).isEqualTo(filled(100, 1).array());
    }

    @Test
    void aCrashKeepsAPrefixOfTheUnsyncedWritesAndSometimesTearsTheLastOne() {
        int torn = 0;
        int none = 0;
        int all = 0;
        for (long seed = 1; seed <= 60; seed++) {
            SimDiskHarness h = new SimDiskHarness(seed, DiskConfig.defaults());
            byte[] expected = new byte[3 * 4096];
            for (int i = 0; i < 3; i++) {
                ByteBuffer chunk = filled(4096, i);
                System.arraycopy(chunk.array(), 0, expected, i * 4096, 4096);
                h.disk().append(LOG, chunk);
            }
            h.crash();
            byte[] after = read(h.disk(), LOG);
            assertThat(after.length % 512).as("torn at sector granularity, seed %d", seed).isZero();
            assertThat(after).as("a prefix of what was written, seed %d", seed)
                    .isEqualTo(Arrays.copyOf(expected, after.length));
            if (after.length % 4096 != 0) {
                torn++;
            } else if (after.length == 0) {
                none++;
            } else if (after.length == expected.length) {
                all++;
            }
        }
        assertThat(torn).as("torn outcomes").isPositive();
        assertThat(none).as("everything lost").isPositive();
        assertThat(all).as("everything kept").isPositive();
    }

    @Test
    void aTornWriteAtByteGranularityKeepsAnyStrictPrefix() {
        boolean sawOddLength = false;
        for (long seed = 1; seed <= 40; seed++) {
            SimDiskHarness h = new SimDiskHarness(seed, DiskConfig.defaults().withTornWriteGranularityBytes(1));
            h.disk().write(LOG, 0, filled(100, 9));
            h.crash();
            byte[] after = read(h.disk(), LOG);
            assertThat(after).isEqualTo(Arrays.copyOf(filled(100, 9).array(), after.length));
            sawOddLength |= after.length % 2 == 1;
        }
        assertThat(sawOddLength).isTrue();
    }

    @Test
    void aCrashBeforeTheFsyncCompletesDropsItsCallback() {
        SimDiskHarness h = new SimDiskHarness(5L, DiskConfig.defaults());
        h.disk().write(LOG, 0, filled(10, 1));
        List<DiskException> results = new ArrayList<>();
        h.disk().fsync(LOG, results::add);
        h.crash();
        h.runUntilIdle();
        assertThat(results).as("the old incarnation's completion never runs").isEmpty();
        assertThat(h.simulation().pendingEvents()).isZero();
    }

    @Test
    void fsyncCompletesAfterItsLatencyInCallOrder() {
        SimDiskHarness h = new SimDiskHarness(5L, DiskConfig.defaults()
                .withFsyncLatency(LatencyModel.uniform(1_000_000L, 9_000_000L)));
        List<String> order = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "f" + i;
            h.disk().write(name, 0, filled(1, i));
            h.disk().fsync(name, error -> {
                order.add(name);
                times.add(h.simulation().nowNs());
            });
        }
        h.runUntilIdle();
        assertThat(order).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(order.get(i)).isEqualTo("f" + i);
        }
        assertThat(times).isSorted().allMatch(t -> t >= 1_000_000L);
    }

    @Test
    void aFailedFsyncDropsItsWritesFromWhatCanBecomeDurableWhileReadsStillShowThem() {
        SimDiskHarness h = new SimDiskHarness(new DiskFaultRates(0, 0, 0, 1.0));
        h.disk().write(LOG, 0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        List<DiskException> results = fsync(h, LOG);
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).isInstanceOf(DiskException.class).hasMessageContaining("fsync failed");
        assertThat(read(h.disk(), LOG)).as("the page cache still shows the lost bytes").containsExactly(1, 2, 3);
        assertThat(h.simDisk().unsyncedOperations(LOG)).isZero();

        h.simDisk().setFaults(DiskFaultRates.NONE); // fsyncgate: a later fsync succeeds without the dropped write
        h.disk().write(LOG, 3, ByteBuffer.wrap(new byte[] {4}));
        assertThat(fsync(h, LOG)).containsExactly((DiskException) null);
        h.crash();
        assertThat(read(h.disk(), LOG)).containsExactly(0, 0, 0, 4);
        assertThat(h.simulation().traceLines()).isEmpty(); // lines are off by default; the hash still has it
    }

    @Test
    void aLatentSectorErrorFailsEveryReadOfThatSectorUntilItIsRewritten() {
        SimDiskHarness h = new SimDiskHarness(new DiskFaultRates(1.0, 0, 0, 0));
        h.disk().write(LOG, 0, filled(2048, 1));
        assertThat(fsync(h, LOG)).containsExactly((DiskException) null);
        assertThatThrownBy(() -> h.disk().read(LOG, 0, ByteBuffer.allocate(2048)))
                .isInstanceOf(DiskException.class).hasMessageContaining("bad sector");
        h.simDisk().setFaults(DiskFaultRates.NONE);
        long badSector = -1;
        for (int sector = 0; sector < 4; sector++) {
            try {
                h.disk().read(LOG, sector * 512L, ByteBuffer.allocate(512));
            } catch (DiskException e) {
                badSector = sector;
            }
        }
        assertThat(badSector).as("exactly one sector went bad").isNotNegative();
        h.crash();
        long sector = badSector;
        assertThatThrownBy(() -> h.disk().read(LOG, sector * 512, ByteBuffer.allocate(1)))
                .as("a latent sector error is on the media: it survives a crash").isInstanceOf(DiskException.class);
        h.disk().write(LOG, sector * 512, filled(512, 5));
        assertThat(h.disk().read(LOG, sector * 512, ByteBuffer.allocate(512))).isEqualTo(512);
    }

    /** A harness's checks look without touching: while it observes, a read draws no fault and marks no sector. */
    @Test
    void aReadWhileObservingDrawsNoFault() {
        SimDiskHarness h = new SimDiskHarness(new DiskFaultRates(1.0, 0, 0, 0));
        h.disk().write(LOG, 0, filled(2048, 1));
        assertThat(fsync(h, LOG)).containsExactly((DiskException) null);
        String hashBefore = h.simulation().traceHash();
        for (int i = 0; i < 3; i++) {
            byte[] seen = h.simulation().observe(() -> read(h.disk(), LOG));
            assertThat(seen).isEqualTo(filled(2048, 1).array());
        }
        assertThat(h.simulation().isObserving()).isFalse();
        assertThat(h.simulation().traceHash()).as("no fault traced").isEqualTo(hashBefore);
        assertThatThrownBy(() -> h.disk().read(LOG, 0, ByteBuffer.allocate(2048)))
                .as("outside, the first read finds its latent sector error").isInstanceOf(DiskException.class);
    }

    @Test
    void aCorruptedWriteReadsBackCorrectlyUntilACrashThenOneBitDiffers() {
        SimDiskHarness h = new SimDiskHarness(new DiskFaultRates(0, 1.0, 0, 0));
        byte[] data = filled(4096, 3).array();
        h.disk().write(LOG, 0, ByteBuffer.wrap(data.clone()));
        assertThat(fsync(h, LOG)).containsExactly((DiskException) null);
        assertThat(read(h.disk(), LOG)).isEqualTo(data);
        h.crash();
        byte[] after = read(h.disk(), LOG);
        int differingBits = 0;
        for (int i = 0; i < data.length; i++) {
            differingBits += Integer.bitCount((data[i] ^ after[i]) & 0xFF);
        }
        assertThat(differingBits).isEqualTo(1);
    }

    @Test
    void aMisdirectedWriteLandsAtAnotherSectorAlignedOffset() {
        SimDiskHarness h = new SimDiskHarness(new DiskFaultRates(0, 0, 1.0, 0));
        byte[] data = filled(512, 4).array();
        h.disk().write(LOG, 8192, ByteBuffer.wrap(data.clone()));
        assertThat(fsync(h, LOG)).containsExactly((DiskException) null);
        h.crash();
        byte[] after = read(h.disk(), LOG);
        assertThat(Arrays.copyOfRange(after, Math.min(after.length, 8192), Math.min(after.length, 8192 + 512)))
                .as("the intended place does not hold the data").isNotEqualTo(data);
        int found = -1;
        for (int offset = 0; offset + 512 <= after.length; offset += 512) {
            if (Arrays.equals(Arrays.copyOfRange(after, offset, offset + 512), data)) {
                found = offset;
            }
        }
        assertThat(found).as("the data landed elsewhere").isNotNegative().isNotEqualTo(8192);
    }

    @Test
    void everyDiskFaultIsATraceLine() {
        Simulation sim = new Simulation(1L, SimConfig.defaults().withTraceLines(true)
                .withDisk(DiskConfig.defaults().withFaults(new DiskFaultRates(0, 1.0, 0, 1.0))));
        Disk disk = sim.envFor(0).disk();
        disk.write(LOG, 0, filled(10, 1));
        disk.fsync(LOG, error -> { });
        sim.runUntilQuiescent(Long.MAX_VALUE);
        assertThat(sim.traceLines()).anyMatch(l -> l.matches("\\d+ n0 disk write-corruption .*"))
                .anyMatch(l -> l.matches("\\d+ n0 disk fsync-error .*"))
                .anyMatch(l -> l.matches("\\d+ n0 disk fsync .* failed"));
    }

    @Test
    void aNodeNeverSeesAnotherNodesDisk() {
        Simulation sim = new Simulation(1L, SimConfig.defaults());
        sim.envFor(1).disk().write("shared-name", 0, filled(3, 1));
        assertThat(sim.envFor(2).disk().exists("shared-name")).isFalse();
        assertThat(sim.envFor(2).disk().list()).isEmpty();
    }

    @Test
    void aRenamedFileKeepsItsPendingFsyncAndUnsyncedWrites() {
        SimDiskHarness h = new SimDiskHarness(2L, DiskConfig.defaults().withCrashMode(DiskConfig.CrashMode.LOSE_UNSYNCED));
        h.disk().write("a.tmp", 0, filled(100, 1));
        List<DiskException> results = new ArrayList<>();
        h.disk().fsync("a.tmp", results::add);
        h.disk().rename("a.tmp", "a");
        h.runUntilIdle();
        assertThat(results).containsExactly((DiskException) null);
        h.crash();
        assertThat(read(h.disk(), "a")).isEqualTo(filled(100, 1).array());
    }

    @Test
    void badArgumentsGiveOneLineErrors() {
        SimDiskHarness h = new SimDiskHarness();
        assertThatThrownBy(() -> h.disk().write("", 0, filled(1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.disk().write("f", -1, filled(1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.disk().write("f", SimDisk.MAX_FILE_SIZE_BYTES, filled(1, 1)))
                .isInstanceOf(DiskException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> h.disk().truncate("missing", 0)).isInstanceOf(DiskException.class)
                .hasMessage("truncate: no such file missing");
        List<DiskException> results = fsync(h, "missing");
        assertThat(results.get(0)).hasMessageContaining("missing file");
    }
}
