package org.aftercare.streams.escalation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.outreach.Recipient;

/**
 * One member's latest escalation, from the signal that opened it until its cooldown has passed.
 * {@code loop} and {@code next} say which recipient the next step alerts (0-based); {@code steps}
 * counts the alerts sent; {@code alerted} lists everyone alerted, in order, who gets the all-clear.
 * {@code nextStepAt} is set only while open; {@code forgetAt} once closed.
 */
public record Escalation(
        String memberId,
        String escalationId,
        EscalationReason reason,
        Instant openedAt,
        Phase phase,
        int loop,
        int next,
        int steps,
        List<Recipient> alerted,
        Instant nextStepAt,
        Instant forgetAt) {

    public enum Phase {
        /** Alerts are being sent, each waiting for an acknowledgement. */
        OPEN,
        /** Acknowledged by a contact or answered by the member; the all-clear went out. */
        RESOLVED,
        /** Every loop ran without an acknowledgement; the on-call address was told. */
        EXHAUSTED,
        /** Replaced by a more severe escalation. */
        SUPERSEDED
    }

    public Escalation {
        alerted = alerted == null ? List.of() : List.copyOf(alerted);
    }

    static Escalation open(String memberId, String escalationId, EscalationReason reason, Instant now) {
        return new Escalation(memberId, escalationId, reason, now, Phase.OPEN, 0, 0, 0, List.of(), null, null);
    }

    @JsonIgnore
    public boolean isOpen() {
        return phase == Phase.OPEN;
    }

    Escalation stepped(int loop, int next, Recipient recipient, Instant nextStepAt) {
        List<Recipient> all = new ArrayList<>(alerted);
        if (!all.contains(recipient)) {
            all.add(recipient);
        }
        return new Escalation(
                memberId, escalationId, reason, openedAt, phase, loop, next, steps + 1, all, nextStepAt, null);
    }

    Escalation closed(Phase closedAs, Instant forgetAt) {
        return new Escalation(
                memberId, escalationId, reason, openedAt, closedAs, loop, next, steps, alerted, null, forgetAt);
    }
}
