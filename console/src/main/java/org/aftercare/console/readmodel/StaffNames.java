package org.aftercare.console.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Staff names from {@code staff.directory} for the pages (who acknowledged a flag, who is on a care
 * team). A staff id the directory does not hold is left out of the answer; the page shows the id.
 */
public final class StaffNames {

    private final ReadModelDatabase db;

    public StaffNames(ReadModelDatabase db) {
        this.db = db;
    }

    /** staffId → name for those of {@code staffIds} the directory holds (at most 1,000 ids). */
    public Map<String, String> of(Collection<String> staffIds) {
        List<String> ids = staffIds.stream()
                .filter(id -> id != null && !id.isBlank())
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        if (ids.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 staff ids at once");
        }
        return db.read(c -> {
            String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT staff_id, name FROM rm_staff WHERE staff_id IN (" + marks + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 1, ids.get(i));
                }
                Map<String, String> names = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.put(rs.getString(1), rs.getString(2));
                    }
                }
                return Map.copyOf(names);
            }
        });
    }
}
