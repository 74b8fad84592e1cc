package io.meshportal.api;

import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.AlertView;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.RuleView;
import io.meshportal.alerts.Severity;
import io.meshportal.base.InvalidRequestException;
import io.meshportal.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Alerts (list, acknowledge) and alert rules (list, create, change, delete), scoped as on the alerts page. */
@RestController
@Tag(name = "alerts")
class AlertsApi {

    /** A rule as the rule form takes it. */
    record Rule(
            String name,
            RuleKind kind,
            Double threshold,
            Integer holdSeconds,
            Severity severity,
            String factoryId,
            String webhookUrl) {

        RuleSpec spec() {
            return new RuleSpec(
                    name,
                    kind,
                    threshold == null ? Double.NaN : threshold,
                    holdSeconds == null ? -1 : holdSeconds,
                    severity,
                    factoryId,
                    webhookUrl);
        }
    }

    private final AlertService alerts;
    private final CurrentUser currentUser;

    AlertsApi(AlertService alerts, CurrentUser currentUser) {
        this.alerts = alerts;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/alerts")
    @Operation(summary = "Recent alerts the caller may see, newest first (active and resolved)")
    List<AlertView> alerts(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException(Map.of("limit", "Between 1 and 1000"));
        }
        return alerts.history(currentUser.require(), limit);
    }

    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Acknowledge an alert")
    void acknowledge(@PathVariable long id) {
        alerts.acknowledge(currentUser.require(), id);
    }

    @GetMapping("/api/v1/alert-rules")
    @Operation(summary = "The alert rules the caller may see")
    List<RuleView> rules() {
        return alerts.rules(currentUser.require());
    }

    @PostMapping("/api/v1/alert-rules")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an alert rule")
    RuleView createRule(@RequestBody Rule body) {
        return alerts.saveRule(currentUser.require(), null, body.spec());
    }

    @PutMapping("/api/v1/alert-rules/{id}")
    @Operation(summary = "Change an alert rule")
    RuleView changeRule(@PathVariable long id, @RequestBody Rule body) {
        return alerts.saveRule(currentUser.require(), id, body.spec());
    }

    @DeleteMapping("/api/v1/alert-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an alert rule")
    void deleteRule(@PathVariable long id) {
        alerts.deleteRule(currentUser.require(), id);
    }
}
