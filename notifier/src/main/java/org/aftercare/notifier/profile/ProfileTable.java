package org.aftercare.notifier.profile;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.aftercare.events.Topics;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.ProfileEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The latest {@link MemberProfile} per member, in memory. A snapshot with a lower revision than
 * the one held is ignored (a late or replayed record never rolls consent back); a tombstone means
 * the member was erased, and the member is forgotten. Written by the {@link ProfileReader}
 * thread, read by the delivery threads.
 *
 * <p>Each snapshot is held as its {@code member.profile} record's bytes, with its revision, and
 * read again when an email for the member is decided: its JSON in one array per member instead of
 * an object graph of about 1.2 KiB in dozens of objects. At 1,000,000 members the object graphs
 * kept the heap above the collector's marking threshold all the time (a third of the notifier's
 * CPU went to marking them, issue 14); arrays of bytes hold no references to trace. Reading a
 * snapshot again is about a tenth of the notifier's CPU per email (issue 14's profiles).
 */
public final class ProfileTable {

    private record Held(long revision, byte[] snapshot) {}

    private final ConcurrentMap<String, Held> byMember = new ConcurrentHashMap<>();
    private final Serializer<ProfileEvent> serializer =
            Topics.MEMBER_PROFILE.valueSerde().serializer();
    private final Deserializer<ProfileEvent> deserializer =
            Topics.MEMBER_PROFILE.valueSerde().deserializer();

    /** Applies one record of {@code member.profile}; a null profile is the member's tombstone. */
    public void apply(String memberId, MemberProfile profile) {
        apply(memberId, profile, null);
    }

    /**
     * As {@link #apply(String, MemberProfile)}, with the record's value bytes the profile was read
     * from (kept as they are), or null to keep the profile's own serialized form.
     */
    public void apply(String memberId, MemberProfile profile, byte[] raw) {
        if (profile == null) {
            byMember.remove(memberId);
            return;
        }
        byte[] snapshot = raw != null ? raw : serializer.serialize(Topics.MEMBER_PROFILE.name(), profile);
        byMember.merge(
                profile.memberId(),
                new Held(profile.revision(), snapshot),
                (held, incoming) -> incoming.revision() < held.revision() ? held : incoming);
    }

    public Optional<MemberProfile> latest(String memberId) {
        Held held = byMember.get(memberId);
        if (held == null) {
            return Optional.empty();
        }
        // Read and checked once when it arrived; the same deserializer reads the same bytes again.
        return Optional.of((MemberProfile) deserializer.deserialize(Topics.MEMBER_PROFILE.name(), held.snapshot()));
    }

    public int size() {
        return byMember.size();
    }
}
