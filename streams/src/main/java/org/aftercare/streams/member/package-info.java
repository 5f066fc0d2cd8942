/**
 * What every decision engine knows of a member: the minimum-necessary {@link
 * org.aftercare.streams.member.MemberFacts} from the latest profile and the store that keeps them.
 * The engines ({@code checkin}, {@code escalation}, {@code answers}, {@code milestone},
 * {@code contact}, {@code flags}) depend on this package; it depends on none of them.
 */
package org.aftercare.streams.member;
