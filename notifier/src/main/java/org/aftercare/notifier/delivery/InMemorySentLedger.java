package org.aftercare.notifier.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The last {@code capacity} notification ids sent by this process, oldest forgotten first. It
 * stops repeats within one process (a batch redelivered after a failed commit, the same intent
 * published twice); it does not survive a restart or a partition moving to another instance.
 */
public final class InMemorySentLedger implements SentLedger {

    public static final int DEFAULT_CAPACITY = 100_000;

    private final Set<String> ids;

    public InMemorySentLedger(int capacity) {
        this.ids = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    @Override
    public boolean wasSent(String notificationId) {
        return ids.contains(notificationId);
    }

    @Override
    public void recordSent(String notificationId) {
        ids.add(notificationId);
    }
}
