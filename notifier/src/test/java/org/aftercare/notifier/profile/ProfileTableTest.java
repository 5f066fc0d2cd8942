package org.aftercare.notifier.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftercare.events.Samples;
import org.aftercare.events.Topics;
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

    @Test
    void aSnapshotIsReadBackFromTheRecordBytesItArrivedIn() {
        byte[] record = Topics.MEMBER_PROFILE.valueSerde().serializer().serialize(Topics.MEMBER_PROFILE.name(), rev8);
        table.apply(rev8.memberId(), rev8, record);
        assertThat(table.latest(Samples.MEMBER_ID)).contains(rev8);
        // An older revision arriving late is still ignored when both came as bytes.
        byte[] older = Topics.MEMBER_PROFILE.valueSerde().serializer().serialize(Topics.MEMBER_PROFILE.name(), rev7);
        table.apply(rev7.memberId(), rev7, older);
        assertThat(table.latest(Samples.MEMBER_ID)).contains(rev8);
        assertThat(table.size()).isEqualTo(1);
    }
}
