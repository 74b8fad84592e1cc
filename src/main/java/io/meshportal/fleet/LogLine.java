package io.meshportal.fleet;

import java.time.Instant;

/**
 * One line of a replica's log.
 *
 * @param at   when it was written, as the runtime recorded it
 * @param text the line without its time
 */
public record LogLine(Instant at, String text) {}
