package org.aftercare.console.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import org.aftercare.console.readmodel.Codes;
import org.aftercare.console.readmodel.ReadModelWriter;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.events.flag.FlagChange;
import org.aftercare.events.flag.FlagOutcome;
import org.aftercare.events.flag.FlagReason;
import org.aftercare.events.flag.FlagSeverity;
import org.aftercare.events.flag.FlagState;
import org.aftercare.events.outreach.DeliveryOutcome;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.RecipientRole;
import org.aftercare.events.profile.ExitKind;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.risk.RiskCause;
import org.aftercare.events.risk.RiskTier;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The benchmark's data set, written straight into the read model's tables in the shape {@link
 * ReadModelWriter} gives them (same kinds, codes and columns; the need columns on {@code rm_member}
 * computed from the member's events): members enrolled over the last year with a care team among
 * the clinicians, check-ins every half day to every week (due, late, answered or missed), answers
 * with craving, mood and sometimes a note, the emails about them (sent, deferred, bounced,
 * suppressed, failed), risk tiers changing with the days since the exit event, flags raised by
 * answers and misses and worked by the care team, support contacts' actions, staff notes.
 *
 * <p>Rows are generated day by day across all members, as the feed would have written them, so a
 * member's events are spread over the table as in production (not one member's rows side by
 * side). One member in a hundred checks in twice a day all year: the "many events" members.
 * PostgreSQL is loaded with COPY, H2 with batched inserts.
 */
final class BenchData {

    static final int CLINICIANS = 50;
    static final int SUPERVISORS = 3;
    static final int HORIZON_DAYS = 365;

    static final String[] FIRST_NAMES = {
        "James",
        "Mary",
        "Robert",
        "Patricia",
        "John",
        "Jennifer",
        "Michael",
        "Linda",
        "David",
        "Elizabeth",
        "William",
        "Barbara",
        "Richard",
        "Susan",
        "Joseph",
        "Jessica",
        "Thomas",
        "Sarah",
        "Christopher",
        "Karen",
        "Charles",
        "Lisa",
        "Daniel",
        "Nancy",
        "Matthew",
        "Betty",
        "Anthony",
        "Sandra",
        "Mark",
        "Margaret",
        "Donald",
        "Ashley",
        "Steven",
        "Kimberly",
        "Andrew",
        "Emily",
        "Paul",
        "Donna",
        "Joshua",
        "Michelle",
        "Kenneth",
        "Carol",
        "Kevin",
        "Amanda",
        "Brian",
        "Melissa",
        "George",
        "Deborah",
        "Timothy",
        "Stephanie",
        "Ronald",
        "Dorothy",
        "Jason",
        "Rebecca",
        "Edward",
        "Sharon",
        "Jeffrey",
        "Laura",
        "Ryan",
        "Cynthia",
        "Jacob",
        "Amy",
        "Gary",
        "Kathleen",
        "Nicholas",
        "Angela",
        "Eric",
        "Shirley",
        "Jonathan",
        "Brenda",
        "Stephen",
        "Emma",
        "Larry",
        "Anna",
        "Justin",
        "Pamela",
        "Scott",
        "Nicole",
        "Brandon",
        "Samantha",
        "Benjamin",
        "Katherine",
        "Samuel",
        "Christine",
        "Gregory",
        "Helen",
        "Alexander",
        "Debra",
        "Patrick",
        "Rachel",
        "Frank",
        "Carolyn",
        "Raymond",
        "Janet",
        "Jack",
        "Maria",
        "Dennis",
        "Catherine",
        "Jerry",
        "Heather",
        "Tyler",
        "Diane",
        "Aaron",
        "Olivia",
        "Jose",
        "Julie",
        "Adam",
        "Joyce",
        "Nathan",
        "Victoria",
        "Henry",
        "Ruth",
        "Zachary",
        "Virginia",
        "Douglas",
        "Lauren",
        "Peter",
        "Kelly",
        "Kyle",
        "Christina",
        "Noah",
        "Joan",
        "Ethan",
        "Evelyn",
        "Jeremy",
        "Judith",
        "Christian",
        "Andrea",
        "Walter",
        "Hannah",
        "Keith",
        "Megan",
        "Austin",
        "Cheryl",
        "Roger",
        "Jacqueline",
        "Terry",
        "Martha",
        "Sean",
        "Madison",
        "Gerald",
        "Teresa",
        "Carl",
        "Gloria",
        "Dylan",
        "Sara",
        "Harold",
        "Janice",
        "Jordan",
        "Ann",
        "Jesse",
        "Kathryn",
        "Bryan",
        "Abigail",
        "Lawrence",
        "Sophia",
        "Arthur",
        "Frances",
        "Gabriel",
        "Jean",
        "Bruce",
        "Alice",
        "Logan",
        "Judy",
        "Billy",
        "Isabella",
        "Joe",
        "Julia",
        "Alan",
        "Grace",
        "Juan",
        "Amber",
        "Elijah",
        "Denise",
        "Willie",
        "Danielle",
        "Albert",
        "Marilyn",
        "Wayne",
        "Beverly",
        "Randy",
        "Charlotte",
        "Mason",
        "Natalie",
        "Vincent",
        "Theresa",
        "Liam",
        "Diana",
        "Roy",
        "Brittany",
        "Bobby",
        "Doris",
        "Caleb",
        "Kayla",
        "Bradley",
        "Alexis",
        "Russell",
        "Lori",
        "Lucas",
        "Marie"
    };

