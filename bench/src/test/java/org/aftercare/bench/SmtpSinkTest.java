package org.aftercare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmtpSinkTest {

    @Test
    void readsTheMessageCounterOfAnUpdate() {
        assertThat(SmtpSink.messages("sess=3 quit=1 mesg=12345")).isEqualTo(12_345);
        assertThat(SmtpSink.messages("mesg=0")).isZero();
    }

    @Test
    void anUpdateWithoutACounterIsNotOne() {
        assertThat(SmtpSink.messages("smtp-sink: warning: something")).isEqualTo(-1);
        assertThat(SmtpSink.messages("mesg=")).isEqualTo(-1);
    }
}
