package dev.blixt;

import dev.blixt.bpf.Attachment;
import dev.blixt.bpf.BpfException;
import dev.blixt.bpf.BpfProgram;
import dev.blixt.bpf.TcAttachment;
import dev.blixt.bpf.TcDirection;
import dev.blixt.bpf.TcxAttachment;
import dev.blixt.bpf.XdpAttachment;
import dev.blixt.bpf.XdpMode;
import dev.blixt.error.DataplaneException;
import dev.blixt.internal.attach.Hooks;
import dev.blixt.internal.datapath.Datapath;
import dev.blixt.internal.libbpf.Rtnetlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Attaches the data plane's programs to interfaces: chooses the mode per interface ({@link AttachMode#AUTO}),
 * refuses a mode that cannot be correct there, adopts pinned links atomically, and removes every other
 * attachment of the same data plane (another kind left by an earlier process) — never another program's.
 */
final class Attacher {
    private static final System.Logger LOG = System.getLogger(Attacher.class.getName());
    /** Our programs' names start with this ({@code blixt_xdp}, {@code blixt_tc}). */
    static final String PROGRAM_PREFIX = "blixt_";

    /** Whether a program is a data plane's: named with our prefix, and not the {@link Decapsulator}'s. */
    static boolean isDataplaneProgram(String programName) {
        return programName.startsWith(PROGRAM_PREFIX) && !programName.equals(Decapsulator.PROGRAM);
    }

    private Attacher() {}

    /** The mode chosen for one interface, and why. */
    record Placement(String ifname, int ifindex, AttachMode mode, String why) {}

    /** Chooses the mode for an interface in the calling thread's namespace, or refuses the requested one. */
    static Placement place(String ifname, AttachMode requested, boolean force) {
        int ifindex = Interfaces.requireExists(ifname);
        Rtnetlink.Link link = Rtnetlink.link(ifindex).orElseThrow(() -> new DataplaneException(
                "network interface '" + ifname + "' disappeared while attaching; check DataplaneConfig.interfaces"));
        String device = link.loopback() ? "the loopback device" : link.kind().isEmpty() ? null : "a " + link.kind() + " device";
        String virtualWhy = ifname + " is " + device + ": locally generated packets carry partial checksums that"
                + " native XDP forwards as final, and an XDP redirect into a veth whose peer has no NAPI is dropped";
        return switch (requested) {
            case AUTO -> device != null
                    ? new Placement(ifname, ifindex, AttachMode.TC, "tc: " + virtualWhy)
                    : new Placement(ifname, ifindex, AttachMode.XDP_NATIVE, "native XDP: " + ifname
                            + " is a physical device (no link kind)");
            case TC -> new Placement(ifname, ifindex, AttachMode.TC, "tc: requested");
            case XDP_NATIVE, XDP_AUTO -> {
                if (device != null && !force) {
                    throw new DataplaneException("AttachMode." + requested + " cannot be correct on " + virtualWhy
                            + " (every connection would black-hole with the kernel's default offloads). Use"
                            + " AttachMode.AUTO (the default: tc here) or AttachMode.TC; or set"
                            + " DataplaneConfig.Builder.forceAttachMode(true) if every peer has GRO on and TX checksum"
                            + " offload off");
                }
                yield new Placement(ifname, ifindex, requested, requested + ": requested" + (device != null ? " (forced)" : ""));
            }
            case XDP_GENERIC -> {
                if (!force) {
                    throw new DataplaneException("AttachMode.XDP_GENERIC cannot be correct on " + ifname + ": generic XDP"
                            + " stalls bulk TCP when the interface receives GRO/GSO packets, as it does with the kernel's"
                            + " default offloads (a 1 MB echo stopped after about 200 KB). Use AttachMode.AUTO (the"
                            + " default) or AttachMode.TC; or set DataplaneConfig.Builder.forceAttachMode(true)");
                }
                yield new Placement(ifname, ifindex, AttachMode.XDP_GENERIC, "XDP_GENERIC: requested (forced)");
            }
        };
    }

    /** One interface's attachment with what {@link Dataplane#attachments()} reports of it. */
    record Attached(Attachment attachment, Placement placement, String mechanism) {
        InterfaceAttachment describe() {
            AttachMode mode = placement.mode() == AttachMode.XDP_AUTO && attachment instanceof XdpAttachment x
                    ? (x.mode() == XdpMode.NATIVE ? AttachMode.XDP_NATIVE : AttachMode.XDP_GENERIC) : placement.mode();
            return new InterfaceAttachment(placement.ifname(), placement.ifindex(), mode, mechanism,
                    attachment.programId(), placement.why());
        }
    }

