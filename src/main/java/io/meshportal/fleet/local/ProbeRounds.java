package io.meshportal.fleet.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every factory's replicas at once, each factory on its own virtual thread, so one factory's slow or hung
 * replicas do not hold up the others' round.
 */
final class ProbeRounds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProbeRounds.class);

    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

    /** One round over all factories; whether anything the pages show changed (readiness, failures, restarts). */
    boolean round(Collection<LocalDeployment> deployments) {
        List<Future<Boolean>> rounds = new ArrayList<>();
        for (LocalDeployment d : deployments) {
            rounds.add(probes.submit(d::probe));
        }
        boolean changed = false;
        for (var round : rounds) {
            try {
                changed |= round.get();
            } catch (ExecutionException e) {
                log.debug("Probe round failed: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return changed;
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
