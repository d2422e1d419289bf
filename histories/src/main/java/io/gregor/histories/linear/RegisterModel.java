package io.gregor.histories.linear;

import io.gregor.histories.Op;

/**
 * A read/write register. {@code write v} sets the value; {@code read} completes with the value it saw
 * ({@code null} meaning the register is still nil). A read whose outcome is unknown observed nothing and is
 * dropped; a write whose outcome is unknown may or may not have happened.
 */
public final class RegisterModel implements Model<Object, RegisterCommand> {

    private final Object initialValue;

    /** A register that starts nil. */
    public RegisterModel() {
        this(null);
    }

    /** A register that starts at {@code initialValue} ({@code null} for nil). */
    public RegisterModel(Object initialValue) {
        this.initialValue = RegisterCommand.value(initialValue);
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public Object initialState() {
        return initialValue;
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
            default:
                throw Values.bad(op, "is not a register operation (read, write)");
        }
    }

    @Override
    public boolean readOnly(RegisterCommand command) {
        return command.kind() == RegisterCommand.Kind.READ;
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
