package io.meshportal.alerts;

public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
