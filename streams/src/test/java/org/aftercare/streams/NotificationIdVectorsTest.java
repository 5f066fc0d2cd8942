package org.aftercare.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.Recipient;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.streams.answers.RiskyAnswers;
import org.aftercare.streams.checkin.CheckInLifecycle;
import org.aftercare.streams.checkin.Unsubscribes;
import org.aftercare.streams.contact.Invitations;
import org.aftercare.streams.escalation.EscalationChains;
import org.aftercare.streams.escalation.EscalationReason;
import org.aftercare.streams.member.MemberFacts;
import org.aftercare.streams.milestone.Milestones;
import org.junit.jupiter.api.Test;

/**
 * Pinned vectors of every id scheme streams puts on an intent, input → id, written by hand
 * (computed once, outside this code). The notifier drops an intent whose notification id it has
 * already sent, so a scheme that changed across a deploy would send every message again, and
 * an escalation id that changed would open a second escalation: each must fail here first.
 */
class NotificationIdVectorsTest {

    private static final String MEMBER = "3f1c9a52-7d0e-4b8e-9a51-2f6d1c0e8b77";
    private static final String CHECK_IN = "ci-350227ae-cbf1-3b0e-b740-833334c59f40";
    private static final String ESCALATION = "esc-15b3dfe0-7e11-35d0-be73-520b137af82a";

    @Test
    void theMembersCheckInIntentsArePinnedToKindAndCheckIn() {
        assertThat(CheckInLifecycle.notificationId(MEMBER, OutreachKind.CHECK_IN_PROMPT, CHECK_IN))
                .isEqualTo("n-006aa857-6d3e-3a24-9836-4fbc09d5646c");
        assertThat(CheckInLifecycle.notificationId(MEMBER, OutreachKind.LATE_REMINDER, CHECK_IN))
                .isEqualTo("n-31232073-31aa-3389-88d5-52834ab675c2");
        assertThat(CheckInLifecycle.notificationId(MEMBER, OutreachKind.MISSED_CHECK_IN, CHECK_IN))
                .isEqualTo("n-428cd263-f8ec-3404-883b-96e34e44c854");
        // The answer-driven intents (coping plan, overdose safety) use the same scheme.
        assertThat(CheckInLifecycle.notificationId(MEMBER, OutreachKind.COPING_PLAN, CHECK_IN))
                .isEqualTo("n-11fb5f04-2789-3fb9-af00-f5056db45d7e");
    }

    @Test
    void escalationIdsArePinnedToTheSignalThatOpenedThem() {
        assertThat(EscalationChains.escalationId(MEMBER, EscalationReason.HELP_REQUESTED, CHECK_IN))
                .isEqualTo(ESCALATION);
        assertThat(EscalationChains.escalationId(MEMBER, EscalationReason.MISSED_CHECK_INS, CHECK_IN))
                .isEqualTo("esc-a5f75c73-50ba-31b4-8a66-9cf3bd8feaf9");
        assertThat(EscalationChains.escalationId(MEMBER, EscalationReason.USE_REPORTED, CHECK_IN))
                .isEqualTo("esc-fb3f28f4-d4dd-353e-8c71-aa74a7a769e9");
        assertThat(EscalationChains.helpRequestEscalationId(MEMBER, "req-42"))
                .isEqualTo("esc-3109458b-d2e5-392b-877f-165ea404026a");
    }

    @Test
    void alertsAndAllClearsArePinnedToEscalationStepAndRecipient() {
        assertThat(EscalationChains.alertId(MEMBER, ESCALATION, 2, Recipient.contact("c-1")))
                .isEqualTo("n-2c500fcc-ac45-35fd-aa25-4ef693aadcb9");
        assertThat(EscalationChains.alertId(MEMBER, ESCALATION, 1, Recipient.ON_CALL))
                .isEqualTo("n-3333a004-eb9c-3db9-8b59-730f12508b81");
        assertThat(EscalationChains.allClearId(MEMBER, ESCALATION, Recipient.contact("c-1")))
                .isEqualTo("n-10b68459-6881-372a-8039-22451f75867f");
    }

    @Test
    void theCrisisSupportAnsweringAHelpRequestIsPinnedToTheRequest() {
        assertThat(RiskyAnswers.helpNotificationId(MEMBER, "req-42"))
                .isEqualTo("n-897c291c-3792-3957-968f-da7ae6de8fc8");
    }

    @Test
    void milestonesArePinnedToTheirCode() {
        assertThat(Milestones.notificationId(MEMBER, "days-30")).isEqualTo("n-20f296b9-4365-3d4a-9c4b-f38eb29ed80a");
        assertThat(Milestones.notificationId(MEMBER, "streak-7")).isEqualTo("n-7eba66c2-063a-3c16-ab2d-ac32584828eb");
    }

    @Test
    void invitationsArePinnedToTheNamingOrForOlderSnapshotsToTheRevision() {
        MemberFacts.Contact named =
                new MemberFacts.Contact("c-1", Set.of(ConsentScope.HELP_REQUESTED), ContactState.INVITED, "inv-9");
        MemberFacts.Contact unnamed =
                new MemberFacts.Contact("c-1", Set.of(ConsentScope.HELP_REQUESTED), ContactState.INVITED, null);

        assertThat(Invitations.notificationId(MEMBER, named, 12)).isEqualTo("n-fd5c4511-9cb5-3330-b999-01b180b9d1d3");
        assertThat(Invitations.notificationId(MEMBER, unnamed, 12)).isEqualTo("n-9fe67002-9a1b-3ff9-9805-cb23dd8c8c56");
    }

    @Test
    void theCareTeamsNoticeOfStoppedPromptsIsPinnedToTheProfileRevision() {
        assertThat(Unsubscribes.notificationId(MEMBER, 7)).isEqualTo("n-9e4db0e3-402d-3a3c-a376-2d9d6a0c3b12");
    }
}
