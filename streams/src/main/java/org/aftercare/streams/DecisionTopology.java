package org.aftercare.streams;

import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.aftercare.streams.checkin.CheckInWindows;
import org.aftercare.streams.decisions.Decision;
import org.aftercare.streams.decisions.LifecycleInput;
import org.aftercare.streams.decisions.MemberDecisions;
import org.aftercare.streams.metrics.DecisionMetrics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The decisions topology, as a pure function of the configuration (tests build the very same
 * one). In: {@code checkin.due}, {@code checkin.responses} (answers and help requests), {@code member.profile} and
 * {@code contact.actions}, all keyed by memberId and co-partitioned. Out: intents to {@code outreach.requests}, check-in outcomes
 * to {@code checkin.status} and each member's risk tier to {@code member.risk} (a tombstone on erasure).
 *
 * <pre>
 *  checkin.due ─────────┐
 *  checkin.responses ───┤
 *  member.profile ──────┼─▶ checkin-lifecycle (stores + wall-clock punctuation) ─┬─▶ outreach.requests
 *  contact.actions ─────┘   check-ins, escalations, risky answers, milestones,    ├─▶ checkin.status
 *                           risk tiers                                            └─▶ member.risk
 * </pre>
 *
 * <p>The processor node {@value #LIFECYCLE} is {@link MemberDecisions}. Its stores are named where
 * they are kept; those names are part of the running state (changelog topics are named after them).
 */
public final class DecisionTopology {

    public static final String LIFECYCLE = "checkin-lifecycle";

    private DecisionTopology() {}

    public static Topology build(DecisionConfig config) {
        return build(config, DecisionMetrics.NONE);
    }

    /** As {@link #build(DecisionConfig)}, counting decisions into {@code metrics}. */
    public static Topology build(DecisionConfig config, DecisionMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        MemberDecisions.storeBuilders().forEach(builder::addStateStore);

        KStream<String, LifecycleInput> dues = source(builder, Topics.CHECKIN_DUE)
                .mapValues(due -> LifecycleInput.of(due), Named.as("checkin-due-input"));
        KStream<String, LifecycleInput> answers = source(builder, Topics.CHECKIN_RESPONSES)
                .mapValues(answer -> LifecycleInput.of(answer), Named.as("checkin-response-input"));
        KStream<String, LifecycleInput> contactActions = source(builder, Topics.CONTACT_ACTIONS)
                .mapValues(action -> LifecycleInput.of(action), Named.as("contact-action-input"));
        KStream<String, LifecycleInput> profiles = source(builder, Topics.MEMBER_PROFILE)
                .mapValues(
                        (memberId, profile) -> LifecycleInput.of(memberId, profile), Named.as("member-profile-input"));

        CheckInWindows windows = new CheckInWindows(
                config.grace(),
                config.respondWindow(),
                config.highRiskGrace(),
                config.highRiskRespondWindow(),
                config.veryHighGrace(),
                config.veryHighRespondWindow());
        KStream<String, Decision> decisions = dues.merge(answers, Named.as("checkin-inputs"))
                .merge(profiles, Named.as("lifecycle-inputs"))
                .merge(contactActions, Named.as("decision-inputs"))
                .process(
                        () -> new MemberDecisions(
                                windows,
                                config.retention(),
                                config.punctuateInterval(),
                                config.escalation(),
                                config.risk(),
                                config.highCraving(),
                                metrics),
                        Named.as(LIFECYCLE),
                        MemberDecisions.stores().toArray(String[]::new));

        decisions
                .flatMapValues(Decision::intents, Named.as("intents"))
                .to(Topics.OUTREACH_REQUESTS.name(), produced(Topics.OUTREACH_REQUESTS));
        decisions
                .flatMapValues(Decision::statuses, Named.as("statuses"))
                .to(Topics.CHECKIN_STATUS.name(), produced(Topics.CHECKIN_STATUS));
        decisions
                .filter((memberId, decision) -> Decision.isRisk(decision), Named.as("risk-changes"))
                .mapValues(Decision::riskOf, Named.as("risks"))
                .to(Topics.MEMBER_RISK.name(), produced(Topics.MEMBER_RISK));
        return builder.build();
    }

    /** Reads a topic with its descriptor's serdes (whose failures carry no input text). */
    private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<V> topic) {
        return builder.stream(
                topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source"));
    }

    private static <V> Produced<String, V> produced(Topic<V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-sink");
    }
}