    /**
     * Attaches to one interface. Refuses when another Blixt data plane (a program that shares no map with
     * ours) serves it, unless {@code takeOver}.
     */
    static Attached attach(Datapath dp, Placement p, @Nullable Path links, boolean takeOver) {
        Set<Integer> ours = Hooks.programMapIds(dp.xdp().id());
        List<Hooks.Hooked> before = Hooks.ingress(p.ifindex(), TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY);
        List<Hooks.Hooked> others = new ArrayList<>();
        for (Hooks.Hooked h : before) {
            if (!isDataplaneProgram(h.programName())) continue;
            if (java.util.Collections.disjoint(Hooks.programMapIds(h.programId()), ours)) others.add(h);
        }
        if (!others.isEmpty() && !takeOver) {
            Hooks.Hooked h = others.get(0);
            List<String> holders = Hooks.holders(h.linkId(), h.programId());
            throw new DataplaneException("interface " + p.ifname() + " is already served by another Blixt data plane ("
                    + h.kind() + " program id " + h.programId() + (holders.isEmpty() ? "" : ", held by "
                    + String.join(", ", holders)) + "): close that data plane (or destroy() it if it is pinned), or set"
                    + " DataplaneConfig.Builder.takeOver(true) to replace it");
        }
        Attached a = p.mode() == AttachMode.TC ? attachTc(dp.tc(), p, links, TcAttachment.DEFAULT_HANDLE,
                TcAttachment.DEFAULT_PRIORITY) : attachXdp(dp, p, links);
        // Everything else of ours on this interface (another kind left by an earlier process on the same
        // pins) and, when taking over, the other data plane's attachments go now that ours runs.
        int keep = a.attachment().programId();
        for (Hooks.Hooked h : Hooks.ingress(p.ifindex(), TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY)) {
            if (h.programId() == keep || !isDataplaneProgram(h.programName())) continue;
            boolean sameDataplane = !java.util.Collections.disjoint(Hooks.programMapIds(h.programId()), ours);
            if (!sameDataplane && !takeOver) continue;
            if (!sameDataplane && !Hooks.setHighWord(h.programId(), Datapath.CONFIG_MAP, (int) ProcessHandle.current().pid())) {
                LOG.log(System.Logger.Level.WARNING, "could not tell the data plane of program id {0} on {1} that it"
                        + " was taken over", h.programId(), p.ifname());
            }
            if (a.attachment() instanceof XdpAttachment && h.kind().name().startsWith("XDP")) continue; // replaced in place
            int ret = Hooks.detach(h, p.ifindex(), TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY);
            LOG.log(ret == 0 ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "{0} {1} program id {2} on {3}{4}",
                    ret == 0 ? "removed" : "could not remove", h.kind(), h.programId(), p.ifname(),
                    sameDataplane ? " (left by an earlier process on the same pins)" : " (taken over)");
        }
        if (links != null) {
            for (String kind : List.of("xdp-", "tcx-")) {
                Path pin = links.resolve(kind + p.ifname());
                if (a.attachment().pinPath().map(pp -> !pp.equals(pin.toAbsolutePath())).orElse(true)) deletePin(pin);
            }
        }
        return a;
    }

