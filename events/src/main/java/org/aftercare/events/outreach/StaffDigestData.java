package org.aftercare.events.outreach;

/**
 * The facts of the {@link OutreachKind#STAFF_DIGEST} intent data that both sides must agree on:
 * streams lists at most {@link #MAX_ITEMS} items in one digest (and says in {@code more} how many
 * were left off), and the notifier refuses a digest with more.
 */
public final class StaffDigestData {

    /** The most items one digest lists. */
    public static final int MAX_ITEMS = 50;

    private StaffDigestData() {}
}
