package io.meshportal.fleet;

import java.util.List;

/**
 * What a log follower is told. Called on the fleet's threads, one call at a time per follow: hand the lines on, do
 * not block.
 */
public interface LogListener {

    /** New lines, oldest first. */
    void lines(List<LogLine> lines);

    /** The stream broke and is being resumed from the last line received; no line is repeated. */
    void interrupted(String reason);

    /** The stream ended for good: the replica is gone, or its cluster refused or kept failing. */
    void ended(String reason);
}
