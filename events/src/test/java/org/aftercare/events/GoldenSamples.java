package org.aftercare.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The golden JSON samples, one per event type, named by the event's {@code type}. Every consumer's
 * tests read them, so a change to a contract breaks the build instead of production.
 */
public final class GoldenSamples {

    /** Each golden file, with the topic it belongs to and the instance it must read into. */
    public record Golden(String type, Topic<?> topic, Supplier<?> expected) {}

    public static final Map<String, Golden> ALL = index(
            new Golden("member.profile", Topics.MEMBER_PROFILE, Samples::memberProfile),
            new Golden("checkin.due", Topics.CHECKIN_DUE, Samples::checkInDue),
            new Golden("questionnaire.due", Topics.CHECKIN_DUE, Samples::questionnaireDue),
            new Golden("checkin.answered", Topics.CHECKIN_RESPONSES, Samples::checkInAnswered),
            new Golden("help.requested", Topics.CHECKIN_RESPONSES, Samples::helpRequested),
            new Golden("measure.completed", Topics.CHECKIN_RESPONSES, Samples::measureCompleted),
            new Golden("checkin.completed", Topics.CHECKIN_STATUS, Samples::checkInCompleted),
            new Golden("checkin.late", Topics.CHECKIN_STATUS, Samples::checkInLate),
            new Golden("checkin.missed", Topics.CHECKIN_STATUS, Samples::checkInMissed),
            new Golden("questionnaire.missed", Topics.CHECKIN_STATUS, Samples::questionnaireMissed),
            new Golden("contact.confirmed", Topics.CONTACT_ACTIONS, Samples::contactConfirmed),
            new Golden("contact.declined", Topics.CONTACT_ACTIONS, Samples::contactDeclined),
            new Golden("contact.unsubscribed", Topics.CONTACT_ACTIONS, Samples::contactUnsubscribed),
            new Golden("escalation.acknowledged", Topics.CONTACT_ACTIONS, Samples::escalationAcknowledged),
            new Golden("outreach.request", Topics.OUTREACH_REQUESTS, Samples::escalationRequest),
            new Golden("delivery.report", Topics.OUTREACH_DELIVERIES, Samples::deliveryReport),
            new Golden("contact.reach-reported", Topics.CONTACT_ACTIONS, Samples::reachReported),
            new Golden("member.risk", Topics.MEMBER_RISK, Samples::memberRisk),
            new Golden("case.flag", Topics.CASE_FLAGS, Samples::caseFlag),
            new Golden("flag.acknowledged", Topics.STAFF_ACTIONS, Samples::flagAcknowledged),
            new Golden("flag.contacted", Topics.STAFF_ACTIONS, Samples::flagContacted),
            new Golden("flag.resolved", Topics.STAFF_ACTIONS, Samples::flagResolved),
            new Golden("staff.member", Topics.STAFF_DIRECTORY, Samples::staffMember),
            new Golden("care.team", Topics.CARE_ASSIGNMENTS, Samples::careTeam));

    private GoldenSamples() {}

    /** The bytes of {@code golden/<type>.json} from the classpath. */
    public static byte[] bytes(String type) {
        String path = "/golden/" + type + ".json";
        try (InputStream in = GoldenSamples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no golden sample " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a golden sample through the topic's own serde, as a consumer would. */
    public static <V> V read(String type, Topic<V> topic) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes(type));
    }

    private static Map<String, Golden> index(Golden... goldens) {
        Map<String, Golden> all = new LinkedHashMap<>();
        for (Golden g : goldens) {
            all.put(g.type(), g);
        }
        return Map.copyOf(all);
    }
}
