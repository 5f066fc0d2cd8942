/**
 * The scheduler's admin API as the console calls it (the scheduler is the system of record for
 * members): its settings and a small client with timeouts.
 */
package org.aftercare.console.scheduler;
