package org.aftercare.console.bench;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.aftercare.console.ConsoleConfig;
import org.aftercare.console.ConsoleService;
import org.aftercare.console.readmodel.ReadModelDatabase;
import org.aftercare.console.testing.StaffClient;
import org.aftercare.infra.kafka.EmbeddedKafka;
import org.aftercare.infra.postgres.PostgresExtension;
import org.aftercare.kit.config.Settings;

/**
 * The console's scale benchmark (a program, not a test; {@code -Pbench}): {@code bench.members}
 * members (100,000) and {@code bench.events} timeline events (10,000,000) loaded into the read
 * model's tables ({@link BenchData}) on a throwaway PostgreSQL with the console's Flyway
 * migrations; then the real {@link ConsoleService} (real HTTP listener, real OIDC sign-in against
 * an in-process mock-oauth2-server, an embedded broker for its feed) answers one HTTP client that
 * signs in once per staff member and reuses the session cookie. For each case, after a warm-up,
 * {@code bench.requests} (1,000) timed requests per run, {@code bench.runs} (3) runs interleaved
 * across the cases. Baselines in the same run, timed the same way: the same server answering a
 * page that touches no database ({@code /signed-out}), and the raw SQL of each page's queries
 * through plain JDBC on one connection (the floor the database sets). Prints a table for {@code
 * docs/benchmarks.md}. {@code -Dbench.databases=postgresql,h2} also runs it on H2 (a file database).
 */
public final class ConsoleBenchmark {

    private static final String ISSUER_ID = "console";
    private static final String CLIENT_ID = "outreach-console";
    private static final String[] NAME_PREFIXES = {
        "mar", "jo", "da", "ch", "ka", "sa", "ro", "je", "an", "li", "br", "ju", "pa", "ja", "mi", "ste", "ni", "el"
    };

    /** One timed thing: the page through the server, or its queries through JDBC. */
    private interface Call {
        void run(int i) throws Exception;
    }

    private record Case(String name, Call page, Call rawSql) {}

