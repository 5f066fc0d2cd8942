package org.aftercare.streams.escalation;

import java.time.Duration;

/**
 * The escalation policy (DESIGN.md, "Policies"), modelled on on-call escalation policies.
 *
 * @param missedCheckIns how many consecutive missed check-ins open an escalation
 * @param ackTimeout how long each step waits for an acknowledgement before the next contact is alerted
 * @param maxLoops how many times the chain is walked before it is exhausted
 * @param cooldown how long after an escalation opened the member is not escalated again for a
 *     signal of the same or lower severity
 * @param cleanDaysBeforeUse how many days without use make a reported use escalate (a relapse after
 *     abstinence is the most dangerous moment: tolerance is gone)
 * @param followUpAfter how long after "I've reached out" the contact is asked whether they reached
 *     the member, and how long that question waits for an answer before silence reopens the escalation
 */
public record EscalationPolicy(
        int missedCheckIns,
        Duration ackTimeout,
        int maxLoops,
        Duration cooldown,
        int cleanDaysBeforeUse,
        Duration followUpAfter) {

    public static final Duration FOLLOW_UP_AFTER = Duration.ofHours(4);

    public static final EscalationPolicy DEFAULTS =
            new EscalationPolicy(2, Duration.ofHours(2), 3, Duration.ofHours(24), 14, FOLLOW_UP_AFTER);

    /** The policy with the default follow-up wait. */
    public EscalationPolicy(
            int missedCheckIns, Duration ackTimeout, int maxLoops, Duration cooldown, int cleanDaysBeforeUse) {
        this(missedCheckIns, ackTimeout, maxLoops, cooldown, cleanDaysBeforeUse, FOLLOW_UP_AFTER);
    }
}
