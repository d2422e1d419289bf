package io.gregor.histories.linear;

import io.gregor.histories.Op;
import io.gregor.testkit.Gen;
import io.gregor.testkit.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * Generators of small histories for property tests.
 *
 * <p>{@link #atomic} simulates clients of a truly atomic register (or kv store): each operation is invoked, takes
 * effect at one instant, and completes later, with other processes' events interleaved at random — so the
 * history is linearizable by construction. Some operations crash ({@code info}), some never complete, and
 * failures are emitted only when they are true (a read or write that never took effect, a cas that saw another
 * value). {@link #arbitrary} draws the same shapes with made-up results, which are mostly not linearizable.
 */
final class RandomHistories {

    /** Which object the history is about. */
    enum Kind { REGISTER, CAS_REGISTER, KV }

    /** A generated case: the history and which object it talks about, for a readable failure. */
    record Case(Kind kind, List<Op> history) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(kind.toString());
            for (Op op : history) {
                out.append("\n    ").append(op.process()).append(' ').append(op.type().jepsenName()).append(' ')
                        .append(op.f()).append(' ').append(op.value());
            }
            return out.toString();
        }
    }

    private static final int VALUES = 3;
    private static final String[] KEYS = {"a", "b"};

    private RandomHistories() {
    }

    static Gen<Case> atomic(Kind kind, boolean failedCasObserves) {
        return s -> new Case(kind, new Simulation(s, kind, true, failedCasObserves).run());
    }

    static Gen<Case> arbitrary(Kind kind, boolean failedCasObserves) {
        return s -> new Case(kind, new Simulation(s, kind, false, failedCasObserves).run());
    }

    /** One simulated run. */
    private static final class Simulation {
        private final Source s;
        private final Kind kind;
        private final boolean atomic;
        private final boolean failedCasObserves;
        private final List<Op> out = new ArrayList<>();
        private final int processes;
        private final int maxOps;
        // per process: the in-flight operation, or null
        private final Pending[] pending;
        private Object register = null; // REGISTER/CAS_REGISTER value, null = nil
        private final String[] kv = {"", ""};
        private int invoked;

        Simulation(Source s, Kind kind, boolean atomic, boolean failedCasObserves) {
            this.s = s;
            this.kind = kind;
            this.atomic = atomic;
            this.failedCasObserves = failedCasObserves;
            this.processes = s.intBetween(2, 4);
            this.maxOps = s.intBetween(1, 8);
            this.pending = new Pending[processes];
        }

        /** An in-flight operation: what it is, and, once it took effect, its result. */
        private static final class Pending {
            final String f;
            final Object input;
            boolean tookEffect;
            Object result;
            boolean casMatched;

            Pending(String f, Object input) {
                this.f = f;
                this.input = input;
            }
        }

        List<Op> run() {
            while (invoked < maxOps || anyPending()) {
                int p = pickProcess();
                Pending op = pending[p];
                if (op == null) {
                    if (invoked < maxOps) {
                        invoke(p);
                    }
                    continue;
                }
                int action = s.intBetween(0, 9);
                if (!op.tookEffect && action < 5) {
                    takeEffect(op);
                } else if (op.tookEffect && action < 8) {
                    complete(p, op);
                } else if (action == 8) {
                    emit(p, Op.Type.INFO, op.f, op.input); // crashed: may or may not have taken effect
                    pending[p] = null;
                } else if (!op.tookEffect && mayFailWithoutEffect(op)) {
                    emit(p, Op.Type.FAIL, op.f, op.input);
                    pending[p] = null;
                } else if (invoked >= maxOps && s.chance(0.3)) {
                    pending[p] = null; // the history ends with this one in flight
                }
            }
            return out;
        }

        /** Any process while operations remain to invoke, else one with an operation in flight. */
        private int pickProcess() {
            List<Integer> able = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                if (invoked < maxOps || pending[p] != null) {
                    able.add(p);
                }
            }
            return s.pick(able);
        }

        private boolean anyPending() {
            for (Pending p : pending) {
                if (p != null) {
                    return true;
                }
            }
            return false;
        }

        private void invoke(int p) {
            invoked++;
            Pending op;
            if (kind == Kind.KV) {
                String key = KEYS[s.intBetween(0, KEYS.length - 1)];
                int f = s.intBetween(0, 2);
                op = f == 0 ? new Pending("get", TestHistory.map("key", key))
                        : new Pending(f == 1 ? "put" : "append",
                                TestHistory.map("key", key, "value", String.valueOf(s.intBetween(0, VALUES - 1))));
            } else {
                int f = s.intBetween(0, kind == Kind.CAS_REGISTER ? 2 : 1);
                op = f == 0 ? new Pending("read", null)
                        : f == 1 ? new Pending("write", value())
                        : new Pending("cas", List.of(value(), value()));
            }
            pending[p] = op;
            emit(p, Op.Type.INVOKE, op.f, op.input);
        }

        private long value() {
            return s.intBetween(0, VALUES - 1);
        }

        private void takeEffect(Pending op) {
            op.tookEffect = true;
            if (kind == Kind.KV) {
                int k = ((String) ((java.util.Map<?, ?>) op.input).get("key")).equals("a") ? 0 : 1;
                String v = (String) ((java.util.Map<?, ?>) op.input).get("value");
                switch (op.f) {
                    case "get":
                        op.result = TestHistory.map("key", KEYS[k], "value", kv[k]);
                        break;
                    case "put":
                        kv[k] = v;
                        op.result = op.input;
                        break;
                    default:
                        kv[k] = kv[k] + v;
                        op.result = op.input;
                }
                return;
            }
            switch (op.f) {
                case "read":
                    op.result = register;
                    break;
                case "write":
                    register = op.input;
                    op.result = op.input;
                    break;
                default:
                    List<?> args = (List<?>) op.input;
                    op.casMatched = args.get(0).equals(register);
                    if (op.casMatched) {
                        register = args.get(1);
                    }
                    op.result = op.input;
            }
        }

        private void complete(int p, Pending op) {
            pending[p] = null;
            if (!atomic) {
                emit(p, madeUpType(op), op.f, madeUpResult(op));
                return;
            }
            if (op.f.equals("cas") && !op.casMatched) {
                emit(p, Op.Type.FAIL, op.f, op.input); // true under both readings of a failed cas
            } else {
                emit(p, Op.Type.OK, op.f, op.result);
            }
        }

        private boolean mayFailWithoutEffect(Pending op) {
            // a fail that did nothing is honest, except where a failed cas claims to have seen another value
            return !(op.f.equals("cas") && failedCasObserves);
        }

        private Op.Type madeUpType(Pending op) {
            return op.f.equals("cas") && s.chance(0.5) ? Op.Type.FAIL : Op.Type.OK;
        }

        private Object madeUpResult(Pending op) {
            if (op.f.equals("read")) {
                return s.chance(0.2) ? null : value();
            }
            if (op.f.equals("get")) {
                StringBuilder v = new StringBuilder();
                for (int i = s.intBetween(0, 2); i > 0; i--) {
                    v.append(s.intBetween(0, VALUES - 1));
                }
                return TestHistory.map("key", ((java.util.Map<?, ?>) op.input).get("key"), "value", v.toString());
            }
            return op.input;
        }

        private void emit(int p, Op.Type type, String f, Object value) {
            out.add(new Op(out.size(), out.size(), (long) p, type, f, value, null));
        }
    }
}
