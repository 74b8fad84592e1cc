package io.meshportal.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Unknown routes and routes the user may not open look the same, so a factory manager cannot probe which
 * factories or pages exist.
 */
@AnonymousAllowed
public class NotFoundView extends VerticalLayout
        implements HasErrorParameter<NotFoundException>, com.vaadin.flow.router.HasDynamicTitle {

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("notfound.title"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        setId("not-found-view");
        add(
                new H2(getTranslation("notfound.title")),
                new Paragraph(
                        getTranslation("notfound.text", event.getLocation().getPath())),
                new Anchor("", getTranslation("error.back")));
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
