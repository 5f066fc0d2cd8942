package org.aftercare.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.aftercare.infra.time.MutableClock;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final SessionStore store = new SessionStore(clock, Duration.ofMinutes(30), Duration.ofHours(12));
    private final SignedIn dana = new SignedIn("staff-1", "Dana", null, Set.of(Role.CLINICIAN));

    @Test
    void aSignInIsTakenOnceAndOnlyWithItsState() {
        String id = store.beginSignIn("/members/m-1");
        String state = store.pendingSignIn(id).orElseThrow().state();

        assertThat(store.takeSignIn(id, "other")).isEmpty();
        assertThat(store.takeSignIn(id, state))
                .as("a failed try ends the sign-in")
                .isEmpty();

        String again = store.beginSignIn("/members/m-1");
        PendingSignIn p = store.pendingSignIn(again).orElseThrow();
        assertThat(store.takeSignIn(again, p.state())).contains(p);
        assertThat(p.returnPath()).isEqualTo("/members/m-1");
        assertThat(store.takeSignIn(again, p.state())).isEmpty();
    }

    @Test
    void aSignInLeftTooLongExpires() {
        String id = store.beginSignIn("/");
        String state = store.pendingSignIn(id).orElseThrow().state();
        clock.advance(SessionStore.SIGN_IN_WINDOW.plusSeconds(1));

        assertThat(store.takeSignIn(id, state)).isEmpty();
    }

    @Test
    void eachSessionHasItsOwnRandomIdAndCsrfToken() {
        String a = store.open(dana, "t");
        String b = store.open(dana, "t");

        assertThat(a).isNotEqualTo(b).hasSize(43);
        assertThat(store.touch(a).orElseThrow().csrfToken())
                .isNotEqualTo(store.touch(b).orElseThrow().csrfToken())
                .hasSize(43);
    }

    @Test
    void idleAndAbsoluteTimeoutsEndTheSession() {
        String id = store.open(dana, "t");
        clock.advance(Duration.ofMinutes(29).plusSeconds(59));
        assertThat(store.touch(id)).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.touch(id)).isEmpty();
        assertThat(store.openSessions()).isZero();

        String busy = store.open(dana, "t");
        for (int i = 0; i < 47; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(store.touch(busy)).as("after %d min", (i + 1) * 15).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(store.touch(busy)).as("at 12 h").isEmpty();
    }

    @Test
    void closingReturnsTheIdTokenForTheProvidersSignOut() {
        String id = store.open(dana, "id-token");

        assertThat(store.close(id)).contains("id-token");
        assertThat(store.touch(id)).isEmpty();
        assertThat(store.close(id)).isEmpty();
    }

    @Test
    void aStaffMembersSessionsEndOrChangeRolesWithTheirRecordAndNoOneElses() {
        String first = store.open(dana, "t1");
        String second = store.open(dana, "t2");
        String other = store.open(new SignedIn("staff-2", "Lee", null, Set.of(Role.CLINICIAN)), "t3");

        store.changeRoles("staff-1", Set.of(Role.SUPERVISOR));
        assertThat(store.touch(first).orElseThrow().roles()).containsExactly(Role.SUPERVISOR);
        assertThat(store.touch(other).orElseThrow().roles()).containsExactly(Role.CLINICIAN);

        assertThat(store.endSessionsOf("staff-1")).isEqualTo(2);
        assertThat(store.touch(first)).isEmpty();
        assertThat(store.touch(second)).isEmpty();
        assertThat(store.touch(other)).isPresent();
    }
}
