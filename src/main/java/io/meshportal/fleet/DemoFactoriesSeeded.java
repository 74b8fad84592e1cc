package io.meshportal.fleet;

import java.util.List;

/**
 * Published once, when the embedded fleet has created its demo factories on the first start (after the
 * application is ready), so that the application can give each a manager account.
 */
public record DemoFactoriesSeeded(List<String> factoryIds) {}
