package io.gregor.histories.linear;

import io.gregor.histories.Op;

/**
 * A register with compare-and-set: {@code read}, {@code write v}, and {@code cas [expected new]}, which sets
 * {@code new} if the register holds {@code expected}.
 *
 * <p>What a failed cas means is a property of the system under test, so it is an option. By Jepsen's general rule
 * a {@code fail} did not take effect and tells nothing; but a store such as etcd reports the compare itself
 * failing, and then the {@code fail} is an observation — the register did not hold {@code expected} at that
 * moment — and the checker must find a place where that was true. The Porcupine corpus's etcd histories need
 * the second reading ({@link #observingFailedCas()}).
 */
public final class CasRegisterModel implements Model<Object, RegisterCommand> {

    private final boolean failedCasObserves;
    private final Object initialValue;

    /**
     * @param failedCasObserves whether a failed cas observed a value other than the expected one
     * @param initialValue the value before any operation ({@code null} for nil)
     */
    public CasRegisterModel(boolean failedCasObserves, Object initialValue) {
        this.failedCasObserves = failedCasObserves;
        this.initialValue = RegisterCommand.value(initialValue);
    }

    /** Jepsen's general reading: a failed cas did nothing and observed nothing. Starts nil. */
    public static CasRegisterModel failedCasIsNoOp() {
        return new CasRegisterModel(false, null);
    }

    /** etcd's reading, used by the corpus: a failed cas saw another value. Starts nil. */
    public static CasRegisterModel observingFailedCas() {
        return new CasRegisterModel(true, null);
    }

    @Override
    public String name() {
        return "cas-register";
    }

    @Override
    public Object initialState() {
        return initialValue;
    }

    @Override
    public boolean failIsObservation(Operation op) {
        return failedCasObserves && op.f().equals("cas");
    }

    @Override
    public RegisterCommand command(Operation op) {
        switch (op.f()) {
            case "read":
                return op.outcome() == Op.Type.OK
                        ? new RegisterCommand(RegisterCommand.Kind.READ, RegisterCommand.value(op.output()), null)
                        : null;
            case "write":
                return new RegisterCommand(RegisterCommand.Kind.WRITE, RegisterCommand.value(op.input()), null);
            case "cas":
                Object[] args = RegisterCommand.casArguments(op);
                RegisterCommand.Kind kind = op.outcome() == Op.Type.OK ? RegisterCommand.Kind.CAS_OK
                        : op.outcome() == Op.Type.FAIL ? RegisterCommand.Kind.CAS_FAILED
                        : RegisterCommand.Kind.CAS_MAYBE;
                return new RegisterCommand(kind, args[0], args[1]);
            default:
                throw Values.bad(op, "is not a cas-register operation (read, write, cas)");
        }
    }

    @Override
    public boolean readOnly(RegisterCommand command) {
        return command.kind() == RegisterCommand.Kind.READ || command.kind() == RegisterCommand.Kind.CAS_FAILED;
    }

    @Override
    public Object step(Object state, RegisterCommand command) {
        return command.apply(state);
    }

    @Override
    public String describe(Object state) {
        return RegisterCommand.describe(state);
    }
}
