package org.aftercare.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The scheduler's structure, kept by the build (DESIGN.md, "Tests"). Main classes only. */
@AnalyzeClasses(packages = "org.aftercare.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class SchedulerArchitectureTest {

    @ArchTest
    static final ArchRule doesNotImportOtherServices = noClasses()
            .that().resideInAPackage("org.aftercare.scheduler..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.aftercare.streams..", "org.aftercare.notifier..", "org.aftercare.console..")
            .because("services share only events and service-kit; each owns its facts");

    /**
     * Not enforced yet (issue 10, item 5: the scheduler's cycles are broken in a later step). When
     * this rule was written ArchUnit found these cycles between the scheduler's packages:
     * <ol>
     *   <li>{@code checkin → member → checkin}: {@code checkin.CheckInPage} uses
     *       {@code member.MemberStore}; {@code member.MemberApi} uses {@code checkin.CheckInLog};</li>
     *   <li>{@code checkin → web → member → checkin}: {@code CheckInPage} uses {@code web.TokenGate}
     *       and {@code web.Page}; {@code web.PreferencePages} uses {@code member.MemberService} and
     *       {@code member.MemberDraft}; {@code MemberApi} uses {@code CheckInLog};</li>
     *   <li>{@code member → roster → member}: {@code MemberApi} uses {@code roster.RosterImport};
     *       {@code RosterImport} uses {@code MemberService} and {@code member.EnrollmentParser};</li>
     *   <li>{@code member → web → member}: {@code MemberApi} uses {@code web.AdminAuth};
     *       {@code PreferencePages} uses {@code MemberService}.</li>
     * </ol>
     * A JUnit test rather than an {@code @ArchTest} field, so that JUnit's {@code @Disabled} holds
     * (ArchUnit's engine does not read it). Once the cycles are gone, delete {@code @Disabled}, or
     * turn {@link #PACKAGES_HAVE_NO_CYCLES} into an {@code @ArchTest} field like the rule above.
     */
    @Test
    @Disabled("issue 10: scheduler package cycles are broken in a later step; see the list in this test")
    void packagesHaveNoCycles() {
        PACKAGES_HAVE_NO_CYCLES.check(new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("org.aftercare.scheduler"));
    }

    static final ArchRule PACKAGES_HAVE_NO_CYCLES = slices().matching("org.aftercare.scheduler.(*)..")
            .namingSlices("scheduler.$1")
            .should().beFreeOfCycles();
}
