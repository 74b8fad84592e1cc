package io.meshportal;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.vaadin.flow.router.Route;
import io.meshportal.security.ui.LoginView;
import org.springframework.data.repository.Repository;

/** The package rules of docs/ARCHITECTURE.md, held by the build (module dependencies: ModularityTest). */
@AnalyzeClasses(packages = "io.meshportal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheKubernetesAdapterTalksToKubernetes = noClasses()
            .that()
            .resideOutsideOfPackage("io.meshportal.fleet.kubernetes..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.kubernetes..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule viewsUseServicesNotClientsOrAdapters = noClasses()
            .that()
            .resideInAPackage("..ui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.kubernetes..",
                    "java.net.http..",
                    "io.meshportal.fleet.local..",
                    "io.meshportal.fleet.kubernetes..",
                    "jakarta.persistence..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Repository.class);

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirFeature = classes()
            .that()
            .areAssignableTo(Repository.class)
            .and()
            .areInterfaces()
            .should()
            .notBePublic();

    @ArchTest
    static final ArchRule viewsArePackagePrivate = classes()
            .that()
            .areAnnotatedWith(Route.class)
            .and()
            .doNotHaveFullyQualifiedName(LoginView.class.getName())
            .should()
            .notBePublic()
            .because("views are entered by route, never referenced from another feature");

    @ArchTest
    static final ArchRule viewsLiveInUiPackages =
            classes().that().areAnnotatedWith(Route.class).should().resideInAPackage("..ui..");

    @ArchTest
    static final ArchRule theFactoryServiceStandsAlone = noClasses()
            .that()
            .resideInAPackage("io.meshportal.factory..")
            .and()
            .doNotHaveSimpleName("package-info")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "com.vaadin..")
            .orShould()
            .dependOnClassesThat(
                    resideInAPackage("io.meshportal..").and(resideOutsideOfPackage("io.meshportal.factory..")))
            .because("a factory runs as its own small process in a container")
            .allowEmptyShould(true);

    /** The same one-way rule as ModularityTest, in ArchUnit's words: features form no cycle. */
    @ArchTest
    static final ArchRule featuresAreFreeOfCycles =
            slices().matching("io.meshportal.(*)..").should().beFreeOfCycles();
}