    private static final String[] ZONES = {
        "America/New_York", "America/New_York", "America/New_York", "America/New_York", "America/New_York",
        "America/New_York", "America/New_York", "America/Chicago", "America/Chicago", "America/Chicago",
        "America/Chicago", "America/Chicago", "America/Denver", "America/Denver", "America/Los_Angeles",
        "America/Los_Angeles", "America/Los_Angeles", "America/Los_Angeles", "America/Phoenix", "Pacific/Honolulu"
    };

    private static final String[] MEMBER_NOTES = {
        "Long day at work but held it together.",
        "Went to my meeting tonight.",
        "Slept badly, feeling on edge.",
        "Saw my sponsor, felt better after.",
        "Fight with my brother, walked it off.",
        "Good day. Cooked dinner for the kids.",
        "Craving hit hard after payday.",
        "Started the new job this week.",
        "Missed my ride to the clinic.",
        "Ran into an old friend from before, left early."
    };

    private static final String[] STAFF_NOTES = {
        "Called, no answer; left a voicemail and will try again tomorrow.",
        "Spoke with the member; safe, plans to attend group tonight.",
        "Member asked for a referral to the housing program; sent.",
        "Reached the support contact, who is with the member now.",
        "Discussed the coping plan; member will call the line if cravings return.",
        "Confirmed the next clinic appointment."
    };

    private static final int TIMELINE_COLUMNS = 21;
    static final String TIMELINE_COLUMN_LIST = "event_id, member_id, occurred_at, kind, check_in_id, due_at, status,"
            + " craving, mood, note, delivery_kind, recipient_role, delivery_outcome, delivery_reason, contact_action,"
            + " contact_id, flag_id, flag_change, severity, outcome, staff_id";

    /** Where rows go: COPY (PostgreSQL) or batched inserts (H2). */
    interface Rows extends AutoCloseable {
        void row(Object... values);

        long count();

        @Override
        void close();
    }

    /** What the benchmark needs to know about the data it loaded. */
    record Loaded(
            List<String> memberIds,
            List<String> heavyMemberIds,
            List<String> clinicianMemberIds,
            String clinician,
            long members,
            long timeline,
            long checkIns,
            long flags,
            long openFlagMembers,
            long notes,
            long maxEventsPerMember,
            double seconds) {}

    private final String url;
    private final String user;
    private final boolean postgres;
    private final int memberCount;
    private final long targetEvents;
    private final Instant now;

    BenchData(String url, String user, int memberCount, long targetEvents, Instant now) {
        this.url = url;
        this.user = user;
        this.postgres = url.startsWith("jdbc:postgresql:");
        this.memberCount = memberCount;
        this.targetEvents = targetEvents;
        this.now = now;
    }

    static String clinicianId(int i) {
        return "clinician-%02d".formatted(i + 1);
    }

    static String supervisorId(int i) {
        return "supervisor-%d".formatted(i + 1);
    }

    // ---- one member's simulated life

    private final class Member {
        final int index;
        final SplittableRandom r;
        final String id;
        final String firstName;
        final String externalId;
        final ZoneId zone;
        final LocalTime checkInTime;
        final boolean heavy;
        final int periodDays; // 0: twice a day
        final int startDay; // day index (0 = HORIZON_DAYS days ago)
        int endDay; // last day with check-ins (inclusive)
        final double engagement;
        final int primary;
        final int secondary; // -1: none
        MemberStatus status = MemberStatus.ACTIVE;
        LocalDate exitOn;
        ExitKind exitKind;
        LocalDate awayUntil;
        Instant profileAt;
        int revision = 1;
        RiskTier tier;
        Instant tierSince;
        LocalDate windowStart;
        RiskCause riskCause;
        Instant riskAt;
        int riskSeq;
        Instant lastAnswerAt;
        AnswerStatus lastAnswerStatus;
        int consecutiveMisses;
        String contactId;
        int contactState; // 0 none, 1 invited, 2 confirmed, 3 declined
        Flag busyFlag; // the flag still open when a new signal comes: it is updated, not raised again
        long events;

