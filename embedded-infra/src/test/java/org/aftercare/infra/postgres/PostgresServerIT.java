package org.aftercare.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

    @Test
    void runsWithTheGivenSettingsAndStopsWhenClosed() throws Exception {
        long pid;
        try (PostgresServer server = PostgresServer.start(Map.of("fsync", "off", "max_connections", "20"))) {
            String url = server.newDatabase();
            assertThat(setting(url, "fsync")).isEqualTo("off");
            assertThat(setting(url, "max_connections")).isEqualTo("20");
            pid = server.pid();
            assertThat(ProcessHandle.of(pid))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        }
        // pg_ctl returns once the pid file is gone; the postmaster may take a moment more to exit.
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }

    @Test
    void keepsPostgresDurableDefaultsWhenNoSettingsAreGiven() throws Exception {
        try (PostgresServer server = PostgresServer.start(Map.of())) {
            String url = server.newDatabase();
            assertThat(setting(url, "fsync")).isEqualTo("on");
            assertThat(setting(url, "synchronous_commit")).isEqualTo("on");
        }
    }

    private static String setting(String url, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
