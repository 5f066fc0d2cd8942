package org.aftercare.streams.escalation;

import org.aftercare.events.profile.ConsentScope;

/**
 * Why an escalation opened, ordered by severity: a more severe signal breaks through the cooldown
 * of a less severe one. Each reason has the consent scope a contact needs to hear about it and the
 * code written into intents ({@code reason=...}).
 */
public enum EscalationReason {
    MISSED_CHECK_INS("missed-check-ins", "missed", ConsentScope.MISSED_CHECK_INS),
    USE_REPORTED("use-reported", "used", ConsentScope.USE_REPORTED),
    HELP_REQUESTED("help-requested", "need-help", ConsentScope.HELP_REQUESTED);

    private final String code;
    private final String trigger;
    private final ConsentScope scope;

    EscalationReason(String code, String trigger, ConsentScope scope) {
        this.code = code;
        this.trigger = trigger;
        this.scope = scope;
    }

    /** The reason code in intents' data and metric tags. */
    public String code() {
        return code;
    }

    public ConsentScope scope() {
        return scope;
    }

    /** The part of the escalation id naming the signal, e.g. {@code need-help:<checkInId>}. */
    String openedBy(String checkInId) {
        return trigger + ":" + checkInId;
    }

    public boolean moreSevereThan(EscalationReason other) {
        return compareTo(other) > 0;
    }
}
