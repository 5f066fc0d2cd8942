/**
 * Staff notes: the console's own data (not from a topic), kept in the console's database beside
 * the read model and erased with the member's record.
 */
package org.aftercare.console.notes;
