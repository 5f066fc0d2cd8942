package org.aftercare.streams.decisions;

import java.util.List;
import org.aftercare.streams.member.MemberState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile tombstone ({@code member.profile} with a null value): this service forgets the
 * member. In: the member id. Out: nothing emitted (no reminder, alert or all-clear follows); every
 * owner of member state in the task erases what it holds, pending deadlines included. It exists so
 * the list of owners is written once: an engine that keeps member state is added here, and the
 * erasure tests check that its stores are left empty.
 */
final class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);

    private final List<MemberState> owners;

    Erasure(List<MemberState> owners) {
        this.owners = List.copyOf(owners);
    }

    void erase(String memberId) {
        owners.forEach(owner -> owner.erase(memberId));
        log.info("member {} erased from decision state", memberId);
    }
}
