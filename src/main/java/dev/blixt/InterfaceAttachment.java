package dev.blixt;

import java.util.Objects;

/**
 * How the data plane is attached to one interface, as {@link Dataplane#attachments()} reports it.
 *
 * @param interfaceName the interface
 * @param ifindex its index in the data plane's network namespace; when detached, the index of the interface
 *     of that name now, or 0 when there is none
 * @param mode the mode in effect: {@link AttachMode#XDP_NATIVE}, {@link AttachMode#XDP_GENERIC} or
 *     {@link AttachMode#TC}; when detached, the mode it was in
 * @param mechanism how the program is hooked in: {@code "xdp link"}, {@code "xdp netlink"},
 *     {@code "tcx link"} or {@code "tc filter"}; {@code "none"} when detached
 * @param programId the kernel's id of the program (as {@code bpftool prog} shows it); 0 when detached
 * @param reason why this mode was chosen; when detached, why nothing is attached (the interface is gone, or
 *     could not be attached to again)
 */
public record InterfaceAttachment(String interfaceName, int ifindex, AttachMode mode, String mechanism, int programId,
        String reason) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the mode is not one in effect ({@code AUTO}, {@code XDP_AUTO})
     */
    public InterfaceAttachment {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(reason, "reason");
        if (mode == AttachMode.AUTO || mode == AttachMode.XDP_AUTO) {
            throw new IllegalArgumentException("an attachment is in one mode, not " + mode);
        }
    }

    /**
     * Whether the program is attached to the interface now ({@code false} after the interface disappeared,
     * until one of the same name appears and the data plane attaches to it again).
     *
     * @return {@code programId() != 0}
     */
    public boolean attached() {
        return programId != 0;
    }
}
