package org.aftercare.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpFailuresTest {

    @ParameterizedTest(name = "{0} on DATA is {1}")
    @CsvSource({
        "421, TRANSIENT", "450, TRANSIENT", "451, TRANSIENT", "452, TRANSIENT", "454, TRANSIENT",
        "500, PERMANENT", "501, PERMANENT", "530, PERMANENT", "550, PERMANENT", "552, PERMANENT",
        "553, PERMANENT", "554, PERMANENT", "-1, TRANSIENT"
    })
    void replyCodesToTheMessageAreClassifiedByTheirFirstDigit(int code, SendFailure.Kind expected) {
        SendFailure failure = SmtpFailures.classify(
                new SMTPSendFailedException("DATA", code, code + " refused", null, null, null, null));
        assertThat(failure.kind()).isEqualTo(expected);
        assertThat(failure.reason()).isEqualTo(code > 0 ? "smtp-" + code : "smtp-no-reply");
    }

    @ParameterizedTest(name = "{0} on RCPT is {1}")
    @CsvSource({"450, TRANSIENT", "451, TRANSIENT", "550, BOUNCED", "551, BOUNCED", "553, BOUNCED"})
    void aRefusedRecipientNestedInSendFailedExceptionIsFound(int code, SendFailure.Kind expected) throws Exception {
        SendFailedException outer = new SendFailedException("Invalid Addresses");
        outer.setNextException(new SMTPAddressFailedException(
                new InternetAddress("x@example.org"), "RCPT TO", code, code + " no such user"));
        SendFailure failure = SmtpFailures.classify(outer);
        assertThat(failure.kind()).isEqualTo(expected);
        assertThat(failure.reason()).isEqualTo("smtp-" + code).doesNotContain("example.org");
    }

    @Test
    void connectionProblemsAndTimeoutsAreTransient() {
        assertThat(SmtpFailures.classify(new MessagingException("io", new IOException("reset")))
                        .reason())
                .isEqualTo("smtp-io");
        SendFailure timeout = SmtpFailures.classify(new MessagingException("read", new SocketTimeoutException()));
        assertThat(timeout.kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
        assertThat(timeout.reason()).isEqualTo("smtp-timeout");
    }

    @Test
    void aRejectedLoginIsPermanent() {
        assertThat(SmtpFailures.classify(new AuthenticationFailedException("535"))
                        .kind())
                .isEqualTo(SendFailure.Kind.PERMANENT);
    }
}
