/**
 * A gRPC API server for the Blixt for Java data plane: Blixt's {@code backends.backends} service
 * (wire-compatible, so Blixt's control plane and tools can drive it), the richer
 * {@code blixt.v1.LoadBalancer} service, {@code grpc.health.v1} health, and a CLI client.
 *
 * <p>The services work on a {@link dev.blixt.examples.grpc.Balancer}: {@link
 * dev.blixt.examples.grpc.DataplaneBalancer} programs the kernel through {@link dev.blixt.Dataplane};
 * {@link dev.blixt.examples.grpc.InMemoryBalancer} keeps routes in memory (tests, dry runs).
 */
@NullMarked
package dev.blixt.examples.grpc;

import org.jspecify.annotations.NullMarked;
