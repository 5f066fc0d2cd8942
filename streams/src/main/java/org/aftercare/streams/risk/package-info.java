/**
 * Each member's risk tier (very high, high, standard), decided here and nowhere else: from the
 * member's exit events and a use reported after a clean stretch, counted in member-local days.
 * Published to {@code member.risk}; the check-in windows and the staff flags read it through
 * {@link org.aftercare.streams.risk.RiskTiers#tierAt}. Depends on {@code member}, {@code deadline}
 * and {@code outbox}; no engine's package.
 */
package org.aftercare.streams.risk;
