package org.aftercare.scheduler.progress;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.RecoveryMilestones;

/**
 * What the member's progress page shows, worked out from their record: in, the recovery start date
 * (if one is on record), the current absence, the check-ins of the last year
 * ({@link CheckInRecords}) and the time; out, the values of {@code progress.mustache}. Days are the
 * member's local days. Pure: no database, no HTTP.
 *
 * <ul>
 *   <li>Days since the recovery date, and the milestones reached as badges
 *       ({@link RecoveryMilestones}, the thresholds streams congratulates), only when a recovery
 *       date is on record and the member counts days from it ({@code preferences.trackRecoveryDate},
 *       their choice on this page); otherwise no count and no badge, and kind words instead.</li>
 *   <li>The answered-check-in streak ({@link Streak}) over the last {@value #STREAK_WEEKS} weeks.</li>
 *   <li>A calendar of the last {@value #WEEKS} weeks (Monday to Sunday), each day answered,
 *       missed, no check-in planned, away, open (today) or still to come.</li>
 *   <li>The craving (0-10) and mood (1-5) of each answered day in those weeks, as chart geometry
 *       (numbers only) and as table rows.</li>
 * </ul>
 */
public final class ProgressView {

    /** The calendar and the trend cover this many weeks, the current one last. */
    public static final int WEEKS = 8;
    /** The streak is counted over this many weeks. */
    public static final int STREAK_WEEKS = 53;

    static final int WIDTH = 320;
    static final int HEIGHT = 160;
    private static final int LEFT = 28;
    private static final int RIGHT = 8;
    private static final int TOP = 10;
    private static final int BOTTOM = 24;
    private static final Locale LOCALE = Locale.ENGLISH;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", LOCALE);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("EEEE d MMMM", LOCALE);

    private ProgressView() {}

    /** The first instant whose check-ins the page reads, for a member in {@code zone} at {@code now}. */
    public static Instant readSince(ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return Streak.weekOf(today)
                .minusWeeks(STREAK_WEEKS - 1L)
                .atStartOfDay(zone)
                .toInstant();
    }

    /** The day each local date's check-ins add up to, as of {@code now}. */
    static Map<LocalDate, Streak.Day> days(List<CheckInRecords.Row> rows, Away away, ZoneId zone, Instant now) {
        Map<LocalDate, List<CheckInRecords.Row>> byDay = new TreeMap<>();
        for (CheckInRecords.Row r : rows) {
            byDay.computeIfAbsent(r.dueAt().atZone(zone).toLocalDate(), d -> new ArrayList<>())
                    .add(r);
        }
        Map<LocalDate, Streak.Day> days = new TreeMap<>();
        byDay.forEach((date, list) -> days.put(date, dayOf(list, now)));
        LocalDate today = now.atZone(zone).toLocalDate();
        if (away != null && !today.isAfter(away.until()) && days.get(today) != Streak.Day.ANSWERED) {
            days.put(today, Streak.Day.AWAY);
        }
        return days;
    }

    private static Streak.Day dayOf(List<CheckInRecords.Row> rows, Instant now) {
        if (rows.stream().anyMatch(r -> r.answeredAt() != null)) {
            return Streak.Day.ANSWERED;
        }
        List<CheckInRecords.Row> counted =
                rows.stream().filter(r -> r.emitted() && r.kept()).toList();
        if (counted.isEmpty()) {
            return Streak.Day.NO_CHECK_IN;
        }
        if (counted.stream().anyMatch(CheckInRecords.Row::away)) {
            return Streak.Day.AWAY;
        }
        if (counted.stream().anyMatch(r -> r.respondBy().isAfter(now))) {
            return Streak.Day.OPEN;
        }
        return Streak.Day.MISSED;
    }

    /** The page's values, for a member who counts days from their recovery date. */
    public static Map<String, Object> model(
            LocalDate recoveryStart, Away away, List<CheckInRecords.Row> rows, ZoneId zone, Instant now) {
        return model(recoveryStart, true, away, rows, zone, now);
    }

