# An ICMP packet-size knock: a ping whose whole IP packet is 98 bytes (an IPv4 ping with 70 bytes of
# data: 20 IP + 8 ICMP + 70), then one of 222 bytes within 20 s, opens Winbox for 2 h. RouterOS counts
# packet-size over the whole IP packet. Check it with:
#   knock routeros check icmp-size.rsc icmp:98 icmp:222
/ip firewall filter
add action=add-src-to-address-list address-list=ping-open address-list-timeout=2h chain=input \
    icmp-options=8:0 packet-size=222 protocol=icmp src-address-list=ping-first comment="ping knock 2"
add action=add-src-to-address-list address-list=ping-first address-list-timeout=20s chain=input \
    icmp-options=8:0 packet-size=98 protocol=icmp comment="ping knock 1"
add action=accept chain=input dst-port=8291 protocol=tcp src-address-list=ping-open comment="Winbox after the pings"
add action=drop chain=input dst-port=8291 protocol=tcp comment="Winbox for nobody else"
