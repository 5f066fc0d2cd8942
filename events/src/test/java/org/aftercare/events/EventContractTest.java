package org.aftercare.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventContractTest {

    static Stream<String> eventTypes() {
        return GoldenSamples.ALL.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void goldenSampleReadsIntoTheExpectedEvent(String type) {
        GoldenSamples.Golden golden = GoldenSamples.ALL.get(type);

        Object read = GoldenSamples.read(type, golden.topic());

        assertThat(read).isEqualTo(golden.expected().get());
        assertThat(typeOf(read)).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void writingAnEventGivesExactlyTheGoldenJson(String type) throws Exception {
        GoldenSamples.Golden golden = GoldenSamples.ALL.get(type);

        byte[] written = write(golden.topic(), golden.expected().get());

        JsonNode expected = Json.reader().readTree(GoldenSamples.bytes(type));
        assertThat(Json.reader().readTree(written)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void everyEventSurvivesARoundTrip(String type) {
        GoldenSamples.Golden golden = GoldenSamples.ALL.get(type);
        Object event = golden.expected().get();

        Object back = roundTrip(golden.topic(), event);

        assertThat(back).isEqualTo(event);
    }

    @Test
    void everyTopicHasAGoldenSampleForEachOfItsKinds() {
        List<Class<?>> covered = GoldenSamples.ALL.values().stream()
                .<Class<?>>map(g -> g.expected().get().getClass())
                .toList();
        for (Topic<?> topic : Topics.ALL) {
            if (topic.valueSerde() instanceof JsonSerde<?> serde) {
                for (Class<?> kind : serde.type().getPermittedSubclasses()) {
                    if (kind.isRecord()) {
                        assertThat(covered)
                                .as("golden sample for %s on %s", kind.getSimpleName(), topic.name())
                                .contains(kind);
                    }
                }
            }
        }
    }

    @Test
    void staffKnowAMemberByTheProgramIdElseByTheMemberId() {
        MemberProfile sam = Samples.memberProfile();
        ObjectNode json = Json.tree(sam);
        assertThat(sam.programId()).isEqualTo("EXT-1001");
        assertThat(json.has("programId")).as("not part of the contract").isFalse();

        json.remove("externalId");
        assertThat(Json.convert(json, MemberProfile.class).programId()).isEqualTo(Samples.MEMBER_ID);
        json.put("externalId", " ");
        assertThat(Json.convert(json, MemberProfile.class).programId()).isEqualTo(Samples.MEMBER_ID);
    }

    @Test
    void preferencesWrittenBeforeTheMembersOwnChoicesReadAsTrackedAndNoWeeklySummary() throws Exception {
        ObjectNode json = (ObjectNode) Json.reader().readTree(GoldenSamples.bytes("member.profile"));
        ObjectNode prefs = (ObjectNode) json.get("preferences");
        prefs.remove(List.of("trackRecoveryDate", "weeklySummary"));

        MemberProfile read = (MemberProfile) Topics.MEMBER_PROFILE
                .valueSerde()
                .deserializer()
                .deserialize("member.profile", Json.writer().writeValueAsBytes(json));

        assertThat(read.preferences().trackRecoveryDate()).isTrue();
        assertThat(read.preferences().weeklySummary()).isFalse();
        assertThat(read.preferences().encouragement()).isTrue();
        prefs.put("trackRecoveryDate", false);
        prefs.put("weeklySummary", true);
        MemberProfile chosen = (MemberProfile) Topics.MEMBER_PROFILE
                .valueSerde()
                .deserializer()
                .deserialize("member.profile", Json.writer().writeValueAsBytes(json));
        assertThat(chosen.preferences().trackRecoveryDate()).isFalse();
        assertThat(chosen.preferences().weeklySummary()).isTrue();
    }

    @Test
    void anUnknownExtraFieldIsIgnored() throws Exception {
        ObjectNode json = (ObjectNode) Json.reader().readTree(GoldenSamples.bytes("checkin.answered"));
        json.put("addedInSchemaVersion2", "whatever");
        json.putObject("nested").put("x", 1);

        CheckInResponseEvent read = Topics.CHECKIN_RESPONSES
                .valueSerde()
                .deserializer()
                .deserialize("checkin.responses", Json.writer().writeValueAsBytes(json));

        assertThat(read).isEqualTo(Samples.checkInAnswered());
    }

    @Test
    void malformedJsonRaisesSerializationException() {
        byte[] garbage = "{\"type\":\"checkin.answered\", \"memberId\": ".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() ->
                        Topics.CHECKIN_RESPONSES.valueSerde().deserializer().deserialize("t", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("malformed JSON")
                .hasNoCause();
    }

    @Test
    void anUnknownEventTypeRaisesSerializationException() throws Exception {
        ObjectNode json = (ObjectNode) Json.reader().readTree(GoldenSamples.bytes("checkin.answered"));
        json.put("type", "checkin.teleported");

        assertThatThrownBy(() -> Topics.CHECKIN_RESPONSES
                        .valueSerde()
                        .deserializer()
                        .deserialize("t", Json.writer().writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown or missing event type");
    }

    @Test
    void aRecordThatBreaksTheContractIsRejectedNamingTheFieldButNotTheValue() throws Exception {
        ObjectNode json = (ObjectNode) Json.reader().readTree(GoldenSamples.bytes("checkin.answered"));
        json.put("craving", 11);

        assertThatThrownBy(() -> Topics.CHECKIN_RESPONSES
                        .valueSerde()
                        .deserializer()
                        .deserialize("t", Json.writer().writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("craving must be between 0 and 10")
                .message()
                .doesNotContain("Rough day");
    }

    @Test
    void aMistypedValueIsRejectedWithoutQuotingIt() throws Exception {
        ObjectNode json = (ObjectNode) Json.reader().readTree(GoldenSamples.bytes("checkin.answered"));
        json.put("mood", "secret-words-of-the-member");

        assertThatThrownBy(() -> Topics.CHECKIN_RESPONSES
                        .valueSerde()
                        .deserializer()
                        .deserialize("t", Json.writer().writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'mood'")
                .message()
                .doesNotContain("secret-words");
    }

    @Test
    void aMissingRequiredFieldIsRejected() throws Exception {
        ObjectNode json = (ObjectNode) Json.reader().readTree(GoldenSamples.bytes("member.profile"));
        json.remove("memberId");

        assertThatThrownBy(() -> Topics.MEMBER_PROFILE
                        .valueSerde()
                        .deserializer()
                        .deserialize("t", Json.writer().writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("memberId is required");
    }

    @Test
    void nullPassesThroughBothWaysAsATombstone() {
        Serde<ProfileEvent> serde = Topics.MEMBER_PROFILE.valueSerde();

        assertThat(serde.serializer().serialize("member.profile", null)).isNull();
        assertThat(serde.deserializer().deserialize("member.profile", null)).isNull();
    }

    @Test
    void anEventCannotBeBuiltBreakingItsContract() {
        assertThatThrownBy(() -> CheckInAnswered.of("m", "ci", "link-1", null, 1, 1, null, Samples.NOW))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("status is required");
    }

    @Test
    void deterministicIdsRepeatForTheSameInputsAndDifferOtherwise() {
        assertThat(Ids.checkInId("m1", Samples.DUE_AT)).isEqualTo(Ids.checkInId("m1", Samples.DUE_AT));
        assertThat(Ids.checkInId("m1", Samples.DUE_AT)).isNotEqualTo(Ids.checkInId("m2", Samples.DUE_AT));
        assertThat(Ids.notificationId("a", "b")).isNotEqualTo(Ids.notificationId("ab"));
    }

    @Test
    void everyTopicIsKeyedByStringAndSharesOnePartitionCountDefault() {
        assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates();
        List<Topic<?>> latestPerKey =
                List.of(Topics.MEMBER_PROFILE, Topics.MEMBER_RISK, Topics.STAFF_DIRECTORY, Topics.CARE_ASSIGNMENTS);
        assertThat(latestPerKey).allSatisfy(t -> assertThat(t.cleanupPolicy()).isEqualTo("compact"));
        assertThat(latestPerKey)
                .allSatisfy(t -> assertThat(t.maxCompactionLag()).isEqualTo(Topics.ERASURE_LAG));
        assertThat(Topics.ALL)
                .filteredOn(t -> !latestPerKey.contains(t))
                .allSatisfy(t -> assertThat(t.cleanupPolicy()).isEqualTo("delete"));
        MemberProfile profile = Samples.memberProfile();
        assertThat(profile.contact(Samples.CONTACT_ID)).isPresent();
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] write(Topic<V> topic, Object value) {
        return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
    }

    private static <V> V roundTrip(Topic<V> topic, Object value) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), write(topic, value));
    }

    /** The JSON type of an event (staff records are not members' events, so not every value is an {@link Event}). */
    private static String typeOf(Object value) {
        if (value instanceof Event event) {
            return event.type();
        }
        return value.getClass().getAnnotation(JsonTypeName.class).value();
    }
}
