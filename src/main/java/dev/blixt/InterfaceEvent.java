package dev.blixt;

import java.util.Objects;

/**
 * A change of one of a data plane's interfaces, as {@link Dataplane#onInterfaceEvent} reports it: the
 * interface disappeared (deleted, or moved to another network namespace) and the program with it, or an
 * interface of the same name appeared again and the data plane re-attached its program there.
 *
 * @param type what happened
 * @param interfaceName the interface's name (as configured)
 * @param ifindex the index of the interface the event concerns: the vanished one for {@link Type#DETACHED}, the
 *     new one otherwise
 * @param detail what the data plane did and why, in words (also logged)
 */
public record InterfaceEvent(Type type, String interfaceName, int ifindex, String detail) {

    /** What happened to the interface. */
    public enum Type {
        /** The interface is gone, and the program with it: traffic through it is no longer balanced. */
        DETACHED,
        /** An interface of the same name appeared and the program is attached to it, in the mode chosen at open. */
        REATTACHED,
        /** An interface of the same name appeared but the program could not be attached to it (see the detail). */
        REATTACH_FAILED
    }

    /**
     * Checks the values.
     *
     * @throws NullPointerException if a value is null
     */
    public InterfaceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(detail, "detail");
    }
}
