package org.aftercare.notifier.profile;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.aftercare.events.profile.MemberProfile;

/**
 * The latest {@link MemberProfile} per member, in memory. A snapshot with a lower revision than
 * the one held is ignored (a late or replayed record never rolls consent back); a tombstone means
 * the member was erased, and the member is forgotten. Written by the {@link ProfileReader}
 * thread, read by the delivery thread.
 */
public final class ProfileTable {

    private final ConcurrentMap<String, MemberProfile> byMember = new ConcurrentHashMap<>();

    /** Applies one record of {@code member.profile}; a null profile is the member's tombstone. */
    public void apply(String memberId, MemberProfile profile) {
        if (profile == null) {
            byMember.remove(memberId);
            return;
        }
        byMember.merge(
                profile.memberId(),
                profile,
                (held, incoming) -> incoming.revision() < held.revision() ? held : incoming);
    }

    public Optional<MemberProfile> latest(String memberId) {
        return Optional.ofNullable(byMember.get(memberId));
    }

    public int size() {
        return byMember.size();
    }
}
