package io.meshportal.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Anything under /api that no operation takes is a JSON 404 here: otherwise Vaadin's catch-all route would
 * answer it with a redirect to the sign-in page or an HTML page.
 */
@RestController
@Hidden
class ApiFallback {

    @RequestMapping("/api/**")
    void none(HttpServletRequest request) {
        throw new NoSuchElementException(request.getMethod() + " " + request.getRequestURI());
    }
}
