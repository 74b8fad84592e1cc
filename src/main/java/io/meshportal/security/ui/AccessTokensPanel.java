package io.meshportal.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.meshportal.base.ui.FieldProblems;
import io.meshportal.base.ui.Translations;
import io.meshportal.security.AccessTokenService;
import io.meshportal.security.AccessTokenView;
import io.meshportal.security.CreatedAccessToken;
import io.meshportal.security.UserRequestException;
import io.meshportal.security.Viewer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * The caller's personal access tokens for the HTTP API: make one (name, expiry; the secret shown once), see
 * when each was last used, revoke.
 */
class AccessTokensPanel extends VerticalLayout {

    private final AccessTokenService tokens;
    private final Viewer viewer;
    private final Grid<AccessTokenView> grid = new Grid<>();
    private final TextField secret = new TextField(Translations.t("tokens.secret"));

    AccessTokensPanel(AccessTokenService tokens, Viewer viewer) {
        this.tokens = tokens;
        this.viewer = viewer;
        setId("access-tokens");
        setPadding(false);
        TextField name = new TextField(getTranslation("tokens.name"));
        name.setId("token-name");
        name.setPlaceholder(getTranslation("tokens.name.placeholder"));
        name.setMaxLength(200); // the service says what is too long, next to the field
        Select<Integer> expiry = new Select<>();
        expiry.setId("token-expiry");
        expiry.setLabel(getTranslation("tokens.expires-after"));
        expiry.setItems(new TreeSet<>(AccessTokenService.EXPIRY_DAYS));
        expiry.setItemLabelGenerator(days -> getTranslation("tokens.days", days));
        expiry.setValue(30);
        Button create = new Button(getTranslation("tokens.create"), e -> {
            Map<String, com.vaadin.flow.component.HasValidation> fields = Map.of("name", name, "expiryDays", expiry);
            FieldProblems.clear(fields);
            try {
                CreatedAccessToken made =
                        tokens.create(viewer, name.getValue(), expiry.getValue() == null ? 0 : expiry.getValue());
                secret.setValue(made.secret());
                secret.setVisible(true);
                name.clear();
                refresh();
            } catch (UserRequestException ex) {
                FieldProblems.show(fields, ex.problems()).forEach(Notification::show);
            }
        });
        create.setId("create-token");
        secret.setId("new-token-secret");
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.setVisible(false);
        HorizontalLayout form = new HorizontalLayout(name, expiry, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.setId("token-grid");
        grid.addColumn(AccessTokenView::name).setHeader(getTranslation("create.name"));
        grid.addColumn(t -> Translations.dateTime(t.createdAt())).setHeader(getTranslation("tokens.created"));
        grid.addColumn(t -> (t.expired(Instant.now()) ? Translations.t("tokens.expired") + " " : "")
                        + Translations.dateTime(t.expiresAt()))
                .setHeader(getTranslation("tokens.expires"));
        grid.addColumn(t ->
                        t.lastUsedAt() == null ? Translations.t("age.never") : Translations.dateTime(t.lastUsedAt()))
                .setHeader(getTranslation("tokens.last-used"));
        grid.addComponentColumn(t -> {
                    Button revoke = new Button(Translations.t("tokens.revoke"), e -> {
                        try {
                            tokens.revoke(viewer, t.id());
                            Notification.show(Translations.t("tokens.revoked", t.name()));
                        } catch (UserRequestException ex) {
                            Notification.show(Translations.t("tokens.gone"));
                        }
                        refresh();
                    });
                    revoke.setId("revoke-token-" + t.id());
                    revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                    return revoke;
                })
                .setHeader("")
                .setKey("revoke");
        grid.setAllRowsVisible(true);
        add(new H2(getTranslation("tokens.title")), new Paragraph(getTranslation("tokens.note")), form, secret, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.mine(viewer));
    }
}
