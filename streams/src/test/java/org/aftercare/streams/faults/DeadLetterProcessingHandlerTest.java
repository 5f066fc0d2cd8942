package org.aftercare.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.aftercare.events.ContractViolation;
import org.aftercare.events.DeadLetters;
import org.aftercare.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingHandlerTest {

    private final DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();

    private static ErrorHandlerContext context(String topic, byte[] key, byte[] value) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return 3;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public RecordHeaders headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "checkin-lifecycle";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return key;
            }

            @Override
            public byte[] sourceRawValue() {
                return value;
            }
        };
    }

    @Test
    void aRecordThatFailsInProcessingGoesToTheDeadLetterTopicAsItArrived() {
        byte[] key = "m-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"raw\":true}".getBytes(StandardCharsets.UTF_8);

        ProcessingExceptionHandler.Response response = handler.handleError(
                context(Topics.CHECKIN_RESPONSES.name(), key, value),
                new Record<>("m-1", "decoded", 0L),
                new IllegalStateException("member note: something private"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().getFirst();
        assertThat(dead.topic()).isEqualTo(Topics.STREAMS_DLQ.name());
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.CHECKIN_RESPONSES.name());
        assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("42");
        // An arbitrary exception message may hold member data: only its class is kept.
        assertThat(header(dead, DeadLetters.ERROR_REASON)).isEqualTo("IllegalStateException");
    }

    @Test
    void aContractViolationKeepsItsFieldOnlyMessage() {
        ProcessingExceptionHandler.Response response = handler.handleError(
                context(Topics.CHECKIN_DUE.name(), new byte[0], new byte[] {1}),
                new Record<>("k", "v", 0L),
                new ContractViolation("respondBy must be after dueAt"));

        assertThat(header(response.deadLetterQueueRecords().getFirst(), DeadLetters.ERROR_REASON))
                .isEqualTo("respondBy must be after dueAt");
    }

    @Test
    void aFailureInAPunctuationIsSkippedWithoutADeadLetter() {
        ProcessingExceptionHandler.Response response =
                handler.handleError(context(null, null, null), null, new IllegalStateException("x"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aFailureOnTheGlobalThreadIsSkippedWithoutADeadLetterItCouldNotWrite() {
        ProcessingExceptionHandler.Response response = handler.handleError(
                context(Topics.STAFF_DIRECTORY.name(), new byte[] {1}, new byte[] {2}),
                new Record<>("s-1", "v", 0L),
                new IllegalStateException("x"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void anUnreadableRecordOfTheGlobalThreadIsSkippedWithoutADeadLetterItCouldNotWrite() {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(Topics.STAFF_DIRECTORY.name(), 0, 7, new byte[] {1}, new byte[] {2});

        DeserializationExceptionHandler.Response response = new DeadLetterDeserializationHandler()
                .handleError(
                        context(Topics.STAFF_DIRECTORY.name(), null, null), record, new SerializationException("x"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
