package org.aftercare.notifier.staff;

/**
 * An intent whose template data breaks the contract of its kind (a missing flag id, an unknown
 * severity). The message names the key and what was expected, never the value: the intent is
 * parked in the dead-letter topic with it.
 */
public final class InvalidIntentData extends IllegalArgumentException {

    public InvalidIntentData(String message) {
        super(message);
    }
}
