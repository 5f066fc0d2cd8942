package org.aftercare.scheduler.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.aftercare.events.Ids;
import org.aftercare.events.Json;
import org.aftercare.events.Topics;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.checkin.CheckInAnswered;
import org.aftercare.events.checkin.CheckInResponseEvent;
import org.aftercare.events.contact.ContactActionEvent;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.aftercare.events.staff.FlagAcknowledged;
import org.aftercare.events.staff.FlagResolved;
import org.aftercare.events.staff.StaffActionEvent;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.infra.kafka.TopicProbe;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.aftercare.scheduler.testing.StaffTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The member, contact and staff pages (check-in, invitation, unsubscribe, away, staff flag,
 * "were you able to reach them?") in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, installed by {@code .ci/run}), at a phone's screen size. Selenium
 * Manager is never asked to download anything: driver and browser paths are given.
 */
class PagesBrowserIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static SchedulerFixture app;
    private WebDriver browser;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        app = SchedulerFixture.start(SchedulerFixture.env(KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        chromium = HeadlessChromium.open(new Dimension(390, 844));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    /**
     * The page with this heading is shown. After a click the old page may still be there for a
     * moment, or go stale while the next one loads: wait for the new one instead of reading too early.
     */
    private void assertHeading(String expected) {
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(() -> assertThat(heading()).isEqualTo(expected));
    }

    /** Readable on a phone: nothing wider than the screen, every visible field labelled, touch targets of 44 px or more. */
    private void assertPhoneFriendlyAndLabelled() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Number overflow = (Number)
                js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("horizontal scrolling").isLessThanOrEqualTo(0);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        for (WebElement input : browser.findElements(By.cssSelector("input:not([type=hidden]), textarea"))) {
            String id = input.getAttribute("id");
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']")))
                    .as("label for " + id)
                    .isNotEmpty();
        }
        for (WebElement target : browser.findElements(By.cssSelector("button, label.option, .scale label"))) {
            assertThat(target.getSize().getHeight()).as("touch target height").isGreaterThanOrEqualTo(44);
        }
    }

    private static JsonNode enroll() throws Exception {
        return app.enroll("EXT-" + UUID.randomUUID());
    }

    @Test
    void aMemberFillsInTheCheckInFormOnAPhoneAndTheAnswerReachesTheTopic() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String checkInId = "ci-browser-" + UUID.randomUUID();
        browser.get(app.publicUrl()
                + SchedulerFixture.link(
                        Links.CHECK_IN, Links.PURPOSE_CHECK_IN, memberId, checkInId, Links.ACTION_ANSWER));
        assertHeading("Your check-in");
        assertPhoneFriendlyAndLabelled();

        browser.findElement(By.cssSelector("label[for=status-struggling]")).click();
        browser.findElement(By.cssSelector("label[for=craving-7]")).click();
        browser.findElement(By.cssSelector("label[for=mood-2]")).click();
        browser.findElement(By.id("note")).sendKeys("long day at work");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertHeading("Thank you");
        assertThat(browser.getPageSource()).contains("988");
        try (TopicProbe<CheckInResponseEvent> responses =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CHECKIN_RESPONSES)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !responses.valuesFor(memberId).isEmpty());
            assertThat(responses.valuesFor(memberId))
                    .singleElement()
                    .isInstanceOfSatisfying(CheckInAnswered.class, a -> {
                        assertThat(a.checkInId()).isEqualTo(checkInId);
                        assertThat(a.status()).isEqualTo(AnswerStatus.STRUGGLING);
                        assertThat(a.craving()).isEqualTo(7);
                        assertThat(a.mood()).isEqualTo(2);
                    });
        }
    }

    @Test
    void aContactConfirmsTheInvitationInTheBrowser() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String contactId = member.get("contacts").get(0).get("contactId").asText();
        browser.get(app.publicUrl() + app.invitation(memberId, contactId));
        assertHeading("Will you be a support contact?");
        assertPhoneFriendlyAndLabelled();

        browser.findElement(By.cssSelector("button[value=confirm]")).click();

        assertHeading("Thank you");
        JsonNode after = Json.reader()
                .readTree(app.admin("GET", "/api/members/" + memberId, null).body());
        assertThat(after.get("contacts").get(0).get("state").asText()).isEqualTo("confirmed");
    }

    @Test
    void aContactUnsubscribesFromThePageButton() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String contactId = member.get("contacts").get(0).get("contactId").asText();
        browser.get(app.publicUrl()
                + app.contactLink(
                        Links.UNSUBSCRIBE,
                        Links.PURPOSE_UNSUBSCRIBE,
                        memberId,
                        contactId,
                        contactId,
                        Links.ACTION_UNSUBSCRIBE));
        assertHeading("Unsubscribe");
        assertPhoneFriendlyAndLabelled();

        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertHeading("You are unsubscribed");
        JsonNode after = Json.reader()
                .readTree(app.admin("GET", "/api/members/" + memberId, null).body());
        assertThat(after.get("contacts").get(0).get("state").asText()).isEqualTo("unsubscribed");
    }

    @Test
    void aLinkOpenedAgainAfterUseShowsAFriendlyPage() throws Exception {
        String memberId = enroll().get("memberId").asText();
        String link = app.publicUrl()
                + SchedulerFixture.link(
                        Links.CHECK_IN,
                        Links.PURPOSE_CHECK_IN,
                        memberId,
                        "ci-reuse-" + UUID.randomUUID(),
                        Links.ACTION_ANSWER);
        browser.get(link);
        browser.findElement(By.cssSelector("label[for=status-ok]")).click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertHeading("Thank you");

        browser.get(link);

        assertHeading("Already done");
        assertThat(browser.getPageSource())
                .contains("already been used")
                .doesNotContain("Exception")
                .contains("988");
        assertThat(browser.findElements(By.tagName("form"))).isEmpty();
        assertThat(List.of(browser.getTitle())).containsExactly("Already done");
    }

    private String putStaff(String name) {
        String staffId = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        app.staffTopics().stored(StaffTopics.clinician(staffId, name, staffId + "@program.example.org"));
        return staffId;
    }

    @Test
    void aMemberSetsThemselvesAwayFromThePhoneAndTheSnapshotCarriesIt() throws Exception {
        String memberId = enroll().get("memberId").asText();
        browser.get(app.publicUrl()
                + SchedulerFixture.link(
                        LinkKind.AWAY.path(),
                        LinkKind.AWAY.purpose(),
                        memberId,
                        Links.SUBJECT_MEMBER,
                        LinkKind.AWAY.action()));
        assertHeading("Away for a while?");
        assertPhoneFriendlyAndLabelled();
        assertThat(browser.getPageSource()).contains("988", "I need help now");
        WebElement date = browser.findElement(By.id("until"));
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        assertThat(date.getAttribute("max")).isEqualTo(today.plusDays(90).toString());
        LocalDate until = today.plusDays(12);
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", date, until.toString());
        browser.findElement(By.cssSelector("label[for=keep-no]")).click();
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        assertHeading("You are set as away");
        assertThat(browser.getPageSource()).contains("pause until then", "988");
        try (TopicProbe<ProfileEvent> profiles = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.MEMBER_PROFILE)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            profiles.valuesFor(memberId).stream().anyMatch(p -> ((MemberProfile) p).away() != null));
            assertThat(((MemberProfile) profiles.valuesFor(memberId).getLast()).away())
                    .isEqualTo(new Away(until, false, Away.SetBy.MEMBER));
        }
    }

    @Test
    void aStaffMemberActsOnAFlagFromTheLinkAndEachPressIsAStaffAction() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String staffId = putStaff("Dana");
        app.careTeam(memberId, staffId);
        String flagId = Ids.flagId(memberId, "browser-" + UUID.randomUUID());
        browser.get(app.publicUrl()
                + SchedulerFixture.link(
                        LinkKind.STAFF_FLAG.path(),
                        LinkKind.STAFF_FLAG.purpose(),
                        memberId,
                        Links.flagSubject(flagId, staffId),
                        LinkKind.STAFF_FLAG.action()));
        assertHeading("A flag for Sam");
        assertPhoneFriendlyAndLabelled();
        assertThat(browser.getPageSource())
                .contains(member.get("externalId").asText(), "988")
                .doesNotContain("sam@example.org")
                .doesNotContain("Alex");

        browser.findElement(By.xpath("//button[text()=\"I'm on it\"]")).click();
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(() ->
                        assertThat(browser.getPageSource()).contains("Sent to the care team's record: you are on it"));
        new Select(browser.findElement(By.id("outcome"))).selectByValue("reached-safe");
        browser.findElement(By.xpath("//button[text()='Resolve']")).click();
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(() ->
                        assertThat(browser.getPageSource()).contains("Sent to the care team's record: your outcome"));

        try (TopicProbe<StaffActionEvent> actions = new TopicProbe<>(KAFKA.bootstrapServers(), Topics.STAFF_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> actions.valuesFor(memberId).size() >= 2);
            List<StaffActionEvent> published = actions.valuesFor(memberId);
            assertThat(published).hasSize(2).allSatisfy(a -> {
                assertThat(a.staffId()).isEqualTo(staffId);
                assertThat(a.flagId()).isEqualTo(flagId);
            });
            assertThat(published.getFirst()).isInstanceOf(FlagAcknowledged.class);
            assertThat(published.getLast())
                    .isInstanceOfSatisfying(
                            FlagResolved.class, r -> assertThat(r.outcome()).isEqualTo(FlagOutcome.REACHED_SAFE));
        }
    }

    @Test
    void aContactAnswersWhetherTheyReachedTheMemberAndTheReportReachesTheTopic() throws Exception {
        JsonNode member = enroll();
        String memberId = member.get("memberId").asText();
        String contactId = member.get("contacts").get(0).get("contactId").asText();
        app.confirmContact(memberId, contactId);
        String escalationId = Ids.escalationId(memberId, "browser-" + UUID.randomUUID());
        browser.get(app.publicUrl()
                + app.contactLink(
                        LinkKind.REACH_FOLLOW_UP.path(),
                        LinkKind.REACH_FOLLOW_UP.purpose(),
                        memberId,
                        contactId,
                        Links.escalationSubject(escalationId, contactId),
                        LinkKind.REACH_FOLLOW_UP.action()));
        assertHeading("Were you able to reach Sam?");
        assertPhoneFriendlyAndLabelled();

        browser.findElement(By.cssSelector("button[value=not-yet]")).click();

        assertHeading("Thank you");
        assertThat(browser.getPageSource()).contains("follow up", "988");
        try (TopicProbe<ContactActionEvent> actions =
                new TopicProbe<>(KAFKA.bootstrapServers(), Topics.CONTACT_ACTIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> actions.valuesFor(memberId).stream().anyMatch(ReachReported.class::isInstance));
            assertThat(actions.valuesFor(memberId))
                    .filteredOn(ReachReported.class::isInstance)
                    .singleElement()
                    .isInstanceOfSatisfying(ReachReported.class, r -> {
                        assertThat(r.escalationId()).isEqualTo(escalationId);
                        assertThat(r.contactId()).isEqualTo(contactId);
                        assertThat(r.reached()).isFalse();
                    });
        }
    }
}
