/**
 * Blixt for Java: an embeddable eBPF layer-4 load balancer.
 *
 * <p>Exported packages: {@code dev.blixt} (the fluent data-plane API), {@code dev.blixt.error} (the
 * root exception every layer throws), {@code dev.blixt.bpf} (a small
 * typed eBPF toolkit over libbpf), {@code dev.blixt.packet} (packet builder and parser),
 * {@code dev.blixt.maglev} (the Maglev lookup-table builder) and {@code dev.blixt.sandbox}
 * (network namespaces with a client, a load balancer and backends, for trying it out and for tests).
 * Everything under {@code dev.blixt.internal} is private to the library.
 *
 * <p>The library calls libbpf through the FFM API: run with
 * {@code --enable-native-access=dev.blixt} (or {@code ALL-UNNAMED} on the class path).
 */
module dev.blixt {
    // Static and not transitive: jspecify is an optional dependency (annotations only), so a consumer's
    // `requires dev.blixt;` must resolve without it on the module path.
    requires static org.jspecify;

    exports dev.blixt;
    exports dev.blixt.error;
    exports dev.blixt.bpf;
    exports dev.blixt.packet;
    exports dev.blixt.maglev;
    exports dev.blixt.sandbox;
}
