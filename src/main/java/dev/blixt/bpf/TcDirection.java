package dev.blixt.bpf;

/** The clsact hook a tc program is attached to. */
public enum TcDirection {
    /** Packets received by the interface. */
    INGRESS,
    /** Packets sent by the interface. */
    EGRESS
}
