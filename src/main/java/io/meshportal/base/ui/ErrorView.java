package io.meshportal.base.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shown instead of a stack trace: a short message and a reference the operator can find in the log. */
@AnonymousAllowed
public class ErrorView extends VerticalLayout
        implements HasErrorParameter<Exception>, com.vaadin.flow.router.HasDynamicTitle {

    private static final Logger log = LoggerFactory.getLogger(ErrorView.class);

    @Override
    public String getPageTitle() {
        return getTranslation("title.page", getTranslation("error.title"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error(
                "Unexpected error (reference {}) at /{}",
                reference,
                event.getLocation().getPath(),
                parameter.getCaughtException());
        removeAll();
        add(
                new H2(getTranslation("error.title")),
                new Paragraph(getTranslation("error.text", reference)),
                new Anchor("", getTranslation("error.back")));
        setId("error-view");
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
