/**
 * The composition: the one processor ({@link org.aftercare.streams.decisions.MemberDecisions}) that
 * reads every input of a member ({@link org.aftercare.streams.decisions.LifecycleInput}), hands it to
 * the engines ({@code checkin}, {@code answers}, {@code escalation}, {@code milestone},
 * {@code contact}, {@code flags}), owns the wall-clock tick and the erasure, and forwards what they decide as
 * {@link org.aftercare.streams.decisions.Decision}s. It sits above the engines; no engine depends on it.
 */
package org.aftercare.streams.decisions;
