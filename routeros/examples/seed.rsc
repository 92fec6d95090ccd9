# The reference case: the two-step "Safe Haven" knock from the seed presentation (Akbar, forummikrotik.com).
# Knock TCP 1337, then UDP 17954 within 15 s: the source may reach the router for 3 h. LAN hosts
# 192.168.33.10-20 are always allowed (parser data only: nothing is ever sent to them).
# Wrapped the way RouterOS's /export wraps long lines.
# nov/25/2026 17:00:00 by RouterOS 6.49.10
/ip firewall address-list
add address=192.168.33.10-192.168.33.20 comment="" disabled=no list=\
    "Save Haven"
/ip firewall filter
add action=add-src-to-address-list address-list=knock-knock address-list-timeout=15s chain=input comment=\
    "Knock 1" disabled=no dst-port=1337 protocol=tcp
add action=add-src-to-address-list address-list="Save Haven" address-list-timeout=3h chain=input \
    comment="Knock 2 - OK" disabled=no dst-port=17954 protocol=udp src-address-list=knock-knock
add action=accept chain=input comment="Only Allow Access from Save Haven" disabled=no src-address-list=\
    "Save Haven"
add action=drop chain=input comment="Drop Everything Else" disabled=no
