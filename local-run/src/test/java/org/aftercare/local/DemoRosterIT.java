package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.aftercare.events.Json;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo roster: members through the real admin API, demo staff and care teams published on
 * the topics as the console publishes them ({@link TopicDemoStaff}; the local run seeds them through
 * the console), and what the scheduler then holds:
 * demo staff on the local mail domain, and a care team for every demo member.
 */
class DemoRosterIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static SchedulerFixture scheduler;

    @BeforeAll
    static void start() throws Exception {
        scheduler = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void theDemoRosterEnrollsTwoCliniciansASupervisorAndGivesEveryDemoMemberACareTeam() throws Exception {
        try (TopicDemoStaff staff = TopicDemoStaff.connect(KAFKA.bootstrapServers())) {
            DemoRoster.Enrolled roster = DemoRoster.enroll(scheduler.adminUrl(), SchedulerFixture.TOKEN, staff);

            assertThat(roster).isEqualTo(new DemoRoster.Enrolled(3, 3, 3));
            scheduler.staffTopics().awaitRead();
            List<JsonNode> held = new ArrayList<>();
            for (String id : DemoRoster.staffIds()) {
                held.add(Json.reader()
                        .readTree(
                                scheduler.admin("GET", "/api/staff/" + id, null).body()));
            }
            assertThat(held.stream().map(s -> s.get("workEmail").asText()))
                    .containsExactly(
                            "dana.reyes@outreach.local", "lee.okafor@outreach.local", "priya.shah@outreach.local");
            assertThat(held.stream().map(s -> s.get("roles").get(0).asText()))
                    .containsExactly("clinician", "clinician", "supervisor");

            scheduler.service().staff().coverage().refresh();
            assertThat(scheduler.service().staff().coverage().membersWithoutCareTeam())
                    .as("every demo member has a care team")
                    .isZero();
            assertThat(DemoRoster.enroll(scheduler.adminUrl(), SchedulerFixture.TOKEN, staff))
                    .as("enrolling again changes nothing and is accepted")
                    .isEqualTo(roster);
            scheduler.staffTopics().awaitRead();
            assertThat(Json.reader()
                            .readTree(scheduler
                                    .admin("GET", "/api/staff/dana", null)
                                    .body())
                            .get("revision")
                            .asLong())
                    .isEqualTo(1);
        }
    }
}
