package org.aftercare.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Lags after a due instant, in milliseconds, sorted: p50, p99 and the last. */
record Lags(long[] sorted) {

    static Lags of(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return new Lags(copy);
    }

    int count() {
        return sorted.length;
    }

    /** The nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
    long percentile(int p) {
        return sorted.length == 0 ? -1 : sorted[rank(sorted.length, p) - 1];
    }

    long last() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    /** How many values are at or below the p-th percentile of n values (nearest rank, 1-based). */
    static int rank(int n, int p) {
        return Math.max(1, (int) Math.ceil(n * p / 100.0));
    }

    /** {@code "p50 12.3 s / p99 40.1 s / last 41.0 s"}; "none" when empty. */
    String describe() {
        return sorted.length == 0
                ? "none"
                : String.format(
                        Locale.ROOT,
                        "p50 %.1f s / p99 %.1f s / last %.1f s",
                        percentile(50) / 1000.0,
                        percentile(99) / 1000.0,
                        last() / 1000.0);
    }

    /** min / median / max of some values, with a format for each. */
    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "none";
        }
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, format, s[0])
                + " / " + String.format(Locale.ROOT, format, median(values))
                + " / " + String.format(Locale.ROOT, format, s[s.length - 1]);
    }

    static double median(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
