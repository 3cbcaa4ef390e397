package dev.blixt.bpf;

/** Where an XDP program runs. */
public enum XdpMode {
    /** In the driver ({@code XDP_FLAGS_DRV_MODE}): the fast path; needs driver support (veth has it). */
    NATIVE,
    /** In the generic network stack ({@code XDP_FLAGS_SKB_MODE}): works on every device, slower. */
    GENERIC,
    /** Try {@link #NATIVE}, fall back to {@link #GENERIC} (logged at INFO). Never reported as the actual mode. */
    AUTO
}
