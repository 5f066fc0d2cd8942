package org.aftercare.notifier.render;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view of two maps, nothing copied: a key of {@code top} has its value there, any other
 * key its value in {@code under}. In: the two maps, which must not change while the view is used
 * (the renderer builds both for one email). Out: what a copy of {@code under} with {@code top} put
 * over it would answer to {@code get} and {@code containsKey}, the two calls JMustache makes; the
 * entries are only put together if something asks for them.
 */
final class Layered<V> extends AbstractMap<String, V> {

    private final Map<String, ? extends V> top;
    private final Map<String, ? extends V> under;

    Layered(Map<String, ? extends V> top, Map<String, ? extends V> under) {
        this.top = top;
        this.under = under;
    }

    @Override
    public V get(Object key) {
        V value = top.get(key);
        return value != null || top.containsKey(key) ? value : under.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return top.containsKey(key) || under.containsKey(key);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        Map<String, V> all = new LinkedHashMap<>(under);
        all.putAll(top);
        return all.entrySet();
    }
}
