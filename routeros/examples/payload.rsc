# A payload knock: a UDP datagram to 17954 carrying the word "open-sesame" (content= is a case-sensitive
# substring match) after a TCP knock on 1337; the IPv6 twin does the same for ::/0. Check it with:
#   knock routeros check payload.rsc tcp:1337 udp:17954:text:open-sesame
#   knock routeros check payload.rsc tcp:1337 udp:17954:text:open-sesame --from ::1
/ip firewall filter
add action=add-src-to-address-list address-list="Save Haven" address-list-timeout=3h chain=input \
    content="open-sesame" dst-port=17954 protocol=udp src-address-list=knock-knock comment="Knock 2: the word"
add action=add-src-to-address-list address-list=knock-knock address-list-timeout=15s chain=input \
    dst-port=1337 protocol=tcp comment="Knock 1"
add action=accept chain=input protocol=tcp dst-port=8291 src-address-list="Save Haven" comment="Winbox when knocked"
add action=drop chain=input protocol=tcp dst-port=8291 comment="no Winbox otherwise"
/ipv6 firewall filter
add action=add-src-to-address-list address-list="Save Haven" address-list-timeout=3h chain=input \
    content="open-sesame" dst-port=17954 protocol=udp src-address-list=knock-knock comment="Knock 2: the word"
add action=add-src-to-address-list address-list=knock-knock address-list-timeout=15s chain=input \
    dst-port=1337 protocol=tcp comment="Knock 1"
add action=accept chain=input protocol=tcp dst-port=8291 src-address-list="Save Haven" comment="Winbox when knocked"
add action=drop chain=input protocol=tcp dst-port=8291 comment="no Winbox otherwise"
