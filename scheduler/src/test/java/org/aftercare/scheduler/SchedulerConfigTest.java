package org.aftercare.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.http.HttpSettings;
import org.aftercare.kit.links.LinkSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's two listeners as its configuration reads them. */
class SchedulerConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(SchedulerConfig.ADMIN_TOKEN, "config-test-admin-token");
        env.put("OUTREACH_LINK_KEYS", LinkSigner.randomSpec("k1"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static SchedulerConfig read(Map<String, String> env) {
        return SchedulerConfig.from(Settings.of(env), env);
    }

    @Test
    void pagesAreOnAllInterfacesAndTheManagementListenerOnLoopbackByDefault() {
        SchedulerConfig c = read(env());

        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.managementHost()).isEqualTo("127.0.0.1");
        assertThat(c.managementPort()).isEqualTo(8090);
        assertThat(c.http()).isEqualTo(HttpSettings.defaults());
    }

    @Test
    void theAdminApiMayNotShareThePublicPortAndEachBadLimitIsOneLine() {
        Map<String, String> env = env(
                SchedulerConfig.HTTP_PORT,
                "9000",
                SchedulerConfig.MANAGEMENT_PORT,
                "9000",
                HttpSettings.MAX_BODY_BYTES,
                "huge");

        assertThatThrownBy(() -> read(env))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .hasSize(2)
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith(SchedulerConfig.MANAGEMENT_PORT + ": must differ from"))
                                .anySatisfy(p -> assertThat(p).startsWith(HttpSettings.MAX_BODY_BYTES + ": expected")));
    }

    @Test
    void aDemoCadenceOfSecondsNeedsNoRespondWindowOfTheSchedulersOwn() {
        // The respond window is streams' setting: each check-in is announced open until the next one.
        SchedulerConfig c = read(env("OUTREACH_CHECKIN_CADENCE", "30s", "OUTREACH_RESPOND_WINDOW", "PT6H"));

        assertThat(c.checkInCadence()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutAQuestionnaireFolderOnlyTheShippedInstrumentsAreThereAndOnlyOurOwnIsReady() {
        SchedulerConfig c = read(env());

        assertThat(c.instruments().all()).extracting(i -> i.id()).contains("weekly-reflection", "phq-9", "bam");
        assertThat(c.instruments().latest("weekly-reflection").orElseThrow().ready())
                .isTrue();
        assertThat(c.instruments().latest("phq-9").orElseThrow().ready()).isFalse();
    }

    @Test
    void theProgramsFolderAddsWordingAndABrokenDefinitionStopsTheStartWithItsLines(@TempDir Path folder)
            throws Exception {
        SchedulerConfig installed = read(env(
                SchedulerConfig.QUESTIONNAIRES_DIR,
                Path.of("src/test/resources/questionnaires").toString()));
        assertThat(installed.instruments().latest("phq-9").orElseThrow().ready())
                .isTrue();

        Files.writeString(folder.resolve("broken.yaml"), "id: broken\nversion: 0\n");
        assertThatThrownBy(() -> read(env(SchedulerConfig.QUESTIONNAIRES_DIR, folder.toString())))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .isNotEmpty()
                                .allSatisfy(p -> assertThat(p)
                                        .startsWith(SchedulerConfig.QUESTIONNAIRES_DIR + ": broken.yaml")));
        assertThatThrownBy(() -> read(env(
                        SchedulerConfig.QUESTIONNAIRES_DIR,
                        folder.resolve("missing").toString())))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .satisfies(p -> assertThat(p).contains("expected a folder")));
    }
}
