package org.aftercare.streams.member;

/**
 * State a decision engine keeps about members. In: the member id of a profile tombstone. Out:
 * nothing is emitted; everything the engine holds about that member is deleted. It exists so the
 * erasure lists each owner of member state once, whatever the engine (42 CFR Part 2: nothing is
 * kept about someone who left the program and was erased).
 */
public interface MemberState {

    /** Forgets everything this engine holds about the member, including pending deadlines. */
    void erase(String memberId);
}
