package dev.blixt.bpf;

import java.util.Objects;

/**
 * The description of a program of a {@link BpfObject}, available before load.
 *
 * @param name the program's (function) name
 * @param section its ELF section, for instance {@code "xdp"} or {@code "tc"}
 * @param type the program type
 * @param typeName libbpf's name of the type, for instance {@code "sched_cls"}
 * @param instructions the number of BPF instructions
 */
public record ProgramInfo(String name, String section, ProgramType type, String typeName, long instructions) {
    /**
     * Validates the description.
     *
     * @param name the program's name
     * @param section its ELF section
     * @param type the program type
     * @param typeName libbpf's name of the type
     * @param instructions the instruction count, at least 0
     * @throws IllegalArgumentException if {@code instructions} is negative
     */
    public ProgramInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(typeName, "typeName");
        if (instructions < 0) {
            throw new IllegalArgumentException("program '" + name + "': negative instruction count " + instructions);
        }
    }
}
