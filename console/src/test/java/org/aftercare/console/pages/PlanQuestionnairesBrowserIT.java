package org.aftercare.console.pages;

import static org.aftercare.console.testing.BrowserSteps.assertHeading;
import static org.aftercare.console.testing.BrowserSteps.signInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.aftercare.console.readmodel.MemberRecords;
import org.aftercare.console.scheduler.SchedulerSettings;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.events.Json;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.scheduler.testing.SchedulerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The plan form's questionnaires in a real headless Chromium through the real OIDC sign-in, against
 * a real scheduler started in process: a supervisor gives a member the weekly reflection every
 * Sunday at 18:00, the scheduler holds it, and the form opens with it next time; a questionnaire
 * whose licensed wording is not installed is shown disabled with the reason.
 */
class PlanQuestionnairesBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static SchedulerFixture scheduler;
    private static ConsoleFixture app;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.requireInstalled();
        scheduler = SchedulerFixture.start(SchedulerFixture.env(ConsoleFixture.KAFKA.bootstrapServers()));
        app = ConsoleFixture.start(
                true,
                Map.of(SchedulerSettings.URL, scheduler.adminUrl(), SchedulerSettings.TOKEN, SchedulerFixture.TOKEN));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static JsonNode questionnairesAtScheduler(String memberId) throws Exception {
        HttpResponse<String> r = scheduler.admin("GET", "/api/members/" + memberId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.reader().readTree(r.body()).get("plan").get("questionnaires");
    }

    @Test
    void aSupervisorSetsAWeeklyQuestionnaireOnThePlanFormAndSeesItSaved() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String externalId = "PLANQ-" + suffix;
        String memberId = scheduler.enroll(externalId).get("memberId").asText();
        MemberRecords records = new MemberRecords(app.console.database(), app.clock);
        await().atMost(WAIT).until(() -> records.of(memberId).isPresent());

        try (HeadlessChromium chromium = HeadlessChromium.open(new Dimension(1024, 900))) {
            WebDriver browser = chromium.driver();
            signInAs(browser, app, "/members/" + memberId + "/plan", "sup-plan-" + suffix, "Robin Hale", "supervisor");
            assertHeading(browser, "Check-in plan", WAIT);

            WebElement phq9 = browser.findElement(By.id("q-phq-9"));
            assertThat(phq9.getDomAttribute("disabled"))
                    .as("not ready: disabled")
                    .isNotNull();
            assertThat(browser.findElement(By.id("q-phq-9-reason")).getText())
                    .startsWith("Not ready to be given: its wording is not installed");
            assertThat(browser.findElement(By.id("q-weekly-reflection-repeat-none"))
                            .isSelected())
                    .isTrue();

            browser.findElement(By.id("q-weekly-reflection-repeat-weekly")).click();
            new Select(browser.findElement(By.id("q-weekly-reflection-day"))).selectByVisibleText("Sunday");
            WebElement time = browser.findElement(By.id("q-weekly-reflection-time"));
            time.clear();
            time.sendKeys("18:00");
            browser.findElement(By.cssSelector("#plan-form button[type=submit]"))
                    .click();

            assertHeading(browser, "Sam (" + externalId + ")", WAIT);
            assertThat(browser.getCurrentUrl()).endsWith("/members/" + memberId + "?done=plan");
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("Check-in plan changed by the scheduler.");
            JsonNode saved = questionnairesAtScheduler(memberId);
            assertThat(saved).hasSize(1);
            assertThat(saved.get(0).get("instrument").asText()).isEqualTo("weekly-reflection");
            assertThat(saved.get(0).get("repeat").asText()).isEqualTo("weekly");
            assertThat(saved.get(0).get("day").asText()).isEqualTo("SUNDAY");
            assertThat(saved.get(0).get("time").asText()).startsWith("18:00");

            browser.findElement(By.id("edit-plan")).click();
            assertHeading(browser, "Check-in plan", WAIT);
            assertThat(browser.findElement(By.id("q-weekly-reflection-repeat-weekly"))
                            .isSelected())
                    .isTrue();
            assertThat(new Select(browser.findElement(By.id("q-weekly-reflection-day")))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("Sunday");
            assertThat(browser.findElement(By.id("q-weekly-reflection-time")).getDomProperty("value"))
                    .isEqualTo("18:00");
        }
    }
}
