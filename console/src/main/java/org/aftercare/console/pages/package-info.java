/**
 * The console's pages over the read model: the caseload ({@code /}), the member page and its flag
 * actions ({@code /members/{id}}), the flag queue ({@code /flags}) and the access audit with its CSV
 * export ({@code /audit}, {@code /audit.csv}, supervisors and admins). Every page is registered
 * through {@link org.aftercare.console.web.Authenticated}; member access is decided by {@link
 * org.aftercare.console.readmodel.Access}; every view, refusal and action is written to {@link
 * org.aftercare.console.audit.AccessAudit}; flag actions go to {@code staff.actions} through {@link
 * org.aftercare.console.pages.StaffActionPublisher}. Charts are inline SVG drawn here (no script).
 */
package org.aftercare.console.pages;
