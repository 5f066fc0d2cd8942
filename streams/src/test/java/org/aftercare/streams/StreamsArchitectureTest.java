package org.aftercare.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The structure of the streams service, kept by the build (DESIGN.md, "Tests"; STYLE.md, "Habits
 * the build enforces"). Main classes only.
 *
 * <p>The wiring is the root package {@code org.aftercare.streams} ({@link StreamsMain},
 * {@link StreamsService}, {@link StreamsHealth}, {@link DecisionConfig}, {@link DecisionTopology}) and
 * {@code faults} (the Kafka error handlers, which read {@code ConsumerRecord}s and write dead
 * letters). Everything else is domain: {@code decisions} (the processor that composes the engines),
 * the engines {@code checkin}, {@code answers}, {@code escalation}, {@code milestone},
 * {@code contact}, {@code flags} (staff flags, and the staff digests keyed by staffId), and what
 * they share: {@code member}, {@code outbox}, {@code deadline},
 * {@code metrics} (the {@code DecisionMetrics} port and its Micrometer adapter, which needs no
 * exemption: Micrometer is none of the adapters below). Domain code uses Kafka Streams' processor
 * and state-store API, and nothing that talks to the network or a database itself.
 */
@AnalyzeClasses(packages = "org.aftercare.streams", importOptions = ImportOption.DoNotIncludeTests.class)
class StreamsArchitectureTest {

    /** Wiring: the root package and the Kafka error handlers. */
    private static final String ROOT = "org.aftercare.streams";

    private static final String FAULTS = "org.aftercare.streams.faults..";

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("org.aftercare.streams.(*)..")
            .namingSlices("streams.$1")
            .should()
            .beFreeOfCycles()
            .because("the engines depend on the shared vocabulary and the composition on the engines, never back");

    @ArchTest
    static final ArchRule domainImportsNoAdapter = noClasses()
            .that()
            .resideInAPackage("org.aftercare.streams..")
            .and()
            .resideOutsideOfPackages(ROOT, FAULTS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.aftercare.kit.http..",
                    "io.javalin..",
                    "com.sun.net.httpserver..",
                    "org.apache.kafka.clients.producer..",
                    "org.apache.kafka.clients.consumer..",
                    "org.apache.kafka.clients.admin..",
                    "org.aftercare.kit.kafka..",
                    "java.sql..",
                    "javax.sql..")
            .because("decisions are made in the topology; HTTP, Kafka clients and JDBC belong to the wiring");

    @ArchTest
    static final ArchRule onlyTheWiringUsesTheWiring = noClasses()
            .that()
            .resideInAPackage("org.aftercare.streams..")
            .and()
            .resideOutsideOfPackage(ROOT)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ROOT)
            .because("the wiring builds the topology from the packages below it (a cycle the slices do not see)");

    @ArchTest
    static final ArchRule doesNotImportOtherServices = noClasses()
            .that()
            .resideInAPackage("org.aftercare.streams..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.aftercare.scheduler..", "org.aftercare.notifier..", "org.aftercare.console..")
            .because("services share only events and service-kit; each owns its facts");
}
