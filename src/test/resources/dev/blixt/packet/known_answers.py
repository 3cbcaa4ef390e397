# Prints the known-answer frames of KnownAnswerTest, built by Scapy (an implementation independent of
# dev.blixt.packet). Run: /usr/bin/python3 known_answers.py  (Debian package python3-scapy).
from scapy.all import Ether, Dot1Q, IP, TCP, UDP, ICMP, Raw, IPv6, ICMPv6EchoRequest, ICMPv6PacketTooBig, ICMPv6DestUnreach, IPv6ExtHdrFragment
M1, M2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
def show(name, p):
    b = bytes(p)
    print(name, b.hex())
show("ipv4_tcp", Ether(src=M1, dst=M2)/IP(src="198.51.100.7", dst="203.0.113.10", ttl=64, id=0x1234, tos=0x10, flags="DF",
     options=b"\x01\x01\x01\x00")/TCP(sport=40000, dport=80, flags="SA", seq=1000, ack=2000, window=29200,
     options=[("MSS", 1460)])/Raw(b"GET /"))
show("ipv4_udp", Ether(src=M1, dst=M2)/Dot1Q(vlan=100)/IP(src="10.0.0.1", dst="10.0.0.2", ttl=63, id=0, flags=0)
     /UDP(sport=5353, dport=53)/Raw(b"hello"))
show("ipv6_udp", Ether(src=M1, dst=M2)/IPv6(src="2001:db8::7", dst="2001:db8::10", hlim=64, tc=0x20, fl=0x12345)
     /UDP(sport=40000, dport=53)/Raw(b"hello6"))
show("icmp4_echo", Ether(src=M1, dst=M2)/IP(src="192.0.2.1", dst="192.0.2.2", ttl=64, id=0, flags=0)
     /ICMP(type=8, id=0x1234, seq=1)/Raw(b"ping"))
show("icmp6_echo", Ether(src=M1, dst=M2)/IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64)
     /ICMPv6EchoRequest(id=0x1234, seq=1, data=b"ping"))
inner4 = IP(src="203.0.113.10", dst="198.51.100.7", ttl=64, id=0, flags="DF")/UDP(sport=53, dport=40000)/Raw(b"x"*12)
show("inner4", inner4)
show("icmp4_fragneeded", Ether(src=M1, dst=M2)/IP(src="192.0.2.254", dst="203.0.113.10", ttl=64, id=0, flags=0)
     /ICMP(type=3, code=4, nexthopmtu=1400)/Raw(bytes(inner4)))
inner6 = IPv6(src="2001:db8::10", dst="2001:db8::7", hlim=64)/TCP(sport=80, dport=40000, flags="A", seq=1, ack=1, window=65535)/Raw(b"y"*8)
show("inner6", inner6)
show("icmp6_ptb", Ether(src=M1, dst=M2)/IPv6(src="2001:db8::fe", dst="2001:db8::10", hlim=64)
     /ICMPv6PacketTooBig(mtu=1280)/Raw(bytes(inner6)))
show("ipv6_frag_udp", Ether(src=M1, dst=M2)/IPv6(src="2001:db8::7", dst="2001:db8::10", hlim=64)
     /IPv6ExtHdrFragment(offset=0, m=1, id=0xabcdef01)/UDP(sport=1000, dport=2000)/Raw(b"abcdefgh"))
