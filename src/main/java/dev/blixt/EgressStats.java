package dev.blixt;

/**
 * What the data plane itself sent out of one interface, summed over CPUs: the packets it forwarded
 * by XDP redirect, XDP_TX or tc redirect. Packets it rewrote and left to the kernel are not here
 * (see {@link GlobalStats#toKernel()}).
 *
 * @param interfaceName the interface's name in the data plane's network namespace ("" when it is
 *     gone)
 * @param ifindex the interface index
 * @param xdpRedirect whether the XDP program may redirect into this interface: set for the
 *     interfaces that run the data plane's XDP program (their XDP transmit path is set up); a
 *     packet an XDP program routes to any other interface goes to the kernel instead of being
 *     dropped there, counted in {@link GlobalStats#toKernelNoXdpEgress()}
 * @param packets packets sent out of this interface
 * @param bytes their bytes from the IP header on
 */
public record EgressStats(String interfaceName, int ifindex, boolean xdpRedirect, long packets, long bytes) {}
