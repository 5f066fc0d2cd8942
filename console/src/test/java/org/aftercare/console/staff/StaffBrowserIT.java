package org.aftercare.console.staff;

import static org.aftercare.console.testing.BrowserSteps.assertHeading;
import static org.aftercare.console.testing.BrowserSteps.signInAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.console.testing.TopicData;
import org.aftercare.events.Topics;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.staff.AlertCadence;
import org.aftercare.events.staff.CareAssignmentEvent;
import org.aftercare.events.staff.CareTeam;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.aftercare.events.staff.StaffRole;
import org.aftercare.infra.browser.HeadlessChromium;
import org.aftercare.infra.kafka.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Managing staff in a real headless Chromium through the real OIDC sign-in (the provider's login
 * form; the claims are typed as an IdP would send them): an admin adds a staff member (after a
 * refused email shown beside its field) and makes them a member's primary; a clinician sets their
 * alert preferences; a clinician is refused the staff page; a deactivated staff member is refused
 * at sign-in; a clinician taken off a care team is refused the member's page at once.
 */
class StaffBrowserIT {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static ConsoleFixture app;
    private static StaffAdmin admin;
    private WebDriver browser;
    private HeadlessChromium chromium;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String adminId = "adm-" + suffix;
    private final String clinicianId = "cl-" + suffix;
    private final String memberId = "m-" + suffix;

    @BeforeAll
    static void start() {
        HeadlessChromium.requireInstalled();
        app = ConsoleFixture.start(true, Map.of());
        admin = app.console.staffAdmin();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        admin.save(
                "it-seed",
                new StaffAdmin.StaffDraft(
                        adminId, "Ari Admin", adminId + "@clinic.example.org", Set.of(StaffRole.ADMIN), CHICAGO));
        admin.save(
                "it-seed",
                new StaffAdmin.StaffDraft(
                        clinicianId,
                        "Dana Whitfield",
                        clinicianId + "@clinic.example.org",
                        Set.of(StaffRole.CLINICIAN),
                        CHICAGO));
        TopicData.member(app, memberId, "Avery");
        chromium = HeadlessChromium.open(new Dimension(1024, 768));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    @Test
    void anAdminAddsAStaffMemberAndMakesThemAMembersPrimary() throws Exception {
        String newId = "kim-" + suffix;
        try (TopicProbe<StaffDirectoryEvent> directory =
                        new TopicProbe<>(app.bootstrapServers(), Topics.STAFF_DIRECTORY);
                TopicProbe<CareAssignmentEvent> assignments =
                        new TopicProbe<>(app.bootstrapServers(), Topics.CARE_ASSIGNMENTS)) {
            signInAs(browser, app, "/staff", adminId, "Ari Admin", "admin");
            assertHeading(browser, "Staff");
            browser.findElement(By.linkText("Staff")).isDisplayed();
            browser.findElement(By.id("add-staff")).click();
            assertHeading(browser, "Add a staff member");
            type("f-staffId", newId);
            type("f-name", "Kim Lee");
            type("f-workEmail", "kim at the clinic");
            browser.findElement(By.cssSelector("#staff-form button[type=submit]"))
                    .click();

            // the refusal is beside the field, and tied to it
            assertHeading(browser, "Add a staff member");
            assertThat(browser.findElement(By.id("f-workEmail-error")).getText())
                    .isEqualTo("Work email is not a valid email address");
            assertThat(browser.findElement(By.id("f-workEmail")).getAttribute("aria-describedby"))
                    .isEqualTo("f-workEmail-error");
            type("f-workEmail", "kim@clinic.example.org");
            browser.findElement(By.cssSelector("#staff-form button[type=submit]"))
                    .click();
            assertHeading(browser, "Staff member Kim Lee");
            assertThat(browser.findElement(By.id("saved-notice")).getText()).isEqualTo("Saved.");

            // the member page links to the care team; the admin makes Kim the primary
            browser.get(app.baseUrl() + "/members/" + memberId);
            assertHeading(browser, "Avery");
            browser.findElement(By.id("care-team-link")).click();
            assertHeading(browser, "Care team of Avery");
            new Select(browser.findElement(By.id("f-primaryStaffId"))).selectByValue(newId);
            new Select(browser.findElement(By.id("f-other-1"))).selectByValue(clinicianId);
            browser.findElement(By.cssSelector("#care-team-form button[type=submit]"))
                    .click();
            assertHeading(browser, "Care team of Avery");
            assertThat(browser.findElement(By.id("saved-notice")).getText()).isEqualTo("Care team saved.");
            assertThat(new Select(browser.findElement(By.id("f-primaryStaffId")))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .isEqualTo(newId);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(directory.valuesFor(newId))
                        .singleElement()
                        .satisfies(
                                v -> assertThat(((StaffMember) v).workEmail()).isEqualTo("kim@clinic.example.org"));
                assertThat(assignments.valuesFor(memberId)).singleElement().satisfies(v -> {
                    assertThat(((CareTeam) v).primaryStaffId()).isEqualTo(newId);
                    assertThat(((CareTeam) v).otherStaffIds()).containsExactly(clinicianId);
                });
            });
        }
    }

