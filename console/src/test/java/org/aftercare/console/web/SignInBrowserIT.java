package org.aftercare.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.aftercare.console.testing.ConsoleFixture;
import org.aftercare.infra.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;

/**
 * Staff sign in to the console in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) through the real authorization-code flow: the console sends the browser to the
 * in-process provider's login form, the staff member types who they are (the provider's test form
 * takes a user name and the claims an identity provider would send), the provider sends the browser
 * back with a code, and the console shows the page.
 */
class SignInBrowserIT {

    private static ConsoleFixture app;
    private WebDriver browser;
    private HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        HeadlessChromium.requireInstalled();
        app = ConsoleFixture.start(true, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        chromium = HeadlessChromium.open(new Dimension(1280, 900));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void assertHeading(String expected) {
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .ignoreExceptionsInstanceOf(NoSuchElementException.class)
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.tagName("h1")).getText())
                                .isEqualTo(expected));
    }

    /** Opens {@code path} on the console, lands on the provider's form and signs in there. */
    private void signInAt(String path, String staffId, String claimsJson) {
        browser.get(app.baseUrl() + path);
        assertHeading("Test identity provider");
        assertThat(browser.getCurrentUrl()).startsWith(app.issuer() + "/authorize?");
        browser.findElement(By.id("username")).sendKeys(staffId);
        browser.findElement(By.id("claims")).sendKeys(claimsJson);
        browser.findElement(By.id("sign-in")).click();
    }

    @Test
    void aClinicianSignsInAndSeesTheirName() {
        signInAt("/", "staff-dana", "{\"name\": \"Dana Whitfield\", \"roles\": [\"clinician\"]}");

        assertHeading("Caseload");
        assertThat(browser.getCurrentUrl()).isEqualTo(app.baseUrl() + "/");
        assertThat(browser.findElement(By.id("greeting")).getText())
                .isEqualTo("Signed in as Dana Whitfield (clinician).");
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).isEqualTo("Dana Whitfield (clinician)");
        assertThat(browser.findElement(By.id("caseload-heading")).getText()).isEqualTo("Your members");
        assertThat(browser.findElement(By.cssSelector("a.skip")).getAttribute("href"))
                .endsWith("#main");
        assertThat(browser.findElements(By.cssSelector("header, nav, main, footer")))
                .hasSize(4);
        // The page came with its style sheet from the console itself.
        assertThat(browser.findElement(By.tagName("header")).getCssValue("display"))
                .isEqualTo("flex");
    }

    @Test
    void aUserWithoutARoleSeesTheForbiddenPage() {
        signInAt("/", "staff-visitor", "{\"name\": \"Val Visitor\", \"roles\": [\"reception\"]}");

        assertHeading("Not allowed");
        assertThat(browser.findElement(By.id("reason")).getText()).contains("your account has no console role");
        browser.get(app.baseUrl() + "/");
        assertHeading("Test identity provider");
    }

    @Test
    void signingOutEndsTheSession() {
        signInAt("/", "staff-sam", "{\"name\": \"Sam Ortiz\", \"roles\": [\"supervisor\"]}");
        assertHeading("Caseload");
        assertThat(browser.findElement(By.id("caseload-heading")).getText()).isEqualTo("All members");

        int open = app.console.sessions().openSessions();

        browser.findElement(By.cssSelector("form[action='/sign-out'] button")).click();

        assertHeading("Signed out");
        assertThat(browser.getCurrentUrl()).isEqualTo(app.baseUrl() + "/signed-out");
        browser.get(app.baseUrl() + "/");
        assertHeading("Test identity provider");
        assertThat(app.console.sessions().openSessions()).isEqualTo(open - 1);
    }
}
