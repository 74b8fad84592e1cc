package io.meshportal.fleet;

import com.vaadin.flow.shared.Registration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "What the fleet reports has changed": adapters signal it (informer events, local create/scale/delete, new
 * readings), fleet views refresh on it. Bursts are coalesced into one notification per {@link #COALESCE_MILLIS},
 * delivered on this signal's own thread, so a burst of watch events never floods the screens.
 */
@Component
public class FleetChanges implements AutoCloseable {

    static final long COALESCE_MILLIS = 200;
    private static final Logger log = LoggerFactory.getLogger(FleetChanges.class);

    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-changes");
        t.setDaemon(true);
        return t;
    });

    /** Called by adapters whenever factories, workloads, clusters or their readings change. */
    public void changed() {
        if (pending.compareAndSet(false, true)) {
            delivery.schedule(this::deliver, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    Registration subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void deliver() {
        pending.set(false);
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException gone) {
                // a detached UI: drop it so it can never pin memory
                listeners.remove(listener);
                log.debug("Dropped fleet change listener: {}", gone.toString());
            }
        }
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }
}
