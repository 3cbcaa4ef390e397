package dev.blixt.bpf;

/** How {@link BpfMap#put(Object, Object, UpdateFlag)} treats an existing or missing key. */
public enum UpdateFlag {
    /** Create the element or replace it ({@code BPF_ANY}). */
    ANY(0),
    /** Create the element only if the key is absent ({@code BPF_NOEXIST}); otherwise fail with EEXIST. */
    NO_EXIST(1),
    /** Replace the element only if the key is present ({@code BPF_EXIST}); otherwise fail with ENOENT. */
    EXIST(2);

    private final int flag;

    UpdateFlag(int flag) {
        this.flag = flag;
    }

    /**
     * The kernel's flag value.
     *
     * @return {@code BPF_ANY}, {@code BPF_NOEXIST} or {@code BPF_EXIST}
     */
    public int flag() {
        return flag;
    }
}
