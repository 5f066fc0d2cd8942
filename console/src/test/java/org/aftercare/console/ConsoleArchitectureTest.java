package org.aftercare.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ConsoleArchitectureTest {

    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.aftercare.console");

    @Test
    void noPackageCycles() {
        slices().matching("org.aftercare.console.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CONSOLE);
    }

    @Test
    void signInAndSessionsKnowNothingOfThePages() {
        noClasses()
                .that()
                .resideInAPackage("org.aftercare.console.auth..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.aftercare.console.web..")
                .check(CONSOLE);
    }

    @Test
    void signInAndSessionsAreNotTheWebServer() {
        noClasses()
                .that()
                .resideInAPackage("org.aftercare.console.auth..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "org.aftercare.kit.http..")
                .check(CONSOLE);
    }

    @Test
    void theFrameAndSignInKnowNothingOfThePagesOverTheReadModel() {
        noClasses()
                .that()
                .resideInAnyPackage("org.aftercare.console.web..", "org.aftercare.console.auth..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.aftercare.console.pages..", "org.aftercare.console.readmodel..")
                .check(CONSOLE);
    }

    @Test
    void onlyThePagesAndTheStaffOutboxProduce() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "org.aftercare.console.pages..",
                        "org.aftercare.console.readmodel..",
                        "org.aftercare.console.staff..")
                .and()
                .doNotHaveFullyQualifiedName("org.aftercare.console.ConsoleService")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka.clients.producer..")
                .check(CONSOLE);
    }
}
