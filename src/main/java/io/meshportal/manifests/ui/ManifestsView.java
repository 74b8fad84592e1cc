package io.meshportal.manifests.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.meshportal.base.ui.Translations;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Manifest;
import io.meshportal.manifests.FactoryManifests;
import io.meshportal.manifests.ManifestService;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.Viewer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The YAML behind a factory, read-only, as Headlamp and Kubernetes Dashboard show an object's YAML: each object with
 * a copy button, the lot as one file, and the fleet as one kustomization.
 */
@Route("manifests")
@Menu(order = 7, title = "Manifests", icon = "CODE")
@jakarta.annotation.security.PermitAll
class ManifestsView extends VerticalLayout implements HasUrlParameter<String>, com.vaadin.flow.router.HasDynamicTitle {

    /** The mesh is read from its config cluster: never on the UI thread, so a hung cluster cannot freeze a session. */
    private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();

    static final long ANSWER_WITHIN_SECONDS = 8;

    private final ManifestService manifests;
    private final Viewer viewer;
    private final ComboBox<FactoryRef> factory = new ComboBox<>(Translations.t("column.factory"));
    private final Paragraph source = new Paragraph();
    private final Span problem = new Span();
    private final Div objects = new Div();
    private final Anchor download = new Anchor();
    private String factoryId;

    ManifestsView(ManifestService manifests, CurrentUser currentUser) {
        this.manifests = manifests;
        this.viewer = currentUser.require();
        setId("manifests-view");
        factory.setId("manifests-factory");
        factory.setItemLabelGenerator(f -> f.id() + " · " + f.name());
        factory.setWidth("22rem");
        factory.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                UI.getCurrent().navigate(ManifestsView.class, e.getValue().id());
            }
        });
        download.setId("manifests-download");
        download.setText(getTranslation("manifests.download"));
        download.setVisible(false);
        Anchor export = new Anchor(
                (DownloadHandler) event -> {
                    event.setFileName("meshportal-fleet.zip");
                    event.setContentType("application/zip");
                    manifests.exportFleet(viewer, event.getOutputStream());
                },
                getTranslation("manifests.export"));
        export.setId("manifests-export");
        problem.setId("manifests-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);
        source.setId("manifests-source");
        source.addClassName("muted");
        objects.setId("manifests-objects");
        HorizontalLayout bar = new HorizontalLayout(factory, download, export);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new H2(getTranslation("menu.manifests")), bar, source, problem, objects);
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String id) {
        factoryId = id;
        objects.removeAll();
        problem.setVisible(false);
        download.setVisible(false);
        // read once per navigation: the picker's choices and whether the id is one of them
        List<FactoryRef> visible = manifests.factories(viewer);
        factory.setItems(visible);
        if (id == null) {
            factory.clear();
            source.setText(getTranslation("manifests.choose"));
            return;
        }
        java.util.Optional<FactoryRef> chosen =
                visible.stream().filter(f -> f.id().equals(id)).findFirst();
        if (chosen.isEmpty()) {
            // same answer for "not yours" and "does not exist" (the list holds only what the viewer may see)
            event.rerouteToError(NotFoundException.class, "No factory " + id);
            return;
        }
        factory.setValue(chosen.get());
        source.setText(getTranslation("manifests.reading"));
        if (isAttached()) {
            getUI().ifPresent(this::load);
        }
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        if (factoryId != null) {
            load(attach.getUI());
        }
    }

    private void load(UI ui) {
        String id = factoryId;
        CompletableFuture.supplyAsync(() -> manifests.factory(viewer, id), READS)
                .orTimeout(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS)
                .whenComplete((found, failure) -> ui.access(() -> {
                    if (!id.equals(factoryId)) {
                        return; // another factory was chosen meanwhile
                    }
                    if (failure != null) {
                        source.setText("");
                        showProblem(getTranslation("manifests.unreadable"));
                    } else {
                        show(found);
                    }
                }));
    }

    private void show(FactoryManifests found) {
        objects.removeAll();
        source.setText(
                found.source() == FactoryManifests.Source.CLUSTER
                        ? getTranslation("manifests.source.cluster")
                        : getTranslation("manifests.source.embedded"));
        if (found.meshProblem() != null) {
            showProblem(found.meshProblem());
        }
        if (found.manifests().isEmpty()) {
            objects.add(new Span(getTranslation("manifests.gone")));
            return;
        }
        String fileName = found.factoryId() + ".yaml";
        byte[] all = found.yaml().getBytes(StandardCharsets.UTF_8);
        download.setHref((DownloadHandler) event -> {
            event.setFileName(fileName);
            event.setContentType("application/yaml");
            event.getOutputStream().write(all);
        });
        download.setText(getTranslation("manifests.download.file", fileName));
        download.setVisible(true);
        List<Manifest> list = found.manifests();
        for (Manifest m : list) {
            objects.add(section(m));
        }
    }

    private static Div section(Manifest m) {
        String id = "manifest-" + m.kind().toLowerCase(java.util.Locale.ROOT);
        Pre yaml = new Pre(m.yaml());
        yaml.setId(id + "-yaml");
        yaml.addClassName("manifest-yaml");
        // a box that scrolls must be reachable by keyboard and named (WCAG 2.1.1; axe: scrollable-region-focusable)
        yaml.getElement().setAttribute("tabindex", "0");
        yaml.getElement().setAttribute("role", "region");
        yaml.getElement().setAttribute("aria-label", Translations.t("manifests.yaml", m.kind()));
        Button copy = new Button(Translations.t("manifests.copy"));
        copy.setId(id + "-copy");
        copy.addThemeVariants(ButtonVariant.LUMO_SMALL);
        copy.getElement().setAttribute("aria-label", Translations.t("manifests.copy.label", m.kind()));
        // copied in the browser, on the click itself: the clipboard needs the user's gesture, not a server round trip
        copy.getElement()
                .executeJs(
                        "this.addEventListener('click', () => navigator.clipboard.writeText($0.textContent)"
                                + ".then(() => { this.textContent = $1; }))",
                        yaml.getElement(),
                        Translations.t("manifests.copied"));
        H3 title = new H3(m.kind() + " · " + m.name());
        HorizontalLayout head = new HorizontalLayout(title, copy);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        Div section = new Div(head, yaml);
        section.setId(id);
        return section;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("menu.manifests"));
    }

    private void showProblem(String text) {
        problem.setText(text);
        problem.setVisible(true);
    }
}
