package org.aftercare.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.kit.health.MetricFamilies.Type;

/**
 * How a PromQL expression uses metrics, checked against declared families: every series name must
 * belong to a family (a counter's {@code _total}, a histogram's {@code _bucket}/{@code _count}/
 * {@code _sum}, a summary's {@code _count}/{@code _sum} or itself, a gauge); counters and the
 * cumulative series of histograms and summaries are read only directly inside {@code rate()},
 * {@code irate()} or {@code increase()} (a raw counter resets with every restart and only grows),
 * and gauges never are. Label matchers, ranges, strings, by/on/without lists and Grafana variables
 * are blanked out (same length) before names are looked for, so positions still match.
 */
final class PromQlUse {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Set<String> RATES = Set.of("rate", "irate", "increase");
    /** Functions that take any series: whether it exists, or how often a counter reset. */
    private static final Set<String> ANY =
            Set.of("absent", "absent_over_time", "present_over_time", "resets", "changes");

    private PromQlUse() {}

    /** What is wrong with the expression's use of metrics (empty: nothing). */
    static List<String> problems(String expr, Map<String, Type> families) {
        String s = blank(expr);
        List<String> problems = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            if (m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1))) {
                continue; // the exponent or unit of a number
            }
            boolean call = s.substring(m.end()).stripLeading().startsWith("(");
            if (call || KEYWORDS.contains(name.toLowerCase())) {
                continue;
            }
            Optional<Type> seriesType = seriesType(name, families);
            if (seriesType.isEmpty()) {
                problems.add(name + ": no declared metric family has this series");
                continue;
            }
            String around = enclosingCall(s, m.start());
            boolean cumulative = seriesType.get() != Type.GAUGE;
            if (ANY.contains(around)) {
                continue;
            }
            if (cumulative && !RATES.contains(around)) {
                problems.add(name + ": a counter, read outside rate()/increase() (in " + describe(around) + ")");
            } else if (!cumulative && RATES.contains(around)) {
                problems.add(name + ": a gauge, read inside " + around + "()");
            }
        }
        return problems;
    }

    /**
     * COUNTER for the cumulative series of a counter, histogram or summary, GAUGE for a gauge or a
     * summary's quantiles; empty when no family gives the name.
     */
    static Optional<Type> seriesType(String name, Map<String, Type> families) {
        Type exact = families.get(name);
        if (exact == Type.COUNTER) {
            return Optional.of(Type.COUNTER);
        }
        if (exact == Type.GAUGE || exact == Type.SUMMARY) {
            return Optional.of(Type.GAUGE);
        }
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix)) {
                Type family = families.get(name.substring(0, name.length() - suffix.length()));
                if (family == Type.HISTOGRAM || (family == Type.SUMMARY && !suffix.equals("_bucket"))) {
                    return Optional.of(Type.COUNTER);
                }
            }
        }
        return Optional.empty();
    }

    /** The function whose argument list holds position {@code at}, or "" at the top level or in a bare group. */
    static String enclosingCall(String s, int at) {
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                if (depth == 0) {
                    Matcher name =
                            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*$").matcher(s.substring(0, i));
                    return name.find() ? name.group(1) : "";
                }
                depth--;
            }
        }
        return "";
    }

    private static String describe(String call) {
        return call.isEmpty() ? "no function" : call + "()";
    }

    /** The expression with everything that is not a name, a call or an operator blanked (same length). */
    static String blank(String expr) {
        String s = spaces(expr, "\"(?:[^\"\\\\]|\\\\.)*\"");
        s = spaces(s, "\\{[^}]*}");
        s = spaces(s, "\\[[^]]*]");
        s = spaces(s, "\\b(by|on|without|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
        s = spaces(s, "\\$\\w+");
        return s;
    }

    private static String spaces(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start()).append(" ".repeat(m.end() - m.start()));
            last = m.end();
        }
        return out.append(s.substring(last)).toString();
    }
}
