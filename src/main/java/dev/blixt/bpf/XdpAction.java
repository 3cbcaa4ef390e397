package dev.blixt.bpf;

/** The verdict of an XDP program ({@code enum xdp_action}). */
public enum XdpAction {
    /** {@code XDP_ABORTED} (0): drop and raise the {@code xdp:xdp_exception} tracepoint. */
    ABORTED(0),
    /** {@code XDP_DROP} (1): drop. */
    DROP(1),
    /** {@code XDP_PASS} (2): continue into the network stack. */
    PASS(2),
    /** {@code XDP_TX} (3): send back out of the receiving interface. */
    TX(3),
    /** {@code XDP_REDIRECT} (4): send to another interface, CPU or socket. */
    REDIRECT(4);

    private final int code;

    XdpAction(int code) {
        this.code = code;
    }

    /**
     * The kernel's value.
     *
     * @return the verdict number
     */
    public int code() {
        return code;
    }

    /**
     * The action of a verdict number.
     *
     * @param code a verdict, as in {@link TestRun#verdict()}
     * @return the action
     * @throws IllegalArgumentException if {@code code} is not an XDP action
     */
    public static XdpAction of(int code) {
        return switch (code) {
            case 0 -> ABORTED;
            case 1 -> DROP;
            case 2 -> PASS;
            case 3 -> TX;
            case 4 -> REDIRECT;
            default -> throw new IllegalArgumentException("not an XDP action: " + code);
        };
    }
}
