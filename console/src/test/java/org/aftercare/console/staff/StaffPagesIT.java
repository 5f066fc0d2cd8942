package org.aftercare.console.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.aftercare.console.audit.AuditEntry;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.console.testing.TopicData;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The staff pages over HTTP against the real console, provider and broker: changes made through
 * the pages land on {@code staff.directory} and {@code care.assignments} with rising revisions;
 * bad input is refused beside its field; a clinician (whatever the claim says, the record's roles
 * count) gets 403 on {@code /staff}; a clinician taken off a care team gets 403 on the member at
 * once; a deactivated staff member's session ends and their sign-in is refused.
 */
class StaffPagesIT {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static ConsoleFixture app;
    private static StaffAdmin admin;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String adminId = "adm-" + suffix;
    private final String clinicianId = "cl-" + suffix;
    private final String memberId = "m-" + suffix;

    @BeforeAll
    static void start() {
        app = ConsoleFixture.start();
        admin = app.console.staffAdmin();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void seed() throws Exception {
        admin.save(
                "it-seed",
                new StaffAdmin.StaffDraft(
                        adminId, "Ari Admin", adminId + "@clinic.example.org", Set.of(StaffRole.ADMIN), CHICAGO));
        admin.save(
                "it-seed",
                new StaffAdmin.StaffDraft(
                        clinicianId,
                        "Dana Whitfield",
                        clinicianId + "@clinic.example.org",
                        Set.of(StaffRole.CLINICIAN),
                        CHICAGO));
        TopicData.member(app, memberId, "Avery");
    }

    private StaffClient signedIn(String staffId, String name, List<String> claimRoles) throws Exception {
        StaffClient client = new StaffClient(app.baseUrl());
        app.nextSignIn(staffId, name, claimRoles);
        HttpResponse<String> back = client.signIn("/");
        assertThat(back.statusCode()).isEqualTo(303);
        return client;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> fields(String csrf, String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("csrf", csrf);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void changesMadeThroughThePagesLandOnTheTopicsWithRisingRevisions() throws Exception {
        seed();
        String newId = "new-" + suffix;
        try (TopicProbe<StaffDirectoryEvent> directory =
                        new TopicProbe<>(app.bootstrapServers(), Topics.STAFF_DIRECTORY);
                TopicProbe<CareAssignmentEvent> assignments =
                        new TopicProbe<>(app.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            StaffClient client = signedIn(adminId, "Ari Admin", List.of("admin"));
            HttpResponse<String> list = client.get("/staff?q=" + suffix);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("Ari Admin", "Dana Whitfield");
            String csrf = StaffClient.csrfToken(list);

            // a bad email is refused beside its field, and nothing is stored
            HttpResponse<String> refused = client.postForm(
                    "/staff",
                    form(fields(
                            csrf,
                            "staffId",
                            newId,
                            "name",
                            "Kim Lee",
                            "workEmail",
                            "kim at clinic",
                            "role-clinician",
                            "on",
                            "timeZone",
                            "America/Chicago")));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body())
                    .contains("id=\"f-workEmail-error\"", "is not a valid email address", "aria-invalid=\"true\"");
            assertThat(admin.find(newId)).isEmpty();
            // a form without the token is not carried out
            assertThat(client.postForm("/staff", form(Map.of("staffId", newId))).statusCode())
                    .isEqualTo(403);

            HttpResponse<String> added = client.postForm(
                    "/staff",
                    form(fields(
                            csrf,
                            "staffId",
                            newId,
                            "name",
                            "Kim Lee",
                            "workEmail",
                            "kim@clinic.example.org",
                            "role-clinician",
                            "on",
                            "timeZone",
                            "America/Chicago")));
            assertThat(added.statusCode()).isEqualTo(303);
            assertThat(StaffClient.location(added)).isEqualTo("/staff/" + newId + "?saved=1");
            assertThat(client.postForm(
                                    "/staff/" + newId,
                                    form(fields(
                                            csrf,
                                            "name",
                                            "Kim Lee-Park",
                                            "workEmail",
                                            "kim@clinic.example.org",
                                            "role-clinician",
                                            "on",
                                            "role-supervisor",
                                            "on",
                                            "timeZone",
                                            "America/Chicago")))
                            .statusCode())
                    .isEqualTo(303);
            assertThat(client.postForm(
                                    "/members/" + memberId + "/care-team",
                                    form(fields(csrf, "primaryStaffId", newId, "other-1", clinicianId)))
                            .statusCode())
                    .isEqualTo(303);
            assertThat(client.postForm(
                                    "/members/" + memberId + "/care-team",
                                    form(fields(csrf, "primaryStaffId", clinicianId)))
                            .statusCode())
                    .isEqualTo(303);
            assertThat(client.postForm("/staff/" + newId + "/active", form(fields(csrf, "active", "false")))
                            .statusCode())
                    .isEqualTo(303);
            // a deactivated staff member is refused on a care team, beside the field
            HttpResponse<String> inactive =
                    client.postForm("/members/" + memberId + "/care-team", form(fields(csrf, "primaryStaffId", newId)));
            assertThat(inactive.statusCode()).isEqualTo(400);
            assertThat(inactive.body()).contains("id=\"f-primaryStaffId-error\"", "deactivated");

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(directory.valuesFor(newId))
                            .map(v -> (StaffMember) v)
                            .extracting(StaffMember::revision, StaffMember::name, StaffMember::active)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple(1L, "Kim Lee", true),
                                    org.assertj.core.groups.Tuple.tuple(2L, "Kim Lee-Park", true),
                                    org.assertj.core.groups.Tuple.tuple(3L, "Kim Lee-Park", false)));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(assignments.valuesFor(memberId))
                            .map(v -> (CareTeam) v)
                            .extracting(CareTeam::revision, CareTeam::primaryStaffId, CareTeam::otherStaffIds)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple(1L, newId, List.of(clinicianId)),
                                    org.assertj.core.groups.Tuple.tuple(2L, clinicianId, List.of())));
            assertThat(((StaffMember) directory.valuesFor(newId).get(1)).roles())
                    .containsExactlyInAnyOrder(StaffRole.CLINICIAN, StaffRole.SUPERVISOR);
        }
        assertThat(app.console.audit().list(AuditQuery.byStaff(adminId, 0, 100)).entries())
                .extracting(AuditEntry::what)
                .contains("staff.list", "staff.add", "staff.edit", "care-team.set", "staff.deactivate");
    }

    @Test
    void aClinicianSetsTheirAlertsAndAFormWithFieldsLeftOutIsRefusedBesideThem() throws Exception {
        seed();
        StaffClient clinician = signedIn(clinicianId, "Dana Whitfield", List.of("clinician"));
        HttpResponse<String> page = clinician.get("/me/alerts");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Critical flags: always at once").doesNotContain("name=\"alertCritical\"");
        String csrf = StaffClient.csrfToken(page);

        HttpResponse<String> refused =
                clinician.postForm("/me/alerts", form(fields(csrf, "alertHigh", "weekly", "timeZone", "Mars/Base")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"f-alertHigh-error\"", "id=\"f-alertMedium-error\"", "id=\"f-digestAt-error\"")
                .contains("id=\"f-timeZone-error\"", "is not a known time zone");

        HttpResponse<String> saved = clinician.postForm(
                "/me/alerts",
                form(fields(
                        csrf,
                        "alertHigh",
                        "daily-digest",
                        "alertMedium",
                        "every-3-hours",
                        "digestAt",
                        "18:15",
                        "timeZone",
                        "America/Denver")));
        assertThat(saved.statusCode()).isEqualTo(303);
        StaffMember after = admin.find(clinicianId).orElseThrow();
        assertThat(after.cadenceFor(org.aftercare.events.flag.FlagSeverity.HIGH))
                .isEqualTo(org.aftercare.events.staff.AlertCadence.DAILY_DIGEST);
        assertThat(after.digestAt()).isEqualTo(java.time.LocalTime.of(18, 15));
        assertThat(app.console
                        .audit()
                        .list(AuditQuery.byStaff(clinicianId, 0, 10))
                        .entries())
                .extracting(AuditEntry::what)
                .contains("alerts.view", "staff.alerts");

        // an admin's empty add form renders (every field present, none filled)
        StaffClient adminClient = signedIn(adminId, "Ari Admin", List.of("admin"));
        assertThat(adminClient.get("/staff/new").statusCode()).isEqualTo(200);
    }

    @Test
    void aClinicianTakenOffTheCareTeamGets403AtOnceAndTheRecordsRolesCount() throws Exception {
        seed();
        admin.assign("it-seed", memberId, clinicianId, List.of());
        // the claim says admin, the console's record says clinician: the record counts
        StaffClient clinician = signedIn(clinicianId, "Dana Whitfield", List.of("admin"));
        assertThat(clinician.get("/members/" + memberId).statusCode()).isEqualTo(200);
        assertThat(clinician.get("/staff").statusCode()).isEqualTo(403);
        assertThat(clinician.get("/members/" + memberId + "/care-team").statusCode())
                .isEqualTo(403);

        admin.assign("it-seed", memberId, adminId, List.of());

        // no waiting: the console's own care team decides
        HttpResponse<String> refused = clinician.get("/members/" + memberId);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void aDeactivatedStaffMembersSessionEndsAndTheirSignInIsRefused() throws Exception {
        seed();
        StaffClient clinician = signedIn(clinicianId, "Dana Whitfield", List.of("clinician"));
        assertThat(clinician.get("/").statusCode()).isEqualTo(200);

        admin.setActive(adminId, clinicianId, false);

        assertThat(clinician.get("/").statusCode()).isEqualTo(303);
        StaffClient again = new StaffClient(app.baseUrl());
        app.nextSignIn(clinicianId, "Dana Whitfield", List.of("clinician"));
        HttpResponse<String> refused = again.signIn("/");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("deactivated");
        assertThat(again.get("/").statusCode()).isEqualTo(303);
    }
}
