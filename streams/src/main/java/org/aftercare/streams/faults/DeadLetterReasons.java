package org.aftercare.streams.faults;

import org.aftercare.events.ContractViolation;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The reason written into a dead-letter header and the log. Only messages known to be free of
 * member data are used: those of the events serde's {@link SerializationException} and of
 * {@link ContractViolation} (they name the type, field and rule, never a value). Anything else is
 * reduced to its class name.
 */
final class DeadLetterReasons {

    private DeadLetterReasons() {}

    static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SerializationException || t instanceof ContractViolation) {
                return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }
}
