package org.aftercare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What Linux's {@code /proc} says about a process and the machine: CPU seconds (user + system),
 * bytes a process has read, the machine's busy and total CPU time, the load average. Linux only
 * (the benchmark's machines); a process that has gone reads as zero.
 */
final class Proc {

    /** {@code CLK_TCK}: the unit of {@code /proc/<pid>/stat}'s times on Linux (x86-64 and arm64). */
    private static final double TICKS_PER_SECOND = 100.0;

    private Proc() {}

    /** User + system CPU seconds of one process (its threads included, its children not). */
    static double cpuSeconds(long pid) {
        long[] f = statFields(pid);
        return f.length == 0 ? 0 : (f[11] + f[12]) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of a process and of all its descendants, the live ones and those it has reaped
     * (PostgreSQL: the postmaster and its backends, which come and go).
     */
    static double treeCpuSeconds(long pid) {
        long[] f = statFields(pid);
        if (f.length == 0) {
            return 0;
        }
        double total = (f[11] + f[12] + f[13] + f[14]) / TICKS_PER_SECOND;
        return total
                + ProcessHandle.of(pid)
                        .map(h -> h.descendants()
                                .mapToDouble(d -> cpuSeconds(d.pid()))
                                .sum())
                        .orElse(0.0);
    }

    /** Bytes the process has read through system calls ({@code rchar} of {@code /proc/<pid>/io}). */
    static long bytesRead(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** The machine's CPU time so far, in seconds summed over all cores: {busy, total}. */
    static double[] machineCpu() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            long[] v = Arrays.stream(cpu.substring(3).strip().split("\\s+"))
                    .limit(8)
                    .mapToLong(Long::parseLong)
                    .toArray();
            long total = Arrays.stream(v).sum();
            long idle = v[3] + v[4]; // idle + iowait
            return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0};
        }
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code "0.52 0.61 0.70"}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The numeric fields of {@code /proc/<pid>/stat} after the command name, from field 3 (state,
     * as 0) on: index 11 is utime, 12 stime, 13 cutime, 14 cstime. Empty when the process is gone.
     */
    private static long[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Only the counters up to cstime: later fields (rsslim ...) may not fit a signed long.
            long[] out = new long[15];
            for (int i = 1; i < out.length; i++) {
                out[i] = Long.parseLong(f[i].strip());
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }
}
