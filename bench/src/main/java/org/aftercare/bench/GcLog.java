package org.aftercare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's peak heap use, read from its GC log ({@code -Xlog:gc:file=...:timemillis}): the heap is
 * fullest just before a collection, so the largest "before" size of the pauses in a time window is
 * that window's peak. Lines look like
 * {@code [1764620000123ms] GC(12) Pause Young (Allocation Failure) 120M->30M(384M) 3.210ms}.
 */
final class GcLog {

    private static final Pattern PAUSE =
            Pattern.compile("^\\[(\\d+)ms].*?GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /** The peak heap in the window and the number of pauses seen in it. */
    record Peak(long bytes, int pauses) {}

    private GcLog() {}

    /** The peak heap use in {@code [fromMs, toMs]} (epoch milliseconds) of the log at {@code file}. */
    static Peak peak(Path file, long fromMs, long toMs) {
        try {
            return peak(Files.readAllLines(file), fromMs, toMs);
        } catch (IOException e) {
            return new Peak(0, 0);
        }
    }

    static Peak peak(List<String> lines, long fromMs, long toMs) {
        long peak = 0;
        int pauses = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long at = Long.parseLong(m.group(1));
            if (at < fromMs || at > toMs) {
                continue;
            }
            pauses++;
            peak = Math.max(peak, bytes(m.group(2), m.group(3)));
        }
        return new Peak(peak, pauses);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }
}
