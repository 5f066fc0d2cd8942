package org.aftercare.events.outreach;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Map;
import org.aftercare.events.Require;
import org.aftercare.events.profile.ConsentScope;

/**
 * One intent: tell this recipient this kind of thing about this member. It carries ids and
 * template data, never an address: the notifier resolves the recipient from the latest profile
 * and checks consent at send time. {@code notificationId} is deterministic, so reprocessing emits
 * the same id and the notifier sends at most once per id. {@code expiresAt}, when set, is the
 * instant after which sending is pointless (a prompt whose check-in has closed).
 */
@JsonTypeName("outreach.request")
public record OutreachRequest(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String memberId,
        String notificationId,
        OutreachKind kind,
        Recipient recipient,
        Urgency urgency,
        ConsentScope consentScope,
        String checkInId,
        String escalationId,
        Instant expiresAt,
        Map<String, String> data)
        implements OutreachEvent {

    public static final int SCHEMA_VERSION = 1;

    public OutreachRequest {
        Require.envelope(eventId, schemaVersion, occurredAt, memberId);
        Require.text(notificationId, "notificationId");
        Require.present(kind, "kind");
        Require.present(recipient, "recipient");
        Require.present(urgency, "urgency");
        // An invitation asks the contact to confirm; it carries no information under any consent scope.
        Require.check(
                recipient.role() != RecipientRole.CONTACT
                        || consentScope != null
                        || kind == OutreachKind.CONTACT_INVITATION,
                "consentScope is required for a message to a contact");
        data = Require.map(data);
    }

    /** Starts an intent for the member; the notification id comes from the caller's unique parts. */
    public static Builder builder(String memberId, String notificationId, OutreachKind kind) {
        return new Builder(memberId, notificationId, kind);
    }

    /** Builds intents without a long positional constructor call in the decision code. */
    public static final class Builder {
        private final String memberId;
        private final String notificationId;
        private final OutreachKind kind;
        private Recipient recipient = Recipient.MEMBER;
        private Urgency urgency = Urgency.ROUTINE;
        private ConsentScope consentScope;
        private String checkInId;
        private String escalationId;
        private Instant expiresAt;
        private Map<String, String> data = Map.of();

        private Builder(String memberId, String notificationId, OutreachKind kind) {
            this.memberId = memberId;
            this.notificationId = notificationId;
            this.kind = kind;
        }

        public Builder to(Recipient recipient) {
            this.recipient = recipient;
            return this;
        }

        public Builder urgency(Urgency urgency) {
            this.urgency = urgency;
            return this;
        }

        public Builder consentScope(ConsentScope consentScope) {
            this.consentScope = consentScope;
            return this;
        }

        public Builder checkInId(String checkInId) {
            this.checkInId = checkInId;
            return this;
        }

        public Builder escalationId(String escalationId) {
            this.escalationId = escalationId;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder data(Map<String, String> data) {
            this.data = data;
            return this;
        }

        public OutreachRequest build(Instant now) {
            return new OutreachRequest(
                    notificationId,
                    SCHEMA_VERSION,
                    now,
                    memberId,
                    notificationId,
                    kind,
                    recipient,
                    urgency,
                    consentScope,
                    checkInId,
                    escalationId,
                    expiresAt,
                    data);
        }
    }
}
