# The raw table runs before connection tracking, NAT and the filter. Here it drops, before anything else
# sees them, sources that probed telnet or RDP (they stay on "probers" for a day) and every TCP packet to
# ports 1000-1999 from WAN. The knock (TCP 2222, then UDP 3333 within 15 s, for 2 h of Winbox) lives in the
# filter, on ports raw lets through: a knock on 1337 would never reach it. Addresses are data for the
# parser only. Check it with:
#   knock routeros check raw.rsc tcp:2222 udp:3333
#   knock routeros check raw.rsc tcp:1337 udp:3333      # raw eats the first knock
/interface list
add name=WAN
/interface list member
add interface=ether1 list=WAN
/ip firewall raw
add action=drop chain=prerouting comment="probers: dropped before conntrack" src-address-list=probers
add action=add-src-to-address-list address-list=probers address-list-timeout=1d chain=prerouting \
    comment="whoever probes telnet or RDP is a prober" dst-port=23,3389 protocol=tcp
add action=drop chain=prerouting comment="no TCP to 1000-1999 from WAN" dst-port=1000-1999 \
    in-interface-list=WAN protocol=tcp
/ip firewall filter
add action=accept chain=input comment="established traffic" connection-state=established,related,untracked
add action=add-src-to-address-list address-list=winbox-ok address-list-timeout=2h chain=input \
    comment="knock 2/2" dst-port=3333 in-interface-list=WAN protocol=udp src-address-list=winbox-stage1
add action=add-src-to-address-list address-list=winbox-stage1 address-list-timeout=15s chain=input \
    comment="knock 1/2" dst-port=2222 in-interface-list=WAN protocol=tcp
add action=accept chain=input comment="Winbox when knocked" dst-port=8291 protocol=tcp src-address-list=winbox-ok
add action=drop chain=input comment="nothing else from WAN" in-interface-list=WAN
/ipv6 firewall raw
add action=drop chain=prerouting comment="no TCP to 1000-1999 from WAN" dst-port=1000-1999 \
    in-interface-list=WAN protocol=tcp
