package io.meshportal.api;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every API call in the audit log: who, with which token, what, and how it ended — reads too, as Grafana and
 * Rancher log their API. The services audit the changes themselves as well, as they do for the UI.
 */
@Configuration(proxyBeanMethods = false)
class ApiCallAudit implements WebMvcConfigurer, HandlerInterceptor {

    private final AuditLog audit;
    private final CurrentUser currentUser;

    ApiCallAudit(AuditLog audit, CurrentUser currentUser) {
        this.audit = audit;
        this.currentUser = currentUser;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**").excludePathPatterns("/api/v1/openapi.json");
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        currentUser.viewer().ifPresent(viewer -> {
            int status = response.getStatus();
            Outcome outcome = status < 400 ? Outcome.SUCCESS : status == 403 ? Outcome.DENIED : Outcome.FAILURE;
            String target = request.getMethod() + " " + request.getRequestURI();
            audit.record(
                    viewer.username(),
                    AuditAction.API_CALL,
                    target.length() > 128 ? target.substring(0, 127) + "…" : target,
                    outcome,
                    "token '" + currentUser.accessToken().orElse("?") + "', status " + status);
        });
    }
}
