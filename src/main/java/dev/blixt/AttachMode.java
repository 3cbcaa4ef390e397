package dev.blixt;

/** How the data plane's program is attached to each interface. */
public enum AttachMode {
    /** XDP in the driver (fastest); fails on interfaces whose driver lacks XDP support. */
    XDP_NATIVE,
    /** XDP in the generic (skb) path: works on every interface, slower than native. */
    XDP_GENERIC,
    /** XDP native where the driver supports it, otherwise generic (logged). The default. */
    XDP_AUTO,
    /** A tc (clsact ingress) filter: for hosts where XDP cannot be used. */
    TC
}
