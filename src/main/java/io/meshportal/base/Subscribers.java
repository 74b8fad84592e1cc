package io.meshportal.base;

import com.vaadin.flow.shared.Registration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Live listeners that each receive what their subscriber may see. A listener that throws belongs to a UI that is
 * gone (or broken) and is dropped, so a dead UI never pins memory or stops the others.
 *
 * @param <S> who subscribed (for scoping)
 * @param <T> what is published
 */
public final class Subscribers<S, T> {

    private record Entry<S, T>(S subscriber, Consumer<T> listener) {}

    private final Set<Entry<S, T>> entries = ConcurrentHashMap.newKeySet();

    public Registration add(S subscriber, Consumer<T> listener) {
        Entry<S, T> entry = new Entry<>(subscriber, listener);
        entries.add(entry);
        return () -> entries.remove(entry);
    }

    /** @param view what one subscriber may see of the news; null when nothing */
    public void publish(Function<S, T> view) {
        for (Entry<S, T> entry : entries) {
            T item = view.apply(entry.subscriber());
            if (item == null) {
                continue;
            }
            try {
                entry.listener().accept(item);
            } catch (RuntimeException gone) {
                entries.remove(entry);
            }
        }
    }
}
