package org.aftercare.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.aftercare.events.Json;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;

/**
 * The demo roster: three program staff (two clinicians and a supervisor), three made-up members,
 * and a care team for every member. The members are enrolled through the scheduler's real admin
 * API as an operator would; the staff and care teams go to the console, which owns them and
 * publishes them on {@code staff.directory} and {@code care.assignments} ({@link DemoStaff}).
 * Member addresses are on the reserved example.org domain, staff addresses on the local mail domain
 * ({@code outreach.local}, like the on-call address); the local SMTP server keeps every message for
 * the inbox page, where staff emails can be read by filtering on a staff address.
 */
public final class DemoRoster {

    /** One demo staff member: id, name, work email, role, time zone and medium-severity cadence. */
    private record Staff(String staffId, String name, String email, String role, String zone, String medium) {

        /** The record as the roster wants it (high flags at once, the digest at 08:30). */
        StaffMember record() {
            return new StaffMember(
                    "staff:" + staffId + ":" + DemoStaff.REVISION,
                    StaffMember.SCHEMA_VERSION,
                    Instant.now(),
                    staffId,
                    DemoStaff.REVISION,
                    name,
                    email,
                    Set.of(Json.convert(role, StaffRole.class)),
                    Map.of(
                            FlagSeverity.HIGH,
                            AlertCadence.IMMEDIATELY,
                            FlagSeverity.MEDIUM,
                            Json.convert(medium, AlertCadence.class)),
                    LocalTime.of(8, 30),
                    ZoneId.of(zone),
                    true);
        }
    }

    /** One demo member and their care team (primary first). */
    private record Member(String body, String primary, List<String> others) {}

    private static final List<Staff> STAFF = List.of(
            new Staff(
                    "dana",
                    "Dana Reyes",
                    "dana.reyes@outreach.local",
                    "clinician",
                    "America/New_York",
                    "every-3-hours"),
            new Staff("lee", "Lee Okafor", "lee.okafor@outreach.local", "clinician", "America/Chicago", "daily-digest"),
            new Staff(
                    "priya", "Priya Shah", "priya.shah@outreach.local", "supervisor", "Europe/London", "daily-digest"));

    private static final List<Member> MEMBERS = List.of(
            new Member(
                    member(
                            "DEMO-RILEY",
                            "Riley",
                            "riley@example.org",
                            "America/New_York",
                            "Jordan",
                            "jordan@example.org"),
                    "dana",
                    List.of("priya")),
            new Member(
                    member("DEMO-SAM", "Sam", "sam@example.org", "America/Chicago", "Alex", "alex@example.org"),
                    "lee",
                    List.of("dana", "priya")),
            new Member(
                    member(
                            "DEMO-MORGAN",
                            "Morgan",
                            "morgan@example.org",
                            "Europe/London",
                            "Casey",
                            "casey@example.org"),
                    "lee",
                    List.of("priya")));

    /** What the roster enrolled. */
    public record Enrolled(int members, int staff, int careTeams) {}

    private DemoRoster() {}

    private static String member(
            String externalId, String firstName, String email, String zone, String contact, String contactEmail) {
        LocalDate ended = LocalDate.now().minusDays(10);
        return """
                {"externalId":"%s","firstName":"%s","email":"%s","timeZone":"%s",
                 "treatmentEndedOn":"%s","recoveryStartDate":"%s",
                 "plan":{"times":["09:00","20:00"],
                         "questionnaires":[{"instrument":"weekly-reflection","repeat":"weekly","day":"SUNDAY","time":"18:00"}]},
                 "copingPlan":["Call someone from my list","Take a walk outside","Go to tonight's meeting"],
                 "contacts":[{"name":"%s","email":"%s","relationship":"family","consent":["missed-check-ins","help-requested"]}]}
                """.formatted(externalId, firstName, email, zone, ended, ended.minusDays(20), contact, contactEmail);
    }

    /**
     * One demo staff member's sign-in at the local run's OpenID provider: the user name becomes the
     * ID token's {@code sub} (the console's staff id, the same as the scheduler's) and the claims
     * JSON carries what a real provider would send: {@code name}, {@code email} and {@code roles}.
     */
    public record SignIn(String username, String name, String role, String claims) {}

    /** The sign-ins of the demo staff (dana, lee: clinicians; priya: supervisor), in roster order. */
    public static List<SignIn> signIns() {
        return STAFF.stream()
                .map(s -> new SignIn(
                        s.staffId(),
                        s.name(),
                        s.role(),
                        "{\"name\":\"%s\",\"email\":\"%s\",\"roles\":[\"%s\"]}"
                                .formatted(s.name(), s.email(), s.role())))
                .toList();
    }

    /** The demo staff's addresses, for the console output. */
    public static String staffAddresses() {
        return STAFF.stream().map(Staff::email).collect(Collectors.joining(", "));
    }

    /**
     * Stores the demo staff ({@link DemoStaff}), enrolls every demo member through the admin API
     * (each call must be accepted: created, or already there), then stores each member's care
     * team. Again, it changes nothing.
     */
    public static Enrolled enroll(String schedulerUrl, String adminToken, DemoStaff staff)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (Staff s : STAFF) {
            staff.staff(s.record());
        }
        int teams = 0;
        for (Member m : MEMBERS) {
            JsonNode enrolled =
                    Json.reader().readTree(call(http, schedulerUrl, adminToken, "POST", "/api/members", m.body()));
            staff.careTeam(enrolled.get("memberId").asText(), m.primary(), m.others());
            teams++;
        }
        return new Enrolled(MEMBERS.size(), STAFF.size(), teams);
    }

    /** The demo staff ids, in roster order. */
    public static List<String> staffIds() {
        return STAFF.stream().map(Staff::staffId).toList();
    }

    private static String call(HttpClient http, String baseUrl, String token, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("the admin API refused the demo roster (" + method + " "
                    + path.replaceAll("/[0-9a-f-]{36}", "/{memberId}") + "): HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
