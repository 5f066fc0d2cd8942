/**
 * Staff flags and staff alerts: the member side ({@link org.aftercare.streams.flags.StaffFlags}, an
 * engine of the member decisions: flag rules, updates, staff actions, acknowledgement timeouts,
 * immediate alerts) and the staff side ({@link org.aftercare.streams.flags.StaffDigests}, its own
 * processor keyed by staffId: digests per staff member and window), with the staff directory both
 * read ({@link org.aftercare.streams.flags.StaffDirectory}, a global store). Depends on
 * {@code member}, {@code outbox}, {@code deadline} and {@code metrics}; the risk tier comes in
 * through {@link org.aftercare.streams.risk.TierLookup}.
 */
package org.aftercare.streams.flags;
