package org.aftercare.events;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The events module's structure, kept by the build: its topic packages ({@code checkin},
 * {@code contact}, {@code outreach}, {@code profile}) have no import cycles between them. Classes in
 * the root package ({@link Topics}, {@link Ids}, {@link Json} …) are the shared base every topic
 * package uses. Main classes only.
 */
@AnalyzeClasses(packages = "org.aftercare.events", importOptions = ImportOption.DoNotIncludeTests.class)
class EventsArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("org.aftercare.events.(*)..")
            .namingSlices("events.$1")
            .should()
            .beFreeOfCycles();
}
