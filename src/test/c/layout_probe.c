// Prints sizeof/offsetof of every struct field the Java bindings declare, and the constants they
// hard-code. Compiled and run by dev.blixt.internal.libbpf.LayoutProbeTest (gcc), which compares
// the output with the Java layouts. Keep in sync with the Java struct classes.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <fcntl.h>
#include <sched.h>
#include <net/if.h>
#include <sys/socket.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/pkt_sched.h>
#include <linux/if_link.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int main(void)
{
	printf("S bpf_object_open_opts %zu\n", sizeof(struct bpf_object_open_opts));
	printf("F bpf_object_open_opts sz %zu\n", offsetof(struct bpf_object_open_opts, sz));
	printf("F bpf_object_open_opts object_name %zu\n", offsetof(struct bpf_object_open_opts, object_name));
	printf("F bpf_object_open_opts relaxed_maps %zu\n", offsetof(struct bpf_object_open_opts, relaxed_maps));
	printf("F bpf_object_open_opts pin_root_path %zu\n", offsetof(struct bpf_object_open_opts, pin_root_path));
	printf("F bpf_object_open_opts kconfig %zu\n", offsetof(struct bpf_object_open_opts, kconfig));
	printf("F bpf_object_open_opts btf_custom_path %zu\n", offsetof(struct bpf_object_open_opts, btf_custom_path));
	printf("F bpf_object_open_opts kernel_log_buf %zu\n", offsetof(struct bpf_object_open_opts, kernel_log_buf));
	printf("F bpf_object_open_opts kernel_log_size %zu\n", offsetof(struct bpf_object_open_opts, kernel_log_size));
	printf("F bpf_object_open_opts kernel_log_level %zu\n", offsetof(struct bpf_object_open_opts, kernel_log_level));
	printf("S bpf_tc_hook %zu\n", sizeof(struct bpf_tc_hook));
	printf("F bpf_tc_hook sz %zu\n", offsetof(struct bpf_tc_hook, sz));
	printf("F bpf_tc_hook ifindex %zu\n", offsetof(struct bpf_tc_hook, ifindex));
	printf("F bpf_tc_hook attach_point %zu\n", offsetof(struct bpf_tc_hook, attach_point));
	printf("F bpf_tc_hook parent %zu\n", offsetof(struct bpf_tc_hook, parent));
	printf("S bpf_tc_opts %zu\n", sizeof(struct bpf_tc_opts));
	printf("F bpf_tc_opts sz %zu\n", offsetof(struct bpf_tc_opts, sz));
	printf("F bpf_tc_opts prog_fd %zu\n", offsetof(struct bpf_tc_opts, prog_fd));
	printf("F bpf_tc_opts flags %zu\n", offsetof(struct bpf_tc_opts, flags));
	printf("F bpf_tc_opts prog_id %zu\n", offsetof(struct bpf_tc_opts, prog_id));
	printf("F bpf_tc_opts handle %zu\n", offsetof(struct bpf_tc_opts, handle));
	printf("F bpf_tc_opts priority %zu\n", offsetof(struct bpf_tc_opts, priority));
	printf("S bpf_xdp_attach_opts %zu\n", sizeof(struct bpf_xdp_attach_opts));
	printf("F bpf_xdp_attach_opts sz %zu\n", offsetof(struct bpf_xdp_attach_opts, sz));
	printf("F bpf_xdp_attach_opts old_prog_fd %zu\n", offsetof(struct bpf_xdp_attach_opts, old_prog_fd));
	printf("S bpf_xdp_query_opts %zu\n", sizeof(struct bpf_xdp_query_opts));
	printf("F bpf_xdp_query_opts sz %zu\n", offsetof(struct bpf_xdp_query_opts, sz));
	printf("F bpf_xdp_query_opts prog_id %zu\n", offsetof(struct bpf_xdp_query_opts, prog_id));
	printf("F bpf_xdp_query_opts drv_prog_id %zu\n", offsetof(struct bpf_xdp_query_opts, drv_prog_id));
	printf("F bpf_xdp_query_opts hw_prog_id %zu\n", offsetof(struct bpf_xdp_query_opts, hw_prog_id));
	printf("F bpf_xdp_query_opts skb_prog_id %zu\n", offsetof(struct bpf_xdp_query_opts, skb_prog_id));
	printf("F bpf_xdp_query_opts attach_mode %zu\n", offsetof(struct bpf_xdp_query_opts, attach_mode));
	printf("S bpf_link_create_opts %zu\n", sizeof(struct bpf_link_create_opts));
	printf("F bpf_link_create_opts sz %zu\n", offsetof(struct bpf_link_create_opts, sz));
	printf("F bpf_link_create_opts flags %zu\n", offsetof(struct bpf_link_create_opts, flags));
	printf("F bpf_link_create_opts iter_info %zu\n", offsetof(struct bpf_link_create_opts, iter_info));
	printf("F bpf_link_create_opts iter_info_len %zu\n", offsetof(struct bpf_link_create_opts, iter_info_len));
	printf("F bpf_link_create_opts target_btf_id %zu\n", offsetof(struct bpf_link_create_opts, target_btf_id));
	printf("F bpf_link_create_opts perf_event.bpf_cookie %zu\n", offsetof(struct bpf_link_create_opts, perf_event.bpf_cookie));
	printf("F bpf_link_create_opts kprobe_multi.flags %zu\n", offsetof(struct bpf_link_create_opts, kprobe_multi.flags));
	printf("F bpf_link_create_opts kprobe_multi.cnt %zu\n", offsetof(struct bpf_link_create_opts, kprobe_multi.cnt));
	printf("F bpf_link_create_opts kprobe_multi.syms %zu\n", offsetof(struct bpf_link_create_opts, kprobe_multi.syms));
	printf("F bpf_link_create_opts kprobe_multi.addrs %zu\n", offsetof(struct bpf_link_create_opts, kprobe_multi.addrs));
	printf("F bpf_link_create_opts kprobe_multi.cookies %zu\n", offsetof(struct bpf_link_create_opts, kprobe_multi.cookies));
	printf("F bpf_link_create_opts tracing.cookie %zu\n", offsetof(struct bpf_link_create_opts, tracing.cookie));
	printf("S bpf_map_batch_opts %zu\n", sizeof(struct bpf_map_batch_opts));
	printf("F bpf_map_batch_opts sz %zu\n", offsetof(struct bpf_map_batch_opts, sz));
	printf("F bpf_map_batch_opts elem_flags %zu\n", offsetof(struct bpf_map_batch_opts, elem_flags));
	printf("F bpf_map_batch_opts flags %zu\n", offsetof(struct bpf_map_batch_opts, flags));
	printf("S bpf_test_run_opts %zu\n", sizeof(struct bpf_test_run_opts));
	printf("F bpf_test_run_opts sz %zu\n", offsetof(struct bpf_test_run_opts, sz));
	printf("F bpf_test_run_opts data_in %zu\n", offsetof(struct bpf_test_run_opts, data_in));
	printf("F bpf_test_run_opts data_out %zu\n", offsetof(struct bpf_test_run_opts, data_out));
	printf("F bpf_test_run_opts data_size_in %zu\n", offsetof(struct bpf_test_run_opts, data_size_in));
	printf("F bpf_test_run_opts data_size_out %zu\n", offsetof(struct bpf_test_run_opts, data_size_out));
	printf("F bpf_test_run_opts ctx_in %zu\n", offsetof(struct bpf_test_run_opts, ctx_in));
	printf("F bpf_test_run_opts ctx_out %zu\n", offsetof(struct bpf_test_run_opts, ctx_out));
	printf("F bpf_test_run_opts ctx_size_in %zu\n", offsetof(struct bpf_test_run_opts, ctx_size_in));
	printf("F bpf_test_run_opts ctx_size_out %zu\n", offsetof(struct bpf_test_run_opts, ctx_size_out));
	printf("F bpf_test_run_opts retval %zu\n", offsetof(struct bpf_test_run_opts, retval));
	printf("F bpf_test_run_opts repeat %zu\n", offsetof(struct bpf_test_run_opts, repeat));
	printf("F bpf_test_run_opts duration %zu\n", offsetof(struct bpf_test_run_opts, duration));
	printf("F bpf_test_run_opts flags %zu\n", offsetof(struct bpf_test_run_opts, flags));
	printf("F bpf_test_run_opts cpu %zu\n", offsetof(struct bpf_test_run_opts, cpu));
	printf("F bpf_test_run_opts batch_size %zu\n", offsetof(struct bpf_test_run_opts, batch_size));
	printf("S bpf_map_info %zu\n", sizeof(struct bpf_map_info));
	printf("F bpf_map_info type %zu\n", offsetof(struct bpf_map_info, type));
	printf("F bpf_map_info id %zu\n", offsetof(struct bpf_map_info, id));
	printf("F bpf_map_info key_size %zu\n", offsetof(struct bpf_map_info, key_size));
	printf("F bpf_map_info value_size %zu\n", offsetof(struct bpf_map_info, value_size));
	printf("F bpf_map_info max_entries %zu\n", offsetof(struct bpf_map_info, max_entries));
	printf("F bpf_map_info map_flags %zu\n", offsetof(struct bpf_map_info, map_flags));
	printf("F bpf_map_info name %zu\n", offsetof(struct bpf_map_info, name));
	printf("F bpf_map_info ifindex %zu\n", offsetof(struct bpf_map_info, ifindex));
	printf("F bpf_map_info btf_vmlinux_value_type_id %zu\n", offsetof(struct bpf_map_info, btf_vmlinux_value_type_id));
	printf("F bpf_map_info netns_dev %zu\n", offsetof(struct bpf_map_info, netns_dev));
	printf("F bpf_map_info netns_ino %zu\n", offsetof(struct bpf_map_info, netns_ino));
	printf("F bpf_map_info btf_id %zu\n", offsetof(struct bpf_map_info, btf_id));
	printf("F bpf_map_info btf_key_type_id %zu\n", offsetof(struct bpf_map_info, btf_key_type_id));
	printf("F bpf_map_info btf_value_type_id %zu\n", offsetof(struct bpf_map_info, btf_value_type_id));
	printf("F bpf_map_info map_extra %zu\n", offsetof(struct bpf_map_info, map_extra));
	printf("S bpf_prog_info %zu\n", sizeof(struct bpf_prog_info));
	printf("F bpf_prog_info type %zu\n", offsetof(struct bpf_prog_info, type));
	printf("F bpf_prog_info id %zu\n", offsetof(struct bpf_prog_info, id));
	printf("F bpf_prog_info tag %zu\n", offsetof(struct bpf_prog_info, tag));
	printf("F bpf_prog_info jited_prog_len %zu\n", offsetof(struct bpf_prog_info, jited_prog_len));
	printf("F bpf_prog_info xlated_prog_len %zu\n", offsetof(struct bpf_prog_info, xlated_prog_len));
	printf("F bpf_prog_info jited_prog_insns %zu\n", offsetof(struct bpf_prog_info, jited_prog_insns));
	printf("F bpf_prog_info xlated_prog_insns %zu\n", offsetof(struct bpf_prog_info, xlated_prog_insns));
	printf("F bpf_prog_info load_time %zu\n", offsetof(struct bpf_prog_info, load_time));
	printf("F bpf_prog_info created_by_uid %zu\n", offsetof(struct bpf_prog_info, created_by_uid));
	printf("F bpf_prog_info nr_map_ids %zu\n", offsetof(struct bpf_prog_info, nr_map_ids));
	printf("F bpf_prog_info map_ids %zu\n", offsetof(struct bpf_prog_info, map_ids));
	printf("F bpf_prog_info name %zu\n", offsetof(struct bpf_prog_info, name));
	printf("F bpf_prog_info ifindex %zu\n", offsetof(struct bpf_prog_info, ifindex));
	printf("S bpf_link_info %zu\n", sizeof(struct bpf_link_info));
	printf("F bpf_link_info type %zu\n", offsetof(struct bpf_link_info, type));
	printf("F bpf_link_info id %zu\n", offsetof(struct bpf_link_info, id));
	printf("F bpf_link_info prog_id %zu\n", offsetof(struct bpf_link_info, prog_id));
	printf("F bpf_link_info xdp.ifindex %zu\n", offsetof(struct bpf_link_info, xdp.ifindex));
	printf("S btf_type %zu\n", sizeof(struct btf_type));
	printf("F btf_type name_off %zu\n", offsetof(struct btf_type, name_off));
	printf("F btf_type info %zu\n", offsetof(struct btf_type, info));
	printf("F btf_type size %zu\n", offsetof(struct btf_type, size));
	printf("F btf_type type %zu\n", offsetof(struct btf_type, type));
	printf("S btf_var_secinfo %zu\n", sizeof(struct btf_var_secinfo));
	printf("F btf_var_secinfo type %zu\n", offsetof(struct btf_var_secinfo, type));
	printf("F btf_var_secinfo offset %zu\n", offsetof(struct btf_var_secinfo, offset));
	printf("F btf_var_secinfo size %zu\n", offsetof(struct btf_var_secinfo, size));
	printf("S nlmsghdr %zu\n", sizeof(struct nlmsghdr));
	printf("F nlmsghdr nlmsg_len %zu\n", offsetof(struct nlmsghdr, nlmsg_len));
	printf("F nlmsghdr nlmsg_type %zu\n", offsetof(struct nlmsghdr, nlmsg_type));
	printf("F nlmsghdr nlmsg_flags %zu\n", offsetof(struct nlmsghdr, nlmsg_flags));
	printf("F nlmsghdr nlmsg_seq %zu\n", offsetof(struct nlmsghdr, nlmsg_seq));
	printf("F nlmsghdr nlmsg_pid %zu\n", offsetof(struct nlmsghdr, nlmsg_pid));
	printf("S nlmsgerr %zu\n", sizeof(struct nlmsgerr));
	printf("F nlmsgerr error %zu\n", offsetof(struct nlmsgerr, error));
	printf("F nlmsgerr msg.nlmsg_len %zu\n", offsetof(struct nlmsgerr, msg.nlmsg_len));
	printf("F nlmsgerr msg.nlmsg_type %zu\n", offsetof(struct nlmsgerr, msg.nlmsg_type));
	printf("F nlmsgerr msg.nlmsg_flags %zu\n", offsetof(struct nlmsgerr, msg.nlmsg_flags));
	printf("F nlmsgerr msg.nlmsg_seq %zu\n", offsetof(struct nlmsgerr, msg.nlmsg_seq));
	printf("F nlmsgerr msg.nlmsg_pid %zu\n", offsetof(struct nlmsgerr, msg.nlmsg_pid));
	printf("S tcmsg %zu\n", sizeof(struct tcmsg));
	printf("F tcmsg tcm_family %zu\n", offsetof(struct tcmsg, tcm_family));
	printf("F tcmsg tcm__pad1 %zu\n", offsetof(struct tcmsg, tcm__pad1));
	printf("F tcmsg tcm__pad2 %zu\n", offsetof(struct tcmsg, tcm__pad2));
	printf("F tcmsg tcm_ifindex %zu\n", offsetof(struct tcmsg, tcm_ifindex));
	printf("F tcmsg tcm_handle %zu\n", offsetof(struct tcmsg, tcm_handle));
	printf("F tcmsg tcm_parent %zu\n", offsetof(struct tcmsg, tcm_parent));
	printf("F tcmsg tcm_info %zu\n", offsetof(struct tcmsg, tcm_info));
	printf("S sockaddr_nl %zu\n", sizeof(struct sockaddr_nl));
	printf("F sockaddr_nl nl_family %zu\n", offsetof(struct sockaddr_nl, nl_family));
	printf("F sockaddr_nl nl_pad %zu\n", offsetof(struct sockaddr_nl, nl_pad));
	printf("F sockaddr_nl nl_pid %zu\n", offsetof(struct sockaddr_nl, nl_pid));
	printf("F sockaddr_nl nl_groups %zu\n", offsetof(struct sockaddr_nl, nl_groups));
	printf("S pollfd %zu\n", sizeof(struct pollfd));
	printf("F pollfd fd %zu\n", offsetof(struct pollfd, fd));
	printf("F pollfd events %zu\n", offsetof(struct pollfd, events));
	printf("F pollfd revents %zu\n", offsetof(struct pollfd, revents));
	printf("C POLLIN %lld\n", (long long)(POLLIN));
	printf("C EFD_CLOEXEC %lld\n", (long long)(EFD_CLOEXEC));
	printf("C RTMGRP_LINK %lld\n", (long long)(RTMGRP_LINK));
	printf("C BPF_XDP %lld\n", (long long)(BPF_XDP));
	printf("C BPF_ANY %lld\n", (long long)(BPF_ANY));
	printf("C BPF_NOEXIST %lld\n", (long long)(BPF_NOEXIST));
	printf("C BPF_EXIST %lld\n", (long long)(BPF_EXIST));
	printf("C BPF_TC_INGRESS %lld\n", (long long)(BPF_TC_INGRESS));
	printf("C BPF_TC_EGRESS %lld\n", (long long)(BPF_TC_EGRESS));
	printf("C BPF_TC_CUSTOM %lld\n", (long long)(BPF_TC_CUSTOM));
	printf("C BPF_TC_F_REPLACE %lld\n", (long long)(BPF_TC_F_REPLACE));
	printf("C XDP_FLAGS_UPDATE_IF_NOEXIST %lld\n", (long long)(XDP_FLAGS_UPDATE_IF_NOEXIST));
	printf("C XDP_FLAGS_SKB_MODE %lld\n", (long long)(XDP_FLAGS_SKB_MODE));
	printf("C XDP_FLAGS_DRV_MODE %lld\n", (long long)(XDP_FLAGS_DRV_MODE));
	printf("C XDP_FLAGS_HW_MODE %lld\n", (long long)(XDP_FLAGS_HW_MODE));
	printf("C XDP_FLAGS_REPLACE %lld\n", (long long)(XDP_FLAGS_REPLACE));
	printf("C XDP_ATTACHED_NONE %lld\n", (long long)(XDP_ATTACHED_NONE));
	printf("C XDP_ATTACHED_DRV %lld\n", (long long)(XDP_ATTACHED_DRV));
	printf("C XDP_ATTACHED_SKB %lld\n", (long long)(XDP_ATTACHED_SKB));
	printf("C XDP_ATTACHED_HW %lld\n", (long long)(XDP_ATTACHED_HW));
	printf("C XDP_ATTACHED_MULTI %lld\n", (long long)(XDP_ATTACHED_MULTI));
	printf("C BTF_KIND_VAR %lld\n", (long long)(BTF_KIND_VAR));
	printf("C BTF_KIND_DATASEC %lld\n", (long long)(BTF_KIND_DATASEC));
	printf("C LIBBPF_WARN %lld\n", (long long)(LIBBPF_WARN));
	printf("C LIBBPF_INFO %lld\n", (long long)(LIBBPF_INFO));
	printf("C LIBBPF_DEBUG %lld\n", (long long)(LIBBPF_DEBUG));
	printf("C BPF_OBJ_NAME_LEN %lld\n", (long long)(BPF_OBJ_NAME_LEN));
	printf("C BPF_PROG_TYPE_XDP %lld\n", (long long)(BPF_PROG_TYPE_XDP));
	printf("C BPF_PROG_TYPE_SCHED_CLS %lld\n", (long long)(BPF_PROG_TYPE_SCHED_CLS));
	printf("C BPF_MAP_TYPE_ARRAY %lld\n", (long long)(BPF_MAP_TYPE_ARRAY));
	printf("C TC_H_CLSACT %lld\n", (long long)(TC_H_CLSACT));
	printf("C TC_H_MIN_INGRESS %lld\n", (long long)(TC_H_MIN_INGRESS));
	printf("C TC_H_MIN_EGRESS %lld\n", (long long)(TC_H_MIN_EGRESS));
	printf("C AF_NETLINK %lld\n", (long long)(AF_NETLINK));
	printf("C SOCK_RAW %lld\n", (long long)(SOCK_RAW));
	printf("C SOCK_CLOEXEC %lld\n", (long long)(SOCK_CLOEXEC));
	printf("C NETLINK_ROUTE %lld\n", (long long)(NETLINK_ROUTE));
	printf("C RTM_GETTFILTER %lld\n", (long long)(RTM_GETTFILTER));
	printf("C RTM_NEWTFILTER %lld\n", (long long)(RTM_NEWTFILTER));
	printf("C NLM_F_REQUEST %lld\n", (long long)(NLM_F_REQUEST));
	printf("C NLM_F_DUMP %lld\n", (long long)(NLM_F_DUMP));
	printf("C NLMSG_ERROR %lld\n", (long long)(NLMSG_ERROR));
	printf("C NLMSG_DONE %lld\n", (long long)(NLMSG_DONE));
	printf("C O_RDONLY %lld\n", (long long)(O_RDONLY));
	printf("C O_CLOEXEC %lld\n", (long long)(O_CLOEXEC));
	printf("C CLONE_NEWNET %lld\n", (long long)(CLONE_NEWNET));
	printf("C IF_NAMESIZE %lld\n", (long long)(IF_NAMESIZE));
	return 0;
}
