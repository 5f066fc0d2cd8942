package org.aftercare.streams.checkin;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.aftercare.events.JsonSerde;
import org.aftercare.events.checkin.AnswerStatus;
import org.aftercare.streams.checkin.TrackedCheckIn.Phase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of the check-in stores ({@link CheckInStores}) as compact binary records instead of
 * JSON: writing JSON for every tracked check-in and deadline was a tenth of the decisions thread's
 * time (issue 14). In: a {@link TrackedCheckIn} or {@link Deadline}. Out: its bytes, and back.
 *
 * <p>Version 1, after the version byte {@code 0x01}: each string as its UTF-8 length (4 bytes)
 * and bytes; each instant as epoch seconds (8) and nanoseconds (4), preceded by a presence byte
 * where it may be absent; enums as the fixed one-byte codes below (never ordinals, so reordering
 * an enum cannot change what stored bytes mean). A tracked check-in: memberId, checkInId, dueAt,
 * respondBy, lateAt?, phase, answered (0 = none), used (0 = unknown, 1 = no, 2 = yes). A deadline:
 * memberId, checkInId, kind, at.
 *
 * <p>A value that starts with {@code '{'} is JSON as every version before issue 14 wrote it (what
 * the changelogs and local stores of a running deployment hold) and is read with the JSON serde,
 * so an upgraded instance restores the check-ins it tracked; it rewrites each one in binary the
 * next time it changes. Failures name the type, never the bytes.
 */
public final class CheckInSerdes {

    private static final byte VERSION = 1;
    private static final byte JSON = '{';

    private CheckInSerdes() {}

    public static Serde<TrackedCheckIn> tracked() {
        return new Binary<>(TrackedCheckIn.class, CheckInSerdes::write, CheckInSerdes::readTracked);
    }

    public static Serde<Deadline> deadlines() {
        return new Binary<>(Deadline.class, CheckInSerdes::write, CheckInSerdes::readDeadline);
    }

    private static byte[] write(TrackedCheckIn t) {
        byte[] member = utf8(t.memberId());
        byte[] checkIn = utf8(t.checkInId());
        int lateAt = t.lateAt() == null ? 1 : 13;
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + member.length + 4 + checkIn.length + 12 + 12 + lateAt + 3);
        out.put(VERSION);
        putString(out, member);
        putString(out, checkIn);
        putInstant(out, t.dueAt());
        putInstant(out, t.respondBy());
        putOptionalInstant(out, t.lateAt());
        out.put(code(t.phase()));
        out.put(t.answered() == null ? 0 : code(t.answered()));
        out.put(t.used() == null ? 0 : (byte) (t.used() ? 2 : 1));
        return out.array();
    }

    private static TrackedCheckIn readTracked(ByteBuffer in) {
        String memberId = getString(in);
        String checkInId = getString(in);
        Instant dueAt = getInstant(in);
        Instant respondBy = getInstant(in);
        Instant lateAt = getOptionalInstant(in);
        Phase phase = phase(in.get());
        byte answered = in.get();
        byte used = in.get();
        return new TrackedCheckIn(
                memberId,
                checkInId,
                dueAt,
                respondBy,
                lateAt,
                phase,
                answered == 0 ? null : answer(answered),
                used == 0 ? null : used == 2);
    }

    private static byte[] write(Deadline d) {
        byte[] member = utf8(d.memberId());
        byte[] checkIn = utf8(d.checkInId());
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + member.length + 4 + checkIn.length + 1 + 12);
        out.put(VERSION);
        putString(out, member);
        putString(out, checkIn);
        out.put(code(d.kind()));
        putInstant(out, d.at());
        return out.array();
    }

    private static Deadline readDeadline(ByteBuffer in) {
        return new Deadline(getString(in), getString(in), kind(in.get()), getInstant(in));
    }

    private static byte code(Phase phase) {
        return switch (phase) {
            case OPEN -> 1;
            case LATE -> 2;
            case MISSED -> 3;
            case COMPLETED -> 4;
            case CANCELLED -> 5;
            case EXCUSED -> 6;
        };
    }

    private static Phase phase(byte code) {
        return switch (code) {
            case 1 -> Phase.OPEN;
            case 2 -> Phase.LATE;
            case 3 -> Phase.MISSED;
            case 4 -> Phase.COMPLETED;
            case 5 -> Phase.CANCELLED;
            case 6 -> Phase.EXCUSED;
            default -> throw new IllegalArgumentException("unknown phase code");
        };
    }

    private static byte code(AnswerStatus status) {
        return switch (status) {
            case OK -> 1;
            case STRUGGLING -> 2;
            case USED -> 3;
            case NEED_HELP -> 4;
        };
    }

    private static AnswerStatus answer(byte code) {
        return switch (code) {
            case 1 -> AnswerStatus.OK;
            case 2 -> AnswerStatus.STRUGGLING;
            case 3 -> AnswerStatus.USED;
            case 4 -> AnswerStatus.NEED_HELP;
            default -> throw new IllegalArgumentException("unknown answer code");
        };
    }

    private static byte code(Deadline.Kind kind) {
        return switch (kind) {
            case LATE -> 1;
            case MISSED -> 2;
            case PURGE -> 3;
        };
    }

    private static Deadline.Kind kind(byte code) {
        return switch (code) {
            case 1 -> Deadline.Kind.LATE;
            case 2 -> Deadline.Kind.MISSED;
            case 3 -> Deadline.Kind.PURGE;
            default -> throw new IllegalArgumentException("unknown deadline kind code");
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putInt(utf8.length);
        out.put(utf8);
    }

    private static String getString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length out of range");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void putInstant(ByteBuffer out, Instant t) {
        out.putLong(t.getEpochSecond());
        out.putInt(t.getNano());
    }

    private static Instant getInstant(ByteBuffer in) {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    private static void putOptionalInstant(ByteBuffer out, Instant t) {
        out.put(t == null ? (byte) 0 : (byte) 1);
        if (t != null) {
            putInstant(out, t);
        }
    }

    private static Instant getOptionalInstant(ByteBuffer in) {
        return in.get() == 0 ? null : getInstant(in);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ByteBuffer in);
    }

    @FunctionalInterface
    private interface Writer<T> {
        byte[] write(T value);
    }

    /** Binary out; binary or (as written before issue 14) JSON in. Null passes through both ways. */
    private static final class Binary<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
        private final Class<T> type;
        private final Writer<T> writer;
        private final Reader<T> reader;
        private final JsonSerde<T> json;

        Binary(Class<T> type, Writer<T> writer, Reader<T> reader) {
            this.type = type;
            this.writer = writer;
            this.reader = reader;
            this.json = new JsonSerde<>(type);
        }

        @Override
        public byte[] serialize(String topic, T value) {
            if (value == null) {
                return null;
            }
            try {
                return writer.write(value);
            } catch (RuntimeException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + ": "
                        + e.getClass().getSimpleName());
            }
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            if (data.length > 0 && data[0] == JSON) {
                return json.deserialize(topic, data);
            }
            if (data.length == 0 || data[0] != VERSION) {
                throw new SerializationException("cannot read " + type.getSimpleName() + ": unknown format");
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
                T value = reader.read(in);
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException("trailing bytes");
                }
                return value;
            } catch (BufferUnderflowException | IllegalArgumentException | java.time.DateTimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + ": truncated or invalid");
            }
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            // Nothing to configure.
        }

        @Override
        public void close() {
            // Nothing to release.
        }

        @Override
        public Serializer<T> serializer() {
            return this;
        }

        @Override
        public Deserializer<T> deserializer() {
            return this;
        }
    }
}
