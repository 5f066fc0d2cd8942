package org.aftercare.kit.dlq;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.aftercare.events.Topic;
import org.aftercare.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The parsed arguments of {@code dlq <action> [options]}, each checked with a clear message
 * ({@link IllegalArgumentException}). {@code partition}, {@code from} and {@code to} bound the scan
 * (inclusive offsets); {@code reason} selects dead letters whose reason or error class contains it,
 * ignoring case.
 */
record Options(
        String action,
        String dlq,
        String reason,
        Integer partition,
        Long from,
        Long to,
        int limit,
        boolean payload,
        boolean dryRun,
        boolean all) {

    static final int DEFAULT_LIMIT = 100;

    static final List<String> DLQS =
            Topics.ALL.stream().map(Topic::name).filter(n -> n.endsWith(".dlq")).toList();

    static Options parse(String[] args, Optional<String> defaultDlq) {
        if (args.length < 2 || !args[0].equals("dlq")) {
            throw new IllegalArgumentException("say what to do: dlq list, dlq show or dlq replay");
        }
        String action = args[1];
        if (!List.of("list", "show", "replay").contains(action)) {
            throw new IllegalArgumentException("unknown action '" + action + "': list, show or replay");
        }
        String dlq = defaultDlq.orElse(null);
        String reason = null;
        Integer partition = null;
        Long from = null;
        Long to = null;
        int limit = DEFAULT_LIMIT;
        boolean payload = false;
        boolean dryRun = false;
        boolean all = false;
        String position = null;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dlq" -> dlq = value(args, ++i, a);
                case "--reason" -> reason = value(args, ++i, a);
                case "--partition" -> partition = (int) number(value(args, ++i, a), a, 0, 10_000);
                case "--from" -> from = number(value(args, ++i, a), a, 0, Long.MAX_VALUE);
                case "--to" -> to = number(value(args, ++i, a), a, 0, Long.MAX_VALUE);
                case "--limit" -> limit = (int) number(value(args, ++i, a), a, 1, 100_000);
                case "--payload" -> payload = true;
                case "--dry-run" -> dryRun = true;
                case "--all" -> all = true;
                default -> {
                    if (a.startsWith("--") || position != null) {
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                    }
                    position = a;
                }
            }
        }
        if (dlq == null) {
            throw new IllegalArgumentException("this service writes no dead letters of its own: name one with --dlq "
                    + String.join(" or --dlq ", DLQS));
        }
        if (!DLQS.contains(dlq)) {
            throw new IllegalArgumentException("--dlq must be one of " + DLQS + ", not '" + dlq + "'");
        }
        if (from != null && to != null && to < from) {
            throw new IllegalArgumentException("--to must not be before --from");
        }
        if ((from != null || to != null) && partition == null) {
            throw new IllegalArgumentException("--from and --to are offsets of one partition: add --partition");
        }
        if (payload && !action.equals("show")) {
            throw new IllegalArgumentException("--payload is for dlq show only");
        }
        if (dryRun && !action.equals("replay")) {
            throw new IllegalArgumentException("--dry-run is for dlq replay only");
        }
        switch (action) {
            case "show" -> {
                if (position == null || !position.matches("\\d{1,5}:\\d{1,19}")) {
                    throw new IllegalArgumentException("dlq show needs the dead letter's PARTITION:OFFSET, e.g. 0:42");
                }
                String[] p = position.split(":");
                partition = Integer.parseInt(p[0]);
                from = Long.parseLong(p[1]);
                to = from;
            }
            case "replay" -> {
                boolean range = partition != null && from != null && to != null;
                if (position != null) {
                    throw new IllegalArgumentException("dlq replay selects with --reason, a range or --all");
                }
                if (!all && reason == null && !range) {
                    throw new IllegalArgumentException("dlq replay needs --reason TEXT, --partition P --from OFFSET"
                            + " --to OFFSET, or --all (try --dry-run first)");
                }
                limit = Integer.MAX_VALUE;
            }
            default -> {
                if (position != null) {
                    throw new IllegalArgumentException("unknown argument '" + position + "'");
                }
            }
        }
        return new Options(action, dlq, reason, partition, from, to, limit, payload, dryRun, all);
    }

    /** Does a dead letter match the selection (the scan already bounds partition and offsets)? */
    boolean matches(ConsumerRecord<byte[], byte[]> r, String errorReason, String errorClass) {
        if (from != null && r.offset() < from) {
            return false;
        }
        if (reason == null) {
            return true;
        }
        String needle = reason.toLowerCase(Locale.ROOT);
        return (errorReason != null && errorReason.toLowerCase(Locale.ROOT).contains(needle))
                || (errorClass != null && errorClass.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String s, String option, long min, long max) {
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException(option + " must be " + min + " or more");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not '" + s + "'");
        }
    }
}
