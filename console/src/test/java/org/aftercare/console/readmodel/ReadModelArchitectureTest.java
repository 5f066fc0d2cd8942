package org.aftercare.console.readmodel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The read model and the access audit know no HTTP and no page; the audit may use the read model's database, not the reverse. */
@AnalyzeClasses(packages = "org.aftercare.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ReadModelArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoHttp = noClasses()
            .that()
            .resideInAnyPackage("org.aftercare.console.readmodel..", "org.aftercare.console.audit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "org.aftercare.kit.http..")
            .because("the pages call the read model through its plain Java API");

    @ArchTest
    static final ArchRule knowsNoOtherConsolePackage = noClasses()
            .that()
            .resideInAPackage("org.aftercare.console.readmodel..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.aftercare.console.audit..", "org.aftercare.console.web..", "org.aftercare.console.auth..")
            .because("the read model is below the audit and the pages: no cycles");

    @ArchTest
    static final ArchRule theAuditKnowsNoKafka = noClasses()
            .that()
            .resideInAPackage("org.aftercare.console.audit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..")
            .because("the audit is written by the pages, not read from a topic");
}
