package dev.blixt.bpf;

/**
 * The verdicts of a tc program in direct-action mode ({@code TC_ACT_*} of {@code linux/pkt_cls.h}), as
 * returned in {@link TestRun#verdict()}.
 */
public final class TcAction {

    private TcAction() {
    }

    /** {@code TC_ACT_UNSPEC}: use the default action. */
    public static final int UNSPEC = -1;
    /** {@code TC_ACT_OK}: let the packet continue. */
    public static final int OK = 0;
    /** {@code TC_ACT_RECLASSIFY}: restart classification. */
    public static final int RECLASSIFY = 1;
    /** {@code TC_ACT_SHOT}: drop. */
    public static final int SHOT = 2;
    /** {@code TC_ACT_PIPE}: continue with the next action. */
    public static final int PIPE = 3;
    /** {@code TC_ACT_STOLEN}: consumed by the program. */
    public static final int STOLEN = 4;
    /** {@code TC_ACT_QUEUED}: queued by the program. */
    public static final int QUEUED = 5;
    /** {@code TC_ACT_REPEAT}: repeat the action. */
    public static final int REPEAT = 6;
    /** {@code TC_ACT_REDIRECT}: redirected ({@code bpf_redirect}). */
    public static final int REDIRECT = 7;

    /**
     * The name of a tc verdict.
     *
     * @param verdict the verdict
     * @return {@code "OK"}, {@code "SHOT"}, ... or {@code "UNKNOWN(n)"}
     */
    public static String name(int verdict) {
        return switch (verdict) {
            case UNSPEC -> "UNSPEC";
            case OK -> "OK";
            case RECLASSIFY -> "RECLASSIFY";
            case SHOT -> "SHOT";
            case PIPE -> "PIPE";
            case STOLEN -> "STOLEN";
            case QUEUED -> "QUEUED";
            case REPEAT -> "REPEAT";
            case REDIRECT -> "REDIRECT";
            default -> "UNKNOWN(" + verdict + ")";
        };
    }
}
