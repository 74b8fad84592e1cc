package io.meshportal.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param minuteRetention how long per-minute rows are kept
 * @param hourRetention   how long per-hour rows are kept (the longest range a chart or report can show)
 * @param deleteBatch     rows deleted per statement by the retention job
 * @param maxUnwrittenMinutes the most factory minutes kept in memory while the database cannot be written; beyond
 *                        it the oldest are dropped, logged and counted ({@code meshportal.history.rows.dropped}).
 *                        About 0.5 KiB each: the default, 250,000, is about 120 MiB, two hours of 2,000 factories
 */
@ConfigurationProperties("meshportal.history")
public record HistoryProperties(
        @DefaultValue("14d") Duration minuteRetention,
        @DefaultValue("400d") Duration hourRetention,
        @DefaultValue("5000") int deleteBatch,
        @DefaultValue("250000") int maxUnwrittenMinutes) {}
