package org.aftercare.streams.flags;

import org.aftercare.events.JsonSerde;
import org.aftercare.events.staff.StaffDirectoryEvent;
import org.aftercare.events.staff.StaffMember;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff directory as every task sees it: a global store ({@value #NAME}, staffId → the latest
 * {@link StaffMember}) filled from {@code staff.directory}, which is keyed by staffId and so not
 * co-partitioned with members' topics. In: staff records and tombstones. Out: whether a staff
 * member is active and how they take flags of each severity ({@link #get}). The flag engine reads it
 * to route alerts, the digest side to batch them. A record whose key is not its staffId is skipped
 * (logged with ids). An older revision than the one kept is ignored.
 */
public final class StaffDirectory {

    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);

    public static final String NAME = "staff-directory";

    private final KeyValueStore<String, StaffMember> store;

    private StaffDirectory(KeyValueStore<String, StaffMember> store) {
        this.store = store;
    }

    /** Global stores restore from their topic: no changelog of their own. */
    public static StoreBuilder<KeyValueStore<String, StaffMember>> storeBuilder() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(NAME), Serdes.String(), new JsonSerde<>(StaffMember.class))
                .withLoggingDisabled();
    }

    /** The directory as a processor of the topology reads it. */
    public static StaffDirectory of(ProcessorContext<?, ?> context) {
        return new StaffDirectory(context.getStateStore(NAME));
    }

    /** The staff member, or null when unknown. */
    public StaffMember get(String staffId) {
        return staffId == null ? null : store.get(staffId);
    }

    /** Known and active: only such a staff member is alerted. */
    public boolean active(String staffId) {
        StaffMember staff = get(staffId);
        return staff != null && staff.active();
    }

    /** Keeps the global store: the latest record per staffId. */
    public static final class Updater implements Processor<String, StaffDirectoryEvent, Void, Void> {

        private KeyValueStore<String, StaffMember> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(NAME);
        }

        @Override
        public void process(Record<String, StaffDirectoryEvent> record) {
            String staffId = record.key();
            if (staffId == null) {
                return;
            }
            switch (record.value()) {
                case null -> store.delete(staffId);
                case StaffMember staff -> {
                    if (!staffId.equals(staff.staffId())) {
                        log.warn("staff record {} keyed as {}: skipped", staff.eventId(), staffId);
                        return;
                    }
                    StaffMember known = store.get(staffId);
                    if (known != null && known.revision() > staff.revision()) {
                        log.debug("older revision {} of staff member {} ignored", staff.revision(), staffId);
                        return;
                    }
                    store.put(staffId, staff);
                }
            }
        }
    }
}
