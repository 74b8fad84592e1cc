package io.meshportal.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollTimeout  how long one version's telemetry may take to answer
 * @param waitFactor   a step that has not gathered enough samples after this many dwell times is aborted
 */
@ConfigurationProperties("meshportal.rollout")
public record RolloutProperties(@DefaultValue("800ms") Duration pollTimeout, @DefaultValue("3") int waitFactor) {}
