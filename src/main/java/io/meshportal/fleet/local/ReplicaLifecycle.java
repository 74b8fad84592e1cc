package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Starts and stops one factory's replicas and keeps everything that follows a replica's life in step: its probes
 * begin and end with it, its counters join the factory's retired totals, its followed logs end, and each start and
 * stop is an event, as a kubelet records a pod's.
 */
final class ReplicaLifecycle {

    private final String factoryId;
    private final EventLog events;
    private final ReplicaProbes probes;
    private final ReplicaUsage usage;
    private final ReplicaLogs logs;

    ReplicaLifecycle(String factoryId, EventLog events, ReplicaProbes probes, ReplicaUsage usage, ReplicaLogs logs) {
        this.factoryId = factoryId;
        this.events = events;
        this.probes = probes;
        this.usage = usage;
        this.logs = logs;
    }

    /** A replica as its events name it: its version and the port it listens on (a pod has no stable index). */
    static String objectName(FactoryServer replica) {
        return "Replica/" + replica.spec().version() + ":" + replica.port();
    }

    /** @param restarts how often this replica's slot was started again after it died */
    FactoryServer start(FactorySpec version, int restarts) {
        try {
            FactoryServer replica = FactoryServer.onLoopback(version);
            probes.admit(replica, restarts);
            events.normal("Started", objectName(replica), "Started replica of version " + version.version());
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a replica of " + factoryId, e);
        }
    }

    void retire(FactoryServer replica) {
        events.normal("Killing", objectName(replica), "Stopping replica");
        probes.forget(replica);
        usage.retired(replica);
        replica.close();
        logs.stopped(replica); // after its last line ("stopping"), as a pod's log ends with the container
    }
}
