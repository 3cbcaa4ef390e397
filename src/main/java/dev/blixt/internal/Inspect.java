package dev.blixt.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.blixt.error.DataplaneException;
import dev.blixt.bpf.BpfLoadException;
import dev.blixt.bpf.BpfObject;
import dev.blixt.bpf.OpenObject;
import dev.blixt.bpf.MapInfo;
import dev.blixt.bpf.MapType;
import dev.blixt.bpf.ProgramInfo;
import dev.blixt.internal.datapath.Datapath;

/**
 * Prints the programs and maps of the bundled BPF object (or of an object file), optionally after
 * loading it with small maps to prove that the verifier accepts it on this kernel.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/classes dev.blixt.internal.Inspect [--load] [file.bpf.o]
 * </pre>
 */
public final class Inspect {

    /** The class-path resource of the bundled object. */
    public static final String BUNDLED = Datapath.OBJECT_RESOURCE;

    /** Map capacity used by {@code --load}, so that loading needs little kernel memory. */
    static final int SMALL_MAX_ENTRIES = 1024;

    private static final Set<MapType> RESIZABLE = Set.of(MapType.HASH, MapType.ARRAY, MapType.LRU_HASH,
            MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE,
            MapType.HASH_OF_MAPS, MapType.ARRAY_OF_MAPS, MapType.DEVMAP, MapType.DEVMAP_HASH);

    private Inspect() {
    }

    /**
     * Runs the inspection.
     *
     * @param args {@code [--load] [path]}
     */
    public static void main(String[] args) {
        boolean load = false;
        @Nullable String path = null;
        for (String a : args) {
            if (a.equals("--load")) {
                load = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: Inspect [--load] [object.bpf.o]   (default: the bundled " + BUNDLED + ")");
                return;
            } else if (path == null) {
                path = a;
            } else {
                System.err.println("unexpected argument: " + a);
                System.exit(2);
            }
        }
        try {
            System.exit(run(load, path, System.out));
        } catch (DataplaneException e) {
            System.err.println("error: " + e.getMessage());
            if (e instanceof BpfLoadException le && !le.verifierLog().isEmpty()) {
                System.err.println("verifier log (tail):");
                System.err.println(le.verifierLog());
            }
            System.exit(1);
        }
    }

    static int run(boolean load, @Nullable String path, PrintStream out) {
        byte[] elf;
        String name;
        try {
            if (path != null) {
                elf = Files.readAllBytes(Path.of(path));
                name = Path.of(path).getFileName().toString().replaceFirst("(\\.bpf)?\\.o$", "");
            } else {
                try {
                    elf = Datapath.bundledObject();
                } catch (DataplaneException e) {
                    System.err.println("error: " + e.getMessage() + "; or pass an object file");
                    return 1;
                }
                name = "blixt";
            }
        } catch (IOException e) {
            System.err.println("error: cannot read " + (path != null ? path : BUNDLED) + ": " + e.getMessage());
            return 1;
        }
        try (OpenObject obj = BpfObject.open(elf, name); BpfObject loaded = load ? smallLoad(obj) : null) {
            out.println("BPF object '" + name + "' (" + elf.length + " bytes)" + (load ? ", loaded" : ", not loaded"));
            out.println();
            List<List<String>> progs = new ArrayList<>();
            progs.add(List.of("PROGRAM", "TYPE", "SECTION", "INSNS"));
            for (ProgramInfo p : obj.programs()) {
                progs.add(List.of(p.name(), p.typeName(), p.section(), Long.toString(p.instructions())));
            }
            table(progs, out);
            out.println();
            List<List<String>> maps = new ArrayList<>();
            maps.add(List.of("MAP", "TYPE", "KEY", "VALUE", "MAX_ENTRIES"));
            for (MapInfo m : obj.maps()) {
                maps.add(List.of(m.name(), m.typeName(), Integer.toString(m.keySize()), Integer.toString(m.valueSize()),
                        Integer.toString(m.maxEntries())));
            }
            table(maps, out);
        }
        return 0;
    }

    /** Loads {@code obj} with its large maps shrunk (the description is of programs and layouts, not sizes). */
    private static BpfObject smallLoad(OpenObject obj) {
        for (MapInfo m : obj.maps()) {
            if (RESIZABLE.contains(m.type()) && !m.name().contains(".") && m.maxEntries() > SMALL_MAX_ENTRIES) {
                obj.setMaxEntries(m.name(), SMALL_MAX_ENTRIES);
            }
        }
        return obj.load();
    }

    static void table(List<List<String>> rows, PrintStream out) {
        int cols = rows.getFirst().size();
        int[] width = new int[cols];
        boolean[] numeric = new boolean[cols];
        for (int i = 0; i < cols; i++) {
            numeric[i] = rows.size() > 1;
        }
        for (int row = 0; row < rows.size(); row++) {
            List<String> r = rows.get(row);
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
                if (row > 0 && (r.get(i).isEmpty() || !r.get(i).chars().allMatch(Character::isDigit))) {
                    numeric[i] = false;
                }
            }
        }
        for (List<String> r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String cell = r.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(numeric[i] ? pad + cell : cell + (i == cols - 1 ? "" : pad));
                if (i < cols - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
