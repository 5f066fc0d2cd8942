package org.aftercare.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.aftercare.events.Json;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo roster through the real admin API: demo staff on the local mail domain, and a care team for every demo member. */
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
        DemoRoster.Enrolled roster = DemoRoster.enroll(scheduler.adminUrl(), SchedulerFixture.TOKEN);

        assertThat(roster).isEqualTo(new DemoRoster.Enrolled(3, 3, 3));
        JsonNode staff = Json.reader()
                .readTree(scheduler.admin("GET", "/api/staff", null).body());
        assertThat(staff.findValuesAsText("workEmail"))
                .containsExactlyInAnyOrder(
                        "dana.reyes@outreach.local", "lee.okafor@outreach.local", "priya.shah@outreach.local");
        assertThat(staff.findValues("roles").stream().map(r -> r.get(0).asText()))
                .containsExactlyInAnyOrder("clinician", "clinician", "supervisor");

        scheduler.service().staff().coverage().refresh();
        assertThat(scheduler.service().staff().coverage().membersWithoutCareTeam())
                .as("every demo member has a care team")
                .isZero();
        assertThat(DemoRoster.enroll(scheduler.adminUrl(), SchedulerFixture.TOKEN))
                .as("enrolling again changes nothing and is accepted")
                .isEqualTo(roster);
    }
}
