package org.aftercare.notifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The notifier's structure, kept by the build (DESIGN.md, "Tests"). Main classes only. */
@AnalyzeClasses(packages = "org.aftercare.notifier", importOptions = ImportOption.DoNotIncludeTests.class)
class NotifierArchitectureTest {

    @ArchTest
    static final ArchRule doesNotImportOtherServices = noClasses()
            .that()
            .resideInAPackage("org.aftercare.notifier..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.aftercare.scheduler..", "org.aftercare.streams..", "org.aftercare.console..")
            .because("services share only events and service-kit; each owns its facts");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("org.aftercare.notifier.(*)..")
            .namingSlices("notifier.$1")
            .should()
            .beFreeOfCycles();
}
