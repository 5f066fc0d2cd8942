package org.aftercare.scheduler.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.checkin.HelpRequested;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The member's own pages behind sealed links, over plain HTTP, as a member (or whoever holds the
 * link) reaches them: answers through more than one link, the "I need help now" page, and links of
 * an erased member.
 */
class MemberPagesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static SchedulerFixture app;

    @BeforeAll
    static void start() throws Exception {
        var env = SchedulerFixture.env(KAFKA.bootstrapServers());
        env.put("OUTREACH_HELP_REQUEST_INTERVAL", "10m");
        app = SchedulerFixture.start(env);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String enroll() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
    }

    private static String checkInLink(String memberId, String checkInId) {
        return SchedulerFixture.link(Links.CHECK_IN, Links.PURPOSE_CHECK_IN, memberId, checkInId, Links.ACTION_ANSWER);
    }

    private static List<CheckInResponseEvent> responsesFor(String memberId, int atLeast) {
        try (TopicProbe<CheckInResponseEvent> responses =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_RESPONSES)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> responses.valuesFor(memberId).size() >= atLeast);
            return responses.valuesFor(memberId);
        }
    }

    @Test
    void aSecondAnswerToOneCheckInThroughTheRemindersLinkIsRecordedAsItsOwnEvent() throws Exception {
        String memberId = enroll();
        String fromThePrompt = checkInLink(memberId, "ci-1");
        String fromTheReminder = checkInLink(memberId, "ci-1");

        assertThat(app.postForm(fromThePrompt, "status=ok").statusCode()).isEqualTo(200);
        HttpResponse<String> second = app.postForm(fromTheReminder, "status=need-help");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("988", "1-800-662-4357");
        assertThat(app.postForm(fromTheReminder, "status=need-help").statusCode())
                .as("each link answers once")
                .isEqualTo(410);

        List<CheckInResponseEvent> answers = responsesFor(memberId, 2);
        assertThat(answers).hasSize(2).allSatisfy(a -> assertThat(a).isInstanceOf(CheckInAnswered.class));
        assertThat(answers)
                .extracting(a -> ((CheckInAnswered) a).status())
                .containsExactly(AnswerStatus.OK, AnswerStatus.NEED_HELP);
        assertThat(answers).extracting(CheckInResponseEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void everyMemberPageCarriesAHelpLinkThatAsksTheProgramToReachOutAtAnyTime() throws Exception {
        String memberId = enroll();
        HttpResponse<String> form = app.get(checkInLink(memberId, "ci-1"));
        String help = helpLinkOn(form.body());

        HttpResponse<String> page = app.get(help);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("988", "1-800-662-4357", "911", "Ask the program to reach out to me now");
        assertThat(page.body().indexOf("988"))
                .as("the crisis lines come first")
                .isLessThan(page.body().indexOf("<form"));

        HttpResponse<String> asked = app.postForm(help, "");
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("reached the program", "988");

        assertThat(responsesFor(memberId, 1))
                .singleElement()
                .isInstanceOfSatisfying(
                        HelpRequested.class, h -> assertThat(h.memberId()).isEqualTo(memberId));
        assertThat(helpLinkOn(asked.body()))
                .as("the help page itself is a member page")
                .isNotBlank();
    }

    @Test
    void pressingHelpAgainWithinTheIntervalIsToldItIsWithTheProgramAndPassesNothingOnTwice() throws Exception {
        String memberId = enroll();
        String help = helpLinkOn(app.get(checkInLink(memberId, "ci-1")).body());
        assertThat(app.postForm(help, "").statusCode()).isEqualTo(200);

        HttpResponse<String> again = app.postForm(help, "");
        HttpResponse<String> fromAnotherPage =
                app.postForm(helpLinkOn(app.get(checkInLink(memberId, "ci-2")).body()), "");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("already have your request", "988");
        assertThat(fromAnotherPage.body()).contains("already have your request");
        // A later answer is published after both presses: once it is on the topic, so would be any second request.
        assertThat(app.postForm(checkInLink(memberId, "ci-3"), "status=ok").statusCode())
                .isEqualTo(200);
        List<CheckInResponseEvent> responses = responsesFor(memberId, 2);
        assertThat(responses).filteredOn(HelpRequested.class::isInstance).hasSize(1);
    }

    @Test
    void theLinksOfAnErasedMemberShowNoLongerActiveOnGetAndPost() throws Exception {
        String memberId = enroll();
        String checkIn = checkInLink(memberId, "ci-1");
        String help = helpLinkOn(app.get(checkIn).body());
        assertThat(app.admin("DELETE", "/api/members/" + memberId, null).statusCode())
                .isEqualTo(204);

        for (HttpResponse<String> r :
                List.of(app.get(checkIn), app.postForm(checkIn, "status=ok"), app.get(help), app.postForm(help, ""))) {
            assertThat(r.statusCode())
                    .as(r.request().method() + " " + r.uri().getPath().substring(0, 3))
                    .isEqualTo(410);
            assertThat(r.body()).contains("no longer active").doesNotContain("How are you doing");
        }
    }

    private static final Pattern HELP_LINK = Pattern.compile("href=\"(/h/[A-Za-z0-9_-]+)\"");

    private static String helpLinkOn(String html) {
        Matcher m = HELP_LINK.matcher(html);
        assertThat(m.find()).as("a help link on the page").isTrue();
        return m.group(1);
    }
}
