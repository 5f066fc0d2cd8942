package org.aftercare.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;

/**
 * Three made-up members, enrolled through the real admin API as an operator would. Addresses are
 * on the reserved example.org domain; the local SMTP server keeps every message for the inbox.
 */
public final class DemoRoster {

    private static final List<String> MEMBERS = List.of(
            member("DEMO-RILEY", "Riley", "riley@example.org", "America/New_York", "Jordan", "jordan@example.org"),
            member("DEMO-SAM", "Sam", "sam@example.org", "America/Chicago", "Alex", "alex@example.org"),
            member("DEMO-MORGAN", "Morgan", "morgan@example.org", "Europe/London", "Casey", "casey@example.org"));

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

    /** Enrolls every demo member; returns how many the API accepted (created or already there). */
    public static int enroll(String schedulerUrl, String adminToken) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        int ok = 0;
        for (String body : MEMBERS) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(schedulerUrl + "/api/members"))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                ok++;
            } else {
                throw new IllegalStateException(
                        "the admin API refused a demo member: HTTP " + r.statusCode() + " " + r.body());
            }
        }
        return ok;
    }
}
