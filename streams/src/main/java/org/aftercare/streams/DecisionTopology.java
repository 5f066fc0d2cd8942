package org.aftercare.streams;

import java.util.Map;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.streams.checkin.CheckInWindows;
import org.aftercare.streams.decisions.Decision;
import org.aftercare.streams.decisions.LifecycleInput;
import org.aftercare.streams.decisions.MemberDecisions;
import org.aftercare.streams.flags.FlagItem;
import org.aftercare.streams.flags.StaffDigests;
import org.aftercare.streams.flags.StaffDirectory;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The decisions topology, as a pure function of the configuration (tests build the very same
 * one). In: {@code checkin.due}, {@code checkin.responses} (answers and help requests), {@code member.profile},
 * {@code contact.actions}, {@code care.assignments} and {@code staff.actions}, all keyed by memberId and
 * co-partitioned; {@code staff.directory} (keyed by staffId) as a global store every processor reads.
 * Out: intents to {@code outreach.requests}, check-in outcomes to {@code checkin.status}, each member's
 * risk tier to {@code member.risk} (a tombstone on erasure) and flag changes to {@code case.flags}.
 *
 * <pre>
 *  checkin.due ─────────┐
 *  checkin.responses ───┤
 *  member.profile ──────┤                                                          ┌─▶ outreach.requests
 *  contact.actions ─────┼─▶ checkin-lifecycle (stores + wall-clock punctuation) ───┼─▶ checkin.status
 *  care.assignments ────┤   check-ins, escalations, risky answers, milestones,     ├─▶ member.risk
 *  staff.actions ───────┘   risk tiers, staff flags                                ├─▶ case.flags
 *                                                                                  └─▶ (by staffId) staff-flag-items
 *                                                                                        repartition topic
 *  staff-flag-items ─▶ staff-digests (stores + wall-clock punctuation) ─▶ outreach.requests (STAFF_DIGEST)
 *  staff.directory ──▶ global store staff-directory (read by both processors)
 * </pre>
 *
 * <p>The processor node {@value #LIFECYCLE} is {@link MemberDecisions}; {@value #DIGESTS} is
 * {@link StaffDigests}, a sub-topology of its own keyed by staffId, fed through the internal
 * topic {@value #STAFF_ITEMS} (Kafka Streams names it {@code <application id>-}{@value #STAFF_ITEMS}{@code
 * -repartition}). Stores are named where they are kept; those names are part of the running state
 * (changelog topics are named after them).
 */
public final class DecisionTopology {

    public static final String LIFECYCLE = "checkin-lifecycle";
    public static final String DIGESTS = "staff-digests";
    public static final String STAFF_ITEMS = "staff-flag-items";

    private DecisionTopology() {}

    public static Topology build(DecisionConfig config) {
        return build(config, DecisionMetrics.NONE);
    }

