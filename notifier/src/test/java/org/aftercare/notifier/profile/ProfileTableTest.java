package org.aftercare.notifier.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftercare.events.Samples;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.notifier.TestFixtures;
import org.junit.jupiter.api.Test;

class ProfileTableTest {

    private final ProfileTable table = new ProfileTable();
    private final MemberProfile rev7 = Samples.memberProfile();
    private final MemberProfile rev8 = TestFixtures.with(rev7, 8, "sam.new@example.org", MemberStatus.ACTIVE);

    @Test
    void keepsTheNewestRevisionAndIgnoresAnOlderOneArrivingLate() {
        table.apply(rev7.memberId(), rev8);
        table.apply(rev7.memberId(), rev7);
        assertThat(table.latest(Samples.MEMBER_ID)).contains(rev8);
    }

    @Test
    void aTombstoneForgetsTheMember() {
        table.apply(rev7.memberId(), rev7);
        table.apply(rev7.memberId(), null);
        assertThat(table.latest(Samples.MEMBER_ID)).isEmpty();
    }
}
