package org.aftercare.streams.escalation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.outreach.Recipient;

/**
 * One member's latest escalation, from the signal that opened it until its cooldown has passed.
 * {@code loop} and {@code next} say which recipient the next step alerts (0-based); {@code steps}
 * counts the steps taken (a "need help now" step alerts every contact at once); {@code alerted}
 * lists everyone alerted, in order, who gets the all-clear. {@code nextStepAt} is set only while
 * open; {@code forgetAt} once closed. After a contact's "I've reached out": {@code acknowledgedBy}
 * (that contact) and {@code followUpAt} (when the follow-up question is sent, then when its answer
 * is overdue); {@code followUps} counts the questions sent and {@code reopened} how often "not yet"
 * or silence reopened it (both 0 in entries written before they were kept), so every id stays unique.
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
        Instant forgetAt,
        String acknowledgedBy,
        Instant followUpAt,
        Integer followUps,
        Integer reopened) {

    public enum Phase {
        /** Alerts are being sent, each waiting for an acknowledgement. */
        OPEN,
        /** A contact reached out (the all-clear went out); the follow-up question waits to be sent. */
        ACKNOWLEDGED,
        /** The contact was asked whether they reached the member; waiting for the answer. */
        ASKED,
        /** Closed for good: the contact reached the member, or the member answered. */
        RESOLVED,
        /**
         * Every loop ran without an acknowledgement, or nobody but the on-call address could be
         * alerted; the on-call address was told.
         */
        EXHAUSTED,
        /** Replaced by a more severe escalation. */
        SUPERSEDED
    }

    public Escalation {
        alerted = alerted == null ? List.of() : List.copyOf(alerted);
        followUps = followUps == null ? 0 : followUps;
        reopened = reopened == null ? 0 : reopened;
    }

    static Escalation open(String memberId, String escalationId, EscalationReason reason, Instant now) {
        return new Escalation(
                memberId, escalationId, reason, now, Phase.OPEN, 0, 0, 0, List.of(), null, null, null, null, 0, 0);
    }

    @JsonIgnore
    public boolean isOpen() {
        return phase == Phase.OPEN;
    }

    /** Open, or acknowledged and waiting for the follow-up: the escalation is not over. */
    @JsonIgnore
    public boolean isActive() {
        return phase == Phase.OPEN || phase == Phase.ACKNOWLEDGED || phase == Phase.ASKED;
    }

    /** A contact reached out and the follow-up is pending (to be asked, or answered). */
    @JsonIgnore
    public boolean awaitsFollowUp() {
        return phase == Phase.ACKNOWLEDGED || phase == Phase.ASKED;
    }

    Escalation stepped(int loop, int next, List<Recipient> recipients, Instant nextStepAt) {
        List<Recipient> all = new ArrayList<>(alerted);
        for (Recipient recipient : recipients) {
            if (!all.contains(recipient)) {
                all.add(recipient);
            }
        }
        return new Escalation(
                memberId,
                escalationId,
                reason,
                openedAt,
                phase,
                loop,
                next,
                steps + 1,
                all,
                nextStepAt,
                null,
                acknowledgedBy,
                followUpAt,
                followUps,
                reopened);
    }

    Escalation acknowledged(String contactId, Instant askAt) {
        return new Escalation(
                memberId,
                escalationId,
                reason,
                openedAt,
                Phase.ACKNOWLEDGED,
                loop,
                next,
                steps,
                alerted,
                null,
                null,
                contactId,
                askAt,
                followUps,
                reopened);
    }

    Escalation asked(Instant answerDueAt) {
        return new Escalation(
                memberId,
                escalationId,
                reason,
                openedAt,
                Phase.ASKED,
                loop,
                next,
                steps,
                alerted,
                null,
                null,
                acknowledgedBy,
                answerDueAt,
                followUps + 1,
                reopened);
    }

    /** "Not yet" or silence: open again, walking the chain from its start. */
    Escalation reopenedNow() {
        return new Escalation(
                memberId,
                escalationId,
                reason,
                openedAt,
                Phase.OPEN,
                0,
                0,
                steps,
                alerted,
                null,
                null,
                null,
                null,
                followUps,
                reopened + 1);
    }

    Escalation closed(Phase closedAs, Instant forgetAt) {
        return new Escalation(
                memberId,
                escalationId,
                reason,
                openedAt,
                closedAs,
                loop,
                next,
                steps,
                alerted,
                null,
                forgetAt,
                acknowledgedBy,
                null,
                followUps,
                reopened);
    }
}
