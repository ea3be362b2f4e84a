package dev.wagateway.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.http.annotation.Controller;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Rules of the code's shape, over the main classes of every shared module and HTTP function (this
 * module's classpath holds them all): controllers and services never touch JDBC, and a table is
 * written only through its one writer (docs/architecture.md).
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.wagateway");

    @Test
    void controllersAndServicesNeverTouchJdbcOrTheDataSource() {
        noClasses().that().areAnnotatedWith(Controller.class)
                .or().haveSimpleNameEndingWith("Controller")
                .or().haveSimpleNameEndingWith("Service")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .orShould().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(TransactionOperations.class)
                .because("SQL lives in the data module's writers and repositories; a controller or service calls them")
                .check(MAIN);
    }

    @Test
    void aRepositoryIsWrittenOnlyByItsTablesWriter() {
        // Micronaut's generated classes ($...$Definition, $...$Intercepted) dispatch every repository method.
        noClasses().that().haveSimpleNameNotEndingWith("Writer").and().haveNameNotMatching(".*\\.\\$.*")
                .should().callMethodWhere(target(owner(assignableTo(GenericRepository.class)))
                        .and(target(nameMatching("(save|update|delete|softDelete|revoke|upgrade|lock|insert).*"))))
                .because("each table has one writer (ContactWriter, MessageWriter, TemplateWriter, ApiKeyWriter), "
                        + "in whose transaction its events are written too")
                .check(MAIN);
    }
}