        Member(int index, SplittableRandom r, double spanFactor) {
            this.index = index;
            this.r = r;
            this.id = uuid(r);
            this.firstName = FIRST_NAMES[r.nextInt(FIRST_NAMES.length)];
            this.externalId = "P%07d".formatted((index * 7919L + 1_000_003L) % 10_000_000L);
            this.zone = ZoneId.of(ZONES[r.nextInt(ZONES.length)]);
            this.checkInTime = LocalTime.of(8 + r.nextInt(12), r.nextInt(4) * 15);
            this.heavy = index % 100 == 37;
            this.engagement = heavy ? 0.6 + r.nextDouble() * 0.35 : 0.25 + r.nextDouble() * 0.72;
            this.primary = r.nextInt(CLINICIANS);
            int second = r.nextInt(CLINICIANS);
            this.secondary = r.nextInt(10) < 3 && second != primary ? second : -1;
            if (heavy) {
                periodDays = 0;
                startDay = 0;
            } else {
                int p = r.nextInt(10);
                periodDays = p < 2 ? 1 : p < 4 ? 2 : p < 7 ? 3 : 7;
                int span = Math.max(3, (int) Math.round((1 + r.nextInt(HORIZON_DAYS)) * spanFactor));
                startDay = Math.max(0, HORIZON_DAYS - span);
            }
            endDay = HORIZON_DAYS;
            int s = r.nextInt(100);
            if (s < 7 && !heavy) {
                status = MemberStatus.DISCHARGED;
                endDay = Math.max(startDay, HORIZON_DAYS - 5 - r.nextInt(40));
            } else if (s < 12) {
                status = MemberStatus.PAUSED;
                endDay = Math.max(startDay, HORIZON_DAYS - 1 - r.nextInt(10));
            } else if (s < 14) {
                awayUntil = today().plusDays(1 + r.nextInt(14));
                endDay = Math.max(startDay, HORIZON_DAYS - 1 - r.nextInt(5));
            }
            exitKind = ExitKind.values()[r.nextInt(ExitKind.values().length)];
            exitOn = day(startDay).minusDays(r.nextInt(5));
            profileAt = at(startDay, LocalTime.of(10, 0)).minus(2, ChronoUnit.HOURS);
            revision = 1 + (status == MemberStatus.ACTIVE ? 0 : 1) + (awayUntil == null ? 0 : 1) + r.nextInt(2);
        }

        LocalDate today() {
            return now.atZone(zone).toLocalDate();
        }

        LocalDate day(int d) {
            return today().minusDays(HORIZON_DAYS - d);
        }

        Instant at(int d, LocalTime time) {
            return day(d).atTime(time).atZone(zone).toInstant();
        }
    }

    private static final class Flag {
        final String flagId;
        final String memberId;
        int change = 1;
        final FlagSeverity severity;
        final TreeSet<String> reasons = new TreeSet<>();
        final TreeSet<String> categories = new TreeSet<>();
        final List<String> evidence = new ArrayList<>();
        final Instant raisedAt;
        Instant updatedAt;
        String acknowledgedBy;
        Instant acknowledgedAt;
        String contactedBy;
        Instant contactedAt;
        String resolvedBy;
        Instant resolvedAt;
        FlagOutcome outcome;
        FlagState state = FlagState.OPEN;
        Instant plannedResolve; // null: not resolved before now

        Flag(String flagId, String memberId, FlagSeverity severity, Instant raisedAt) {
            this.flagId = flagId;
            this.memberId = memberId;
            this.severity = severity;
            this.raisedAt = raisedAt;
            this.updatedAt = raisedAt;
        }
    }

    // ---- generation

    private Rows timeline;
    private Rows checkIns;
    private final List<Flag> flags = new ArrayList<>();
    private final List<Object[]> notes = new ArrayList<>();

