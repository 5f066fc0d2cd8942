package org.aftercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LagsTest {

    @Test
    void percentilesAreNearestRank() {
        long[] values = new long[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = 200 - i; // 200 ... 1, unsorted on purpose
        }
        Lags lags = Lags.of(values);
        assertThat(lags.percentile(50)).isEqualTo(100);
        assertThat(lags.percentile(99)).isEqualTo(198);
        assertThat(lags.last()).isEqualTo(200);
        assertThat(Lags.rank(100_000, 99)).isEqualTo(99_000);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Lags.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Lags.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Lags.spread(List.of(3.0, 1.0, 2.0), "%.0f")).isEqualTo("1 / 2 / 3");
    }
}
