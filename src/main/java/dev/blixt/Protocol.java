package dev.blixt;

/** The transport protocol of a {@link Vip}. */
public enum Protocol {
    /** TCP (IANA protocol number 6). */
    TCP(6),
    /** UDP (IANA protocol number 17). */
    UDP(17);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /**
     * The IANA protocol number carried in the IP header.
     *
     * @return 6 for TCP, 17 for UDP
     */
    public int number() {
        return number;
    }
}
