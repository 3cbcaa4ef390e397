/**
 * A sandbox of network namespaces for trying the load balancer out, for demos and for tests:
 * a client, a load-balancer namespace and backends, joined by veth pairs and built with iproute2.
 *
 * {@snippet :
 * try (Sandbox sandbox = Sandbox.builder().backends(3).build();
 *      Dataplane dp = sandbox.lb().open(sandbox.dataplaneConfig().build())) {
 *     Vip vip = Vip.tcp(Sandbox.ipv4Vip(10).getHostAddress(), 80);
 *     dp.route(vip).to(Backend.of(sandbox.backend(0).ipv4(), 8080), Backend.of(sandbox.backend(1).ipv4(), 8080));
 *     // servers: sandbox.backend(i).call(() -> new ServerSocket(8080)); clients: sandbox.client().call(...)
 * }
 * }
 *
 * <p>Needs root (or CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2; ethtool only for
 * {@code Sandbox.Builder.tuneForNativeXdp()}.
 */
@NullMarked
package dev.blixt.sandbox;

import org.jspecify.annotations.NullMarked;
