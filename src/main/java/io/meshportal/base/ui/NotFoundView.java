package io.meshportal.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Unknown routes and routes the user may not open look the same, so a factory manager cannot probe which
 * factories or pages exist.
 */
@AnonymousAllowed
@PageTitle("Not found · MeshPortal")
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        setId("not-found-view");
        add(
                new H2("Page not found"),
                new Paragraph("There is nothing at /" + event.getLocation().getPath() + " that you can open."),
                new Anchor("", "Back to the dashboard"));
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
