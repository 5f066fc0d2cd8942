package org.aftercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {

    private static final List<String> LOG = List.of(
            "[1000ms] Using Serial",
            "[2000ms] GC(0) Pause Young (Allocation Failure) 100M->20M(384M) 3.210ms",
            "[3000ms] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 300M->40M(1024M) 2.000ms",
            "[4000ms] GC(2) Pause Full (Allocation Failure) 2G->1G(3G) 80.000ms",
            "[5000ms] GC(3) Pause Young (Allocation Failure) 512K->100K(384M) 0.100ms");

    @Test
    void thePeakIsTheLargestHeapBeforeAPauseInTheWindow() {
        assertThat(GcLog.peak(LOG, 0, 3500)).isEqualTo(new GcLog.Peak(300L << 20, 2));
        assertThat(GcLog.peak(LOG, 3500, 10_000)).isEqualTo(new GcLog.Peak(2L << 30, 2));
        assertThat(GcLog.peak(LOG, 4500, 10_000)).isEqualTo(new GcLog.Peak(512L << 10, 1));
    }

    @Test
    void aWindowWithoutPausesHasNoPeak() {
        assertThat(GcLog.peak(LOG, 6000, 7000)).isEqualTo(new GcLog.Peak(0, 0));
    }
}
