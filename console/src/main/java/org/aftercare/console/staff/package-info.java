/**
 * Staff records and care teams: the console's own data (DESIGN.md: the console owns staff), kept
 * in its database ({@link org.aftercare.console.staff.StaffAdmin}, the one way to change them),
 * published to {@code staff.directory} and {@code care.assignments} through a transactional outbox
 * ({@link org.aftercare.console.staff.StaffPublisher}), taken over from those topics on a first
 * start ({@link org.aftercare.console.staff.StaffAdoption}), and managed on the staff pages
 * ({@link org.aftercare.console.staff.StaffPages}).
 */
package org.aftercare.console.staff;