    Loaded load() {
        long started = System.nanoTime();
        double factor = spanFactor();
        SplittableRandom root = new SplittableRandom(20261201L);
        List<Member> members = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            members.add(new Member(i, root.split(), factor));
        }
        System.out.printf(
                "loading %,d members and about %,d timeline events into %s (check-in spans scaled by %.2f)%n",
                memberCount, targetEvents, postgres ? "PostgreSQL" : "H2", factor);
        try (Rows tl = rows("rm_timeline", TIMELINE_COLUMN_LIST);
                Rows ci = rows("rm_checkin", "check_in_id, member_id, due_at, answered, missed, late")) {
            timeline = tl;
            checkIns = ci;
            long next = 1_000_000;
            for (int d = 0; d <= HORIZON_DAYS; d++) {
                for (Member m : members) {
                    simulateDay(m, d);
                }
                if (d == HORIZON_DAYS) {
                    topUp(members);
                }
                if (tl.count() >= next || d == HORIZON_DAYS) {
                    System.out.printf(
                            "  ... day %d of %d: %,d timeline events, %,d check-ins (%.0f s)%n",
                            d, HORIZON_DAYS, tl.count(), ci.count(), (System.nanoTime() - started) / 1e9);
                    while (next <= tl.count()) {
                        next += 1_000_000;
                    }
                }
            }
        }
        long timelineRows = timeline.count();
        long checkInRows = checkIns.count();
        System.out.printf(
                "  timeline and check-ins written (%.0f s); members, care teams, flags, staff, notes%n",
                (System.nanoTime() - started) / 1e9);
        long openMembers;
        try (Rows rm = rows(
                        "rm_member",
                        "member_id, revision, external_id, first_name, first_name_lower, time_zone,"
                                + " status, treatment_ended_on, latest_exit_on, latest_exit_kind, away_until, profile_at, tier,"
                                + " tier_rank, tier_since, window_started_on, risk_cause, risk_at, open_critical, open_high,"
                                + " open_medium, last_answer_at, last_answer_status, contacts_awaiting");
                Rows team = rows("rm_care_team", "member_id, revision, primary_staff_id");
                Rows teamMember = rows("rm_care_team_member", "member_id, staff_id, position")) {
            java.util.Map<String, int[]> open = new java.util.HashMap<>();
            for (Flag f : flags) {
                if (f.state != FlagState.RESOLVED) {
                    open.computeIfAbsent(f.memberId, k -> new int[3])[f.severity.ordinal()]++;
                }
            }
            openMembers = open.size();
            for (Member m : members) {
                int[] o = open.getOrDefault(m.id, new int[3]);
                rm.row(
                        m.id,
                        (long) m.revision,
                        m.externalId,
                        m.firstName,
                        m.firstName.toLowerCase(java.util.Locale.ROOT),
                        m.zone.getId(),
                        Codes.of(m.status),
                        m.exitOn,
                        m.exitOn,
                        Codes.of(m.exitKind),
                        m.awayUntil,
                        m.profileAt,
                        Codes.of(m.tier),
                        ReadModelWriter.tierRank(m.tier),
                        m.tierSince,
                        m.windowStart,
                        Codes.of(m.riskCause),
                        m.riskAt,
                        o[0],
                        o[1],
                        o[2],
                        m.lastAnswerAt,
                        Codes.of(m.lastAnswerStatus),
                        m.contactState == 1 ? 1 : 0);
                team.row(m.id, 1L, clinicianId(m.primary));
                teamMember.row(m.id, clinicianId(m.primary), 0);
                if (m.secondary >= 0) {
                    teamMember.row(m.id, clinicianId(m.secondary), 1);
                }
            }
        }
        try (Rows rf = rows(
                "rm_flag",
                "flag_id, member_id, change_number, severity, state, reasons, evidence,"
                        + " categories, raised_at, updated_at, acknowledged_by, acknowledged_at, contacted_by, contacted_at,"
                        + " resolved_by, resolved_at, outcome")) {
            for (Flag f : flags) {
                rf.row(
                        f.flagId,
                        f.memberId,
                        f.change,
                        Codes.of(f.severity),
                        Codes.of(f.state),
                        String.join(",", f.reasons),
                        String.join(",", f.evidence.subList(0, Math.min(20, f.evidence.size()))),
                        String.join(",", f.categories),
                        f.raisedAt,
                        f.updatedAt,
                        f.acknowledgedBy,
                        f.acknowledgedAt,
                        f.contactedBy,
                        f.contactedAt,
                        f.resolvedBy,
                        f.resolvedAt,
                        Codes.of(f.outcome));
            }
        }
        try (Rows staff = rows("rm_staff", "staff_id, revision, name, work_email, roles, active")) {
            for (int i = 0; i < CLINICIANS; i++) {
                staff.row(
                        clinicianId(i),
                        1L,
                        FIRST_NAMES[(i * 7) % FIRST_NAMES.length] + " Clinician" + (i + 1),
                        clinicianId(i) + "@staff.example.org",
                        "clinician",
                        true);
            }
            for (int i = 0; i < SUPERVISORS; i++) {
                staff.row(
                        supervisorId(i),
                        1L,
                        "Supervisor " + (i + 1),
                        supervisorId(i) + "@staff.example.org",
                        "supervisor",
                        true);
            }
        }
        try (Rows rn = rows("console_staff_note", "note_id, member_id, staff_id, created_at, text")) {
            for (Object[] n : notes) {
                rn.row(n);
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> heavy = new ArrayList<>();
        List<String> own = new ArrayList<>();
        long max = 0;
        for (Member m : members) {
            ids.add(m.id);
            if (m.heavy) {
                heavy.add(m.id);
            }
            if (m.primary == 6 || m.secondary == 6) {
                own.add(m.id);
            }
            max = Math.max(max, m.events);
        }
        return new Loaded(
                Collections.unmodifiableList(ids),
                heavy,
                own,
                clinicianId(6),
                members.size(),
                timelineRows,
                checkInRows,
                flags.size(),
                openMembers,
                notes.size(),
                max,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * How much to stretch or shrink the check-in spans of the ordinary members so the whole comes
     * to about {@code targetEvents}: the expected events of each member's plan (check-ins times
     * the events a check-in makes at the member's engagement, the weekly and one-off emails, risk
     * changes, flags and contact actions), summed over the same plans the load draws.
     */
    private double spanFactor() {
        double lo = 0.01;
        double hi = 20;
        for (int iter = 0; iter < 24; iter++) {
            double mid = Math.sqrt(lo * hi);
            if (expected(mid) < targetEvents * 0.97) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }

    private double expected(double factor) {
        SplittableRandom root = new SplittableRandom(20261201L);
        double sum = 0;
        for (int i = 0; i < memberCount; i++) {
            Member m = new Member(i, root.split(), factor);
            double e = m.engagement;
            int days = Math.max(0, m.endDay - m.startDay + 1);
            double checkIns = m.periodDays == 0 ? days * 2.0 : Math.ceil(days / (double) m.periodDays);
            double onTime = e * 0.85;
            double late = e * 0.15;
            double missed = 1 - e;
            double perCheckIn = 1.02
                    + 2 * onTime
                    + 4 * late
                    + 3.5 * missed
                    // flags raised and worked (raise, ack, contacted, resolve, some updates) and help requests
                    + 4.2 * (e * 0.03 + missed * 0.05)
                    + 0.7 * e * 0.02;
            sum += checkIns * perCheckIn + days / 7.0 + 5.5;
        }
        return sum;
    }

    /**
     * The plans' estimate aims a little under the target; the rest are emails of the last 30 days
     * (encouragement and coping-plan messages, sent) to random members, so the count is exact.
     */
    private void topUp(List<Member> members) {
        SplittableRandom r = new SplittableRandom(42);
        while (timeline.count() < targetEvents) {
            Member m = members.get(r.nextInt(members.size()));
            int d = Math.max(m.startDay, HORIZON_DAYS - r.nextInt(30));
            if (d > m.endDay) {
                continue;
            }
            Instant at = m.at(d, LocalTime.of(9 + r.nextInt(10), r.nextInt(60)));
            if (at.isAfter(now)) {
                continue;
            }
            Object[] row = base("n-" + uuid(r) + ":sent:1", m, at, ReadModelWriter.DELIVERY);
            fillDelivery(
                    row,
                    r.nextBoolean() ? OutreachKind.ENCOURAGEMENT : OutreachKind.COPING_PLAN,
                    RecipientRole.MEMBER,
                    DeliveryOutcome.SENT,
                    null);
            emit(m, row);
        }
    }

    private void simulateDay(Member m, int d) {
        if (d < m.startDay || d > HORIZON_DAYS) {
            return;
        }
        SplittableRandom r = m.r;
        if (d == m.startDay) {
            enrol(m, d);
        }
        // risk tier by days since the window started (very high for 14 days, high to 30, then standard)
        if (m.windowStart != null) {
            long since = java.time.temporal.ChronoUnit.DAYS.between(m.windowStart, m.day(d));
            if (since == 14 && m.tier == RiskTier.VERY_HIGH) {
                risk(m, RiskTier.HIGH, m.at(d, LocalTime.of(0, 5)), null);
            } else if (since == 30 && m.tier == RiskTier.HIGH) {
                risk(m, RiskTier.STANDARD, m.at(d, LocalTime.of(0, 5)), null);
            }
        }
        if (d > m.endDay) {
            return;
        }
        int sinceStart = d - m.startDay;
        if (sinceStart > 0 && sinceStart % 7 == 0) {
            delivery(m, m.at(d, LocalTime.of(18, 0)), OutreachKind.ENCOURAGEMENT, RecipientRole.MEMBER);
        }
        if (sinceStart == 30 || sinceStart == 90 || sinceStart == 180) {
            delivery(m, m.at(d, LocalTime.of(12, 0)), OutreachKind.MILESTONE, RecipientRole.MEMBER);
        }
        if (m.periodDays == 0) {
            checkIn(m, m.at(d, m.checkInTime));
            checkIn(m, m.at(d, m.checkInTime.plusHours(10)));
        } else if (sinceStart % m.periodDays == 0) {
            checkIn(m, m.at(d, m.checkInTime));
        }
        if (r.nextInt(1000) < 3 && m.contactState == 2) {
            delivery(m, m.at(d, LocalTime.of(15, 0)), OutreachKind.COPING_PLAN, RecipientRole.CONTACT);
        }
    }

    private void enrol(Member m, int d) {
        Instant at = m.profileAt;
        risk(m, RiskTier.VERY_HIGH, at.plusSeconds(60), m.exitOn);
        delivery(m, at.plusSeconds(300), OutreachKind.OVERDOSE_SAFETY, RecipientRole.MEMBER);
        if (m.r.nextInt(10) < 4) {
            m.contactId = "contact-" + uuid(m.r);
            m.contactState = 1;
            delivery(m, at.plusSeconds(600), OutreachKind.CONTACT_INVITATION, RecipientRole.CONTACT);
            int c = m.r.nextInt(10);
            Instant answered = at.plus(1 + m.r.nextInt(72), ChronoUnit.HOURS);
            if (c < 7 && !answered.isAfter(now)) {
                m.contactState = 2;
                contact(m, answered, "contact.confirmed", null);
            } else if (c < 8 && !answered.isAfter(now)) {
                m.contactState = 3;
                contact(m, answered, "contact.declined", null);
            }
        }
    }

    private void checkIn(Member m, Instant due) {
        if (due.isAfter(now)) {
            return;
        }
        SplittableRandom r = m.r;
        String checkInId = "ci-" + uuid(r);
        delivery(m, due, OutreachKind.CHECK_IN_PROMPT, RecipientRole.MEMBER);
        double u = r.nextDouble();
        Instant lateAt = due.plus(4, ChronoUnit.HOURS);
        Instant missAt = due.plus(24, ChronoUnit.HOURS);
        boolean answered = u < m.engagement;
        boolean late = answered && r.nextDouble() < 0.15;
        Instant answerAt = !answered
                ? null
                : late
                        ? lateAt.plusSeconds(300 + r.nextInt(19 * 3600))
                        : due.plusSeconds(300 + r.nextInt(3 * 3600 + 1800));
        boolean isLate = late || !answered;
        if (isLate && !lateAt.isAfter(now)) {
            timeline(m, "late:" + checkInId, lateAt, ReadModelWriter.CHECKIN_LATE, checkInId, due);
            delivery(m, lateAt.plusSeconds(30), OutreachKind.LATE_REMINDER, RecipientRole.MEMBER);
        }
        boolean didAnswer = answered && !answerAt.isAfter(now);
        boolean didMiss = !answered && !missAt.isAfter(now);
        if (didAnswer) {
            AnswerStatus status = answerStatus(m, r);
            Integer craving = status == AnswerStatus.OK ? r.nextInt(5) : 3 + r.nextInt(8);
            Integer mood = status == AnswerStatus.OK ? 3 + r.nextInt(3) : 1 + r.nextInt(3);
            String note = r.nextInt(100) < 12 ? MEMBER_NOTES[r.nextInt(MEMBER_NOTES.length)] : null;
            String answerEvent = "answer:" + checkInId + ":a-" + uuid(r);
            Object[] row = base(answerEvent, m, answerAt, ReadModelWriter.ANSWER);
            row[4] = checkInId;
            row[6] = Codes.of(status);
            row[7] = craving;
            row[8] = mood;
            row[9] = note;
            emit(m, row);
            Object[] done =
                    base("completed:" + checkInId, m, answerAt.plusMillis(200), ReadModelWriter.CHECKIN_COMPLETED);
            done[4] = checkInId;
            done[5] = due;
            done[6] = late ? "late" : "on-time";
            emit(m, done);
            m.lastAnswerAt = answerAt;
            m.lastAnswerStatus = status;
            m.consecutiveMisses = 0;
            if (status == AnswerStatus.NEED_HELP) {
                Object[] help = base("help:" + checkInId, m, answerAt.plusMillis(100), ReadModelWriter.HELP_REQUESTED);
                help[6] = "need-help";
                emit(m, help);
                delivery(m, answerAt.plusSeconds(20), OutreachKind.CRISIS_SUPPORT, RecipientRole.MEMBER);
                flag(m, answerAt.plusSeconds(1), FlagReason.NEED_HELP, answerEvent);
            } else if (status == AnswerStatus.USED) {
                if (m.tier == RiskTier.STANDARD) {
                    risk(m, RiskTier.VERY_HIGH, answerAt.plusSeconds(2), m.day(dayIndex(m, answerAt)));
                    m.riskCause = RiskCause.USE_AFTER_ABSTINENCE;
                    flag(m, answerAt.plusSeconds(1), FlagReason.USE_REPORTED, answerEvent);
                } else {
                    flag(m, answerAt.plusSeconds(1), FlagReason.USE_IN_ELEVATED_TIER, answerEvent);
                }
            } else if (craving == 10) {
                flag(m, answerAt.plusSeconds(1), FlagReason.HIGH_CRAVING, answerEvent);
            } else if (mood == 1 && r.nextInt(10) == 0) {
                flag(m, answerAt.plusSeconds(1), FlagReason.LOW_MOOD, answerEvent);
            }
        } else if (didMiss) {
            timeline(m, "missed:" + checkInId, missAt, ReadModelWriter.CHECKIN_MISSED, checkInId, due);
            if (r.nextBoolean()) {
                delivery(m, missAt.plusSeconds(60), OutreachKind.MISSED_CHECK_IN, RecipientRole.MEMBER);
            }
            m.consecutiveMisses++;
            if (m.consecutiveMisses == 3) {
                flag(m, missAt.plusSeconds(1), FlagReason.CONSECUTIVE_MISSES, "missed:" + checkInId);
            } else if (m.tier == RiskTier.VERY_HIGH && r.nextInt(4) == 0) {
                flag(m, missAt.plusSeconds(1), FlagReason.MISSED_IN_VERY_HIGH_TIER, "missed:" + checkInId);
            }
        }
        if (didAnswer || didMiss || (isLate && !lateAt.isAfter(now))) {
            checkIns.row(checkInId, m.id, due, didAnswer, didMiss, didAnswer ? late : isLate);
        }
    }

    private int dayIndex(Member m, Instant at) {
        return HORIZON_DAYS - (int) ChronoUnit.DAYS.between(at.atZone(m.zone).toLocalDate(), m.today());
    }

    private static AnswerStatus answerStatus(Member m, SplittableRandom r) {
        int p = r.nextInt(1000);
        int struggling = m.tier == RiskTier.VERY_HIGH ? 260 : 170;
        if (p < 10) {
            return AnswerStatus.NEED_HELP;
        }
        if (p < 40) {
            return AnswerStatus.USED;
        }
        if (p < 40 + struggling) {
            return AnswerStatus.STRUGGLING;
        }
        return AnswerStatus.OK;
    }

    private void risk(Member m, RiskTier tier, Instant at, LocalDate newWindow) {
        if (at.isAfter(now)) {
            return;
        }
        m.riskSeq++;
        m.tier = tier;
        m.tierSince = at;
        m.riskAt = at;
        if (newWindow != null) {
            m.windowStart = newWindow;
            m.riskCause = RiskCause.EXIT_EVENT;
        } else if (tier == RiskTier.STANDARD) {
            m.windowStart = null;
            m.riskCause = RiskCause.NONE;
        }
        Object[] row = base("risk:" + m.id + ":" + m.riskSeq, m, at, ReadModelWriter.RISK);
        row[6] = Codes.of(tier);
        emit(m, row);
    }

    private void delivery(Member m, Instant at, OutreachKind kind, RecipientRole role) {
        if (at.isAfter(now)) {
            return;
        }
        SplittableRandom r = m.r;
        String notification = "n-" + uuid(r);
        int p = r.nextInt(1000);
        DeliveryOutcome outcome = DeliveryOutcome.SENT;
        String reason = null;
        if (p < 20) {
            Object[] deferred = base(notification + ":deferred:1:smtp-4xx", m, at, ReadModelWriter.DELIVERY);
            fillDelivery(deferred, kind, role, DeliveryOutcome.DEFERRED, "smtp-4xx");
            emit(m, deferred);
            at = at.plusSeconds(600);
        } else if (p < 30) {
            outcome = DeliveryOutcome.BOUNCED;
            reason = "mailbox-unavailable";
        } else if (p < 38) {
            outcome = DeliveryOutcome.SUPPRESSED;
            reason = r.nextBoolean() ? "unsubscribed" : "preference-off";
        } else if (p < 43) {
            outcome = DeliveryOutcome.FAILED;
            reason = "smtp-timeout";
        }
        Object[] row = base(
                notification + ":" + outcome.name().toLowerCase() + ":" + (p < 20 ? 2 : 1)
                        + (reason == null ? "" : ":" + reason),
                m,
                at,
                ReadModelWriter.DELIVERY);
        fillDelivery(row, kind, role, outcome, reason);
        emit(m, row);
    }

    private static void fillDelivery(
            Object[] row, OutreachKind kind, RecipientRole role, DeliveryOutcome outcome, String reason) {
        row[10] = Codes.of(kind);
        row[11] = Codes.of(role);
        row[12] = Codes.of(outcome);
        row[13] = reason;
    }

    private void contact(Member m, Instant at, String type, String status) {
        if (at.isAfter(now)) {
            return;
        }
        Object[] row = base(type + ":" + uuid(m.r), m, at, ReadModelWriter.CONTACT_ACTION);
        row[14] = type;
        row[15] = m.contactId;
        row[6] = status;
        emit(m, row);
    }

    /** A signal raises a flag (or updates the one still open), and the care team works it. */
    private void flag(Member m, Instant at, FlagReason reason, String evidence) {
        SplittableRandom r = m.r;
        Flag open = m.busyFlag;
        if (open != null && (open.plannedResolve == null || open.plannedResolve.isAfter(at))) {
            // still open at this time: the new signal updates it
            open.change++;
            open.reasons.add(Codes.of(reason));
            open.evidence.add(evidence);
            if (open.updatedAt.isBefore(at)) {
                open.updatedAt = at;
            }
            emit(m, flagRow(m, open, FlagChange.UPDATED, at, null));
            return;
        }
        FlagSeverity severity = reason.severity();
        Flag f = new Flag("flag-" + uuid(r), m.id, severity, at);
        f.reasons.add(Codes.of(reason));
        f.categories.add(
                reason == FlagReason.CONSECUTIVE_MISSES || reason == FlagReason.MISSED_IN_VERY_HIGH_TIER
                        ? "engagement"
                        : "answers");
        f.evidence.add(evidence);
        flags.add(f);
        m.busyFlag = f;
        emit(m, flagRow(m, f, FlagChange.RAISED, at, null));
        if (severity == FlagSeverity.CRITICAL && m.contactState == 2) {
            delivery(m, at.plusSeconds(60), OutreachKind.ESCALATION_ALERT, RecipientRole.CONTACT);
            if (r.nextInt(10) < 6) {
                contact(m, at.plusSeconds(300 + r.nextInt(7200)), "escalation.acknowledged", null);
            }
            delivery(m, at.plus(24, ChronoUnit.HOURS), OutreachKind.CONTACT_FOLLOW_UP, RecipientRole.CONTACT);
            if (r.nextBoolean()) {
                contact(
                        m,
                        at.plus(25, ChronoUnit.HOURS),
                        "contact.reach-reported",
                        r.nextInt(4) == 0 ? "not-yet" : "reached");
            }
        }
        String worker = clinicianId(m.secondary >= 0 && r.nextInt(3) == 0 ? m.secondary : m.primary);
        Instant ack =
                at.plusSeconds(severity == FlagSeverity.CRITICAL ? 300 + r.nextInt(3300) : 600 + r.nextInt(8 * 3600));
        if (ack.isAfter(now)) {
            return;
        }
        f.change++;
        f.state = FlagState.ACKNOWLEDGED;
        f.acknowledgedBy = worker;
        f.acknowledgedAt = ack;
        f.updatedAt = ack;
        emit(m, flagRow(m, f, FlagChange.ACKNOWLEDGED, ack, worker));
        Instant last = ack;
        if (r.nextInt(10) < 8) {
            Instant contacted = ack.plusSeconds(3600 + r.nextInt(23 * 3600));
            if (contacted.isAfter(now)) {
                return;
            }
            f.change++;
            f.state = FlagState.CONTACTED;
            f.contactedBy = worker;
            f.contactedAt = contacted;
            f.updatedAt = contacted;
            emit(m, flagRow(m, f, FlagChange.CONTACTED, contacted, worker));
            if (r.nextInt(10) < 6) {
                note(m, worker, contacted.plusSeconds(240));
            }
            last = contacted;
        }
        Instant resolved = last.plusSeconds(3600 + r.nextInt(72 * 3600));
        f.plannedResolve = resolved; // known ahead: a later signal before it updates this flag
        if (resolved.isAfter(now)) {
            return;
        }
        f.change++;
        f.state = FlagState.RESOLVED;
        f.resolvedAt = resolved;
        f.resolvedBy = worker;
        f.outcome = FlagOutcome.values()[r.nextInt(FlagOutcome.values().length)];
        f.updatedAt = resolved;
        emit(m, flagRow(m, f, FlagChange.RESOLVED, resolved, worker));
        if (r.nextInt(10) < 3) {
            note(m, worker, resolved.plusSeconds(120));
        }
    }

    private void note(Member m, String staffId, Instant at) {
        if (!at.isAfter(now)) {
            notes.add(new Object[] {"note-" + uuid(m.r), m.id, staffId, at, STAFF_NOTES[m.r.nextInt(STAFF_NOTES.length)]
            });
        }
    }

    private Object[] flagRow(Member m, Flag f, FlagChange change, Instant at, String staffId) {
        Object[] row = base(
                f.flagId + ":" + Codes.of(change) + ":" + f.change + ":" + at.toEpochMilli(),
                m,
                at,
                ReadModelWriter.FLAG);
        row[16] = f.flagId;
        row[17] = Codes.of(change);
        row[18] = Codes.of(f.severity);
        row[6] = Codes.of(
                change == FlagChange.RESOLVED
                        ? FlagState.RESOLVED
                        : change == FlagChange.CONTACTED
                                ? FlagState.CONTACTED
                                : change == FlagChange.ACKNOWLEDGED
                                        ? FlagState.ACKNOWLEDGED
                                        : f.acknowledgedAt != null && !f.acknowledgedAt.isAfter(at)
                                                ? FlagState.ACKNOWLEDGED
                                                : FlagState.OPEN);
        row[19] = change == FlagChange.RESOLVED ? Codes.of(f.outcome) : null;
        row[20] = staffId;
        return row;
    }

    private void timeline(Member m, String eventId, Instant at, String kind, String checkInId, Instant due) {
        Object[] row = base(eventId, m, at, kind);
        row[4] = checkInId;
        row[5] = due;
        emit(m, row);
    }

    private static Object[] base(String eventId, Member m, Instant at, String kind) {
        Object[] row = new Object[TIMELINE_COLUMNS];
        row[0] = eventId;
        row[1] = m.id;
        row[2] = at;
        row[3] = kind;
        return row;
    }

    private void emit(Member m, Object[] row) {
        m.events++;
        timeline.row(row);
    }

    private static String uuid(SplittableRandom r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    // ---- the sinks

    Rows rows(String table, String columns) {
        try {
            return postgres
                    ? new CopyRows(DriverManager.getConnection(url, user, ""), table, columns)
                    : new BatchRows(DriverManager.getConnection(url, user, ""), table, columns);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a loading connection: " + e.getSQLState(), e);
        }
    }

    /** PostgreSQL's COPY in its text format. */
    private static final class CopyRows implements Rows {
        private final Connection c;
        private final Writer out;
        private final StringBuilder line = new StringBuilder(512);
        private long count;

        CopyRows(Connection c, String table, String columns) throws SQLException {
            this.c = c;
            this.out = new BufferedWriter(
                    new OutputStreamWriter(
                            new PGCopyOutputStream(
                                    c.unwrap(PGConnection.class),
                                    "COPY " + table + " (" + columns + ") FROM STDIN",
                                    1 << 20),
                            StandardCharsets.UTF_8),
                    1 << 20);
        }

        @Override
        public void row(Object... values) {
            line.setLength(0);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                Object v = values[i];
                switch (v) {
                    case null -> line.append("\\N");
                    case String s -> escape(s);
                    case Instant t -> line.append(t);
                    case Boolean b -> line.append(b ? 't' : 'f');
                    default -> line.append(v);
                }
            }
            line.append('\n');
            try {
                out.append(line);
            } catch (IOException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
            count++;
        }

        private void escape(String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    default -> line.append(ch);
                }
            }
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public void close() {
            try (Connection conn = c) {
                out.close();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
        }
    }

    /** Batched inserts (H2), committed every 50,000 rows. */
    private static final class BatchRows implements Rows {
        private final Connection c;
        private final PreparedStatement ps;
        private long count;

        BatchRows(Connection c, String table, String columns) throws SQLException {
            this.c = c;
            c.setAutoCommit(false);
            int n = columns.split(",").length;
            this.ps = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES ("
                    + String.join(",", Collections.nCopies(n, "?")) + ")");
        }

        @Override
        public void row(Object... values) {
            try {
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    ps.setObject(i + 1, v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
                }
                ps.addBatch();
                if (++count % 5_000 == 0) {
                    ps.executeBatch();
                    if (count % 50_000 == 0) {
                        c.commit();
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("insert failed: " + e.getSQLState(), e);
            }
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public void close() {
            try (Connection conn = c) {
                ps.executeBatch();
                c.commit();
                ps.close();
            } catch (SQLException e) {
                throw new IllegalStateException("insert failed: " + e.getSQLState(), e);
            }
        }
    }
}