    private static Attached attachXdp(Datapath dp, Placement p, @Nullable Path links) {
        // The XDP program redirects (and XDP_TXes) only into interfaces marked XDP-safe; elsewhere the
        // rewritten packet goes to the kernel. An interface that runs our XDP program has its XDP transmit
        // path set up (native), or takes redirects as skbs (generic): mark it before the program runs there.
        if (!dp.markXdpSafe(p.ifindex(), true)) {
            LOG.log(System.Logger.Level.INFO, "ifindex {0} of {1} is beyond the egress map: packets out of it go"
                    + " through the kernel", p.ifindex(), p.ifname());
        }
        XdpMode mode = switch (p.mode()) {
            case XDP_NATIVE -> XdpMode.NATIVE;
            case XDP_GENERIC -> XdpMode.GENERIC;
            default -> XdpMode.AUTO;
        };
        Path linkPin = links == null ? null : links.resolve("xdp-" + p.ifname());
        if (linkPin != null && Files.exists(linkPin)) {
            XdpAttachment old = XdpAttachment.openPinned(linkPin);
            if (old.ifindex() == p.ifindex() && (mode == XdpMode.AUTO || old.mode() == mode)) {
                old.replaceProgram(dp.xdp()); // atomic: no packet misses the program
                return new Attached(old, p, "xdp link");
            }
            // Severed (interface deleted or re-created) or attached in the other XDP flavour: start afresh.
            LOG.log(System.Logger.Level.WARNING, "the XDP link pinned at {0} cannot be reused for {1}: attaching afresh",
                    linkPin, p.ifname());
            old.close();
            deletePin(linkPin);
        }
        XdpAttachment a;
        try {
            a = dp.xdp().attachXdp(p.ifindex(), mode);
        } catch (BpfException e) {
            if (p.why().startsWith("native XDP") && (e.errno() == 95 || e.errno() == 524)) { // EOPNOTSUPP, ENOTSUPP
                LOG.log(System.Logger.Level.INFO, "the driver of {0} has no native XDP: attaching tc instead", p.ifname());
                return attachTc(dp.tc(), new Placement(p.ifname(), p.ifindex(), AttachMode.TC,
                        "tc: the driver of " + p.ifname() + " has no native XDP"), links, TcAttachment.DEFAULT_HANDLE,
                        TcAttachment.DEFAULT_PRIORITY);
            }
            throw e;
        }
        if (linkPin != null && a.isLink()) a.pin(linkPin);
        return new Attached(a, p, a.isLink() ? "xdp link" : "xdp netlink");
    }

    /**
     * Attaches a tc program on ingress: a tcx link (adopting the one pinned in {@code links}), or on kernels
     * without tcx a clsact filter with {@code handle} and {@code priority} (replacing a filter of ours there).
     */
    static Attached attachTc(BpfProgram tc, Placement p, @Nullable Path links, int handle, int priority) {
        Path linkPin = links == null ? null : links.resolve("tcx-" + p.ifname());
        if (linkPin != null && Files.exists(linkPin)) {
            TcxAttachment old = TcxAttachment.openPinned(linkPin);
            if (old.ifindex() == p.ifindex() && old.linkedIfindex() == p.ifindex()) {
                old.replaceProgram(tc); // atomic
                return new Attached(old, p, "tcx link");
            }
            LOG.log(System.Logger.Level.WARNING, "the tcx link pinned at {0} is severed: attaching afresh", linkPin);
            old.close();
            deletePin(linkPin);
        }
        try {
            TcxAttachment a = tc.attachTcx(p.ifindex(), TcDirection.INGRESS);
            if (linkPin != null) a.pin(linkPin);
            return new Attached(a, p, "tcx link");
        } catch (BpfException e) {
            if (!TcxAttachment.isSupportedError(e)) throw e;
            LOG.log(System.Logger.Level.INFO, "no tcx links on this kernel: attaching a clsact filter to {0}", p.ifname());
        }
        // Replaces a filter of ours left by an earlier process atomically (same handle and priority).
        return new Attached(tc.attachTc(p.ifindex(), TcDirection.INGRESS, handle, priority), p, "tc filter");
    }

    /**
     * Removes every attachment of the data plane whose maps include {@code mapIds} from an interface
     * (XDP, tcx links, legacy filters), whether this process holds it or not.
     */
    static void removeAll(String ifname, Set<Integer> mapIds) {
        int ifindex;
        try {
            ifindex = Interfaces.requireExists(ifname);
        } catch (DataplaneException gone) {
            return; // the interface is gone, and its attachments with it
        }
        removeAll(ifindex, ifname, mapIds);
    }

    /** {@link #removeAll(String, Set)} on an interface known by its index. */
    static void removeAll(int ifindex, String ifname, Set<Integer> mapIds) {
        for (Hooks.Hooked h : Hooks.ingress(ifindex, TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY)) {
            if (!isDataplaneProgram(h.programName())) continue;
            if (java.util.Collections.disjoint(Hooks.programMapIds(h.programId()), mapIds)) continue;
            int ret = Hooks.detach(h, ifindex, TcAttachment.DEFAULT_HANDLE, TcAttachment.DEFAULT_PRIORITY);
            if (ret != 0) {
                LOG.log(System.Logger.Level.WARNING, "could not remove {0} program id {1} from {2}: errno {3}", h.kind(),
                        h.programId(), ifname, -ret);
            }
        }
    }

    private static void deletePin(Path pin) {
        try {
            Files.deleteIfExists(pin);
        } catch (IOException e) {
            throw new DataplaneException("cannot remove the stale link pin " + pin + ": " + e.getMessage(), e);
        }
    }
}
