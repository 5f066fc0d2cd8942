package org.aftercare.scheduler.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.aftercare.events.Json;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.infra.kafka.KafkaBrokerExtension;
import org.aftercare.scheduler.testing.QuestionnaireForms;
import org.aftercare.scheduler.testing.SchedulerFixture;
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

/**
 * The questionnaire pages in a real headless Chromium on a phone's screen (390 x 844): a member
 * fills in the weekly reflection one question per screen, leaves half-way and resumes from the same
 * link in a fresh browser, and a member who answers the (made-up wording) PHQ-9's item 9 above 0
 * reaches the thank-you page with the crisis lines first.
 */
class QuestionnaireBrowserIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static SchedulerFixture app;
    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        var env = SchedulerFixture.env(KAFKA.bootstrapServers());
        env.put(
                "OUTREACH_QUESTIONNAIRES_DIR",
                Path.of("src/test/resources/questionnaires").toAbsolutePath().toString());
        app = SchedulerFixture.start(env);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        openPhone();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void openPhone() {
        chromium = HeadlessChromium.open(new Dimension(390, 844));
        browser = chromium.driver();
    }

    private String questionnaireLink(String instrument) throws Exception {
        String memberId = app.enroll("EXT-" + UUID.randomUUID()).get("memberId").asText();
        HttpResponse<String> opened = app.admin(
                "POST", "/api/members/" + memberId + "/questionnaires", "{\"instrument\":\"" + instrument + "\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        JsonNode o = Json.reader().readTree(opened.body());
        return app.publicUrl()
                + QuestionnaireForms.link(
                        SchedulerFixture.KEYS,
                        memberId,
                        o.get("questionnaireId").asText());
    }

    /** Waits for the screen that says "Question n of m" (the old page may linger a moment after a click). */
    private void assertQuestion(int number, int total) {
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(() -> {
                    assertThat(browser.findElement(By.id("progress-label")).getText())
                            .isEqualTo("Question " + number + " of " + total);
                    WebElement progress = browser.findElement(By.tagName("progress"));
                    assertThat(progress.getAttribute("value")).isEqualTo(Integer.toString(number));
                    assertThat(progress.getAttribute("max")).isEqualTo(Integer.toString(total));
                });
    }

    private void assertHeading(String expected) {
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.tagName("h1")).getText())
                                .isEqualTo(expected));
    }

    /** One question, screen-reader friendly and usable on a phone: a legend, a label per radio, big targets, no sideways scroll. */
    private void assertOneAccessibleQuestion() {
        assertThat(browser.getTitle()).isEqualTo("A few questions");
        assertThat(browser.findElements(By.cssSelector("form fieldset"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("fieldset > legend")).getText())
                .isNotBlank();
        List<WebElement> radios = browser.findElements(By.cssSelector("fieldset input[type=radio]"));
        assertThat(radios).isNotEmpty();
        for (WebElement radio : radios) {
            String id = radio.getAttribute("id");
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']")))
                    .as("label for " + id)
                    .hasSize(1);
        }
        for (WebElement target : browser.findElements(By.cssSelector("button, label.option"))) {
            assertThat(target.getSize().getHeight()).as("touch target height").isGreaterThanOrEqualTo(44);
        }
        Number overflow = (Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("horizontal scrolling").isLessThanOrEqualTo(0);
        assertThat(browser.findElement(By.tagName("footer")).getText()).contains("988");
    }

    private void choose(int value) {
        browser.findElement(By.cssSelector("label[for=answer-" + value + "]")).click();
        browser.findElement(By.cssSelector("button[value=next]")).click();
    }

    @Test
    void aMemberFillsInTheWeeklyReflectionLeavesHalfWayAndResumesFromTheSameLink() throws Exception {
        String link = questionnaireLink("weekly-reflection");
        browser.get(link);
        assertQuestion(1, 6);
        assertOneAccessibleQuestion();
        assertThat(browser.findElement(By.cssSelector("fieldset > legend")).getText())
                .isEqualTo("Over the past week, how well have you been sleeping?");
        assertThat(browser.findElements(By.cssSelector("button[value=back]")))
                .as("no back on the first")
                .isEmpty();

        choose(3);
        assertQuestion(2, 6);
        choose(1);
        assertQuestion(3, 6);
        // Back, and the answer given is still chosen.
        browser.findElement(By.cssSelector("button[value=back]")).click();
        assertQuestion(2, 6);
        assertThat(browser.findElement(By.id("answer-1")).isSelected()).isTrue();
        choose(1);
        assertQuestion(3, 6);

        // The member closes the browser; later, the same link in a fresh one resumes at question 3.
        chromium.close();
        openPhone();
        browser.get(link);
        assertQuestion(3, 6);
        assertOneAccessibleQuestion();

        choose(2);
        assertQuestion(4, 6);
        choose(4);
        assertQuestion(5, 6);
        choose(0);
        assertQuestion(6, 6);
        // Using on a day brings the question the skip rule keeps for it: now 7 in all.
        choose(1);
        assertQuestion(7, 7);
        choose(0);
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(() -> assertThat(
                                browser.findElement(By.id("progress-label")).getText())
                        .isEqualTo("All 7 questions answered"));
        browser.findElement(By.cssSelector("button[value=next]")).click();

        assertHeading("Thank you");
        assertThat(browser.getTitle()).isEqualTo("Thank you");
        assertThat(browser.findElements(By.cssSelector("main > .urgent[role=alert]")))
                .as("no crisis box first without a critical answer")
                .isEmpty();

        browser.get(link);
        assertHeading("Already sent");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("already sent");
    }

    @Test
    void aCriticalAnswerLeadsToTheThankYouPageWithTheCrisisLinesFirst() throws Exception {
        String link = questionnaireLink("phq-9");
        browser.get(link);
        assertQuestion(1, 2);
        assertOneAccessibleQuestion();
        assertThat(browser.findElement(By.cssSelector("fieldset > legend")).getText())
                .isEqualTo("Made-up question one");
        choose(2);
        assertQuestion(2, 2);
        // The two-item screen scores 3 or more: the rest of the form follows.
        choose(1);
        assertQuestion(3, 9);
        for (int n = 3; n <= 8; n++) {
            choose(0);
            assertQuestion(n + 1, 9);
        }
        choose(1);
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(() -> assertThat(
                                browser.findElement(By.id("progress-label")).getText())
                        .isEqualTo("All 9 questions answered"));
        browser.findElement(By.cssSelector("button[value=next]")).click();

        assertHeading("Thank you");
        // What comes first under the heading is the crisis box: 988 and SAMHSA, then the kind words.
        WebElement first = browser.findElement(By.cssSelector("main > h1 + *"));
        assertThat(first.getAttribute("role")).isEqualTo("alert");
        assertThat(first.getText()).contains("988", "1-800-662-4357");
        String main = browser.findElement(By.tagName("main")).getText();
        assertThat(main.indexOf("1-800-662-4357")).isLessThan(main.indexOf("Thank you for answering"));
    }
}
