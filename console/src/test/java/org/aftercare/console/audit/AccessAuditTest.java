package org.aftercare.console.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access audit on a real H2 database: appended, listed per member and per staff member, purged past the retention. */
class AccessAuditTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-15T12:00:00Z"));
    private ReadModelDatabase db;
    private AccessAudit audit;

    @BeforeEach
    void open() {
        db = ReadModelDatabase.open("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        audit = new AccessAudit(db, clock, Duration.ofDays(2190));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void listsWhoLookedAtAMemberAndWhatAStaffMemberDidNewestFirst() {
        audit.record("s1", "m-1", "member.view", "10.0.0.7", null);
        clock.advance(Duration.ofMinutes(1));
        audit.record("s2", "m-1", "member.view", "2001:db8::1", null);
        clock.advance(Duration.ofMinutes(1));
        audit.record("s1", "m-1", "flag.acknowledge", "10.0.0.7", "flag-9");
        clock.advance(Duration.ofMinutes(1));
        audit.record("s1", null, "caseload.view", "10.0.0.7", null);

        AuditPage byMember = audit.list(AuditQuery.byMember("m-1", 0, 10));
        assertThat(byMember.total()).isEqualTo(3);
        assertThat(byMember.entries())
                .extracting(AuditEntry::staffId, AuditEntry::what, AuditEntry::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("s1", "flag.acknowledge", "flag-9"),
                        org.assertj.core.groups.Tuple.tuple("s2", "member.view", null),
                        org.assertj.core.groups.Tuple.tuple("s1", "member.view", null));
        assertThat(byMember.entries().getFirst().at()).isEqualTo(Instant.parse("2026-03-15T12:02:00Z"));
        assertThat(byMember.entries().get(1).from()).isEqualTo("2001:db8::1");

        AuditPage byStaff = audit.list(AuditQuery.byStaff("s1", 0, 2));
        assertThat(byStaff.total()).isEqualTo(3);
        assertThat(byStaff.entries()).extracting(AuditEntry::what).containsExactly("caseload.view", "flag.acknowledge");
        assertThat(byStaff.hasNext()).isTrue();
        assertThat(audit.list(AuditQuery.byStaff("s1", 1, 2)).entries())
                .extracting(AuditEntry::what)
                .containsExactly("member.view");
    }

    @Test
    void refusesFreeTextSoNoAnswerOrNoteCanBeWritten() {
        assertThatThrownBy(() -> audit.record("s1", "m-1", "member view", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("what must be");
        assertThatThrownBy(() -> audit.record("s1", "m-1", "note.add", null, "I feel awful today"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("detail must be")
                .hasMessageNotContaining("awful");
        assertThatThrownBy(() -> audit.record("s1", "m-1", "member.view", "<script>", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> audit.record(" ", "m-1", "member.view", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(audit.list(AuditQuery.byMember("m-1", 0, 10)).total()).isZero();
    }

    @Test
    void purgesOnlyRowsOlderThanTheRetention() {
        audit.record("s1", "m-1", "member.view", null, null);
        clock.advance(Duration.ofDays(2190));
        audit.record("s1", "m-1", "member.view", null, null);
        clock.advance(Duration.ofSeconds(1));

        assertThat(audit.purge()).isEqualTo(1);
        assertThat(audit.list(AuditQuery.byMember("m-1", 0, 10)).entries())
                .extracting(AuditEntry::at)
                .containsExactly(Instant.parse("2026-03-15T12:00:00Z").plus(Duration.ofDays(2190)));
        assertThat(audit.purge()).isZero();
    }
}
