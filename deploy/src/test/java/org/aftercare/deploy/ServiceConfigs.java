package org.aftercare.deploy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.console.ConsoleConfig;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.kafka.KafkaSettings;
import org.aftercare.notifier.NotifierConfig;
import org.aftercare.scheduler.SchedulerConfig;
import org.aftercare.streams.DecisionConfig;

/**
 * The four services as their own configuration classes see them: which variables each reads
 * (from {@link Settings#described()} after building its config), derived at test time so the
 * deploy checks follow the code as it changes.
 */
final class ServiceConfigs {

    /** Variables every service honours outside its typed config (logging, the optional properties file). */
    static final Set<String> OUTSIDE_CONFIG = Set.of("OUTREACH_LOG_LEVEL", "OUTREACH_LOG_FORMAT", Settings.CONFIG_FILE);

    /** Pass-through Kafka client properties (any name after the prefix). */
    static final String KAFKA_PROP_PREFIX = KafkaSettings.PROP_PREFIX;

    /**
     * A service as the deploy files see it.
     *
     * @param managementPortVariable the port of its management listener (health, metrics; the admin API on the scheduler)
     * @param managementHostVariable the address that listener binds (0.0.0.0 in a container)
     * @param publicPortVariable the port of its public listener (the pages links in emails open), or null when it has none
     */
    record Service(
            String name,
            String managementPortVariable,
            int defaultManagementPort,
            String managementHostVariable,
            String publicPortVariable,
            int defaultPublicPort,
            BiFunction<Settings, Map<String, String>, ?> reader) {

        boolean hasPublicListener() {
            return publicPortVariable != null;
        }

        /** The variables the config read with this environment, with their described values. */
        Map<String, String> described(Map<String, String> env) {
            Settings settings = Settings.of(env);
            reader.apply(settings, env);
            return new TreeMap<>(settings.described());
        }

        /** The variables the service's configuration reads (with the smallest valid environment). */
        Set<String> readSet() {
            return described(minimalEnvironment()).keySet();
        }

        /**
         * The smallest environment the config accepts: starting from nothing, each variable a
         * problem line names as required is given a valid sample value. A required variable this
         * class has no sample for fails the test with its name, so the sample list is extended
         * deliberately rather than guessed.
         */
        Map<String, String> minimalEnvironment() {
            Map<String, String> env = new HashMap<>();
            for (int round = 0; round < 5; round++) {
                try {
                    Settings settings = Settings.of(env);
                    reader.apply(settings, env);
                    return Map.copyOf(env);
                } catch (ConfigException e) {
                    boolean added = false;
                    for (String problem : e.problems()) {
                        String variable = problem.substring(0, Math.max(0, problem.indexOf(':')));
                        String sample = SAMPLES.getOrDefault(variable, SETTING_SAMPLES.get(variable));
                        if (sample == null) {
                            throw new AssertionError(name + " needs " + variable + " (" + problem
                                    + "): add a valid sample value to ServiceConfigs.SAMPLES or SETTING_SAMPLES");
                        }
                        added |= env.putIfAbsent(variable, sample) == null;
                    }
                    if (!added) {
                        throw new AssertionError(name + " rejects the sample values: " + e.problems());
                    }
                }
            }
            throw new AssertionError(name + ": no valid minimal environment found");
        }

        /** True for a variable that the deploy files may set for this service. */
        boolean accepts(String variable) {
            return readSet().contains(variable)
                    || OUTSIDE_CONFIG.contains(variable)
                    || (variable.startsWith(KAFKA_PROP_PREFIX) && variable.length() > KAFKA_PROP_PREFIX.length());
        }
    }

    static final Service SCHEDULER = new Service(
            "scheduler",
            SchedulerConfig.MANAGEMENT_PORT,
            SchedulerConfig.DEFAULT_MANAGEMENT_PORT,
            SchedulerConfig.MANAGEMENT_HOST,
            SchedulerConfig.HTTP_PORT,
            SchedulerConfig.DEFAULT_HTTP_PORT,
            SchedulerConfig::from);
    static final Service STREAMS = new Service(
            "streams", DecisionConfig.HTTP_PORT, 8081, DecisionConfig.HTTP_HOST, null, 0, DecisionConfig::from);
    static final Service NOTIFIER = new Service(
            "notifier", NotifierConfig.HTTP_PORT, 8082, NotifierConfig.HTTP_HOST, null, 0, NotifierConfig::from);
    static final Service CONSOLE = new Service(
            "console",
            ConsoleConfig.MANAGEMENT_PORT,
            ConsoleConfig.DEFAULT_MANAGEMENT_PORT,
            ConsoleConfig.MANAGEMENT_HOST,
            ConsoleConfig.HTTP_PORT,
            ConsoleConfig.DEFAULT_HTTP_PORT,
            ConsoleConfig::from);
    static final List<Service> ALL = List.of(SCHEDULER, STREAMS, NOTIFIER, CONSOLE);

    /**
     * Valid values for the required variables that are not secrets (example hosts; the config
     * only checks their form, nothing is contacted).
     */
    static final Map<String, String> SETTING_SAMPLES = Map.of(
            ConsoleConfig.PUBLIC_URL,
            "https://console.example.org",
            ConsoleConfig.OIDC_ISSUER,
            "https://login.example.org/realms/outreach",
            ConsoleConfig.OIDC_CLIENT_ID,
            "outreach-console");

    /** Valid values for the secrets a service requires (random, never real). */
    static final Map<String, String> SAMPLES = Map.of(
            "OUTREACH_ADMIN_TOKEN",
            "sample-admin-token-0123456789",
            "OUTREACH_LINK_KEYS",
            "k1:" + randomKey(),
            "OUTREACH_ADDRESS_HASH_KEY",
            randomKey());

    static Service named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?}");

    /** Compose-style ${NAME}, ${NAME:-default}, ${NAME:?message} replaced from the given variables. */
    static String interpolate(String value, Map<String, String> variables) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String whole = m.group();
            String name = m.group(1);
            String replacement = variables.get(name);
            if (replacement == null || replacement.isEmpty()) {
                int dash = whole.indexOf(":-");
                replacement = dash > 0 ? whole.substring(dash + 2, whole.length() - 1) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private ServiceConfigs() {}
}
