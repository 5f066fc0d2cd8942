package org.aftercare.console.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.readmodel.Fixtures;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.console.readmodel.ReadModelFeed;
import org.aftercare.console.testing.TopicData;
import org.aftercare.events.Topics;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The staff outbox and the adoption on a real broker: a first start takes over what the topics
 * hold (revisions kept, tombstones honoured) and the next change is published above it; changes
 * made while the broker is away are published, in order, once it is back.
 */
class StaffOutboxIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final PostgresExtension POSTGRES = new PostgresExtension();
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("h2", "jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa"),
                Arguments.of("postgresql", POSTGRES.newDatabase(), PostgresExtension.USER));
    }

    private static KafkaSettings kafka(String bootstrap) {
        return new KafkaSettings(bootstrap, Topics.DEFAULT_PARTITIONS, (short) 1, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFirstStartTakesOverTheTopicsAndTheNextChangeIsPublishedAboveThem(String vendor, String url, String user)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String dana = "dana-" + suffix;
        String kept = "m-kept-" + suffix;
        String erased = "m-gone-" + suffix;
        String bootstrap = KAFKA.bootstrapServers();
        TopicSetup.ensure(kafka(bootstrap), ReadModelFeed.TOPICS);
        // Given what the scheduler's stop-gap published
        TopicData.send(bootstrap, Topics.STAFF_DIRECTORY, dana, Fixtures.staff(dana, 4, "Dana", StaffRole.CLINICIAN));
        TopicData.send(bootstrap, Topics.STAFF_DIRECTORY, dana, Fixtures.staff(dana, 5, "Dana W", StaffRole.CLINICIAN));
        TopicData.send(bootstrap, Topics.CARE_ASSIGNMENTS, kept, Fixtures.team(kept, 3, dana));
        TopicData.send(bootstrap, Topics.CARE_ASSIGNMENTS, erased, Fixtures.team(erased, 1, dana));
        TopicData.send(bootstrap, Topics.CARE_ASSIGNMENTS, erased, null);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4);
                StaffPublisher publisher = new StaffPublisher(kafka(bootstrap), db, new SimpleMeterRegistry()).start();
                TopicProbe<StaffDirectoryEvent> directory = new TopicProbe<>(bootstrap, Topics.STAFF_DIRECTORY)) {
            StaffAdoption.Adopted adopted = StaffAdoption.adoptIfEmpty(kafka(bootstrap), db, Duration.ofSeconds(60));
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, publisher::poke);

            assertThat(adopted.staff()).isGreaterThanOrEqualTo(1);
            assertThat(admin.find(dana))
                    .get()
                    .extracting(StaffMember::revision, StaffMember::name)
                    .containsExactly(5L, "Dana W");
            assertThat(admin.careTeam(kept))
                    .get()
                    .extracting(CareTeam::revision)
                    .isEqualTo(3L);
            assertThat(admin.careTeam(erased)).isEmpty();
            // a second start finds the tables filled and takes over nothing
            assertThat(StaffAdoption.adoptIfEmpty(kafka(bootstrap), db, Duration.ofSeconds(60)))
                    .isEqualTo(new StaffAdoption.Adopted(0, 0, 0));

            admin.save(
                    "adm",
                    new StaffAdmin.StaffDraft(
                            dana, "Dana Whitfield", dana + "@clinic.example.org", Set.of(StaffRole.CLINICIAN), null));

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(directory.valuesFor(dana))
                            .map(v -> ((StaffMember) v).revision())
                            .containsExactly(4L, 5L, 6L));
            assertThat(((StaffMember) directory.valuesFor(dana).get(2)).timeZone())
                    .isEqualTo(ZoneId.of("UTC"));
        }
    }

    @Test
    void anErasedMembersCareTeamIsTombstonedOnCareAssignments() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String member = "m-erased-" + suffix;
        String bootstrap = KAFKA.bootstrapServers();
        TopicSetup.ensure(kafka(bootstrap), ReadModelFeed.TOPICS);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (ReadModelDatabase db = ReadModelDatabase.open(
                        "jdbc:h2:mem:erase-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
                StaffPublisher publisher = new StaffPublisher(kafka(bootstrap), db, new SimpleMeterRegistry()).start();
                TopicProbe<CareAssignmentEvent> assignments = new TopicProbe<>(bootstrap, Topics.CARE_ASSIGNMENTS)) {
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, publisher::poke);
            admin.save(
                    "adm",
                    new StaffAdmin.StaffDraft(
                            "dana-" + suffix, "Dana", "dana@clinic.example.org", Set.of(StaffRole.CLINICIAN), CHICAGO));
            admin.assign("adm", member, "dana-" + suffix, List.of());

            // When the member's profile tombstone reaches the read model
            db.inTransaction(c -> {
                new org.aftercare.console.readmodel.ReadModelWriter().profile(c, member, null, clock.instant());
                return null;
            });
            publisher.poke();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(assignments.recordsFor(member))
                            .last()
                            .satisfies(r -> assertThat(r.value()).isNull()));
        }
    }

    @Test
    void changesMadeWhileTheBrokerIsAwayArePublishedInOrderWhenItIsBack() throws Exception {
        int port = freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(port);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<org.aftercare.events.Topic<?>> topics = List.of(Topics.STAFF_DIRECTORY, Topics.CARE_ASSIGNMENTS);
        try (ReadModelDatabase db = ReadModelDatabase.open(
                        "jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
                StaffPublisher publisher = new StaffPublisher(kafka(broker.bootstrapServers()), db, registry)) {
            TopicSetup.ensure(kafka(broker.bootstrapServers()), topics);
            publisher.start();
            StaffAdmin admin =
                    new StaffAdmin(db, clock, new AccessAudit(db, clock, Duration.ofDays(30)), null, publisher::poke);
            admin.save(
                    "adm",
                    new StaffAdmin.StaffDraft(
                            "dana", "Dana", "dana@clinic.example.org", Set.of(StaffRole.CLINICIAN), CHICAGO));
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.pending() == 0);

            // When the broker goes away and changes are made meanwhile
            broker.close();
            admin.save(
                    "adm",
                    new StaffAdmin.StaffDraft(
                            "dana", "Dana Whitfield", "dana@clinic.example.org", Set.of(StaffRole.CLINICIAN), CHICAGO));
            admin.assign("adm", "m-1", "dana", List.of());
            admin.setActive("adm", "dana", false);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> registry.counter("outreach.console.staff.publish.failures")
                                    .count()
                            >= 1);
            assertThat(publisher.pending()).isEqualTo(3);
            // the gauge the StaffChangesNotPublished alert reads counts them while the broker is away
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> registry.get("outreach.console.staff.outbox.pending")
                                    .gauge()
                                    .value()
                            == 3.0);

            // Then, with the broker back, every change arrives, in order
            broker = EmbeddedKafka.start(port);
            TopicSetup.ensure(kafka(broker.bootstrapServers()), topics);
            try (TopicProbe<StaffDirectoryEvent> directory =
                            new TopicProbe<>(broker.bootstrapServers(), Topics.STAFF_DIRECTORY);
                    TopicProbe<CareAssignmentEvent> assignments =
                            new TopicProbe<>(broker.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(directory.valuesFor("dana"))
                            .map(v -> ((StaffMember) v).revision())
                            .containsSubsequence(2L, 3L)
                            .last()
                            .isEqualTo(3L);
                    assertThat(assignments.valuesFor("m-1"))
                            .map(v -> ((CareTeam) v).revision())
                            .contains(1L);
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> publisher.pending() == 0);
                assertThat(((StaffMember) directory.valuesFor("dana").getLast()).active())
                        .isFalse();
            }
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
