package org.aftercare.console.readmodel;

import static org.aftercare.console.readmodel.Fixtures.acknowledged;
import static org.aftercare.console.readmodel.Fixtures.answered;
import static org.aftercare.console.readmodel.Fixtures.completed;
import static org.aftercare.console.readmodel.Fixtures.delivered;
import static org.aftercare.console.readmodel.Fixtures.missed;
import static org.aftercare.console.readmodel.Fixtures.profile;
import static org.aftercare.console.readmodel.Fixtures.raised;
import static org.aftercare.console.readmodel.Fixtures.risk;
import static org.aftercare.console.readmodel.Fixtures.staff;
import static org.aftercare.console.readmodel.Fixtures.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.aftercare.console.audit.AccessAudit;
import org.aftercare.console.audit.AuditQuery;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.risk.RiskTier;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.infra.time.MutableClock;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.kafka.TopicSetup;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The read model follows the real topics on a real broker into H2 and PostgreSQL: what is
 * published shows on the member's record, timeline, charts and caseload; a replay by a fresh group
 * changes nothing; an older profile revision is ignored; an unreadable record is skipped and
 * counted while later records still arrive; a profile tombstone erases the member everywhere but
 * in the access audit, and the member's later events do not bring them back.
 */
class ReadModelFeedIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("h2", "jdbc:h2:mem:feed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa"),
                Arguments.of("postgresql", POSTGRES.newDatabase(), PostgresExtension.USER));
    }

    private KafkaSettings kafka() {
        return new KafkaSettings(KAFKA.bootstrapServers(), Topics.DEFAULT_PARTITIONS, (short) 1, Map.of());
    }

    private static ReadModelSettings settings(String url, String user) {
        return new ReadModelSettings(
                url, user, "", 4, "console-it-" + UUID.randomUUID(), ReadModelSettings.DEFAULT_AUDIT_RETENTION);
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<V> topic, String key, V value)
            throws Exception {
        byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get();
    }

    private static double skippedMetric(SimpleMeterRegistry registry) {
        var counter = registry.find("outreach.console.records.skipped")
                .tag("topic", Topics.CASE_FLAGS.name())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void followsTheTopicsIdempotentlyAndErasesOnTheTombstone(String vendor, String url, String user) throws Exception {
        TopicSetup.ensure(kafka(), ReadModelFeed.TOPICS);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String m = "m-" + suffix;
        String other = "o-" + suffix;
        String s1 = "s1-" + suffix;
        String s2 = "s2-" + suffix;
        String flagId = "flag-" + suffix;
        MutableClock clock = new MutableClock(NOW);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);

        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 4);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka().clientConfig("console-it-producer"),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            // Given everything the console reads about one member, published before the console starts
            send(producer, Topics.STAFF_DIRECTORY, s1, staff(s1, 1, "Dana", StaffRole.CLINICIAN));
            send(producer, Topics.STAFF_DIRECTORY, s2, staff(s2, 1, "Lee", StaffRole.CLINICIAN));
            send(producer, Topics.MEMBER_PROFILE, m, profile(m, 2, "Sam", "EXT-" + suffix, NOW.minusSeconds(3600)));
            send(producer, Topics.CARE_ASSIGNMENTS, m, team(m, 1, s1));
            send(producer, Topics.MEMBER_RISK, m, risk(m, RiskTier.VERY_HIGH, LocalDate.parse("2026-03-10"), NOW));
            CaseFlag flag = raised(m, flagId, FlagSeverity.HIGH, Instant.parse("2026-03-14T10:00:00Z"));
            send(producer, Topics.CASE_FLAGS, m, flag);
            send(producer, Topics.CASE_FLAGS, m, acknowledged(flag, s1, Instant.parse("2026-03-14T10:05:00Z")));
            send(
                    producer,
                    Topics.CHECKIN_STATUS,
                    m,
                    missed(m, "ci-1-" + suffix, Instant.parse("2026-03-13T09:00:00Z")));
            send(
                    producer,
                    Topics.CHECKIN_RESPONSES,
                    m,
                    answered(
                            m,
                            "ci-2-" + suffix,
                            AnswerStatus.STRUGGLING,
                            7,
                            2,
                            "rough day",
                            Instant.parse("2026-03-14T09:05:00Z")));
            send(
                    producer,
                    Topics.CHECKIN_STATUS,
                    m,
                    completed(m, "ci-2-" + suffix, Instant.parse("2026-03-14T09:00:00Z")));
            send(
                    producer,
                    Topics.OUTREACH_DELIVERIES,
                    m,
                    delivered(m, "n-" + suffix, DeliveryOutcome.BOUNCED, Instant.parse("2026-03-14T08:59:00Z")));
            send(
                    producer,
                    Topics.CONTACT_ACTIONS,
                    m,
                    ContactConfirmed.of("a-" + suffix, m, "c-1", NOW.minusSeconds(60)));
            // a questionnaire of the plan sent and not answered: not a missed check-in
            Instant questionnaireSent = Instant.parse("2026-03-05T09:00:00Z");
            send(
                    producer,
                    Topics.CHECKIN_DUE,
                    m,
                    Fixtures.questionnaireDue(m, "qn-" + suffix, "weekly-reflection", questionnaireSent));
            send(
                    producer,
                    Topics.CHECKIN_STATUS,
                    m,
                    Fixtures.questionnaireMissed(m, "qn-" + suffix, "weekly-reflection", questionnaireSent));

            MemberRecords records = new MemberRecords(db, clock);
            Caseload caseload = new Caseload(db, clock);
            Access access = new Access(db);
            AccessAudit audit = new AccessAudit(db, clock, Duration.ofDays(2190));
            List<TimelineEntry> firstTimeline;
            MemberRecord firstRecord;

            ReadModelSettings firstSettings = settings(url, user);
            try (ReadModelFeed feed = ReadModelFeed.start(kafka(), firstSettings, db, registry, clock)) {
                // Then the read model shows them
                await().atMost(WAIT)
                        .until(() -> records.timeline(m, null, null, 100).size() == 10);
                assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
                MemberRecord record = records.of(m).orElseThrow();
                assertThat(record.firstName()).isEqualTo("Sam");
                assertThat(record.tier()).isEqualTo(RiskTier.VERY_HIGH);
                assertThat(record.daysSinceWindowStart()).isEqualTo(5);
                assertThat(record.primaryStaffId()).isEqualTo(s1);
                assertThat(record.openFlags()).singleElement().satisfies(f -> {
                    assertThat(f.state()).isEqualTo(FlagState.ACKNOWLEDGED);
                    assertThat(f.acknowledgedBy()).isEqualTo(s1);
                    assertThat(f.acknowledgedAt()).isEqualTo(Instant.parse("2026-03-14T10:05:00Z"));
                });
                assertThat(record.answerRate()).isEqualTo(new AnswerRate(1, 2));
                assertThat(record.lastAnswerStatus()).isEqualTo(AnswerStatus.STRUGGLING);

                List<TimelineEntry> timeline = records.timeline(m, null, null, 100);
                assertThat(timeline)
                        .extracting(TimelineEntry::kind)
                        .containsExactly(
                                ReadModelWriter.RISK,
                                ReadModelWriter.CONTACT_ACTION,
                                ReadModelWriter.FLAG,
                                ReadModelWriter.FLAG,
                                ReadModelWriter.CHECKIN_COMPLETED,
                                ReadModelWriter.ANSWER,
                                ReadModelWriter.DELIVERY,
                                ReadModelWriter.CHECKIN_MISSED,
                                ReadModelWriter.QUESTIONNAIRE_MISSED,
                                ReadModelWriter.QUESTIONNAIRE_DUE);
                assertThat(new MeasureResults(db).occurrences(m))
                        .singleElement()
                        .satisfies(o -> {
                            assertThat(o.questionnaireId()).isEqualTo("qn-" + suffix);
                            assertThat(o.dueAt()).isEqualTo(questionnaireSent);
                            assertThat(o.notAnswered()).isTrue();
                        });
                TimelineEntry answer = timeline.get(5);
                assertThat(answer.note()).isEqualTo("rough day");
                assertThat(answer.craving()).isEqualTo(7);
                assertThat(answer.mood()).isEqualTo(2);
                assertThat(timeline.get(6).deliveryOutcome()).isEqualTo("bounced");
                assertThat(timeline.get(6).deliveryReason()).isEqualTo("smtp-550");
                assertThat(timeline.get(2).flagChange()).isEqualTo("acknowledged");
                assertThat(timeline.get(2).staffId()).isEqualTo(s1);

                MemberSeries series = records.series(m, 30);
                assertThat(series.answers())
                        .containsExactly(new MemberSeries.Point(Instant.parse("2026-03-14T09:05:00Z"), 7, 2));
                assertThat(series.weeks().getLast())
                        .as("the week of Monday 2026-03-09")
                        .isEqualTo(new MemberSeries.Week(LocalDate.parse("2026-03-09"), 1, 1));

                CaseloadPage page = caseload.page(CaseloadQuery.own(s1));
                assertThat(page.rows()).extracting(CaseloadRow::memberId).containsExactly(m);
                assertThat(page.rows().getFirst().openHigh()).isEqualTo(1);
                assertThat(caseload.page(CaseloadQuery.own(s2)).rows()).isEmpty();
                assertThat(access.mayView(s1, Set.of(StaffRole.CLINICIAN), m)).isTrue();
                assertThat(access.mayView(s2, Set.of(StaffRole.CLINICIAN), m)).isFalse();
                assertThat(access.mayView(s2, Set.of(StaffRole.SUPERVISOR), m)).isTrue();
                firstTimeline = timeline;
                firstRecord = record;
            }

            // When a fresh group replays every record into the same database, nothing changes
            try (ReadModelFeed replay = ReadModelFeed.start(kafka(), settings(url, user), db, registry, clock)) {
                assertThat(replay.awaitCaughtUp(WAIT)).isTrue();
                assertThat(replay.appliedRecords()).isGreaterThanOrEqualTo(12);
                assertThat(records.timeline(m, null, null, 100)).isEqualTo(firstTimeline);
                assertThat(records.of(m)).contains(firstRecord);

                // An older profile revision after the newer one changes nothing; an unreadable
                // record is skipped and counted, and the records after it still arrive (the topics
                // are shared with the other database's run: its unreadable record is counted already)
                long skippedBefore = replay.skippedRecords(Topics.CASE_FLAGS.name());
                double countedBefore = skippedMetric(registry);
                send(producer, Topics.MEMBER_PROFILE, m, profile(m, 1, "Old", "EXT-OLD", NOW.minusSeconds(7200)));
                producer.send(new ProducerRecord<>(
                                Topics.CASE_FLAGS.name(), m, "{not json".getBytes(StandardCharsets.UTF_8)))
                        .get();
                send(producer, Topics.MEMBER_PROFILE, other, profile(other, 1, "Kit", "EXT-K" + suffix, NOW));
                send(producer, Topics.CARE_ASSIGNMENTS, other, team(other, 1, s2));
                await().atMost(WAIT)
                        .until(() -> records.of(other).isPresent()
                                && caseload.page(CaseloadQuery.own(s2)).total() == 1);
                assertThat(records.of(m).orElseThrow().firstName()).isEqualTo("Sam");
                assertThat(replay.skippedRecords(Topics.CASE_FLAGS.name())).isEqualTo(skippedBefore + 1);
                assertThat(skippedMetric(registry)).isEqualTo(countedBefore + 1);

                // A tombstone erases the member from the read model, not from the audit
                audit.record(s1, m, "member.view", "10.0.0.7", null);
                send(producer, Topics.MEMBER_PROFILE, m, null);
                await().atMost(WAIT).until(() -> records.of(m).isEmpty());
                assertThat(records.timeline(m, null, null, 100)).isEmpty();
                assertThat(new MeasureResults(db).occurrences(m)).isEmpty();
                assertThat(caseload.page(CaseloadQuery.own(s1)).total()).isZero();
                assertThat(access.mayView(s1, Set.of(StaffRole.CLINICIAN), m))
                        .as("the care team went with the member")
                        .isFalse();
                assertThat(audit.list(AuditQuery.byMember(m, 0, 10)).total()).isEqualTo(1);

                // and the member's events still on other topics do not bring them back
                send(
                        producer,
                        Topics.CASE_FLAGS,
                        m,
                        raised(m, "late-" + suffix, FlagSeverity.CRITICAL, NOW.plusSeconds(60)));
                send(
                        producer,
                        Topics.MEMBER_RISK,
                        other,
                        risk(other, RiskTier.HIGH, LocalDate.parse("2026-02-20"), NOW));
                await().atMost(WAIT)
                        .until(() -> records.of(other).map(MemberRecord::tier).orElse(null) == RiskTier.HIGH);
                assertThat(records.timeline(m, null, null, 100)).isEmpty();
                assertThat(caseload.page(CaseloadQuery.all(s1).withSearch("EXT-" + suffix))
                                .total())
                        .isZero();
                assertThat(replay.isAlive()).isTrue();
            }

            // An empty database is rebuilt from the start of the topics, even for a group that has
            // committed offsets (the database was lost, the group was not)
            String freshUrl = vendor.equals("h2")
                    ? "jdbc:h2:mem:feed-fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                    : POSTGRES.newDatabase();
            try (ReadModelDatabase fresh = ReadModelDatabase.open(freshUrl, user, "", 2);
                    ReadModelFeed rebuilt = ReadModelFeed.start(
                            kafka(),
                            new ReadModelSettings(
                                    freshUrl, user, "", 2, firstSettings.groupId(), firstSettings.auditRetention()),
                            fresh,
                            registry,
                            clock)) {
                assertThat(rebuilt.awaitCaughtUp(WAIT)).isTrue();
                String name = fresh.read(c -> {
                    try (var ps = c.prepareStatement("SELECT name FROM rm_staff WHERE staff_id = ?")) {
                        ps.setString(1, s1);
                        try (var rs = ps.executeQuery()) {
                            return rs.next() ? rs.getString(1) : null;
                        }
                    }
                });
                assertThat(name)
                        .as("a staff record the first group had committed past")
                        .isEqualTo("Dana");
                assertThat(new MemberRecords(fresh, clock).of(m))
                        .as("still erased")
                        .isEmpty();
                assertThat(new MemberRecords(fresh, clock).of(other)).isPresent();
            }
        } finally {
            root.detachAppender(logs);
        }
        // Then nothing a member wrote or is called reached a log line
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("rough day")
                        || line.contains("@example.org")
                        || line.contains("EXT-" + suffix)
                        || line.contains("Sam"));
    }
}
