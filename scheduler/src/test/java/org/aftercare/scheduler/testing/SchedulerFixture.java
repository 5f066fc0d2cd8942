package org.aftercare.scheduler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.scheduler.SchedulerService;

/**
 * A running scheduler for a test class, and the HTTP calls tests make on it: {@link #admin} and
 * {@link #send} go to the management listener (admin API), {@link #get} and {@link #postForm} to
 * the public one (the pages links in emails open).
 */
public final class SchedulerFixture implements AutoCloseable {

    public static final String TOKEN = "it-admin-token-" + UUID.randomUUID();
    public static final String KEYS = LinkSigner.randomSpec("k1");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SchedulerService service;
    private final String bootstrapServers;
    private StaffTopics staffTopics;

    private SchedulerFixture(SchedulerService service, String bootstrapServers) {
        this.service = service;
        this.bootstrapServers = bootstrapServers;
    }

    /** The test defaults: H2 in memory, sweep every 200 ms, and the variables given (which win). */
    public static Map<String, String> env(String bootstrapServers) {
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("OUTREACH_KAFKA_PARTITIONS", "3");
        env.put("OUTREACH_ADMIN_TOKEN", TOKEN);
        env.put("OUTREACH_LINK_KEYS", KEYS);
        env.put("OUTREACH_DB_URL", "jdbc:h2:mem:scheduler-it-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("OUTREACH_SCHEDULER_HTTP_HOST", "127.0.0.1");
        env.put("OUTREACH_SCHEDULER_HTTP_PORT", "0");
        env.put("OUTREACH_SCHEDULER_MANAGEMENT_HOST", "127.0.0.1");
        env.put("OUTREACH_SCHEDULER_MANAGEMENT_PORT", "0");
        env.put("OUTREACH_SWEEP_INTERVAL", "200ms");
        env.put("OUTREACH_QUARTZ_CLUSTER_NAME", "it-" + UUID.randomUUID());
        return env;
    }

    public static SchedulerFixture start(Map<String, String> env) throws Exception {
        return new SchedulerFixture(
                SchedulerService.start(SchedulerConfig.from(Settings.of(env), env)),
                env.get("OUTREACH_KAFKA_BOOTSTRAP_SERVERS"));
    }

    public SchedulerService service() {
        return service;
    }

    /** The public listener: the pages links in emails open. */
    public String publicUrl() {
        return service.publicUrl();
    }

    /** The management listener: the admin API, health and metrics. */
    public String adminUrl() {
        return service.managementUrl();
    }

    /** A call on the admin API (the management listener). */
    public HttpResponse<String> send(String method, String path, String body, String contentType, String token)
            throws Exception {
        return sendTo(adminUrl(), method, path, body, contentType, token);
    }

    public static HttpResponse<String> sendTo(
            String baseUrl, String method, String path, String body, String contentType, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin API call with the right token and a JSON body (or none). */
    public HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return send(method, path, json, json == null ? null : "application/json", TOKEN);
    }

    /** A page on the public listener. */
    public HttpResponse<String> get(String path) throws Exception {
        return sendTo(publicUrl(), "GET", path, null, null, null);
    }

    /** A form posted to a page on the public listener. */
    public HttpResponse<String> postForm(String path, String form) throws Exception {
        return sendTo(publicUrl(), "POST", path, form, "application/x-www-form-urlencoded", null);
    }

    /** A GET on the management listener without the admin token (health, metrics, the API document). */
    public HttpResponse<String> managementGet(String path) throws Exception {
        return sendTo(adminUrl(), "GET", path, null, null, null);
    }

    public static String enrollment(String externalId) {
        return """
                {"externalId":"%s","firstName":"Sam","email":"sam@example.org","timeZone":"America/New_York",
                 "plan":{"times":["09:00"]},
                 "contacts":[{"name":"Alex","email":"alex@example.org","consent":["missed-check-ins","help-requested"]}]}
                """.formatted(externalId);
    }

    /** Enrolls a member with one invited contact; returns the member's JSON. */
    public JsonNode enroll(String externalId) throws Exception {
        HttpResponse<String> created = admin("POST", "/api/members", enrollment(externalId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.reader().readTree(created.body());
    }

    /** A signed link path, as the notifier would put it in an email. */
    public static String link(
            String path, String purpose, String memberId, String subject, String action, Instant expiry) {
        return path
                + LinkSigner.fromSpec(KEYS, Clock.systemUTC())
                        .sign(new LinkToken(purpose, memberId, subject, action, expiry, LinkSigner.newNonce()));
    }

    public static String link(String path, String purpose, String memberId, String subject, String action) {
        return link(path, purpose, memberId, subject, action, Instant.now().plusSeconds(3600));
    }

    /**
     * A link to a support contact as the notifier seals it: bound to the contact's naming and
     * address as the admin API shows them now.
     */
    public String contactLink(
            String path,
            String purpose,
            String memberId,
            String contactId,
            String subject,
            String action,
            Instant expiry)
            throws Exception {
        JsonNode contact = null;
        for (JsonNode k : Json.reader()
                .readTree(admin("GET", "/api/members/" + memberId, null).body())
                .get("contacts")) {
            if (k.get("contactId").asText().equals(contactId)) {
                contact = k;
            }
        }
        assertThat(contact).as("contact " + contactId).isNotNull();
        String binding = Links.contactBinding(
                contactId,
                contact.get("invitationId").asText(),
                contact.get("email").asText());
        return path
                + LinkSigner.fromSpec(KEYS, Clock.systemUTC())
                        .sign(new LinkToken(
                                purpose, memberId, subject, action, expiry, LinkSigner.newNonce(), binding));
    }

    public String contactLink(
            String path, String purpose, String memberId, String contactId, String subject, String action)
            throws Exception {
        return contactLink(
                path,
                purpose,
                memberId,
                contactId,
                subject,
                action,
                Instant.now().plusSeconds(3600));
    }

    /** An invitation link for the contact as it is now. */
    public String invitation(String memberId, String contactId) throws Exception {
        return contactLink(
                Links.CONTACT_INVITATION, Links.PURPOSE_CONTACT, memberId, contactId, contactId, Links.ACTION_RESPOND);
    }

    /** The contact confirms through their invitation, as they would from the email. */
    public void confirmContact(String memberId, String contactId) throws Exception {
        HttpResponse<String> r = postForm(invitation(memberId, contactId), "choice=confirm");
        assertThat(r.statusCode()).as("confirming contact " + contactId).isEqualTo(200);
    }

    /** Staff and care teams as the console publishes them, on this scheduler's broker ({@link StaffTopics}). */
    public synchronized StaffTopics staffTopics() {
        if (staffTopics == null) {
            staffTopics = new StaffTopics(bootstrapServers, service);
        }
        return staffTopics;
    }

    /** Publishes an active clinician on staff.directory and waits until the scheduler holds it. */
    public void staff(String staffId) {
        staffTopics().staff(staffId);
    }

    /** Publishes the member's care team on care.assignments and waits until the scheduler holds it. */
    public void careTeam(String memberId, String primaryStaffId, String... otherStaffIds) {
        staffTopics().careTeam(memberId, primaryStaffId, otherStaffIds);
    }

    @Override
    public void close() {
        if (staffTopics != null) {
            staffTopics.close();
        }
        service.close();
    }
}
