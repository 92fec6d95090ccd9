# A jump-chain variant: input jumps to a chain of its own for the knock stages, which are listed
# last-first; the chain falls off its end back into input. Sequence: UDP 7000, UDP 8000, TCP 9000
# within 10 s each, then 1 h of SSH and Winbox. Check it with:
#   knock routeros check jump-chain.rsc udp:7000 udp:8000 tcp:9000 --protect tcp:22
/ip firewall filter
add chain=input action=accept connection-state=established,related comment="established traffic"
add chain=input action=jump jump-target=knocking connection-state=new comment="new packets visit the knock chain"
add chain=knocking action=add-src-to-address-list address-list=knock-open address-list-timeout=1h \
    protocol=tcp dst-port=9000 src-address-list=knock-two comment="stage 3: open"
add chain=knocking action=add-src-to-address-list address-list=knock-two address-list-timeout=10s \
    protocol=udp dst-port=8000 src-address-list=knock-one comment="stage 2"
add chain=knocking action=add-src-to-address-list address-list=knock-one address-list-timeout=10s \
    protocol=udp dst-port=7000 comment="stage 1"
add chain=knocking action=return comment="back to input"
add chain=input action=accept protocol=tcp dst-port=22,8291 src-address-list=knock-open comment="knocked: allowed"
add chain=input action=drop protocol=tcp dst-port=22,8291 comment="everyone else: dropped"
