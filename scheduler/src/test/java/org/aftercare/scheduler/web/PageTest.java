package org.aftercare.scheduler.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.aftercare.kit.http.Response;
import org.junit.jupiter.api.Test;

/** The frame every member and contact page is rendered in, from the templates. */
class PageTest {

    private static String html(Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aNameFromTheRecordsIsShownAsTextNeverAsMarkup() {
        String page = html(Page.forContactAboutMember(
                200,
                "Have you reached out?",
                Page.Body.of("acknowledge", Map.of("firstName", "<script>alert(1)</script>Sam"))));

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;Sam").doesNotContain("<script");
    }

    @Test
    void everyPageCarriesTheCrisisLinesAndTheSecurityHeaders() {
        for (Response r : new Response[] {
            Page.noLongerActive(),
            Page.tryAgainLater(),
            Page.forMember(200, "Pause your check-ins", Page.Body.of("pause", Map.of()), "/h/token"),
            Page.forContact(200, "Thank you", "Thanks.")
        }) {
            assertThat(html(r))
                    .contains(
                            "If you need someone right now",
                            "988 (call or text), any time, day or night",
                            "SAMHSA National Helpline 1-800-662-4357, free and confidential, 24/7",
                            "If you are in danger, call 911.",
                            "<html lang=\"en\">")
                    .doesNotContain("<script");
            assertThat(r.headers())
                    .containsEntry(
                            "Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                    .containsEntry("X-Frame-Options", "DENY")
                    .containsEntry("Cache-Control", "no-store");
        }
    }

    @Test
    void onlyAMembersPageHasTheHelpLinkAndOnlyAContactsPageTheDisclosureNote() {
        String member = html(Page.forMember(200, "Thank you", Page.Body.note("Thanks."), "/h/abc"));
        String contact = html(Page.forContact(200, "Thank you", "Thanks."));
        String anyone = Page.noLongerActive().status() + html(Page.noLongerActive());

        assertThat(member).contains("href=\"/h/abc\"", "I need help now").doesNotContain("keep it private");
        assertThat(contact)
                .contains("Please keep it private and do not pass it on.")
                .doesNotContain("/h/")
                .doesNotContain("42 CFR");
        assertThat(anyone).startsWith("410").doesNotContain("/h/").doesNotContain("keep it private");
    }

    @Test
    void aContactPageAboutTheMemberCarriesTheDisclosureNoticeOfTheEmails() {
        String page = html(Page.forContactAboutMember(200, "Thank you for reaching out", Page.Body.note("Thank you.")));

        assertThat(page).contains("Confidentiality notice", "(42 CFR part 2)", "keep it private");
    }
}
