package org.aftercare.kit.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * The service name the JSON log lines carry ({@code service.name}), defined for logback.xml: the
 * environment's {@code OUTREACH_SERVICE_NAME} when set, else worked out from the main class the JVM
 * was started with ({@code org.aftercare.scheduler.SchedulerMain} gives {@code outreach-scheduler}),
 * else {@code outreach}. Logback reads it before any service code runs, so it cannot be set by the
 * service itself.
 */
public final class ServiceName extends PropertyDefinerBase {

    public static final String VARIABLE = "OUTREACH_SERVICE_NAME";

    private static final String[] SERVICES = {"scheduler", "streams", "notifier", "console", "local"};

    @Override
    public String getPropertyValue() {
        return of(System.getenv(VARIABLE), System.getProperty("sun.java.command"));
    }

    static String of(String configured, String command) {
        if (configured != null && configured.matches("[A-Za-z0-9._-]{1,64}")) {
            return configured;
        }
        String main = command == null ? "" : command.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        for (String service : SERVICES) {
            if (main.startsWith("org.aftercare." + service + ".")) {
                return "outreach-" + service;
            }
        }
        return "outreach";
    }
}
