package org.aftercare.console.audit;

import java.util.List;

/** One page of the access audit, newest first, with the total for the pager. */
public record AuditPage(List<AuditEntry> entries, long total, int page, int pageSize) {

    public AuditPage {
        entries = List.copyOf(entries);
    }

    public boolean hasNext() {
        return (long) (page + 1) * pageSize < total;
    }
}
