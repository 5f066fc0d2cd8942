package org.aftercare.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The scheduler's structure, kept by the build (DESIGN.md, "Tests"). Main classes only. */
@AnalyzeClasses(packages = "org.aftercare.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class SchedulerArchitectureTest {

    @ArchTest
    static final ArchRule doesNotImportOtherServices = noClasses()
            .that()
            .resideInAPackage("org.aftercare.scheduler..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.aftercare.streams..", "org.aftercare.notifier..", "org.aftercare.console..")
            .because("services share only events and service-kit; each owns its facts");

    /**
     * No cycles between the scheduler's packages. The admin API is an adapter of its own
     * ({@code api}: it uses the member domain, check-ins and the roster import); the member domain
     * throws {@code member.MemberProblem}, which the API turns into problem details, so nothing in
     * {@code member} knows HTTP or the packages that serve it.
     */
    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("org.aftercare.scheduler.(*)..")
            .namingSlices("scheduler.$1")
            .should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule theMemberDomainAndTheCliKnowNoHttp = noClasses()
            .that()
            .resideInAnyPackage(
                    "org.aftercare.scheduler.member..",
                    "org.aftercare.scheduler.roster..",
                    "org.aftercare.scheduler.plan..")
            .or()
            .haveFullyQualifiedName("org.aftercare.scheduler.SchedulerMain")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.aftercare.kit.http..", "io.javalin..", "com.sun.net.httpserver..")
            .because("the member domain throws MemberProblem; the admin API (api) maps it to problem details");
}
