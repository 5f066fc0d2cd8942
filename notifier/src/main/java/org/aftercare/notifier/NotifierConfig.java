package org.aftercare.notifier;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.kafka.GroupMembership;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.kit.links.LinkSigner;
import org.aftercare.notifier.delivery.Recipients;
import org.aftercare.notifier.delivery.RetryPolicy;
import org.aftercare.notifier.smtp.DkimSigning;
import org.aftercare.notifier.smtp.SmtpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's typed configuration, read from environment variables (see {@link #from}) and
 * validated at once: every wrong value becomes one line naming its variable, never a stack trace.
 *
 * @param lateAnswerWindow how long a check-in link stays valid after the check-in's respondBy,
 *                         so a late answer can still be recorded
 * @param onCallEmail      the program's on-call address for {@code on-call} intents; null when unset
 * @param retry            transient-failure retries through the retry topic
 * @param dailyCap         routine emails per recipient per member-local day (0: no cap)
 * @param ledgerRetention  how long a sent notification id is remembered (longer than intents are kept)
 * @param maxPollRecords   intents per batch
 * @param warmUpEmails     made-up emails rehearsed before delivery starts (0: none; see {@code WarmUp})
 * @param recipients       how the ledger names addresses (keyed hash; the key must stay the same,
 *                         or every remembered bounce is forgotten)
 */
