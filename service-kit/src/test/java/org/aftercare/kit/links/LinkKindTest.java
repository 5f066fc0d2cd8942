package org.aftercare.kit.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkKindTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String BINDING = Links.contactBinding("c-1", "inv-1", "alex@example.org");

    /** One kind as its links are spelled in emails already sent: changing any of these breaks them. */
    private record Spelled(
            LinkKind kind,
            String path,
            String purpose,
            String action,
            boolean singleUse,
            boolean contactLink,
            Duration validFor) {}

    @Test
    void everyKindKeepsThePathPurposeActionAndValidityOfTheLinksAlreadySent() {
        List<Spelled> expected = List.of(
                new Spelled(LinkKind.CHECK_IN, "/c/", "checkin", "answer", true, false, null),
                new Spelled(LinkKind.CONTACT_INVITATION, "/i/", "contact", "respond", true, true, Duration.ofDays(14)),
                new Spelled(LinkKind.ACKNOWLEDGE, "/a/", "escalation", "acknowledge", true, true, Duration.ofDays(7)),
                new Spelled(
                        LinkKind.MEMBER_UNSUBSCRIBE,
                        "/u/",
                        "unsubscribe",
                        "unsubscribe",
                        false,
                        false,
                        Duration.ofDays(90)),
                new Spelled(
                        LinkKind.CONTACT_UNSUBSCRIBE,
                        "/u/",
                        "unsubscribe",
                        "unsubscribe",
                        false,
                        true,
                        Duration.ofDays(90)),
                new Spelled(LinkKind.PAUSE, "/p/", "pause", "pause", true, false, Duration.ofDays(90)),
                new Spelled(LinkKind.HELP, "/h/", "help", "request", false, false, Duration.ofDays(90)),
                new Spelled(LinkKind.REACH_FOLLOW_UP, "/r/", "escalation", "reach", true, true, Duration.ofDays(3)),
                new Spelled(LinkKind.AWAY, "/w/", "away", "set", false, false, Duration.ofDays(90)),
                new Spelled(LinkKind.STAFF_FLAG, "/f/", "flag", "act", false, false, Duration.ofHours(24)),
                new Spelled(LinkKind.PROGRESS, "/s/", "progress", "view", false, false, Duration.ofDays(30)),
                new Spelled(
                        LinkKind.QUESTIONNAIRE, "/q/", "questionnaire", "answer", false, false, Duration.ofDays(7)));

        assertThat(LinkKind.values()).hasSameSizeAs(expected);
        for (Spelled s : expected) {
            assertThat(new Spelled(
                            s.kind(),
                            s.kind().path(),
                            s.kind().purpose(),
                            s.kind().action(),
                            s.kind().singleUse(),
                            s.kind().contactLink(),
                            s.kind().validFor().orElse(null)))
                    .isEqualTo(s);
        }
    }

    @Test
    void eachKindTakesOnlyTheSubjectItsPageUnderstands() {
        assertThat(LinkKind.CHECK_IN.grant("m-1", "ci-1234", NOW, null).subject())
                .isEqualTo("ci-1234");
        assertThat(LinkKind.ACKNOWLEDGE.grant("m-1", "esc-9:c-1", NOW, BINDING).subject())
                .isEqualTo("esc-9:c-1");

        assertThatThrownBy(() -> LinkKind.CHECK_IN.grant("m-1", Links.SUBJECT_MEMBER, NOW, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkKind.ACKNOWLEDGE.grant("m-1", "esc-9", NOW, BINDING))
                .as("an acknowledgement must say which contact")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkKind.PAUSE.grant("m-1", "ci-1", NOW, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkKind.CONTACT_INVITATION.grant("m-1", Links.SUBJECT_MEMBER, NOW, BINDING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LinkKind.QUESTIONNAIRE.grant("m-1", "qn-1234", NOW, null).subject())
                .isEqualTo("qn-1234");
        assertThatThrownBy(() -> LinkKind.QUESTIONNAIRE.grant("m-1", "ci-1234", NOW, null))
                .as("a questionnaire link names an occurrence, not a check-in")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkKind.QUESTIONNAIRE.grant("m-1", Links.SUBJECT_MEMBER, NOW, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aContactLinkMustBeBoundToTheContactAndAMemberLinkMustNot() {
        assertThatThrownBy(() -> LinkKind.CONTACT_INVITATION.grant("m-1", "c-1", NOW, null))
                .hasMessageContaining("bound");
        assertThatThrownBy(() -> LinkKind.HELP.grant("m-1", Links.SUBJECT_MEMBER, NOW, BINDING))
                .hasMessageContaining("no binding");
        assertThat(LinkKind.CONTACT_UNSUBSCRIBE
                        .grant("m-1", "c-1", NOW, BINDING)
                        .binding())
                .isEqualTo(BINDING);
    }

    @Test
    void theUnsubscribeKindsShareAPageAndTheSubjectTellsThemApart() {
        LinkToken member = LinkKind.MEMBER_UNSUBSCRIBE.grant("m-1", Links.SUBJECT_MEMBER, NOW, null);
        LinkToken contact = LinkKind.CONTACT_UNSUBSCRIBE.grant("m-1", "c-1", NOW, BINDING);

        assertThat(member.kind()).contains(LinkKind.MEMBER_UNSUBSCRIBE);
        assertThat(contact.kind()).contains(LinkKind.CONTACT_UNSUBSCRIBE);
        assertThat(member.isOf(LinkKind.CONTACT_UNSUBSCRIBE)).isFalse();
    }

    @Test
    void aTokenWhosePurposeActionOrSubjectFitsNoKindHasNone() {
        assertThat(new LinkToken("checkin", "m-1", "ci-1", "respond", NOW, "n").kind())
                .as("another action")
                .isEmpty();
        assertThat(new LinkToken("survey", "m-1", "ci-1", "answer", NOW, "n").kind())
                .as("an unknown purpose")
                .isEmpty();
        assertThat(new LinkToken("escalation", "m-1", "esc-9", "acknowledge", NOW, "n").kind())
                .as("no contact")
                .isEmpty();
        assertThat(new LinkToken("checkin", "m-1", "ci-1", "answer", NOW, "n").kind())
                .contains(LinkKind.CHECK_IN);
    }

    @Test
    void aSealedLinkIsTheKindsPathAndATokenThatOpensAsThatKind() throws Exception {
        LinkSigner signer = LinkSigner.fromSpec(LinkSigner.randomSpec("k1"), Clock.fixed(NOW, ZoneOffset.UTC));

        String link = LinkKind.PAUSE.seal(signer, "m-1", Links.SUBJECT_MEMBER, LinkKind.PAUSE.expiresAt(NOW), null);

        assertThat(link).startsWith("/p/");
        LinkToken opened = signer.verify(link.substring(3));
        assertThat(opened.kind()).contains(LinkKind.PAUSE);
        assertThat(opened.expiresAt()).isEqualTo(Instant.parse("2027-02-19T12:00:00Z"));
        assertThatThrownBy(() -> LinkKind.CHECK_IN.expiresAt(NOW)).isInstanceOf(IllegalStateException.class);
    }
}
