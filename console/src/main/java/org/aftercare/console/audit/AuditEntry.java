package org.aftercare.console.audit;

import java.time.Instant;

/**
 * One row of the access audit: who ({@code staffId}) looked at or did what ({@code what}, a page
 * or action code such as {@code member.view} or {@code flag.acknowledge}) about which member
 * (null for a page about no one member, such as the caseload), when, from where (the client
 * address), and an optional detail code (a flag id, an outcome code). Identifiers and codes only.
 */
public record AuditEntry(
        long id, Instant at, String staffId, String memberId, String what, String from, String detail) {}