    /** As {@link #build(DecisionConfig)}, counting decisions into {@code metrics}. */
    public static Topology build(DecisionConfig config, DecisionMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        MemberDecisions.storeBuilders().forEach(builder::addStateStore);
        StaffDigests.storeBuilders().forEach(builder::addStateStore);
        builder.addGlobalStore(
                StaffDirectory.storeBuilder(),
                Topics.STAFF_DIRECTORY.name(),
                consumed(Topics.STAFF_DIRECTORY),
                StaffDirectory.Updater::new);

        KStream<String, LifecycleInput> dues = source(builder, Topics.CHECKIN_DUE)
                .mapValues(due -> LifecycleInput.of(due), Named.as("checkin-due-input"));
        KStream<String, LifecycleInput> answers = source(builder, Topics.CHECKIN_RESPONSES)
                .mapValues(answer -> LifecycleInput.of(answer), Named.as("checkin-response-input"));
        KStream<String, LifecycleInput> contactActions = source(builder, Topics.CONTACT_ACTIONS)
                .mapValues(action -> LifecycleInput.of(action), Named.as("contact-action-input"));
        KStream<String, LifecycleInput> profiles = source(builder, Topics.MEMBER_PROFILE)
                .mapValues(
                        (memberId, profile) -> LifecycleInput.of(memberId, profile), Named.as("member-profile-input"));
        KStream<String, LifecycleInput> careTeams = source(builder, Topics.CARE_ASSIGNMENTS)
                .mapValues((memberId, team) -> LifecycleInput.of(memberId, team), Named.as("care-assignment-input"));
        KStream<String, LifecycleInput> staffActions = source(builder, Topics.STAFF_ACTIONS)
                .mapValues(action -> LifecycleInput.of(action), Named.as("staff-action-input"));

        CheckInWindows windows = new CheckInWindows(
                config.grace(),
                config.respondWindow(),
                config.highRiskGrace(),
                config.highRiskRespondWindow(),
                config.veryHighGrace(),
                config.veryHighRespondWindow());
        // Check-ins, by far the most records, are merged last: each merge is one more node every record passes.
        KStream<String, Decision> decisions = answers.merge(profiles, Named.as("checkin-inputs"))
                .merge(contactActions, Named.as("lifecycle-inputs"))
                .merge(careTeams, Named.as("decision-inputs"))
                .merge(staffActions, Named.as("care-team-inputs"))
                .merge(dues, Named.as("staff-action-inputs"))
                .process(
                        () -> new MemberDecisions(
                                windows,
                                config.retention(),
                                config.questionnaireReminderAfter(),
                                config.punctuateInterval(),
                                config.escalation(),
                                config.risk(),
                                config.flags(),
                                config.summary(),
                                metrics),
                        Named.as(LIFECYCLE),
                        MemberDecisions.stores().toArray(String[]::new));

        // Each decision goes down the one branch of its kind (rather than past every branch's filter).
        Map<String, KStream<String, Decision>> byKind = decisions
                .split(Named.as("decision-"))
                .branch((memberId, decision) -> decision instanceof Decision.Intent, Branched.as("intent"))
                .branch((memberId, decision) -> decision instanceof Decision.Status, Branched.as("status"))
                .branch((memberId, decision) -> Decision.isRisk(decision), Branched.as("risk"))
                .branch((memberId, decision) -> decision instanceof Decision.Flag, Branched.as("flag"))
                .defaultBranch(Branched.as("staff-item"));
        byKind.get("decision-intent")
                .flatMapValues(Decision::intents, Named.as("intents"))
                .to(Topics.OUTREACH_REQUESTS.name(), produced(Topics.OUTREACH_REQUESTS));
        byKind.get("decision-status")
                .flatMapValues(Decision::statuses, Named.as("statuses"))
                .to(Topics.CHECKIN_STATUS.name(), produced(Topics.CHECKIN_STATUS));
        byKind.get("decision-risk")
                .mapValues(Decision::riskOf, Named.as("risks"))
                .to(Topics.MEMBER_RISK.name(), produced(Topics.MEMBER_RISK));
        byKind.get("decision-flag")
                .flatMapValues(Decision::flags, Named.as("flag-changes"))
                .to(Topics.CASE_FLAGS.name(), produced(Topics.CASE_FLAGS));
        byKind.get("decision-staff-item")
                .flatMapValues(Decision::staffItems, Named.as("staff-items"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(FlagItem.class))
                        .withName(STAFF_ITEMS))
                .process(
                        () -> new StaffDigests(config.punctuateInterval(), metrics),
                        Named.as(DIGESTS),
                        StaffDigests.STORES.toArray(String[]::new))
                .to(
                        Topics.OUTREACH_REQUESTS.name(),
                        Produced.with(Topics.OUTREACH_REQUESTS.keySerde(), Topics.OUTREACH_REQUESTS.valueSerde())
                                .withName("staff-digest-sink"));
        return builder.build();
    }

    /** Reads a topic with its descriptor's serdes (whose failures carry no input text). */
    private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<V> topic) {
        return builder.stream(topic.name(), consumed(topic));
    }

    private static <V> Consumed<String, V> consumed(Topic<V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source");
    }

    private static <V> Produced<String, V> produced(Topic<V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-sink");
    }
}
