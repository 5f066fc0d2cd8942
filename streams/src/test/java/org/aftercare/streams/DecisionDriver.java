package org.aftercare.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.CheckInDueEvent;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.CheckInStatusEvent;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.flag.CaseFlag;
import org.aftercare.events.flag.FlagEvent;
import org.aftercare.events.outreach.OutreachEvent;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.events.risk.MemberRisk;
import org.aftercare.events.risk.RiskEvent;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.kit.config.Settings;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology ({@link DecisionTopology#build}) in a {@link TopologyTestDriver}, with
 * typed topics from the events descriptors and a wall clock the test moves. Never sleeps.
 */
final class DecisionDriver implements AutoCloseable {

    final DecisionConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, CheckInDueEvent> dues;
    final TestInputTopic<String, byte[]> rawDues;
    final TestInputTopic<String, CheckInResponseEvent> responses;
    final TestInputTopic<String, ProfileEvent> profiles;
    final TestInputTopic<String, ContactActionEvent> actions;
    final TestOutputTopic<String, OutreachEvent> requests;
    final TestOutputTopic<String, CheckInStatusEvent> statuses;
    final TestOutputTopic<String, byte[]> deadLetters;
    final TestOutputTopic<String, RiskEvent> risks;
    final TestInputTopic<String, CareAssignmentEvent> careTeams;
    final TestInputTopic<String, StaffActionEvent> staffActions;
    final TestInputTopic<String, StaffDirectoryEvent> staffDirectory;
    final TestInputTopic<String, byte[]> rawStaffActions;
    final TestInputTopic<String, byte[]> rawStaffDirectory;
    final TestOutputTopic<String, FlagEvent> caseFlags;
    private Instant now;

    private DecisionDriver(DecisionConfig config, Topology topology, Properties properties, Instant wallClock) {
        this.config = config;
        this.driver = new TopologyTestDriver(topology, properties, wallClock);
        this.now = wallClock;
        this.dues = input(Topics.CHECKIN_DUE);
        this.rawDues =
                driver.createInputTopic(Topics.CHECKIN_DUE.name(), new StringSerializer(), new ByteArraySerializer());
        this.responses = input(Topics.CHECKIN_RESPONSES);
        this.profiles = input(Topics.MEMBER_PROFILE);
        this.actions = input(Topics.CONTACT_ACTIONS);
        this.requests = output(Topics.OUTREACH_REQUESTS);
        this.statuses = output(Topics.CHECKIN_STATUS);
        this.deadLetters = output(Topics.STREAMS_DLQ);
        this.risks = output(Topics.MEMBER_RISK);
        this.careTeams = input(Topics.CARE_ASSIGNMENTS);
        this.staffActions = input(Topics.STAFF_ACTIONS);
        this.staffDirectory = input(Topics.STAFF_DIRECTORY);
        this.rawStaffActions =
                driver.createInputTopic(Topics.STAFF_ACTIONS.name(), new StringSerializer(), new ByteArraySerializer());
        this.rawStaffDirectory = driver.createInputTopic(
                Topics.STAFF_DIRECTORY.name(), new StringSerializer(), new ByteArraySerializer());
        this.caseFlags = output(Topics.CASE_FLAGS);
    }

    /** Default windows (by risk tier: grace 2 h / 1 h / 1 h, respond 6 h / 4 h / 3 h), with the wall clock at {@code wallClock}. */
    static DecisionDriver at(Path stateDir, Instant wallClock) {
        return at(stateDir, wallClock, Map.of(), DecisionMetrics.NONE);
    }

    static DecisionDriver at(Path stateDir, Instant wallClock, Map<String, String> env, DecisionMetrics metrics) {
        DecisionConfig config = config(stateDir, env);
        return new DecisionDriver(
                config, DecisionTopology.build(config, metrics), config.streamsProperties(), wallClock);
    }

    /**
     * At-least-once instead of exactly-once. Only for dead letters written by the deserialization
     * handler: the driver clears its mock producer's open transaction before it commits, so under
     * exactly-once such a record (sent before any processing step) is lost in the driver, though
     * not on a broker (StreamsServiceIT covers that path with exactly-once).
     */
    static DecisionDriver atLeastOnce(Path stateDir, Instant wallClock) {
        DecisionConfig config = config(stateDir, Map.of());
        Properties properties = config.streamsProperties();
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return new DecisionDriver(config, DecisionTopology.build(config), properties, wallClock);
    }

    private static DecisionConfig config(Path stateDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put(DecisionConfig.STATE_DIR, stateDir.toString());
        all.putIfAbsent(DecisionConfig.APPLICATION_ID, "decision-test");
        all.putIfAbsent("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", "unused:9092");
        return DecisionConfig.from(Settings.of(all), all);
    }

    private <V> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** The driver's wall clock. */
    Instant now() {
        return now;
    }

    /** Moves the wall clock forward to {@code instant}; punctuations due by then run. */
    void clockTo(Instant instant) {
        advance(Duration.between(now, instant));
    }

    void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the wall clock only moves forward");
        }
        driver.advanceWallClockTime(duration);
        now = now.plus(duration);
    }

    List<OutreachRequest> intents() {
        return requests.readValuesToList().stream()
                .map(OutreachRequest.class::cast)
                .toList();
    }

    List<TestRecord<String, OutreachEvent>> intentRecords() {
        return requests.readRecordsToList();
    }

    /** The risk tiers published since the last read. */
    List<MemberRisk> risks() {
        return risks.readValuesToList().stream().map(MemberRisk.class::cast).toList();
    }

    /** The flag changes published since the last read. */
    List<CaseFlag> flags() {
        return caseFlags.readValuesToList().stream().map(CaseFlag.class::cast).toList();
    }

    List<CheckInStatusEvent> statuses() {
        return statuses.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
