package org.aftercare.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MailDateFormat;
import java.util.Date;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Date header formatted once a second is what Jakarta Mail writes for that instant. */
class DateHeaderTest {

    @Test
    void everyInstantGetsJakartaMailsTextForItsSecond() {
        Random random = new Random(14);
        long millis = 1_764_633_600_000L; // 2025-12-02
        for (int i = 0; i < 20_000; i++) {
            millis += random.nextInt(i % 2 == 0 ? 1_500 : 86_400_000);
            assertThat(DateHeader.at(millis)).as("%d", millis).isEqualTo(new MailDateFormat().format(new Date(millis)));
        }
    }

    @Test
    void theSameSecondGivesTheSameText() {
        assertThat(DateHeader.at(1_764_633_600_999L)).isEqualTo(DateHeader.at(1_764_633_600_000L));
        assertThat(DateHeader.at(1_764_633_601_000L)).isNotEqualTo(DateHeader.at(1_764_633_600_999L));
    }
}
