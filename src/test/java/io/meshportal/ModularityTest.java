package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The features depend one way. Each module ({@code package-info.java}) declares the modules it may use;
 * Spring Modulith checks those declarations, cycles and access to other modules' internals. The diagram in
 * {@code docs/modules/} is generated from the same model; regenerate it with
 * {@code ./test.sh -Dtest=ModularityTest -Dmeshportal.docs.write=true}.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(PortalApplication.class);
    static final Path DIAGRAM = Path.of("docs/modules/components.puml");

    @Test
    void modulesDependOneWay() {
        MODULES.verify();
    }

    @Test
    void theRulesFailOnABackEdgeAndOnACycle() {
        assertThatThrownBy(() -> withProbe("BackEdgeProbe").verify())
                .hasMessageContaining("io.meshportal.base.BackEdgeProbe")
                .hasMessageContaining("io.meshportal.alerts.AlertService");
        assertThatThrownBy(() -> withProbe("CycleProbe").verify())
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("io.meshportal.security.CycleProbe");
    }

    /** The production classes plus one probe class from the tests. */
    private static ApplicationModules withProbe(String probe) {
        ImportOption mainPlusProbe =
                location -> !location.contains("/test-classes/") || location.contains("/" + probe + ".class");
        return ApplicationModules.of(PortalApplication.class, mainPlusProbe);
    }

    @Test
    void theModuleDiagramInDocsIsCurrent() throws IOException {
        Path out = Path.of("target/modulith-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(out.toString()))
                .writeModulesAsPlantUml(
                        Documenter.DiagramOptions.defaults().withStyle(Documenter.DiagramOptions.DiagramStyle.UML));
        Path generated = out.resolve("components.puml");
        if (Boolean.getBoolean("meshportal.docs.write")) {
            Files.createDirectories(DIAGRAM.getParent());
            Files.copy(generated, DIAGRAM, StandardCopyOption.REPLACE_EXISTING);
        }
        // compared as sets of lines: the generator does not promise an order
        assertThat(new TreeSet<>(Files.readAllLines(DIAGRAM)))
                .as("docs/modules/components.puml is stale: regenerate it (see this class's comment)")
                .isEqualTo(new TreeSet<>(Files.readAllLines(generated)));
    }

    @Test
    void readmeAndArchitectureDocNameEveryModule() throws IOException {
        List<String> names = MODULES.stream()
                .map(ApplicationModule::getIdentifier)
                .map(Object::toString)
                .toList();
        assertThat(names).contains("base", "shell", "fleet");
        String readme = Files.readString(Path.of("README.md"));
        String architecture = Files.readString(Path.of("docs/ARCHITECTURE.md"));
        for (String name : names) {
            assertThat(readme).as("README names module " + name).contains("`" + name + "`");
            assertThat(architecture).as("ARCHITECTURE.md names module " + name).contains("`" + name + "`");
        }
    }
}
