package dev.blixt;

/**
 * How the data plane's program is attached to each interface.
 *
 * <p>{@link #AUTO}, the default, chooses per interface what is correct there; the explicit modes
 * are refused on interfaces where they cannot be correct with the kernel's default settings, unless
 * {@link DataplaneConfig.Builder#forceAttachMode(boolean)} is set. {@link Dataplane#attachments()}
 * tells what each interface got and why. See {@code docs/operations.md}, "Which mode where".
 */
public enum AttachMode {
    /**
     * Per interface: native XDP on physical NICs (devices without a link kind, such as virtio-net
     * or mlx5), falling back to tc if the driver has no native XDP; tc on veth, netkit, bridges,
     * VLAN, bond, macvlan, tun and every other virtual device, and on loopback — where locally
     * generated packets carry partial checksums and an XDP redirect into a veth whose peer has no
     * NAPI is dropped. The default.
     */
    AUTO,
    /**
     * XDP in the driver (fastest); fails on interfaces whose driver lacks XDP support, refused on
     * virtual devices.
     */
    XDP_NATIVE,
    /**
     * XDP in the generic (skb) path; refused by default: with GRO/GSO packets (the kernel's default
     * offloads) it stalls bulk TCP.
     */
    XDP_GENERIC,
    /** XDP native where the driver supports it, otherwise generic (logged); refused on virtual devices. */
    XDP_AUTO,
    /**
     * tc ingress: a tcx link on Linux 6.6+, a clsact filter before. Correct on every interface.
     */
    TC
}
