/**
 * Where the decision engines put what they decide ({@link org.aftercare.streams.outbox.Outbox}),
 * and the deterministic notification ids of the intents. Depends on no other package of this service.
 */
package org.aftercare.streams.outbox;
