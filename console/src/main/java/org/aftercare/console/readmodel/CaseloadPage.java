package org.aftercare.console.readmodel;

import java.util.List;

/** One page of a caseload, ranked by need, and the total the query matches (for the pager). */
public record CaseloadPage(List<CaseloadRow> rows, long total, int page, int pageSize) {

    public CaseloadPage {
        rows = List.copyOf(rows);
    }

    public boolean hasNext() {
        return (long) (page + 1) * pageSize < total;
    }

    public int pageCount() {
        return (int) ((total + pageSize - 1) / pageSize);
    }
}
