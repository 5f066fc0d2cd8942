package org.aftercare.streams.outbox;

import java.util.EnumMap;
import java.util.Map;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.risk.MemberRisk;

/**
 * Where the decision code puts what it decides: intents for {@code outreach.requests}, check-in
 * outcomes for {@code checkin.status} and risk tiers for {@code member.risk}. The processor forwards both with the timestamp of what
 * caused them (the record, or the tick), and counts the intents. It also makes the notification ids,
 * deterministic so reprocessing emits the same ids and the notifier's duplicate check holds across
 * a deploy.
 */
public interface Outbox {

    void intent(OutreachRequest request);

    void status(CheckInStatusEvent status);

    /** A member's risk tier changed ({@code member.risk}). */
    void risk(MemberRisk risk);

    /** A member was erased: a tombstone on {@code member.risk}. */
    void riskErased(String memberId);

    /** A deterministic notification id: the member, the kind's JSON name, then the parts that make it unique. */
    static String notificationId(String memberId, OutreachKind kind, String... parts) {
        String[] all = new String[parts.length + 2];
        all[0] = memberId;
        all[1] = KindNames.NAMES.get(kind);
        System.arraycopy(parts, 0, all, 2, parts.length);
        return Ids.notificationId(all);
    }

    /** The kinds' JSON names (e.g. {@code checkin-prompt}), one part of their notification ids. */
    final class KindNames {
        static final Map<OutreachKind, String> NAMES = new EnumMap<>(OutreachKind.class);

        static {
            for (OutreachKind kind : OutreachKind.values()) {
                NAMES.put(kind, Json.convert(kind, String.class));
            }
        }

        private KindNames() {}
    }
}
