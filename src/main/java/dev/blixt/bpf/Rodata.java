package dev.blixt.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.blixt.internal.libbpf.btf_type;
import dev.blixt.internal.libbpf.btf_var_secinfo;
import dev.blixt.internal.libbpf.libbpf_h;

/** The {@code const volatile} variables of an opened object's {@code .rodata}, found through its BTF. */
final class Rodata {

    private static final String RODATA = ".rodata";

    private final ObjectCore core;
    private @Nullable Map<String, Slot> vars;

    /** A variable's place in the section. */
    private record Slot(long offset, long size) {
    }

    Rodata(ObjectCore core) {
        this.core = core;
    }

    void setInteger(String variable, long value) {
        Slot slot = slot(variable);
        int size = (int) slot.size();
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException(".rodata variable '" + variable + "' has " + size
                    + " bytes, not an integer size: use setConstant(String, byte[])");
        }
        if (size < 8) {
            long min = -(1L << (size * 8 - 1));
            long max = (1L << (size * 8)) - 1;
            if (value < min || value > max) {
                throw new IllegalArgumentException("value " + value + " does not fit in the " + size
                        + "-byte .rodata variable '" + variable + "'");
            }
        }
        byte[] bytes = new byte[size];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < size; i++) {
            int shift = 8 * (little ? i : size - 1 - i);
            bytes[i] = (byte) (value >>> shift);
        }
        write(variable, slot, bytes);
    }

    void setBytes(String variable, byte[] bytes) {
        Slot slot = slot(variable);
        if (bytes.length != slot.size()) {
            throw new IllegalArgumentException(".rodata variable '" + variable + "' has " + slot.size()
                    + " bytes, got " + bytes.length);
        }
        write(variable, slot, bytes.clone());
    }

    private Slot slot(String variable) {
        Objects.requireNonNull(variable, "variable");
        Slot slot = vars().get(variable);
        if (slot == null) {
            throw new IllegalArgumentException("BPF object '" + core.name + "' has no .rodata variable '" + variable
                    + "'; its variables are " + vars().keySet());
        }
        return slot;
    }

    private IllegalArgumentException noRodata() {
        return new IllegalArgumentException("BPF object '" + core.name + "' has no .rodata section: declare the "
                + "variable as 'const volatile' with an initial value");
    }

    private MemorySegment map() {
        MemorySegment m = MemorySegment.NULL;
        while (!(m = libbpf_h.bpf_object__next_map(core.obj, m)).equals(MemorySegment.NULL)) {
            String n = libbpf_h.string(libbpf_h.bpf_map__name(m));
            if (libbpf_h.bpf_map__is_internal(m) && n != null && n.endsWith(RODATA)) {
                return m;
            }
        }
        throw noRodata();
    }

    @SuppressWarnings("restricted") // sizing the btf_type pointers libbpf returns
    private Map<String, Slot> vars() {
        Map<String, Slot> found = vars;
        if (found != null) {
            return found;
        }
        found = new LinkedHashMap<>();
        MemorySegment btf = libbpf_h.bpf_object__btf(core.obj);
        if (btf.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("BPF object '" + core.name + "' has no BTF: compile it with clang -g");
        }
        try (Arena tmp = Arena.ofConfined()) {
            int id = libbpf_h.btf__find_by_name_kind(btf, tmp.allocateFrom(RODATA), libbpf_h.BTF_KIND_DATASEC());
            if (id < 0) {
                throw noRodata();
            }
            MemorySegment state = libbpf_h.allocateErrnoState(tmp);
            MemorySegment sec = libbpf_h.btf__type_by_id(state, btf, id).reinterpret(btf_type.sizeof());
            int vlen = btf_type.info(sec) & 0xFFFF;
            MemorySegment infos = sec.reinterpret(btf_type.sizeof() + vlen * btf_var_secinfo.sizeof())
                    .asSlice(btf_type.sizeof());
            for (int i = 0; i < vlen; i++) {
                MemorySegment si = btf_var_secinfo.asSlice(infos, i);
                MemorySegment var = libbpf_h.btf__type_by_id(state, btf, btf_var_secinfo.type(si));
                if (var.equals(MemorySegment.NULL)) {
                    continue;
                }
                var = var.reinterpret(btf_type.sizeof());
                if (((btf_type.info(var) >>> 24) & 0x1F) != libbpf_h.BTF_KIND_VAR()) {
                    continue;
                }
                String varName = libbpf_h.string(libbpf_h.btf__name_by_offset(btf, btf_type.name_off(var)));
                if (varName != null) {
                    found.put(varName, new Slot(Integer.toUnsignedLong(btf_var_secinfo.offset(si)),
                            Integer.toUnsignedLong(btf_var_secinfo.size(si))));
                }
            }
        }
        vars = found;
        return found;
    }

    @SuppressWarnings("restricted") // sizing the initial-value pointer libbpf returns
    private void write(String variable, Slot slot, byte[] bytes) {
        MemorySegment m = map();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment psize = tmp.allocate(ValueLayout.JAVA_LONG);
            MemorySegment init = libbpf_h.bpf_map__initial_value(m, psize);
            long size = psize.get(ValueLayout.JAVA_LONG, 0);
            if (init.equals(MemorySegment.NULL) || slot.offset() + slot.size() > size) {
                throw new IllegalStateException("cannot read the initial value of .rodata to set '" + variable + "'");
            }
            MemorySegment copy = tmp.allocate(size, 8);
            MemorySegment.copy(init.reinterpret(size), 0, copy, 0, size);
            MemorySegment.copy(bytes, 0, copy, ValueLayout.JAVA_BYTE, slot.offset(), bytes.length);
            int ret = libbpf_h.bpf_map__set_initial_value(m, copy, size);
            if (ret < 0) {
                throw new BpfException("setting .rodata variable '" + variable + "'", ret);
            }
        }
    }
}
