# MikroTik's documented three-stage port knock (help.mikrotik.com, "Port knocking"): TCP 888, then 555,
# then 222, each within 30 s of the one before, grants 30 min of access; only knocks that arrive on an
# interface in the WAN list count, and Winbox/SSH are dropped for everyone else on WAN.
# The stages are listed last-first, so that one packet can never climb two stages.
# Check it with: knock routeros check three-stage-wan.rsc tcp:888 tcp:555 tcp:222 --interface-list WAN
# RouterOS 7.16 style: path with slashes.
/ip/firewall/filter
add action=add-src-to-address-list address-list=secured address-list-timeout=30m chain=input \
    dst-port=222 in-interface-list=WAN protocol=tcp src-address-list=888-555 comment="knock 3 of 3"
add action=add-src-to-address-list address-list=888-555 address-list-timeout=30s chain=input \
    dst-port=555 in-interface-list=WAN protocol=tcp src-address-list=888 comment="knock 2 of 3"
add action=add-src-to-address-list address-list=888 address-list-timeout=30s chain=input dst-port=888 \
    in-interface-list=WAN protocol=tcp comment="knock 1 of 3"
add action=accept chain=input dst-port=22,8291 in-interface-list=WAN protocol=tcp src-address-list=secured \
    comment="access for the secured list"
add action=drop chain=input dst-port=22,8291 in-interface-list=WAN protocol=tcp comment="drop the rest on WAN"
