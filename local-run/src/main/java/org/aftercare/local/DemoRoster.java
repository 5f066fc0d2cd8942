package org.aftercare.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.aftercare.events.Json;

/**
 * The demo roster, enrolled through the real admin API as an operator would: three program staff
 * (two clinicians and a supervisor), three made-up members, and a care team for every member.
 * Member addresses are on the reserved example.org domain, staff addresses on the local mail domain
 * ({@code outreach.local}, like the on-call address); the local SMTP server keeps every message for
 * the inbox page, where staff emails can be read by filtering on a staff address.
 */
public final class DemoRoster {

    /** One demo staff member: id, name, work email, role, time zone and medium-severity cadence. */
    private record Staff(String staffId, String name, String email, String role, String zone, String medium) {

        String body() {
            return """
                    {"name":"%s","workEmail":"%s","roles":["%s"],
                     "alerts":{"high":"immediately","medium":"%s"},"digestAt":"08:30","timeZone":"%s"}""".formatted(name, email, role, medium, zone);
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
                 "plan":{"times":["09:00","20:00"]},
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
     * Enrolls the demo staff, then every demo member, then each member's care team; each call must
     * be accepted (created, or already there).
     */
    public static Enrolled enroll(String schedulerUrl, String adminToken) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (Staff s : STAFF) {
            call(http, schedulerUrl, adminToken, "PUT", "/api/staff/" + s.staffId(), s.body());
        }
        int teams = 0;
        for (Member m : MEMBERS) {
            JsonNode enrolled =
                    Json.reader().readTree(call(http, schedulerUrl, adminToken, "POST", "/api/members", m.body()));
            String team = """
                    {"primaryStaffId":"%s","otherStaffIds":[%s]}""".formatted(
                    m.primary(), m.others().stream().map(o -> "\"" + o + "\"").collect(Collectors.joining(",")));
            call(
                    http,
                    schedulerUrl,
                    adminToken,
                    "PUT",
                    "/api/members/" + enrolled.get("memberId").asText() + "/care-team",
                    team);
            teams++;
        }
        return new Enrolled(MEMBERS.size(), STAFF.size(), teams);
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
