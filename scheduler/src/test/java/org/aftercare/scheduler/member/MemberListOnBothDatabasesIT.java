package org.aftercare.scheduler.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.aftercare.events.Json;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.scheduler.testing.Databases;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/members} on H2 and on PostgreSQL, through the running scheduler: the filters,
 * the case-insensitive prefix search (with LIKE wildcards taken literally), the lookup by
 * externalId, a walk through every page that sees each member once while members are enrolled
 * between pages, the 400s (each naming its parameter, an altered or re-filtered cursor among
 * them), no email or contact in the list, the token required, and the documented example.
 */
class MemberListOnBothDatabasesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int MEMBERS = 60;
    private static final List<String> NAMES = List.of("Sam", "Samira", "jo", "Kim");
    private static final Set<String> LIST_FIELDS =
            Set.of("memberId", "externalId", "firstName", "status", "timeZone", "enrolledAt");

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.aftercare.scheduler.testing.Databases#both")
    void listsFiltersSearchesAndPagesEveryMemberOnceOnEitherDatabase(String vendor, String url) throws Exception {
        Map<String, String> env = new HashMap<>(SchedulerFixture.env(KAFKA.bootstrapServers()));
        env.put("OUTREACH_DB_URL", url);
        env.put("OUTREACH_DB_USER", Databases.user(url));
        try (SchedulerFixture app = SchedulerFixture.start(env)) {
            String tag = "L" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            StringBuilder csv = new StringBuilder("externalId,firstName,email,timeZone,times\n");
            for (int i = 0; i < MEMBERS; i++) {
                csv.append("%s-%03d,%s,m%d@example.org,America/Chicago,09:00\n"
                        .formatted(tag, i, NAMES.get(i % NAMES.size()), i));
            }
            HttpResponse<String> imported =
                    app.send("POST", "/api/members/import", csv.toString(), "text/csv", SchedulerFixture.TOKEN);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(json(imported).get("rejected")).isEmpty();

            // Every member, by walking the pages (the default order is by memberId).
            Map<String, JsonNode> all = walk(app, "", 200, () -> {});
            assertThat(all).hasSize(MEMBERS);
            Map<String, String> idOf = new HashMap<>();
            all.values()
                    .forEach(m -> idOf.put(
                            m.get("externalId").asText(), m.get("memberId").asText()));

            Set<String> paused = Set.of(idOf.get(tag + "-001"), idOf.get(tag + "-002"));
            Set<String> discharged = Set.of(idOf.get(tag + "-003"));
            for (String id : paused) {
                assertThat(app.admin("POST", "/api/members/" + id + "/pause", null)
                                .statusCode())
                        .isEqualTo(200);
            }
            for (String id : discharged) {
                assertThat(app.admin("POST", "/api/members/" + id + "/discharge", null)
                                .statusCode())
                        .isEqualTo(200);
            }

            assertThat(walk(app, "status=paused", 1, () -> {}).keySet()).isEqualTo(paused);
            assertThat(walk(app, "status=discharged", 50, () -> {}).keySet()).isEqualTo(discharged);
            assertThat(walk(app, "status=active", 7, () -> {}))
                    .hasSize(MEMBERS - 3)
                    .allSatisfy((id, m) -> assertThat(m.get("status").asText()).isEqualTo("active"));

            // Search: a prefix of the first name, any case; a prefix of the externalId, any case.
            Set<String> sams = all.values().stream()
                    .filter(m -> m.get("firstName").asText().startsWith("Sam"))
                    .map(m -> m.get("memberId").asText())
                    .collect(Collectors.toSet());
            assertThat(sams).hasSize(MEMBERS / 2);
            assertThat(walk(app, "q=sAM", 9, () -> {}).keySet()).isEqualTo(sams);
            assertThat(walk(app, "q=samI", 50, () -> {}).values())
                    .hasSize(MEMBERS / 4)
                    .allSatisfy(m -> assertThat(m.get("firstName").asText()).isEqualTo("Samira"));
            assertThat(walk(app, "q=JO", 50, () -> {})).hasSize(MEMBERS / 4);
            assertThat(walk(app, "q=" + enc(tag.toLowerCase() + "-00"), 50, () -> {}))
                    .as("externalId prefix, case-insensitive")
                    .hasSize(10);
            assertThat(walk(app, "q=" + enc("%"), 50, () -> {}))
                    .as("% is a character, not a wildcard")
                    .isEmpty();
            assertThat(walk(app, "q=" + enc("S_m"), 50, () -> {}))
                    .as("_ is a character, not a wildcard")
                    .isEmpty();
            assertThat(walk(app, "status=paused&q=sam", 50, () -> {}).keySet())
                    .as("filters combine")
                    .isEqualTo(paused.stream().filter(sams::contains).collect(Collectors.toSet()));

            // One member by program id (exact, so a prefix or another case finds none).
            JsonNode one = page(app, "externalId=" + enc(tag + "-003"));
            assertThat(one.get("members")).hasSize(1);
            assertThat(one.at("/members/0/memberId").asText()).isEqualTo(idOf.get(tag + "-003"));
            assertThat(one.at("/members/0/status").asText()).isEqualTo("discharged");
            assertThat(one.get("next").isNull()).isTrue();
            assertThat(page(app, "externalId=" + enc(tag + "-00")).get("members"))
                    .isEmpty();
            assertThat(page(app, "externalId=" + enc(tag.toLowerCase() + "-003"))
                            .get("members"))
                    .isEmpty();

            // Paging through everyone while members are enrolled between pages: no loss, no repeat.
            List<String> added = new ArrayList<>();
            Map<String, JsonNode> walked = walk(app, "", 7, () -> {
                try {
                    added.add(app.enroll(tag + "-NEW-" + UUID.randomUUID())
                            .get("memberId")
                            .asText());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(added).hasSizeGreaterThanOrEqualTo(MEMBERS / 7);
            assertThat(walked.keySet()).containsAll(all.keySet());
            assertThat(walked.keySet()).isSubsetOf(union(all.keySet(), added));
            assertThat(walk(app, "", 200, () -> {}).keySet()).isEqualTo(union(all.keySet(), added));

            // Only what a list needs: no email, no contacts (the new members have one), no plan.
            HttpResponse<String> big = app.admin("GET", "/api/members?limit=200", null);
            assertThat(big.statusCode()).isEqualTo(200);
            assertThat(big.body()).doesNotContain("@example.org").doesNotContain("contacts");
            for (JsonNode m : json(big).get("members")) {
                assertThat(fieldNames(m)).isEqualTo(LIST_FIELDS);
            }
            assertThat(page(app, "limit=200").get("members")).hasSize(MEMBERS + added.size());
            assertThat(page(app, "").get("members")).as("the default limit").hasSize(50);

            // Bad values: 400 naming the parameter.
            assertRefused(app, "status=gone", "status");
            assertRefused(app, "status=", "status");
            assertRefused(app, "status=ACTIVE", "status");
            assertRefused(app, "limit=0", "limit");
            assertRefused(app, "limit=201", "limit");
            assertRefused(app, "limit=ten", "limit");
            assertRefused(app, "limit=-1", "limit");
            assertRefused(app, "q=", "q");
            assertRefused(app, "q=" + enc("x".repeat(129)), "q");
            assertRefused(app, "q=" + enc("Sam\nBcc"), "q");
            assertRefused(app, "externalId=", "externalId");
            assertRefused(app, "cursor=nonsense", "cursor");
            assertRefused(app, "cursor=" + enc("!!.??"), "cursor");
            // A name the list does not take, or one given twice, is refused rather than ignored.
            assertRefused(app, "email=sam%40example.org", "email");
            assertRefused(app, "stauts=active", "stauts");
            assertRefused(app, "status=active&status=paused", "status");
            String next = page(app, "limit=5&status=active").get("next").asText();
            assertThat(app.admin("GET", "/api/members?limit=5&status=active&cursor=" + enc(next), null)
                            .statusCode())
                    .isEqualTo(200);
            assertRefused(app, "limit=5&status=active&cursor=" + enc(alter(next, 0)), "cursor");
            assertRefused(app, "limit=5&status=active&cursor=" + enc(alter(next, next.length() - 1)), "cursor");
            assertRefused(app, "limit=5&status=active&cursor=" + enc(forge(next, all.keySet())), "cursor");
            assertRefused(app, "limit=5&status=paused&cursor=" + enc(next), "cursor");
            assertRefused(app, "limit=5&cursor=" + enc(next), "cursor");

            // The admin token is required.
            HttpResponse<String> anonymous = app.send("GET", "/api/members", null, null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain(tag);
            HttpResponse<String> wrong = app.send("GET", "/api/members", null, null, "not-the-token");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).doesNotContain(tag);

            // The documented example has the fields the list answers with, and its schema says so.
            JsonNode doc = json(app.managementGet("/api/openapi.json"));
            JsonNode example = doc.at("/paths/~1api~1members/get/responses/200/content/application~1json/example");
            assertThat(fieldNames(example)).isEqualTo(Set.of("members", "next"));
            assertThat(fieldNames(example.at("/members/0"))).isEqualTo(LIST_FIELDS);
            assertThat(fieldNames(doc.at("/components/schemas/MemberListItem/properties")))
                    .isEqualTo(LIST_FIELDS);
            assertThat(example.at("/members/0/status").asText()).isIn("active", "paused", "discharged");
            Set<String> documented = new HashSet<>();
            doc.at("/paths/~1api~1members/get/parameters")
                    .forEach(p -> documented.add(p.get("name").asText()));
            assertThat(documented).containsExactlyInAnyOrder("status", "q", "externalId", "limit", "cursor");
        }
    }

    /** Every page of the query, in order, calling {@code between} after each page; fails on a repeat. */
    private static Map<String, JsonNode> walk(SchedulerFixture app, String query, int limit, Runnable between)
            throws Exception {
        Map<String, JsonNode> seen = new java.util.LinkedHashMap<>();
        String cursor = null;
        String last = null;
        for (int pages = 0; pages < 1000; pages++) {
            String q = (query.isEmpty() ? "" : query + "&") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + enc(cursor));
            JsonNode page = page(app, q);
            assertThat(page.get("members").size()).isLessThanOrEqualTo(limit);
            for (JsonNode m : page.get("members")) {
                String id = m.get("memberId").asText();
                assertThat(seen.put(id, m)).as("member %s seen twice", id).isNull();
                if (last != null) {
                    assertThat(id).as("member-id order").isGreaterThan(last);
                }
                last = id;
            }
            if (page.get("next").isNull()) {
                return seen;
            }
            assertThat(page.get("members").size())
                    .as("a page before the last is full")
                    .isEqualTo(limit);
            cursor = page.get("next").asText();
            between.run();
        }
        throw new AssertionError("more than 1000 pages");
    }

    private static JsonNode page(SchedulerFixture app, String query) throws Exception {
        HttpResponse<String> r = app.admin("GET", "/api/members" + (query.isEmpty() ? "" : "?" + query), null);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        return json(r);
    }

    private static void assertRefused(SchedulerFixture app, String query, String parameter) throws Exception {
        HttpResponse<String> r = app.admin("GET", "/api/members?" + query, null);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(fieldNames(json(r).get("errors"))).as(query).containsExactly(parameter);
    }

    /** The cursor with one character changed (another base64url character). */
    private static String alter(String cursor, int at) {
        char c = cursor.charAt(at);
        char other = c == 'A' ? 'B' : 'A';
        return cursor.substring(0, at) + other + cursor.substring(at + 1);
    }

    /** A cursor pointing after another member id, keeping the signature of the real one. */
    private static String forge(String cursor, Set<String> ids) {
        String signature = cursor.substring(cursor.indexOf('.'));
        String other = ids.stream().sorted().findFirst().orElseThrow();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(other.getBytes(StandardCharsets.UTF_8))
                + signature;
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.reader().readTree(r.body());
    }
}
