package org.aftercare.notifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aftercare.events.Samples;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.outreach.Urgency;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.Preferences;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.delivery.Recipients;
import org.aftercare.notifier.render.SignedLinks;
import org.aftercare.notifier.render.TemplateModel;
import org.aftercare.notifier.staff.FlagAlert;
import org.aftercare.notifier.staff.StaffDigest;

/** Shared test wiring: a fixed clock at the samples' "now", a fresh signing key, profile variants. */
public final class TestFixtures {

    public static final Clock CLOCK = Clock.fixed(Samples.NOW, ZoneOffset.UTC);
    public static final Duration LATE_WINDOW = Duration.ofDays(1);
    public static final String BASE_URL = "https://checkin.example.org";
    public static final LinkSigner SIGNER = LinkSigner.fromSpec(LinkSigner.randomSpec("test"), CLOCK);
    /** A fixed OUTREACH_ADDRESS_HASH_KEY for tests (32 bytes, base64); never a real one. */
    public static final String ADDRESS_HASH_KEY = "dGVzdC1vbmx5LWFkZHJlc3MtaGFzaC1rZXktMzItYnl0ZXM=";

    public static final Recipients RECIPIENTS = Recipients.fromBase64(ADDRESS_HASH_KEY);

    private TestFixtures() {}

    /** The data of a staff-flag intent as streams writes it (the brief's contract), written by hand. */
    public static Map<String, String> flagData(String severity, String reasons) {
        return Map.of("flagId", Samples.FLAG_ID, "severity", severity, "reasons", reasons, "change", "raised");
    }

    /**
     * The data of a staff-digest intent listing these members (one open high flag each, reasons
     * {@code consecutive-misses}), plus any extra keys.
     */
    public static Map<String, String> digestData(List<String> memberIds, Map<String, String> extra) {
        Map<String, String> data = new HashMap<>(extra);
        data.put("window", "2026-03-10T12:00:00Z");
        data.put("items", Integer.toString(memberIds.size()));
        for (int i = 0; i < memberIds.size(); i++) {
            data.put("item." + i + ".memberId", memberIds.get(i));
            data.put("item." + i + ".flagId", "flag-digest-" + i);
            data.put("item." + i + ".severity", "high");
            data.put("item." + i + ".reasons", "consecutive-misses");
            data.put("item." + i + ".state", "open");
        }
        return data;
    }

    /** When the sample questionnaire closes: opened at the samples' due time, open 7 days. */
    public static final Instant QUESTIONNAIRE_CLOSES = Instant.parse("2026-03-15T13:00:00Z");

    /** The data of a questionnaire prompt or reminder as streams writes it (the brief's contract), by hand. */
    public static Map<String, String> questionnaireData() {
        return Map.of("questionnaireId", Samples.QUESTIONNAIRE_ID, "expiresAt", "2026-03-15T13:00:00Z");
    }

    /** A questionnaire prompt or reminder as streams emits it: to the member, scheduled, with this data. */
    public static OutreachRequest questionnaireIntent(OutreachKind kind, Map<String, String> data) {
        return OutreachRequest.builder(Samples.MEMBER_ID, "n-" + kind, kind)
                .urgency(Urgency.SCHEDULED)
                .expiresAt(QUESTIONNAIRE_CLOSES)
                .data(data)
                .build(Samples.NOW);
    }

    /** A staff flag's data as the delivery policy reads it (null for other kinds). */
    public static FlagAlert flagOf(OutreachRequest request) {
        return request.kind() == OutreachKind.STAFF_FLAG ? FlagAlert.from(request.data()) : null;
    }

    /** A staff digest's items with their members, as the delivery policy lists them. */
    public static StaffDigest.Listed digestOf(
            OutreachRequest request, Function<String, Optional<MemberProfile>> profiles) {
        return StaffDigest.from(request.data()).listed(profiles);
    }

    public static SignedLinks links() {
        return new SignedLinks(SIGNER, BASE_URL, LATE_WINDOW, CLOCK);
    }

    public static TemplateModel models() {
        return new TemplateModel(links());
    }

    public static MemberProfile withFirstName(MemberProfile p, String firstName) {
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                firstName,
                p.email(),
                p.timeZone(),
                p.locale(),
                p.status(),
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                p.contacts(),
                p.preferences());
    }

    public static MemberProfile withTimeZone(MemberProfile p, ZoneId timeZone) {
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                p.firstName(),
                p.email(),
                timeZone,
                p.locale(),
                p.status(),
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                p.contacts(),
                p.preferences());
    }

    public static MemberProfile withContacts(MemberProfile p, List<SupportContact> contacts) {
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                p.firstName(),
                p.email(),
                p.timeZone(),
                p.locale(),
                p.status(),
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                contacts,
                p.preferences());
    }

    /** The member unsubscribed (one click or the page); with this status. */
    public static MemberProfile unsubscribed(MemberProfile p, MemberStatus status) {
        Preferences prefs = p.preferences();
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                p.firstName(),
                p.email(),
                p.timeZone(),
                p.locale(),
                status,
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                p.contacts(),
                prefs.withUnsubscribed(true));
    }

    /** The same member with these preferences (the member's own choices). */
    public static MemberProfile withPreferences(MemberProfile p, Preferences preferences) {
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                p.revision(),
                p.externalId(),
                p.firstName(),
                p.email(),
                p.timeZone(),
                p.locale(),
                p.status(),
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                p.contacts(),
                preferences,
                p.exitEvents(),
                p.away());
    }

    public static MemberProfile with(MemberProfile p, long revision, String email, MemberStatus status) {
        return new MemberProfile(
                p.eventId(),
                p.schemaVersion(),
                p.occurredAt(),
                p.memberId(),
                revision,
                p.externalId(),
                p.firstName(),
                email,
                p.timeZone(),
                p.locale(),
                status,
                p.treatmentEndedOn(),
                p.recoveryStartDate(),
                p.plan(),
                p.copingPlan(),
                p.contacts(),
                p.preferences());
    }

    /** HMAC-SHA256 in hex, written independently of {@link Recipients}: what a ledger name must be. */
    public static String hmacSha256Hex(String base64Key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A plain SHA-256 in hex: how the ledger used to name addresses. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
