package org.aftercare.events;

/**
 * An event (or a value inside one) that breaks its contract. The message names the field and the
 * rule, never the value, so it is safe to log and to put in a dead-letter header.
 */
public final class ContractViolation extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ContractViolation(String message) {
        super(message);
    }
}
