package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryServer;
import io.meshportal.fleet.LogLine;
import io.meshportal.fleet.LogListener;
import io.meshportal.fleet.LogQuery;
import io.meshportal.fleet.LogSource;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One factory's replica logs as the portal reads them: each replica's own lines, named for its life by its
 * version and port; a follow ends when its replica is stopped or replaced, as a pod's log ends with the container.
 */
final class ReplicaLogs {

    private record LogFollow(FactoryServer replica, LogListener listener, Runnable unfollow) {}

    private final String factoryId;
    private final List<LogFollow> follows = new CopyOnWriteArrayList<>();

    ReplicaLogs(String factoryId) {
        this.factoryId = factoryId;
    }

    /** Every replica's log, in the order given; a dead replica's log is shown as not running. */
    List<LogSource> sources(List<FactoryServer> replicas, Predicate<FactoryServer> dead) {
        return replicas.stream()
                .map(r -> new LogSource(name(r), r.spec().version(), !dead.test(r)))
                .toList();
    }

    /** Follows a replica's own log (the lines its process keeps); ended when the replica is stopped or replaced. */
    Runnable follow(List<FactoryServer> replicas, String source, LogQuery query, LogListener listener) {
        FactoryServer replica = replicas.stream()
                .filter(r -> name(r).equals(source))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("No replica " + source + " of " + factoryId));
        Instant since = query.since() == null ? null : Instant.now().minus(query.since());
        Runnable unfollow = replica.log()
                .follow(
                        query.tailLines(),
                        since,
                        line -> listener.lines(List.of(new LogLine(line.at(), line.level() + " " + line.message()))));
        LogFollow follow = new LogFollow(replica, listener, unfollow);
        follows.add(follow);
        return () -> {
            unfollow.run();
            follows.remove(follow);
        };
    }

    /** Ends the follows of a replica that was stopped (after its last line). */
    void stopped(FactoryServer replica) {
        for (LogFollow f : follows) {
            if (f.replica() == replica) {
                f.unfollow().run();
                follows.remove(f);
                f.listener().ended("The replica was stopped");
            }
        }
    }

    private String name(FactoryServer replica) {
        return factoryId + "-" + replica.spec().version() + "-" + replica.port();
    }
}