    @Test
    void aClinicianSetsTheirOwnAlertPreferences() {
        signInAs(browser, app, "/me/alerts", clinicianId, "Dana Whitfield", "clinician");
        assertHeading(browser, "Your alert preferences");
        assertThat(browser.findElement(By.id("critical-always")).getText()).contains("always at once");
        assertThat(browser.findElements(By.cssSelector("select[name=alertCritical]")))
                .isEmpty();
        new Select(browser.findElement(By.id("f-alertHigh"))).selectByValue("every-3-hours");
        new Select(browser.findElement(By.id("f-alertMedium"))).selectByValue("daily-digest");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('f-digestAt').value = '07:30'");
        type("f-timeZone", "Europe/Berlin");
        browser.findElement(By.cssSelector("#alerts-form button[type=submit]")).click();
        assertHeading(browser, "Your alert preferences");
        assertThat(browser.findElement(By.id("saved-notice")).getText()).contains("saved");

        StaffMember saved = admin.find(clinicianId).orElseThrow();
        assertThat(saved.cadenceFor(FlagSeverity.HIGH)).isEqualTo(AlertCadence.EVERY_3_HOURS);
        assertThat(saved.cadenceFor(FlagSeverity.MEDIUM)).isEqualTo(AlertCadence.DAILY_DIGEST);
        assertThat(saved.digestAt()).isEqualTo(LocalTime.of(7, 30));
        assertThat(saved.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void aClinicianIsRefusedTheStaffPage() {
        signInAs(browser, app, "/staff", clinicianId, "Dana Whitfield", "clinician");
        assertHeading(browser, "Not allowed");
        assertThat(browser.findElement(By.id("reason")).getText()).contains("admin");
        assertThat(browser.findElements(By.linkText("Staff"))).isEmpty();
    }

    @Test
    void aDeactivatedStaffMemberIsRefusedAtSignIn() {
        admin.setActive(adminId, clinicianId, false);
        signInAs(browser, app, "/", clinicianId, "Dana Whitfield", "clinician");
        assertHeading(browser, "Not allowed");
        assertThat(browser.findElement(By.id("reason")).getText()).contains("deactivated");
        assertThat(browser.findElements(By.id("signed-in-as"))).isEmpty();
    }

    @Test
    void aClinicianTakenOffTheCareTeamIsRefusedTheMemberAtOnce() {
        admin.assign(adminId, memberId, clinicianId, List.of());
        signInAs(browser, app, "/members/" + memberId, clinicianId, "Dana Whitfield", "clinician");
        assertHeading(browser, "Avery");

        admin.assign(adminId, memberId, adminId, List.of());
        browser.navigate().refresh();

        assertHeading(browser, "Not allowed");
    }
}
