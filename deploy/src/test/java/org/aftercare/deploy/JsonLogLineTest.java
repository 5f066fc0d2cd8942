package org.aftercare.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.aftercare.kit.logging.LogFields;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * With OUTREACH_LOG_FORMAT=json the services' logback.xml (service-kit) writes one JSON object per
 * line in the ECS layout log pipelines parse without custom rules: an ISO-8601 {@code @timestamp},
 * {@code log.level}, {@code log.logger}, {@code service.name}, the formatted {@code message}, and
 * the correlation fields from the MDC (LogFields) at the top level; nothing else of the call: no
 * arguments, no context properties.
 */
class JsonLogLineTest {

    @Test
    void aJsonLineCarriesTheCorrelationFieldsAndOnlyTheFormattedMessage() throws Exception {
        URL config = LogFields.class.getClassLoader().getResource("logback.xml");
        assertThat(config).as("service-kit's logback.xml on the classpath").isNotNull();
        assertThat(config.toString()).contains("service-kit");

        LoggerContext context = new LoggerContext();
        context.putProperty("OUTREACH_LOG_FORMAT", "json");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = root.getAppender("json");
        assertThat(appender)
                .as("OUTREACH_LOG_FORMAT=json selects the json appender")
                .isNotNull();
        @SuppressWarnings("unchecked")
        Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder();

        ch.qos.logback.classic.Logger logger = context.getLogger("org.aftercare.notifier.delivery.OutreachDelivery");
        LoggingEvent event = new LoggingEvent(
                ch.qos.logback.classic.Logger.class.getName(),
                logger,
                Level.INFO,
                "sent {} to recipient {}",
                null,
                new Object[] {"checkin-prompt", "ct-7f3a"});
        event.setMDCPropertyMap(Map.of(
                LogFields.EVENT_ID, "ev-0001", LogFields.NOTIFICATION_ID, "nt-0002", LogFields.MEMBER_ID, "mb-0003"));
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = DeployFiles.JSON.readTree(line);
        assertThat(json.path("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(json.path("log.level").asText()).isEqualTo("INFO");
        assertThat(json.path("log.logger").asText()).isEqualTo("org.aftercare.notifier.delivery.OutreachDelivery");
        assertThat(json.path("service.name").asText()).isEqualTo("outreach");
        assertThat(json.path("ecs.version").asText()).isNotBlank();
        assertThat(json.path(LogFields.EVENT_ID).asText()).isEqualTo("ev-0001");
        assertThat(json.path(LogFields.NOTIFICATION_ID).asText()).isEqualTo("nt-0002");
        assertThat(json.path("message").asText()).isEqualTo("sent checkin-prompt to recipient ct-7f3a");
        List<String> fields = List.copyOf(toList(json.fieldNames()));
        assertThat(fields).doesNotContain("arguments", "formattedMessage", "context", "mdc", "timestamp");
        context.stop();
    }

    private static List<String> toList(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
