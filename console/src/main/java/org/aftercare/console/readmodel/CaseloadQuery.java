package org.aftercare.console.readmodel;

import org.aftercare.events.risk.RiskTier;

/**
 * One caseload page asked for by a signed-in staff member.
 *
 * @param staffId who asks: without {@code allMembers}, only members whose care team includes them
 * @param allMembers every member (a supervisor or admin; the caller checks the role)
 * @param search optional text: a first-name prefix or an externalId prefix, case-insensitive
 * @param tier optional: only members in this risk tier
 * @param openFlagOnly only members with at least one open (not resolved) flag
 * @param pageSize rows per page, 1 to {@link #MAX_PAGE_SIZE}
 * @param page the page number, from 0
 */
public record CaseloadQuery(
        String staffId,
        boolean allMembers,
        String search,
        RiskTier tier,
        boolean openFlagOnly,
        int pageSize,
        int page) {

    public static final int MAX_PAGE_SIZE = 200;
    public static final int MAX_SEARCH_LENGTH = 100;
    public static final int DEFAULT_PAGE_SIZE = 50;

    public CaseloadQuery {
        if (staffId == null || staffId.isBlank()) {
            throw new IllegalArgumentException("staffId is required");
        }
        search = search == null || search.isBlank() ? null : search.strip();
        if (search != null && search.length() > MAX_SEARCH_LENGTH) {
            throw new IllegalArgumentException("search is longer than " + MAX_SEARCH_LENGTH + " characters");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be from 1 to " + MAX_PAGE_SIZE);
        }
        if (page < 0 || page > 1_000_000) {
            throw new IllegalArgumentException("page must be from 0");
        }
    }

    /** The first page of a staff member's own caseload, unfiltered. */
    public static CaseloadQuery own(String staffId) {
        return new CaseloadQuery(staffId, false, null, null, false, DEFAULT_PAGE_SIZE, 0);
    }

    /** The first page of every member, unfiltered. */
    public static CaseloadQuery all(String staffId) {
        return new CaseloadQuery(staffId, true, null, null, false, DEFAULT_PAGE_SIZE, 0);
    }

    public CaseloadQuery withSearch(String text) {
        return new CaseloadQuery(staffId, allMembers, text, tier, openFlagOnly, pageSize, page);
    }

    public CaseloadQuery withTier(RiskTier t) {
        return new CaseloadQuery(staffId, allMembers, search, t, openFlagOnly, pageSize, page);
    }

    public CaseloadQuery withOpenFlagOnly(boolean only) {
        return new CaseloadQuery(staffId, allMembers, search, tier, only, pageSize, page);
    }

    public CaseloadQuery withPage(int number, int size) {
        return new CaseloadQuery(staffId, allMembers, search, tier, openFlagOnly, size, number);
    }
}
