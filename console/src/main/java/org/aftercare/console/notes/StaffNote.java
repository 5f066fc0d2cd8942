package org.aftercare.console.notes;

import java.time.Instant;

/** One staff note on a member's record; {@code text} is the staff member's words about the member. */
public record StaffNote(String noteId, String memberId, String staffId, Instant createdAt, String text) {

    /** Never the text. */
    @Override
    public String toString() {
        return "StaffNote[" + noteId + ", member " + memberId + ", by " + staffId + ", " + createdAt + "]";
    }
}
