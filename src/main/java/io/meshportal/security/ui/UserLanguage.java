package io.meshportal.security.ui;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.meshportal.base.Language;
import io.meshportal.security.CurrentUser;
import io.meshportal.security.UserService;
import org.springframework.stereotype.Component;

/**
 * A new screen speaks the language its user chose (stored with the account); without a choice, Vaadin has already
 * picked the browser's language among those the portal speaks. Read at the screen's first navigation with a user,
 * since a screen opened before signing in learns its user only then.
 */
@Component
class UserLanguage implements VaadinServiceInitListener {

    private static final String HTML_LANG = "meshportal.html-lang";
    private static final String LANGUAGE_READ = "meshportal.language-read";

    private final CurrentUser currentUser;
    private final UserService users;

    UserLanguage(CurrentUser currentUser, UserService users) {
        this.currentUser = currentUser;
        this.users = users;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(enter -> {
            com.vaadin.flow.component.UI ui = enter.getUI();
            // the stored choice is read once per screen, at its first navigation with a user (the switch itself
            // sets the screen's language and draws the page again), not on every navigation
            if (com.vaadin.flow.component.ComponentUtil.getData(ui, LANGUAGE_READ) == null) {
                currentUser.viewer().ifPresent(viewer -> {
                    com.vaadin.flow.component.ComponentUtil.setData(ui, LANGUAGE_READ, Boolean.TRUE);
                    users.language(viewer)
                            .map(Language::locale)
                            .filter(chosen -> !chosen.equals(ui.getLocale()))
                            .ifPresent(ui::setLocale);
                });
            }
            // the page's own language, for screen readers and hyphenation (WCAG 3.1.1); the bootstrap page says "en"
            String lang = ui.getLocale().getLanguage();
            if (!lang.equals(com.vaadin.flow.component.ComponentUtil.getData(ui, HTML_LANG))) {
                ui.getPage().executeJs("document.documentElement.lang = $0", lang);
                com.vaadin.flow.component.ComponentUtil.setData(ui, HTML_LANG, lang);
            }
        }));
    }
}