    /** The page's values; {@code countDays}: the member's choice to count days from their recovery date. */
    public static Map<String, Object> model(
            LocalDate recoveryStart,
            boolean countDays,
            Away away,
            List<CheckInRecords.Row> rows,
            ZoneId zone,
            Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<LocalDate, Streak.Day> days = days(rows, away, zone, now);
        Map<String, Object> model = new HashMap<>();

        boolean tracked = countDays && recoveryStart != null && !recoveryStart.isAfter(today);
        model.put("tracked", tracked);
        model.put("notCounting", !countDays);
        model.put("noDate", countDays && !tracked);
        model.put("trackYes", countDays);
        model.put("trackNo", !countDays);
        if (tracked) {
            long since = ChronoUnit.DAYS.between(recoveryStart, today);
            model.put("daysSince", since);
            model.put("startsToday", since == 0);
            model.put("oneDay", since == 1);
            model.put("recoveryDate", LONG.format(recoveryStart) + " " + recoveryStart.getYear());
            List<Map<String, Object>> badges = new ArrayList<>();
            for (RecoveryMilestones.Reached m : RecoveryMilestones.reached(recoveryStart, today)) {
                badges.add(Map.of("code", m.code(), "name", badgeName(m), "date", SHORT.format(m.date())));
            }
            model.put("badges", badges);
            model.put("hasBadges", !badges.isEmpty());
            model.put("next", nextMilestone(recoveryStart, today));
        }

        LocalDate thisWeek = Streak.weekOf(today);
        Streak.Result streak = Streak.of(days, thisWeek.minusWeeks(STREAK_WEEKS - 1L), today);
        model.put("streak", streak.current());
        model.put("streakOne", streak.current() == 1);
        model.put("longest", streak.longest());
        model.put("showLongest", streak.longest() > streak.current());
        model.put("graceUsed", streak.graceUsedThisWeek());

        LocalDate first = thisWeek.minusWeeks(WEEKS - 1L);
        model.put("weekdays", weekdays());
        model.put("weeks", calendar(days, first, today));
        model.put("from", SHORT.format(first));

        List<Map<String, Object>> answered = new ArrayList<>();
        List<double[]> craving = new ArrayList<>();
        List<double[]> mood = new ArrayList<>();
        Map<LocalDate, CheckInRecords.Row> lastOfDay = new TreeMap<>();
        for (CheckInRecords.Row r : rows) {
            LocalDate d = r.dueAt().atZone(zone).toLocalDate();
            if (r.answeredAt() != null && !d.isBefore(first) && (r.craving() != null || r.mood() != null)) {
                lastOfDay.put(d, r);
            }
        }
        int span = WEEKS * 7 - 1;
        lastOfDay.forEach((d, r) -> {
            double x = ChronoUnit.DAYS.between(first, d);
            Map<String, Object> row = new HashMap<>();
            row.put("date", SHORT.format(d));
            row.put("craving", r.craving() == null ? "–" : r.craving().toString());
            row.put("mood", r.mood() == null ? "–" : r.mood().toString());
            answered.add(row);
            if (r.craving() != null) {
                craving.add(new double[] {x, r.craving()});
            }
            if (r.mood() != null) {
                mood.add(new double[] {x, r.mood()});
            }
        });
        model.put("trend", answered);
        model.put("hasTrend", !answered.isEmpty());
        model.put(
                "charts",
                List.of(
                        chart("craving-chart", "Cravings, 0 (none) to 10 (very strong)", craving, 0, 10, span, first),
                        chart("mood-chart", "Mood, 1 (very low) to 5 (very good)", mood, 1, 5, span, first)));
        return model;
    }

    private static String badgeName(RecoveryMilestones.Reached m) {
        if (m.years() > 0) {
            return m.years() + " years";
        }
        return switch (m.days()) {
            case 1 -> "1 day";
            case 7 -> "1 week";
            case 14 -> "2 weeks";
            case 180 -> "6 months";
            case 270 -> "9 months";
            case 365 -> "1 year";
            default -> m.days() + " days";
        };
    }