public record NotifierConfig(
        KafkaSettings kafka,
        String groupId,
        String httpHost,
        int httpPort,
        HttpSettings http,
        SmtpSettings smtp,
        String linkBaseUrl,
        LinkSigner linkSigner,
        Duration lateAnswerWindow,
        String onCallEmail,
        RetryPolicy retry,
        int dailyCap,
        Duration ledgerRetention,
        int maxPollRecords,
        int warmUpEmails,
        Recipients recipients) {

    private static final Logger log = LoggerFactory.getLogger(NotifierConfig.class);

    public static final String GROUP_ID = "OUTREACH_NOTIFIER_GROUP_ID";
    public static final String HTTP_HOST = "OUTREACH_NOTIFIER_HTTP_HOST";
    public static final String HTTP_PORT = "OUTREACH_NOTIFIER_HTTP_PORT";
    public static final String SMTP_HOST = "OUTREACH_SMTP_HOST";
    public static final String SMTP_PORT = "OUTREACH_SMTP_PORT";
    public static final String SMTP_USERNAME = "OUTREACH_SMTP_USERNAME";
    public static final String SMTP_PASSWORD = "OUTREACH_SMTP_PASSWORD";
    public static final String SMTP_STARTTLS = "OUTREACH_SMTP_STARTTLS";
    public static final String SMTP_TIMEOUT = "OUTREACH_SMTP_TIMEOUT";
    public static final String MAIL_FROM = "OUTREACH_MAIL_FROM";
    public static final String MAIL_FROM_NAME = "OUTREACH_MAIL_FROM_NAME";
    public static final String MAIL_DOMAIN = "OUTREACH_MAIL_DOMAIN";
    public static final String LINK_BASE_URL = "OUTREACH_LINK_BASE_URL";
    public static final String LINK_KEYS = "OUTREACH_LINK_KEYS";
    public static final String LATE_ANSWER_WINDOW = "OUTREACH_LATE_ANSWER_WINDOW";
    public static final String ONCALL_EMAIL = "OUTREACH_ONCALL_EMAIL";
    public static final String SMTP_POOL_SIZE = "OUTREACH_SMTP_POOL_SIZE";
    public static final String MAIL_ENVELOPE_FROM = "OUTREACH_MAIL_ENVELOPE_FROM";
    public static final String RETRY_MAX_ATTEMPTS = "OUTREACH_NOTIFIER_RETRY_MAX_ATTEMPTS";
    public static final String RETRY_FIRST_BACKOFF = "OUTREACH_NOTIFIER_RETRY_FIRST_BACKOFF";
    public static final String RETRY_MAX_BACKOFF = "OUTREACH_NOTIFIER_RETRY_MAX_BACKOFF";
    public static final String DAILY_CAP = "OUTREACH_NOTIFIER_DAILY_CAP";
    public static final String LEDGER_RETENTION = "OUTREACH_NOTIFIER_LEDGER_RETENTION";
    public static final String MAX_POLL_RECORDS = "OUTREACH_NOTIFIER_MAX_POLL_RECORDS";
    public static final String WARM_UP_EMAILS = "OUTREACH_NOTIFIER_WARM_UP_EMAILS";
    public static final String DKIM_DOMAIN = "OUTREACH_DKIM_DOMAIN";
    public static final String DKIM_SELECTOR = "OUTREACH_DKIM_SELECTOR";
    public static final String DKIM_PRIVATE_KEY = "OUTREACH_DKIM_PRIVATE_KEY";
    public static final String ADDRESS_HASH_KEY = "OUTREACH_ADDRESS_HASH_KEY";
    public static final String ALLOW_INSECURE_LINKS = "OUTREACH_ALLOW_INSECURE_LINKS";

    /** Reads and validates; throws {@link org.aftercare.kit.config.ConfigException} listing every problem. */
    public static NotifierConfig from(Settings settings, Map<String, String> env) {
        // The delivery consumer's membership: static under the pod name where one is given (docs/operations.md,
        // "Failover").
        KafkaSettings kafka =
                KafkaSettings.read(settings, env).withGroupMembership(GroupMembership.read(settings, env));
        String groupId = settings.string(GROUP_ID, "outreach-notifier");
        // The management listener (health, metrics only): all interfaces, like streams', so probes
        // and the scrape reach it in a container; deployments keep the port inside the cluster.
        String httpHost = settings.string(HTTP_HOST, "0.0.0.0");
        int httpPort = settings.port(HTTP_PORT, 8082);
        HttpSettings http = HttpSettings.read(settings);

        String smtpHost = settings.string(SMTP_HOST, "localhost");
        int smtpPort = settings.port(SMTP_PORT, 25);
        String username = settings.string(SMTP_USERNAME, null);
        String password = settings.secret(SMTP_PASSWORD, null);
        if (username != null && password == null) {
            settings.problem(SMTP_PASSWORD, "required when " + SMTP_USERNAME + " is set");
        }
        boolean startTls =
                settings.oneOf(SMTP_STARTTLS, "none", "none", "required").equals("required");
        Duration timeout =
                settings.duration(SMTP_TIMEOUT, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5));
        String from = address(settings, MAIL_FROM, settings.string(MAIL_FROM, "checkins@localhost"));
        String fromName = settings.string(MAIL_FROM_NAME, "Check-in");
        if (hasLineBreak(fromName)) {
            settings.problem(MAIL_FROM_NAME, "must be a single line");
        }
        String envelopeFrom = address(settings, MAIL_ENVELOPE_FROM, settings.string(MAIL_ENVELOPE_FROM, from));
        int poolSize = settings.integer(SMTP_POOL_SIZE, 4, 1, 64);
        String domain = settings.string(MAIL_DOMAIN, "localhost");
        if (domain != null && !domain.matches("[A-Za-z0-9.-]{1,253}")) {
            settings.problem(MAIL_DOMAIN, "expected a host name such as mail.example.org, got '" + domain + "'");
        }

        String baseUrl = settings.string(LINK_BASE_URL, "http://localhost:8080");
        boolean insecureLinksAllowed = settings.flag(ALLOW_INSECURE_LINKS, false);
        if (!isHttpUrl(baseUrl)) {
            settings.problem(LINK_BASE_URL, "expected an http or https URL, got '" + baseUrl + "'");
        } else if (isPlainHttpToAnotherHost(baseUrl) && !insecureLinksAllowed) {
            // Signed links are bearer tokens: over plain http anyone on the way can read and use them.
            settings.problem(
                    LINK_BASE_URL,
                    "must be https unless the host is localhost, 127.0.0.1 or ::1, got '" + baseUrl + "' (set "
                            + ALLOW_INSECURE_LINKS + "=true only for a test network)");
        }
        LinkSigner signer = null;
        String keys = settings.secret(LINK_KEYS, null);
        if (keys == null) {
            settings.problem(LINK_KEYS, "required, not set (kid:base64secret,...)");
        } else {
            try {
                signer = LinkSigner.fromSpec(keys, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                // LinkSigner's messages name the key id, never the secret.
                settings.problem(LINK_KEYS, e.getMessage());
            }
        }
        Duration lateWindow =
                settings.duration(LATE_ANSWER_WINDOW, Duration.ofDays(1), Duration.ZERO, Duration.ofDays(14));
        String onCall = settings.string(ONCALL_EMAIL, null);
        if (onCall != null) {
            onCall = address(settings, ONCALL_EMAIL, onCall);
        }

        int maxAttempts = settings.integer(RETRY_MAX_ATTEMPTS, RetryPolicy.DEFAULT.maxAttempts(), 1, 100);
        Duration firstBackoff = settings.duration(
                RETRY_FIRST_BACKOFF, RetryPolicy.DEFAULT.firstBackoff(), Duration.ofMillis(10), Duration.ofHours(1));
        Duration maxBackoff = settings.duration(
                RETRY_MAX_BACKOFF, RetryPolicy.DEFAULT.maxBackoff(), Duration.ofMillis(10), Duration.ofHours(6));
        if (firstBackoff != null && maxBackoff != null && maxBackoff.compareTo(firstBackoff) < 0) {
            settings.problem(RETRY_MAX_BACKOFF, "must be at least " + RETRY_FIRST_BACKOFF + " (" + firstBackoff + ")");
        }
        int dailyCap = settings.integer(DAILY_CAP, 3, 0, 1000);
        // Longer than outreach.requests keeps intents (7 days), so no intent outlives its ledger entry.
        Duration ledgerRetention =
                settings.duration(LEDGER_RETENTION, Duration.ofDays(14), Duration.ofDays(8), Duration.ofDays(365));
        int maxPollRecords = settings.integer(MAX_POLL_RECORDS, 200, 1, 10_000);
        // Off unless set: the deployment files set it; tests and the local run start without the delay.
        int warmUpEmails = settings.integer(WARM_UP_EMAILS, 0, 0, 100_000);
        DkimSigning dkim = dkim(settings);
        Recipients recipients = recipients(settings);

        settings.validate();
        if (!startTls && !isLoopback(smtpHost)) {
            log.warn(
                    "{}: SMTP to {} runs without STARTTLS, so every email (names, links) crosses the network in"
                            + " clear text; set {}=required",
                    SMTP_STARTTLS,
                    smtpHost,
                    SMTP_STARTTLS);
        }
        return new NotifierConfig(
                kafka,
                groupId,
                httpHost,
                httpPort,
                http,
                new SmtpSettings(
                        smtpHost,
                        smtpPort,
                        username,
                        password,
                        startTls,
                        timeout,
                        from,
                        fromName,
                        domain,
                        envelopeFrom,
                        poolSize,
                        dkim),
                baseUrl,
                signer,
                lateWindow,
                onCall,
                new RetryPolicy(maxAttempts, firstBackoff, maxBackoff),
                dailyCap,
                ledgerRetention,
                maxPollRecords,
                warmUpEmails,
                recipients);
    }

    /** The keyed hash the ledger names addresses by; required, the same on every instance and across restarts. */
    private static Recipients recipients(Settings settings) {
        String key = settings.secret(ADDRESS_HASH_KEY, null);
        if (key == null) {
            settings.problem(
                    ADDRESS_HASH_KEY,
                    "required, not set (base64, 32+ bytes; keep it: a new key forgets" + " every bounced address)");
            return null;
        }
        try {
            return Recipients.fromBase64(key);
        } catch (IllegalArgumentException e) {
            // Recipients' messages never repeat the value.
            settings.problem(ADDRESS_HASH_KEY, e.getMessage() + " (base64, 32+ bytes)");
            return null;
        }
    }

    /** DKIM signing when all three variables are set, none when none is; anything else is a problem. */
    private static DkimSigning dkim(Settings settings) {
        String dkimDomain = settings.string(DKIM_DOMAIN, null);
        String selector = settings.string(DKIM_SELECTOR, null);
        String key = settings.secret(DKIM_PRIVATE_KEY, null);
        if (dkimDomain == null && selector == null && key == null) {
            return null;
        }
        if (dkimDomain == null || selector == null || key == null) {
            settings.problem(
                    DKIM_PRIVATE_KEY,
                    "DKIM needs all of " + DKIM_DOMAIN + ", " + DKIM_SELECTOR + " and " + DKIM_PRIVATE_KEY
                            + ", or none of them");
            return null;
        }
        try {
            return DkimSigning.of(dkimDomain, selector, key);
        } catch (IllegalArgumentException e) {
            settings.problem(DKIM_PRIVATE_KEY, e.getMessage());
            return null;
        }
    }

    /** Copy with another HTTP port (tests and the local run use 0 for a free one). */
    public NotifierConfig withHttpPort(int port) {
        return new NotifierConfig(
                kafka,
                groupId,
                httpHost,
                port,
                http,
                smtp,
                linkBaseUrl,
                linkSigner,
                lateAnswerWindow,
                onCallEmail,
                retry,
                dailyCap,
                ledgerRetention,
                maxPollRecords,
                warmUpEmails,
                recipients);
    }

    private static String address(Settings settings, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            if (hasLineBreak(value)) {
                throw new AddressException();
            }
            new InternetAddress(value, true).validate();
        } catch (AddressException e) {
            settings.problem(name, "expected an email address such as checkins@example.org, got '" + value + "'");
        }
        return value;
    }

    private static boolean hasLineBreak(String value) {
        return value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0);
    }

    private static boolean isPlainHttpToAnotherHost(String value) {
        URI uri = URI.create(value);
        return "http".equals(uri.getScheme()) && !isLoopback(uri.getHost());
    }

    /** localhost, 127.0.0.0/8 or ::1, as written (no name lookup). */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
