package org.aftercare.kit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The service kit's structure, kept by the build: no import cycles between its packages. Main classes only. */
@AnalyzeClasses(packages = "org.aftercare.kit", importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceKitArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("org.aftercare.kit.(*)..")
            .namingSlices("kit.$1")
            .should()
            .beFreeOfCycles();
}
