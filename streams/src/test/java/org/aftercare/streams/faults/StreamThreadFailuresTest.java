package org.aftercare.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private static StreamThreadExceptionResponse diesOn(String threadName, StreamThreadFailures handler)
            throws InterruptedException {
        AtomicReference<StreamThreadExceptionResponse> response = new AtomicReference<>();
        Thread thread = new Thread(() -> response.set(handler.handle(new IllegalStateException("x"))), threadName);
        thread.start();
        thread.join();
        return response.get();
    }

    @Test
    void aDeadStreamThreadIsReplacedUpToTheLimit() throws InterruptedException {
        StreamThreadFailures handler = new StreamThreadFailures(1);

        assertThat(diesOn("app-StreamThread-1", handler)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(diesOn("app-StreamThread-2", handler)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void aDeadGlobalThreadShutsTheClientDownAsItCannotBeReplaced() throws InterruptedException {
        assertThat(diesOn("app-GlobalStreamThread", new StreamThreadFailures(10)))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
