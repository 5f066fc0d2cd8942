package org.aftercare.notifier.staff;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.outreach.StaffDigestData;
import org.aftercare.events.profile.MemberProfile;

/**
 * The template data of a {@code staff-digest} intent, read and checked: the window's end, the open
 * flags it lists ({@code items} = how many, then {@code item.<i>.memberId}, {@code .flagId},
 * {@code .severity}, {@code .reasons}, {@code .state}) and how many were left off ({@code more}).
 * At most {@link StaffDigestData#MAX_ITEMS} items (the limit streams lists by); anything else that breaks the contract is {@link InvalidIntentData}.
 */
public record StaffDigest(Instant window, List<Item> items, int more) {

    /** One open flag of the digest. {@code state}: open, acknowledged or contacted. */
    public record Item(String memberId, String flagId, FlagSeverity severity, List<String> reasons, String state) {}

    /**
     * The digest as it goes out: the items whose member still exists, each with the profile it was
     * decided on (an erased member is left out), and how many the intent left off. Looked up once,
     * when the delivery policy decides, and carried to the template model.
     */
    public record Listed(List<Line> lines, int more) {

        public Listed {
            lines = List.copyOf(lines);
        }

        /** One item and the member it is about. */
        public record Line(Item item, MemberProfile member) {}
    }

    /** The items whose member {@code profiles} still has, each with their profile. */
    public Listed listed(Function<String, Optional<MemberProfile>> profiles) {
        List<Listed.Line> lines = new ArrayList<>();
        for (Item item : items) {
            profiles.apply(item.memberId()).ifPresent(m -> lines.add(new Listed.Line(item, m)));
        }
        return new Listed(lines, more);
    }

    public static StaffDigest from(Map<String, String> data) {
        Instant window = null;
        String rawWindow = data.get("window");
        if (rawWindow != null) {
            try {
                window = Instant.parse(rawWindow);
            } catch (DateTimeParseException e) {
                throw new InvalidIntentData("data.window must be an ISO instant");
            }
        }
        int count = number(data.get("items"), "items");
        if (count > StaffDigestData.MAX_ITEMS) {
            throw new InvalidIntentData("data.items must be at most " + StaffDigestData.MAX_ITEMS);
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String prefix = "item." + i + ".";
            String memberId = data.get(prefix + "memberId");
            if (memberId == null || memberId.isBlank()) {
                throw new InvalidIntentData("data." + prefix + "memberId is required");
            }
            String state = data.getOrDefault(prefix + "state", "open");
            if (!List.of("open", "acknowledged", "contacted").contains(state)) {
                throw new InvalidIntentData("data." + prefix + "state must be open, acknowledged or contacted");
            }
            items.add(new Item(
                    memberId,
                    FlagAlert.flagId(data.get(prefix + "flagId"), prefix + "flagId"),
                    FlagAlert.severity(data.get(prefix + "severity"), prefix + "severity"),
                    FlagAlert.reasons(data.get(prefix + "reasons")),
                    state));
        }
        int more = data.containsKey("more") ? number(data.get("more"), "more") : 0;
        return new StaffDigest(window, List.copyOf(items), more);
    }

    private static int number(String value, String key) {
        if (value == null) {
            throw new InvalidIntentData("data." + key + " is required (a count)");
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 0) {
                throw new InvalidIntentData("data." + key + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidIntentData("data." + key + " must be a whole number");
        }
    }
}
