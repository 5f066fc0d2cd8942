package org.aftercare.console.audit;

/**
 * Which audit rows to list: those about one member, or those of one staff member; a page (from 0)
 * of up to {@code pageSize} rows, newest first.
 */
public record AuditQuery(String memberId, String staffId, int page, int pageSize) {

    public static final int MAX_PAGE_SIZE = 1000;

    public AuditQuery {
        if ((memberId == null) == (staffId == null)) {
            throw new IllegalArgumentException("name either a member or a staff member");
        }
        if ((memberId != null && memberId.isBlank()) || (staffId != null && staffId.isBlank())) {
            throw new IllegalArgumentException("the id must not be blank");
        }
        if (page < 0 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page from 0, pageSize from 1 to " + MAX_PAGE_SIZE);
        }
    }

    public static AuditQuery byMember(String memberId, int page, int pageSize) {
        return new AuditQuery(memberId, null, page, pageSize);
    }

    public static AuditQuery byStaff(String staffId, int page, int pageSize) {
        return new AuditQuery(null, staffId, page, pageSize);
    }
}
