package dev.blixt;

import java.util.Objects;

/**
 * How the data plane is attached to one interface, as {@link Dataplane#attachments()} reports it.
 *
 * @param interfaceName the interface
 * @param ifindex its index in the data plane's network namespace
 * @param mode the mode in effect: {@link AttachMode#XDP_NATIVE}, {@link AttachMode#XDP_GENERIC} or
 *     {@link AttachMode#TC}
 * @param mechanism how the program is hooked in: {@code "xdp link"}, {@code "xdp netlink"},
 *     {@code "tcx link"} or {@code "tc filter"}
 * @param programId the kernel's id of the program (as {@code bpftool prog} shows it)
 * @param reason why this mode was chosen
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
}
