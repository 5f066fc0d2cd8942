package org.aftercare.streams.checkin;

import java.time.Instant;
import java.util.Map;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the care team when a member stops their check-in prompts with an unsubscribe: a silence
 * the program chose not to count must still reach a person. In: the member's facts before (null
 * if unknown) and after a profile snapshot. Out: one {@code prompts-stopped} intent to the on-call
 * address (until staff records exist), SCHEDULED (not held by quiet hours, not an escalation),
 * with the code {@code reason=unsubscribed} only, on the change from subscribed to unsubscribed.
 * The notification id comes from the member and the revision that made the change, so
 * reprocessing that snapshot gives the same id and a later snapshot still unsubscribed gives none.
 * A member first known already unsubscribed (no earlier facts) is no change and tells nothing.
 *
 * <p>Unsubscribed members are treated as paused ({@link MemberFacts#active()}): no prompt, no
 * reminder, nothing counted missed, no escalation for silence. An escalation chain already open
 * when they unsubscribe keeps running until acknowledged, answered or exhausted: it was opened by
 * a signal from before the unsubscribe (misses, a request for help, a reported use), and an
 * unsubscribe is no sign that the member is safe.
 */
public final class Unsubscribes {

    private static final Logger log = LoggerFactory.getLogger(Unsubscribes.class);

    private Unsubscribes() {}

    /** Emits the notice the change from {@code before} to {@code after} calls for, if any. */
    public static void decide(String memberId, MemberFacts before, MemberFacts after, Instant now, Outbox outbox) {
        if (before == null || before.unsubscribedFromPrompts() || !after.unsubscribedFromPrompts()) {
            return;
        }
        outbox.intent(OutreachRequest.builder(
                        memberId, notificationId(memberId, after.revision()), OutreachKind.PROMPTS_STOPPED)
                .to(Recipient.ON_CALL)
                .urgency(Urgency.SCHEDULED)
                .data(Map.of("reason", "unsubscribed"))
                .build(now));
        log.info(
                "member {} unsubscribed from check-in prompts (revision {}); care team told",
                memberId,
                after.revision());
    }

    public static String notificationId(String memberId, long revision) {
        return Outbox.notificationId(
                memberId, OutreachKind.PROMPTS_STOPPED, Long.toString(revision), Recipient.ON_CALL.key());
    }
}
