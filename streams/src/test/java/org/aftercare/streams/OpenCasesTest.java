package org.aftercare.streams;

import static org.aftercare.streams.Members.confirmed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.OutreachRequest;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.streams.escalation.EscalationReason;
import org.aftercare.streams.escalation.EscalationStores;
import org.aftercare.streams.flags.FlagStores;
import org.aftercare.streams.metrics.MicrometerDecisionMetrics;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-escalations and open-flags gauges count what the production topology's stores hold: a
 * help request opens an escalation and a critical flag, an acknowledgement moves the escalation to
 * its acknowledged phase; counting never goes below zero, since it reads the stores.
 */
class OpenCasesTest {

    private static final Instant START = Instant.parse("2026-03-10T13:30:00Z");

    @TempDir
    Path stateDir;

    private static OpenCases.Counts counts(DecisionDriver d) {
        return OpenCases.count(
                d.driver.getKeyValueStore(EscalationStores.ESCALATIONS), d.driver.getKeyValueStore(FlagStores.FLAGS));
    }

    @Test
    void aHelpRequestIsOneOpenEscalationAndOneOpenCriticalFlagUntilTheContactAcknowledges() {
        try (DecisionDriver d = DecisionDriver.at(stateDir, START)) {
            assertThat(counts(d)).isEqualTo(new OpenCases.Counts(Map.of(), Map.of()));

            Members.Member m = Members.member("m-open").contacts(confirmed("c-1", ConsentScope.HELP_REQUESTED));
            m.publish(d);
            Staff.staff("s-1").publish(d);
            Staff.team(d, m.id, "s-1");
            m.askForHelp(d, "req-1");
            OutreachRequest alert =
                    Members.only(d.intents(), OutreachKind.ESCALATION_ALERT).getFirst();

            assertThat(counts(d).escalations()).containsExactlyEntriesOf(Map.of("help-requested/open", 1L));
            assertThat(counts(d).flags()).containsExactlyEntriesOf(Map.of("critical/open", 1L));

            d.actions.pipeInput(
                    m.id, EscalationAcknowledged.of("link-c-1", m.id, "c-1", alert.escalationId(), d.now()), d.now());
            assertThat(counts(d).escalations()).containsExactlyEntriesOf(Map.of("help-requested/acknowledged", 1L));
        }
    }

    @Test
    void storesThatCannotBeQueriedReadNaNNotZero() {
        AtomicInteger scans = new AtomicInteger();
        OpenCases cases = new OpenCases(() -> {
            scans.incrementAndGet();
            throw new InvalidStateStoreException("rebalancing");
        });
        assertThat(cases.read(OpenCases.Counts::flags, "critical/open")).isNaN();
        assertThat(scans).hasValue(1);
    }

    @Test
    void theMetricsRegisterEveryEscalationReasonAtZero() {
        assertThat(MicrometerDecisionMetrics.ESCALATION_REASONS)
                .containsExactlyElementsOf(Arrays.stream(EscalationReason.values())
                        .map(EscalationReason::code)
                        .toList());
    }
}
