package org.aftercare.scheduler.testing;

import java.util.UUID;
import java.util.stream.Stream;
import org.aftercare.infra.postgres.PostgresExtension;
import org.junit.jupiter.params.provider.Arguments;

/** The databases a test runs against: H2 (the default) and PostgreSQL (production). */
public final class Databases {

    public static final PostgresExtension POSTGRES = new PostgresExtension();

    private Databases() {}

    public static String h2() {
        return "jdbc:h2:mem:scheduler-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** For {@code @MethodSource}: a fresh H2 and a fresh PostgreSQL database, as JDBC URLs. */
    public static Stream<Arguments> both() {
        return Stream.of(Arguments.of("h2", h2()), Arguments.of("postgresql", POSTGRES.newDatabase()));
    }

    public static String user(String url) {
        return url.startsWith("jdbc:postgresql:") ? PostgresExtension.USER : "sa";
    }
}
