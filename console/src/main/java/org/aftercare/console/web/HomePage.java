package org.aftercare.console.web;

import java.util.List;
import java.util.Map;
import org.aftercare.console.auth.StaffSession;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;

/**
 * {@code GET /}: "Signed in as …" and the caseload region. The caseload itself comes from the read
 * model (wired in later); until then the region says it is empty.
 */
final class HomePage {

    private final Pages pages;

    HomePage(Pages pages) {
        this.pages = pages;
    }

    Response home(Request request, StaffSession staff) {
        return pages.page(
                200, "Caseload", "home", staff, Map.of("allMembers", staff.seesAllMembers(), "members", List.of()));
    }
}
