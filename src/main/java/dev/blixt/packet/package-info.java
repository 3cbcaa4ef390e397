/**
 * Building and parsing network frames (Ethernet, 802.1Q, IPv4, IPv6, TCP, UDP, ICMP, ICMPv6) with
 * correct checksums: for simulating packets through the data plane and for tests.
 */
@NullMarked
package dev.blixt.packet;

import org.jspecify.annotations.NullMarked;
