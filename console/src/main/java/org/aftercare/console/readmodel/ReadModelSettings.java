package org.aftercare.console.readmodel;

import java.nio.file.Path;
import java.time.Duration;
import org.aftercare.kit.config.Settings;

/**
 * The read model's settings: its database ({@code OUTREACH_CONSOLE_DB_*}, an H2 file under the
 * temp directory by default, PostgreSQL in production), the consumer group it follows the topics
 * with, and how long the access audit keeps its rows (six years by default).
 *
 * @param dbPoolSize the most connections the pool opens
 * @param groupId the consumer group; a new group (or an empty database) reads every topic from the start
 * @param auditRetention rows of the access audit older than this are purged
 */
public record ReadModelSettings(
        String dbUrl, String dbUser, String dbPassword, int dbPoolSize, String groupId, Duration auditRetention) {

    public static final String DB_URL = "OUTREACH_CONSOLE_DB_URL";
    public static final String DB_USER = "OUTREACH_CONSOLE_DB_USER";
    public static final String DB_PASSWORD = "OUTREACH_CONSOLE_DB_PASSWORD";
    public static final String DB_POOL_SIZE = "OUTREACH_CONSOLE_DB_POOL_SIZE";
    public static final String GROUP_ID = "OUTREACH_CONSOLE_GROUP_ID";
    public static final String AUDIT_RETENTION = "OUTREACH_CONSOLE_AUDIT_RETENTION";

    /** Six years, the default retention of the access audit (365 × 6 days). */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(2190);

    public ReadModelSettings {
        if (dbUrl == null || !(dbUrl.startsWith("jdbc:h2:") || dbUrl.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException(DB_URL + ": expected a jdbc:h2: or jdbc:postgresql: URL");
        }
        if (dbPoolSize < 1) {
            throw new IllegalArgumentException(DB_POOL_SIZE + ": at least 1");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException(GROUP_ID + ": required");
        }
        if (auditRetention == null || auditRetention.isNegative() || auditRetention.isZero()) {
            throw new IllegalArgumentException(AUDIT_RETENTION + ": a positive duration");
        }
    }

    /** The default database: an H2 file in the temp directory (a local run; rebuilt from the topics when lost). */
    public static String defaultDbUrl() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "outreach-console", "readmodel");
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=FALSE";
    }

    /**
     * Reads the settings, recording every wrong value on {@code s} (the caller calls {@link
     * Settings#validate()} once for the whole service). With problems recorded it returns the
     * defaults in their place, so the caller can still report them all at once.
     */
    public static ReadModelSettings read(Settings s) {
        String url = s.string(DB_URL, defaultDbUrl());
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            s.problem(DB_URL, "expected a jdbc:h2: or jdbc:postgresql: URL");
            url = defaultDbUrl();
        }
        String user = s.string(DB_USER, "sa");
        String password = s.secret(DB_PASSWORD, "");
        int pool = s.integer(DB_POOL_SIZE, 8, 1, 200);
        String group = s.string(GROUP_ID, "outreach-console");
        Duration retention =
                s.duration(AUDIT_RETENTION, DEFAULT_AUDIT_RETENTION, Duration.ofDays(1), Duration.ofDays(36_500));
        return new ReadModelSettings(url, user, password, pool, group, retention);
    }

    /** Shown without the password. */
    @Override
    public String toString() {
        return "ReadModelSettings[dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", dbPoolSize=" + dbPoolSize + ", groupId="
                + groupId + ", auditRetention=" + auditRetention + "]";
    }
}