    private ConsoleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int members = Integer.getInteger("bench.members", 100_000);
        long events = Long.getLong("bench.events", 10_000_000L);
        int requests = Integer.getInteger("bench.requests", 1000);
        int runs = Integer.getInteger("bench.runs", 3);
        int warmup = Integer.getInteger("bench.warmup", 100);
        List<String> databases = Arrays.asList(
                System.getProperty("bench.databases", "postgresql").split(","));
        System.out.printf(
                "console benchmark: %,d members, %,d events, %,d requests x %d runs per case; %d cores, -Xmx%d MiB%n",
                members,
                events,
                requests,
                runs,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("load before: " + load());
        MockOAuth2Server provider = new MockOAuth2Server(new OAuth2Config());
        provider.start();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            for (String vendor : databases) {
                run(vendor.strip(), members, events, requests, runs, warmup, provider, kafka);
            }
        } finally {
            provider.shutdown();
        }
        System.out.println("load after: " + load());
        System.exit(0);
    }

    private static void run(
            String vendor,
            int members,
            long events,
            int requests,
            int runs,
            int warmup,
            MockOAuth2Server provider,
            EmbeddedKafka kafka)
            throws Exception {
        String url;
        String user;
        Path h2Dir = null;
        switch (vendor) {
            case "postgresql" -> {
                url = new PostgresExtension().newDatabase();
                user = PostgresExtension.USER;
            }
            case "h2" -> {
                h2Dir = Files.createTempDirectory("console-bench-h2-");
                Path dir = h2Dir; // a stopped run leaves no 20 GB file behind
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "console-bench-h2-cleanup"));
                url = "jdbc:h2:file:" + h2Dir.resolve("console").toAbsolutePath();
                user = "sa";
            }
            default -> throw new IllegalArgumentException("bench.databases: postgresql or h2, not " + vendor);
        }
        System.out.printf("%n=== %s ===%n", vendor);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BenchData.Loaded data;
        try (ReadModelDatabase db = ReadModelDatabase.open(url, user, "", 2)) { // Flyway: the console's migrations
            data = new BenchData(url, user, members, events, now).load();
            long started = System.nanoTime();
            db.analyze();
            System.out.printf(
                    "loaded %,d members, %,d timeline events (most for one member: %,d), %,d check-ins, %,d flags"
                            + " (%,d members with open flags), %,d staff notes in %.0f s; ANALYZE %.1f s%n",
                    data.members(),
                    data.timeline(),
                    data.maxEventsPerMember(),
                    data.checkIns(),
                    data.flags(),
                    data.openFlagMembers(),
                    data.notes(),
                    data.seconds(),
                    (System.nanoTime() - started) / 1e9);
        }
        if ("postgresql".equals(vendor)) {
            try (Connection c = DriverManager.getConnection(url, user, "");
                    PreparedStatement ps =
                            c.prepareStatement("SELECT pg_size_pretty(pg_database_size(current_database())),"
                                    + " pg_size_pretty(pg_total_relation_size('rm_timeline'))");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.printf(
                        "database size %s (rm_timeline with its indexes %s)%n", rs.getString(1), rs.getString(2));
            }
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("OUTREACH_CONSOLE_HTTP_HOST", "127.0.0.1");
        env.put("OUTREACH_CONSOLE_HTTP_PORT", Integer.toString(port));
        env.put("OUTREACH_CONSOLE_MANAGEMENT_PORT", "0");
        env.put("OUTREACH_CONSOLE_PUBLIC_URL", "http://localhost:" + port);
        env.put("OUTREACH_CONSOLE_SECURE_COOKIES", "false");
        env.put("OUTREACH_CONSOLE_OIDC_ISSUER", provider.issuerUrl(ISSUER_ID).toString());
        env.put("OUTREACH_CONSOLE_OIDC_CLIENT_ID", CLIENT_ID);
        env.put("OUTREACH_CONSOLE_OIDC_CLIENT_SECRET", "bench-client-secret");
        env.put("OUTREACH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("OUTREACH_CONSOLE_DB_URL", url);
        env.put("OUTREACH_CONSOLE_DB_USER", user);
        env.put("OUTREACH_CONSOLE_GROUP_ID", "console-bench-" + UUID.randomUUID());
        ConsoleConfig config = ConsoleConfig.from(Settings.of(env));
        try (ConsoleService console = ConsoleService.start(config);
                Connection raw = DriverManager.getConnection(url, user, "")) {
            if (!console.feed().awaitCaughtUp(Duration.ofSeconds(120))) {
                throw new IllegalStateException("the console's feed did not catch up");
            }
            raw.setAutoCommit(false);
            String base = config.publicBaseUrl();
            StaffClient clinician = signIn(provider, base, data.clinician(), "clinician");
            StaffClient supervisor = signIn(provider, base, BenchData.supervisorId(0), "supervisor");
            System.out.printf(
                    "console up at %s; signed in %s (clinician, %,d members) and %s (supervisor)%n",
                    base, data.clinician(), data.clinicianMemberIds().size(), BenchData.supervisorId(0));

            List<Case> cases = cases(data, clinician, supervisor, raw, members);
            String only = System.getProperty("bench.cases", "");
            if (!only.isBlank()) {
                List<String> wanted =
                        Arrays.stream(only.split(",")).map(String::strip).toList();
                cases = cases.stream()
                        .filter(c -> c.name().startsWith("baseline")
                                || wanted.stream().anyMatch(c.name()::contains))
                        .toList();
                System.out.println("only the cases matching " + wanted + " (bench.cases)");
            }
            // warm-up: every case, pages and SQL
            for (Case c : cases) {
                for (int i = 0; i < warmup; i++) {
                    c.page().run(i);
                    if (c.rawSql() != null) {
                        c.rawSql().run(i);
                    }
                }
            }
            System.out.printf("warmed up (%d of each); timing%n", warmup);
            Map<String, List<long[]>> results = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (Case c : cases) {
                    results.computeIfAbsent(c.name(), k -> new ArrayList<>())
                            .add(time(c.page(), requests, run * 100_000));
                    if (c.rawSql() != null) {
                        results.computeIfAbsent(c.name() + " — raw SQL (JDBC)", k -> new ArrayList<>())
                                .add(time(c.rawSql(), requests, run * 100_000));
                    }
                }
                System.out.printf("  run %d of %d done; load %s%n", run, runs, load());
            }
            report(vendor, results, requests, runs);
            if ("postgresql".equals(vendor) && Boolean.parseBoolean(System.getProperty("bench.compare", "true"))) {
                withoutSearchIndexes(raw, cases, Integer.getInteger("bench.compare.requests", 300), runs);
            }
            int hold = Integer.getInteger("bench.hold", 0);
            if (hold > 0) {
                System.out.printf("holding the database %s for %d s (bench.hold)%n", url, hold);
                Thread.sleep(hold * 1000L);
            }
        }
        if (h2Dir != null) {
            deleteTree(h2Dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("not deleted: " + dir);
        }
    }

    /**
     * Before and after V7 on the same data, server and load: drops the two search indexes and times
     * the search pages again (fewer requests: without the indexes each takes a while).
     */
    private static void withoutSearchIndexes(Connection raw, List<Case> cases, int requests, int runs)
            throws Exception {
        try (var st = raw.createStatement()) {
            st.execute("DROP INDEX rm_member_first_name_prefix");
            st.execute("DROP INDEX rm_member_external_id_prefix");
            raw.commit();
            raw.setAutoCommit(true);
            st.execute("ANALYZE rm_member");
            raw.setAutoCommit(false);
        }
        System.out.printf("%nwithout the V7 search indexes (dropped, rm_member analyzed again):%n");
        List<Case> searches =
                cases.stream().filter(c -> c.name().contains("search")).toList();
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        for (Case c : searches) {
            for (int i = 0; i < 20; i++) {
                c.page().run(i);
            }
        }
        for (int run = 1; run <= runs; run++) {
            for (Case c : searches) {
                results.computeIfAbsent(c.name() + " (without V7)", k -> new ArrayList<>())
                        .add(time(c.page(), requests, run * 100_000));
            }
        }
        report("postgresql without V7", results, requests, runs);
    }

    private static StaffClient signIn(MockOAuth2Server provider, String base, String staffId, String role)
            throws Exception {
        Map<String, Object> claims = new HashMap<>();
        claims.put("name", staffId);
        claims.put("email", staffId + "@staff.example.org");
        claims.put("roles", List.of(role));
        provider.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, staffId, "JWT", List.of(CLIENT_ID), claims, 3600));
        StaffClient client = new StaffClient(base);
        HttpResponse<String> back = client.signIn("/");
        if (back.statusCode() != 303 || client.sessionCookie().isEmpty()) {
            throw new IllegalStateException("sign-in of " + staffId + " failed: " + back.statusCode());
        }
        return client;
    }

    private static List<Case> cases(
            BenchData.Loaded data, StaffClient clinician, StaffClient supervisor, Connection raw, int members) {
        List<String> all = data.memberIds();
        List<String> heavy = data.heavyMemberIds();
        List<String> own = data.clinicianMemberIds();
        String clin = data.clinician();
        String sup = BenchData.supervisorId(0);
        int lastPages = Math.max(1, members / 50);
        int deepPage = Math.min(1000, lastPages);
        SplittableRandom pick = new SplittableRandom(7);
        int[] randomMembers = pick.ints(1_000_000, 0, all.size()).toArray();
        int[] heavyMembers = pick.ints(1_000_000, 0, heavy.size()).toArray();
        int[] ownMembers = pick.ints(1_000_000, 0, own.size()).toArray();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "baseline: /signed-out (same server, no database)",
                i -> get(supervisor, "/signed-out", "Signed out"),
                null));
        cases.add(new Case(
                "caseload: clinician's own, first page",
                i -> get(clinician, "/", "Caseload"),
                i -> caseloadSql(raw, clin, false, null, null, false, 0)));
        cases.add(new Case(
                "caseload: supervisor, all members, first page",
                i -> get(supervisor, "/", "Caseload"),
                i -> caseloadSql(raw, sup, true, null, null, false, 0)));
        cases.add(new Case(
                "caseload: supervisor, all members, page " + deepPage,
                i -> get(supervisor, "/?page=" + deepPage, "Caseload"),
                i -> caseloadSql(raw, sup, true, null, null, false, deepPage - 1)));
        cases.add(new Case(
                "caseload: supervisor, search by first name (prefix)",
                i -> get(supervisor, "/?q=" + NAME_PREFIXES[i % NAME_PREFIXES.length], "Caseload"),
                i -> caseloadSql(raw, sup, true, NAME_PREFIXES[i % NAME_PREFIXES.length], null, false, 0)));
        cases.add(new Case(
                "caseload: supervisor, search by program id",
                i -> get(supervisor, "/?q=" + programId(i), "Caseload"),
                i -> caseloadSql(raw, sup, true, programId(i).toLowerCase(java.util.Locale.ROOT), null, false, 0)));
        cases.add(new Case(
                "caseload: supervisor, filter very-high tier with open flags",
                i -> get(supervisor, "/?tier=very-high&open=1", "Caseload"),
                i -> caseloadSql(raw, sup, true, null, "very-high", true, 0)));
        cases.add(new Case(
                "member page: random member (supervisor)",
                i -> get(supervisor, "/members/" + all.get(randomMembers[i]), "Timeline"),
                i -> memberSql(raw, sup, false, all.get(randomMembers[i]))));
        cases.add(new Case(
                "member page: member with many events (supervisor)",
                i -> get(supervisor, "/members/" + heavy.get(heavyMembers[i]), "Timeline"),
                i -> memberSql(raw, sup, false, heavy.get(heavyMembers[i]))));
        cases.add(new Case(
                "member page: own member (clinician, access checked)",
                i -> get(clinician, "/members/" + own.get(ownMembers[i]), "Timeline"),
                i -> memberSql(raw, clin, true, own.get(ownMembers[i]))));
        return cases;
    }

    private static String programId(int i) {
        return "P%07d".formatted(((i % 100_000) * 7919L + 1_000_003L) % 10_000_000L);
    }

    private static void get(StaffClient client, String path, String expect) throws Exception {
        HttpResponse<String> r = client.get(path);
        if (r.statusCode() != 200 || !r.body().contains(expect)) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + r.statusCode() + " without '" + expect + "'");
        }
    }

    private static long[] time(Call call, int n, int offset) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.run(offset + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    // ---- the pages' queries through plain JDBC (the same statements Caseload, MemberRecords,
    // Access, AccessAudit, StaffNotes and StaffNames run for these pages)

    private static final String CASELOAD_ORDER =
            " ORDER BY m.open_critical DESC, m.open_high DESC, m.open_medium DESC, m.tier_rank,"
                    + " m.window_started_on DESC NULLS LAST, m.last_answer_at ASC NULLS FIRST, m.member_id";

    private static void caseloadSql(
            Connection c, String staffId, boolean all, String search, String tier, boolean open, int page)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder from = new StringBuilder(" FROM rm_member m");
        if (!all) {
            from.append(" JOIN rm_care_team_member t ON t.member_id = m.member_id AND t.staff_id = ?");
            args.add(staffId);
        }
        from.append(" WHERE m.revision > 0");
        if (search != null) {
            from.append(" AND (m.first_name_lower LIKE ? ESCAPE '\\' OR LOWER(m.external_id) LIKE ? ESCAPE '\\')");
            args.add(search + "%");
            args.add(search + "%");
        }
        if (tier != null) {
            from.append(" AND m.tier = ?");
            args.add(tier);
        }
        if (open) {
            from.append(" AND (m.open_critical > 0 OR m.open_high > 0 OR m.open_medium > 0)");
        }
        consume(c, "SELECT COUNT(*)" + from, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add((long) page * 50);
        pageArgs.add(50);
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT m.member_id, m.first_name, m.external_id, m.status,"
                + " m.time_zone, m.tier, m.window_started_on, m.latest_exit_on, m.away_until, m.open_critical,"
                + " m.open_high, m.open_medium, m.last_answer_at, m.last_answer_status" + from + CASELOAD_ORDER
                + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            bind(ps, pageArgs.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    for (int i = 1; i <= n; i++) {
                        rs.getObject(i);
                    }
                }
            }
        }
        checkIns(c, ids, Instant.now().minus(Duration.ofDays(14)));
        c.rollback();
    }

    private static void checkIns(Connection c, List<String> ids, Instant from) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Object[] args = new Object[ids.size() + 2];
        for (int i = 0; i < ids.size(); i++) {
            args[i] = ids.get(i);
        }
        args[ids.size()] = from;
        args[ids.size() + 1] = Instant.now();
        consume(
                c,
                "SELECT member_id, due_at, answered, missed FROM rm_checkin WHERE member_id IN ("
                        + String.join(",", Collections.nCopies(ids.size(), "?")) + ") AND due_at >= ? AND due_at <= ?",
                args);
    }

    private static void memberSql(Connection c, String staffId, boolean clinician, String memberId)
            throws SQLException {
        Instant now = Instant.now();
        if (clinician) {
            consume(c, "SELECT 1 FROM rm_care_team_member WHERE staff_id = ? AND member_id = ?", staffId, memberId);
        }
        consume(c, "SELECT * FROM rm_member WHERE member_id = ? AND revision > 0", memberId);
        List<String> staff = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT staff_id, position FROM rm_care_team_member WHERE member_id = ? ORDER BY position")) {
            ps.setString(1, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    staff.add(rs.getString(1));
                }
            }
        }
        consume(c, "SELECT * FROM rm_flag WHERE member_id = ?", memberId);
        checkIns(c, List.of(memberId), now.minus(Duration.ofDays(14)));
        c.rollback();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO access_audit (at, staff_id, member_id, what, from_addr, detail) VALUES (?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            ps.setObject(1, now.atOffset(ZoneOffset.UTC));
            ps.setString(2, staffId);
            ps.setString(3, memberId);
            ps.setString(4, "bench.raw-sql");
            ps.setString(5, "127.0.0.1");
            ps.setString(6, null);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
            }
        }
        c.commit();
        consume(
                c,
                "SELECT * FROM rm_timeline WHERE member_id = ? ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
                memberId,
                51);
        consume(
                c,
                "SELECT * FROM console_staff_note WHERE member_id = ? ORDER BY created_at DESC, note_id DESC"
                        + " FETCH FIRST ? ROWS ONLY",
                memberId,
                200);
        if (!staff.isEmpty()) {
            consume(
                    c,
                    "SELECT staff_id, name FROM rm_staff WHERE staff_id IN ("
                            + String.join(",", Collections.nCopies(staff.size(), "?")) + ")",
                    staff.toArray());
        }
        for (int days : new int[] {30, 90}) {
            Instant from = now.minus(days, ChronoUnit.DAYS);
            consume(c, "SELECT time_zone FROM rm_member WHERE member_id = ?", memberId);
            consume(
                    c,
                    "SELECT occurred_at, craving, mood FROM rm_timeline WHERE member_id = ? AND kind = ?"
                            + " AND occurred_at >= ? AND occurred_at <= ? ORDER BY occurred_at, id",
                    memberId,
                    "checkin.answered",
                    from,
                    now);
            consume(
                    c,
                    "SELECT due_at, answered, missed FROM rm_checkin WHERE member_id = ? AND due_at >= ? AND due_at <= ?",
                    memberId,
                    from,
                    now);
        }
        c.rollback();
    }

    private static void consume(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        rs.getObject(i);
                    }
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    // ---- the report

    private static void report(String vendor, Map<String, List<long[]>> results, int requests, int runs) {
        System.out.printf(
                "%n%s: %,d timed requests per case and run, %d runs (ms; p95 over runs: min / median / max)%n%n",
                vendor, requests, runs);
        System.out.println("| case | p50 (median of runs) | p95 min / median / max | max (worst run) | p95 < 200 ms |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            List<long[]> rs = e.getValue();
            double[] p50 = rs.stream().mapToDouble(r -> pct(r, 50)).sorted().toArray();
            double[] p95 = rs.stream().mapToDouble(r -> pct(r, 95)).sorted().toArray();
            double max =
                    rs.stream().mapToDouble(r -> r[r.length - 1] / 1e6).max().orElse(0);
            System.out.printf(
                    "| %s | %.1f | %.1f / %.1f / %.1f | %.1f | %s |%n",
                    e.getKey(),
                    p50[p50.length / 2],
                    p95[0],
                    p95[p95.length / 2],
                    p95[p95.length - 1],
                    max,
                    p95[p95.length - 1] < 200 ? "yes" : "**no**");
        }
        System.out.println();
        System.out.println("per run (p50 / p95 / max, ms):");
        results.forEach((name, rs) -> {
            StringBuilder line = new StringBuilder("  " + name + ":");
            for (long[] r : rs) {
                line.append(String.format(" [%.1f / %.1f / %.1f]", pct(r, 50), pct(r, 95), r[r.length - 1] / 1e6));
            }
            System.out.println(line);
        });
    }

    private static double pct(long[] sorted, int p) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
