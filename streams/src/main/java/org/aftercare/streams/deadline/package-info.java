/**
 * The time-ordered deadline index the decision engines schedule their time-based steps in
 * ({@link org.aftercare.streams.deadline.DeadlineIndex}). Depends on no other package of this service.
 */
package org.aftercare.streams.deadline;
