package org.aftercare.streams.member;

import org.aftercare.events.JsonSerde;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link MemberFacts} of each member of one task, in the store {@value #NAME} (memberId →
 * facts; persistent, changelogged). In: profile snapshots from {@code member.profile} (a snapshot
 * older than the one kept is ignored), contact actions that change a contact's state before the
 * snapshot that reflects them arrives, and erasure. Out: the facts every engine decides with, and
 * for each accepted snapshot the facts before and after it (what invitations, unsubscribes and
 * milestones compare). It exists so one class owns the revision rule and the store's name.
 *
 * <p>Logs carry member ids and revisions only.
 */
public final class MemberFactsStore implements MemberState {

    private static final Logger log = LoggerFactory.getLogger(MemberFactsStore.class);

    /** memberId → the facts of the latest profile. */
    public static final String NAME = "member-facts";

    private KeyValueStore<String, MemberFacts> members;

    /** The facts of a member before and after a profile snapshot; {@code before} is null for a member not known yet. */
    public record Change(MemberFacts before, MemberFacts after) {}

    public static StoreBuilder<KeyValueStore<String, MemberFacts>> builder() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(NAME), Serdes.String(), new JsonSerde<>(MemberFacts.class));
    }

    public void init(ProcessorContext<?, ?> context) {
        this.members = context.getStateStore(NAME);
    }

    /** The member's latest facts, or null when no profile was seen. */
    public MemberFacts get(String memberId) {
        return members.get(memberId);
    }

    /** Keeps the facts of {@code profile} unless a newer revision is kept; null when it was older and ignored. */
    public Change update(String memberId, MemberProfile profile) {
        MemberFacts known = members.get(memberId);
        if (known != null && known.revision() > profile.revision()) {
            log.debug("older profile revision {} of member {} ignored", profile.revision(), memberId);
            return null;
        }
        MemberFacts facts = MemberFacts.of(profile);
        members.put(memberId, facts);
        return new Change(known, facts);
    }

    /**
     * A contact confirmed, declined or unsubscribed. The profile snapshot is the source of truth;
     * this only takes effect until it arrives. A member not known yet changes nothing.
     */
    public void contactState(String memberId, String contactId, ContactState state) {
        MemberFacts facts = members.get(memberId);
        if (facts != null) {
            members.put(memberId, facts.withContactState(contactId, state));
        }
    }

    @Override
    public void erase(String memberId) {
        members.delete(memberId);
    }
}