    private static String nextMilestone(LocalDate start, LocalDate today) {
        for (int d : RecoveryMilestones.DAYS) {
            LocalDate date = start.plusDays(d);
            if (date.isAfter(today)) {
                return badgeName(new RecoveryMilestones.Reached("days-" + d, d, 0, date)) + ", on " + LONG.format(date);
            }
        }
        long years = Math.max(RecoveryMilestones.FIRST_YEARLY, ChronoUnit.YEARS.between(start, today) + 1);
        LocalDate date = start.plusYears(years);
        return years + " years, on " + LONG.format(date) + " " + date.getYear();
    }

    private static List<Map<String, String>> weekdays() {
        List<Map<String, String>> out = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            out.add(Map.of(
                    "short",
                    d.getDisplayName(TextStyle.SHORT, LOCALE),
                    "full",
                    d.getDisplayName(TextStyle.FULL, LOCALE)));
        }
        return out;
    }

    private static List<Map<String, Object>> calendar(
            Map<LocalDate, Streak.Day> days, LocalDate first, LocalDate today) {
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (int w = 0; w < WEEKS; w++) {
            LocalDate monday = first.plusWeeks(w);
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                LocalDate d = monday.plusDays(i);
                String state = d.isAfter(today) ? "upcoming" : state(days.getOrDefault(d, Streak.Day.NO_CHECK_IN));
                cells.add(Map.of(
                        "state", state,
                        "day", d.getDayOfMonth(),
                        "mark", MARKS.get(state),
                        "says", LONG.format(d) + ": " + WORDS.get(state),
                        "today", d.equals(today)));
            }
            weeks.add(Map.of("label", "Week of " + SHORT.format(monday), "days", cells));
        }
        return weeks;
    }

    private static String state(Streak.Day day) {
        return switch (day) {
            case ANSWERED -> "answered";
            case MISSED -> "missed";
            case NO_CHECK_IN -> "none";
            case AWAY -> "away";
            case OPEN -> "open";
        };
    }

    private static final Map<String, String> MARKS =
            Map.of("answered", "✓", "missed", "○", "none", "·", "away", "↗", "open", "…", "upcoming", "");
    private static final Map<String, String> WORDS = Map.of(
            "answered",
            "checked in",
            "missed",
            "no answer",
            "none",
            "no check-in planned",
            "away",
            "away",
            "open",
            "today's check-in is still open",
            "upcoming",
            "still to come");

    /** One chart's geometry: numbers the template places in its SVG, nothing else. */
    private static Map<String, Object> chart(
            String id, String label, List<double[]> values, int min, int max, int span, LocalDate first) {
        List<Map<String, String>> points = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (double[] v : values) {
            double x = LEFT + v[0] / span * (WIDTH - LEFT - RIGHT);
            double y = y(v[1], min, max);
            path.append(path.isEmpty() ? "M" : " L").append(fmt(x)).append(' ').append(fmt(y));
            points.add(Map.of(
                    "x",
                    fmt(x),
                    "y",
                    fmt(y),
                    "value",
                    Integer.toString((int) v[1]),
                    "date",
                    SHORT.format(first.plusDays((long) v[0]))));
        }
        Map<String, Object> c = new HashMap<>();
        c.put("id", id);
        c.put("label", label);
        c.put("width", WIDTH);
        c.put("height", HEIGHT);
        c.put("left", LEFT);
        c.put("right", WIDTH - RIGHT);
        c.put("top", TOP);
        c.put("bottom", HEIGHT - BOTTOM);
        c.put("labelX", LEFT - 4);
        c.put("maxY", fmt(y(max, min, max) + 4));
        c.put("minY", fmt(y(min, min, max) + 4));
        c.put("max", max);
        c.put("min", min);
        c.put("textY", HEIGHT - 6);
        c.put("fromText", SHORT.format(first));
        c.put("toText", SHORT.format(first.plusDays(span)));
        c.put("path", path.isEmpty() ? null : path.toString());
        c.put("points", points);
        return c;
    }

    private static double y(double value, int min, int max) {
        return HEIGHT - BOTTOM - (value - min) / Math.max(1, max - min) * (HEIGHT - BOTTOM - TOP);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
