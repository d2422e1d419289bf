package io.gregor.histories.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.gregor.histories.CheckResult;
import io.gregor.histories.History;
import io.gregor.histories.Keyword;
import io.gregor.histories.Op;
import io.gregor.histories.Verdict;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Histories from a simulated correct log have no anomaly; one injected fault is always found.
 */
class KafkaCheckerPropertyTest {

    /** A generated history: the generator's seed and a small config. */
    record Case(long seed, KafkaHistoryGenerator.Config config) {
        History history() {
            return KafkaHistoryGenerator.generate(seed, config);
        }
    }

    private static final Gen<Case> CASES = s -> new Case(s.longBetween(0, 1L << 40),
            new KafkaHistoryGenerator.Config(s.intBetween(0, 300), s.intBetween(1, 6), s.intBetween(1, 5),
                    s.intBetween(1, 6), s.intBetween(0, 40), s.intBetween(0, 10), s.intBetween(0, 10),
                    s.intBetween(0, 10), s.chance(0.5)));

    private static List<String> types(CheckResult r, String which) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) r.details().get(which)) {
            out.add((String) o);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> historiesOfACorrectLogHaveNoAnomaly() {
        return Property.forAll("correct log, no anomaly", 150, CASES, c -> {
            History h = c.history();
            KafkaCheckerOptions strict = KafkaCheckerOptions.defaults().withExpectFinalReadAll(true);
            CheckResult r = KafkaChecker.check(h, strict);
            assertThat(r.anomalies()).isEmpty();
            assertThat(r.verdict()).isEqualTo(Verdict.VALID);
            // anti-dependency cycles are normal for lagging consumers, and allowed; nothing else may appear
            CheckResult all = KafkaChecker.check(h, strict.withWwDeps(true).withRwDeps(true));
            assertThat(types(all, "error-types")).isSubsetOf("G-single", "G2", "G0", "G1c");
            assertThat(types(all, "bad-error-types")).isEmpty();
        });
    }

    /** The faults we inject, each of which a correct checker must notice. */
    enum Fault { DROP_READ, LOSE_VALUE, DUPLICATE_VALUE, SWAP_OFFSETS }

    record FaultCase(Case base, Fault fault, int pick) {
    }

    private static final Gen<FaultCase> FAULT_CASES = s -> new FaultCase(CASES.generate(s),
            s.pick(List.of(Fault.values())), s.intBetween(0, 1_000_000));

    @TestFactory
    Stream<DynamicTest> anInjectedFaultIsFound() {
        return Property.forAll("one fault is found", 150, FAULT_CASES, c -> {
            History h = c.base().history();
            History broken = inject(h, c.fault(), c.pick());
            if (broken == null) {
                return; // this history offers no place for this fault (e.g. nothing was read)
            }
            CheckResult r = KafkaChecker.check(broken, KafkaCheckerOptions.defaults().withExpectFinalReadAll(true));
            assertThat(r.verdict()).as("%s in %s", c.fault(), r.details().get("error-types"))
                    .isEqualTo(Verdict.INVALID);
            assertThat(types(r, "bad-error-types")).containsAnyOf(expected(c.fault()));
        });
    }

    private static String[] expected(Fault fault) {
        switch (fault) {
            case DROP_READ: return new String[] {"int-poll-skip", "poll-skip", "lost-write", "unseen"};
            case LOSE_VALUE: return new String[] {"lost-write", "unseen"};
            case DUPLICATE_VALUE: return new String[] {"duplicate"};
            default: return new String[] {"inconsistent-offsets"};
        }
    }

    @Test
    void theGeneratorIsDeterministicAndValid() {
        KafkaHistoryGenerator.Config config = KafkaHistoryGenerator.Config.typical(2_000);
        History a = KafkaHistoryGenerator.generate(42, config);
        History b = KafkaHistoryGenerator.generate(42, config);
        assertThat(a.ops()).isEqualTo(b.ops());
        assertThat(KafkaHistoryGenerator.generate(43, config).ops()).isNotEqualTo(a.ops());
        assertThat(a.summary().outcomesByF()).containsKeys("send", "poll", "txn", "assign", "crash",
                "start-partition");
        CheckResult r = KafkaChecker.check(a, KafkaCheckerOptions.defaults().withExpectFinalReadAll(true));
        assertThat(types(r, "bad-error-types")).isEmpty();
        assertThat(((Map<?, ?>) r.details().get("stats")).get("reads")).isNotEqualTo(0L);
    }

    @TestFactory
    Stream<DynamicTest> bothFormatsCarryAHistoryToTheSameConclusion() {
        return Property.forAll("formats round trip", 40, FAULT_CASES, c -> {
            History h = inject(c.base().history(), c.fault(), c.pick());
            if (h == null) {
                return;
            }
            try {
                java.io.StringWriter edn = new java.io.StringWriter();
                io.gregor.histories.Histories.write(h, edn, io.gregor.histories.Histories.Format.EDN);
                History fromEdn = io.gregor.histories.Histories.read(new java.io.StringReader(edn.toString()));
                assertThat(fromEdn.ops()).isEqualTo(h.ops());
                java.io.StringWriter json = new java.io.StringWriter();
                io.gregor.histories.Histories.write(h, json, io.gregor.histories.Histories.Format.JSON_LINES);
                History fromJson = io.gregor.histories.Histories.read(new java.io.StringReader(json.toString()));
                KafkaCheckerOptions options = KafkaCheckerOptions.defaults().withExpectFinalReadAll(true);
                CheckResult expected = KafkaChecker.check(h, options);
                CheckResult viaJson = KafkaChecker.check(fromJson, options);
                assertThat(viaJson.verdict()).isEqualTo(expected.verdict());
                assertThat(viaJson.details().get("counts")).isEqualTo(expected.details().get("counts"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    // ---- fault injection: rewrite ok poll / send completions ----

    /** A read in the history: op position, micro-op number, key, pair number. */
    private record ReadAt(int position, int mop, Object key, int pair, int pairsOfKey) {
    }

    private static List<ReadAt> reads(History h) {
        List<ReadAt> out = new ArrayList<>();
        for (int p = 0; p < h.size(); p++) {
            Op op = h.get(p);
            if (op.type() != Op.Type.OK || !(op.f().equals("poll") || op.f().equals("txn"))) {
                continue;
            }
            List<?> mops = (List<?>) op.value();
            for (int m = 0; m < mops.size(); m++) {
                List<?> mop = (List<?>) mops.get(m);
                if (mop.get(0).equals(Keyword.of("poll"))) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) mop.get(1)).entrySet()) {
                        int n = ((List<?>) e.getValue()).size();
                        for (int i = 0; i < n; i++) {
                            out.add(new ReadAt(p, m, e.getKey(), i, n));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static History inject(History h, Fault fault, int pick) {
        List<ReadAt> reads = reads(h);
        switch (fault) {
            case DROP_READ: {
                List<ReadAt> middle = reads.stream().filter(r -> r.pair() > 0 && r.pair() < r.pairsOfKey() - 1)
                        .toList();
                if (middle.isEmpty()) {
                    return null;
                }
                ReadAt r = middle.get(pick % middle.size());
                return rewritePairs(h, (p, m, key, pairs) -> {
                    if (p == r.position() && m == r.mop() && key.equals(r.key())) {
                        pairs.remove(r.pair());
                    }
                });
            }
            case LOSE_VALUE: {
                // a value that is not the last of its key: remove it from every poll
                List<ReadAt> notLast = reads.stream().filter(r -> r.pair() < r.pairsOfKey() - 1).toList();
                if (notLast.isEmpty()) {
                    return null;
                }
                ReadAt r = notLast.get(pick % notLast.size());
                Object lost = pairAt(h, r).get(1);
                Object key = r.key();
                return rewritePairs(h, (p, m, k, pairs) -> {
                    if (k.equals(key)) {
                        pairs.removeIf(pair -> ((List<?>) pair).get(1).equals(lost));
                    }
                });
            }
            case DUPLICATE_VALUE: {
                // the value at some read becomes the value of the next record too, everywhere
                List<ReadAt> notLast = reads.stream().filter(r -> r.pair() < r.pairsOfKey() - 1).toList();
                if (notLast.isEmpty()) {
                    return null;
                }
                ReadAt r = notLast.get(pick % notLast.size());
                List<?> first = pairAt(h, r);
                List<?> next = pairAt(h, new ReadAt(r.position(), r.mop(), r.key(), r.pair() + 1, r.pairsOfKey()));
                Object key = r.key();
                Object victim = next.get(1);
                Object copy = first.get(1);
                return rewriteValues(h, key, victim, copy);
            }
            default: {
                List<ReadAt> notLast = reads.stream().filter(r -> r.pair() < r.pairsOfKey() - 1).toList();
                if (notLast.isEmpty()) {
                    return null;
                }
                ReadAt r = notLast.get(pick % notLast.size());
                return rewritePairs(h, (p, m, key, pairs) -> {
                    if (p == r.position() && m == r.mop() && key.equals(r.key())) {
                        List<?> a = (List<?>) pairs.get(r.pair());
                        List<?> b = (List<?>) pairs.get(r.pair() + 1);
                        pairs.set(r.pair(), List.of(b.get(0), a.get(1)));
                        pairs.set(r.pair() + 1, List.of(a.get(0), b.get(1)));
                    }
                });
            }
        }
    }

    private static List<?> pairAt(History h, ReadAt r) {
        List<?> mop = (List<?>) ((List<?>) h.get(r.position()).value()).get(r.mop());
        return (List<?>) ((List<?>) ((Map<?, ?>) mop.get(1)).get(r.key())).get(r.pair());
    }

    interface PairEdit {
        void edit(int position, int mop, Object key, List<Object> pairs);
    }

    private static History rewritePairs(History h, PairEdit edit) {
        List<Op> out = new ArrayList<>(h.size());
        for (int p = 0; p < h.size(); p++) {
            Op op = h.get(p);
            if (op.type() != Op.Type.OK || !(op.f().equals("poll") || op.f().equals("txn"))) {
                out.add(op);
                continue;
            }
            List<Object> mops = new ArrayList<>();
            List<?> old = (List<?>) op.value();
            for (int m = 0; m < old.size(); m++) {
                List<?> mop = (List<?>) old.get(m);
                if (!mop.get(0).equals(Keyword.of("poll"))) {
                    mops.add(mop);
                    continue;
                }
                Map<Object, Object> polled = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) mop.get(1)).entrySet()) {
                    List<Object> pairs = new ArrayList<>((List<?>) e.getValue());
                    edit.edit(p, m, e.getKey(), pairs);
                    polled.put(e.getKey(), pairs);
                }
                mops.add(List.of(mop.get(0), polled));
            }
            out.add(op.withValue(mops));
        }
        return History.of(out);
    }

    /** Replaces value {@code victim} of {@code key} by {@code copy} in every send and poll. */
    private static History rewriteValues(History h, Object key, Object victim, Object copy) {
        History polled = rewritePairs(h, (p, m, k, pairs) -> {
            if (k.equals(key)) {
                pairs.replaceAll(pair -> ((List<?>) pair).get(1).equals(victim)
                        ? List.of(((List<?>) pair).get(0), copy) : pair);
            }
        });
        List<Op> out = new ArrayList<>(polled.size());
        for (Op op : polled) {
            if (!(op.value() instanceof List) || !(op.f().equals("send") || op.f().equals("txn"))) {
                out.add(op);
                continue;
            }
            List<Object> mops = new ArrayList<>();
            for (Object o : (List<?>) op.value()) {
                List<?> mop = (List<?>) o;
                if (mop.get(0).equals(Keyword.of("send")) && mop.get(1).equals(key)) {
                    Object v = mop.get(2);
                    if (v instanceof List && ((List<?>) v).get(1).equals(victim)) {
                        mop = List.of(mop.get(0), key, List.of(((List<?>) v).get(0), copy));
                    } else if (victim.equals(v)) {
                        mop = List.of(mop.get(0), key, copy);
                    }
                }
                mops.add(mop);
            }
            out.add(op.withValue(mops));
        }
        return History.of(out);
    }
}
