# A port forward behind a knock: SSH on a LAN server (192.168.88.10) is forwarded from the router's WAN
# port 22, and only sources that knocked TCP 7000, then UDP 8000 within 10 s, reach it for 30 min. The knocks
# are for the router itself (input); the SSH connection is translated by dstnat and goes through forward,
# so its access rule sits in forward, where it sees the connection after NAT: to 192.168.88.10:22. An
# accept in input would never see it. Addresses are data for the parser only. Check it with:
#   knock routeros check dstnat.rsc tcp:7000 udp:8000 --protect tcp:22
/interface list
add name=WAN
add name=LAN
/interface list member
add interface=ether1 list=WAN
add interface=bridge list=LAN
/ip address
add address=192.0.2.2/24 interface=ether1 network=192.0.2.0
add address=192.168.88.1/24 interface=bridge network=192.168.88.0
/ip firewall filter
add action=accept chain=input comment="established traffic" connection-state=established,related,untracked
add action=add-src-to-address-list address-list=ssh-knocked address-list-timeout=30m chain=input \
    comment="knock 2/2: SSH for 30 min" dst-port=8000 in-interface-list=WAN protocol=udp src-address-list=ssh-stage1
add action=add-src-to-address-list address-list=ssh-stage1 address-list-timeout=10s chain=input \
    comment="knock 1/2" dst-port=7000 in-interface-list=WAN protocol=tcp
add action=drop chain=input comment="nothing else from WAN" in-interface-list=WAN
add action=accept chain=forward comment="established traffic" connection-state=established,related,untracked
add action=accept chain=forward comment="SSH to the server when knocked" connection-nat-state=dstnat \
    dst-address=192.168.88.10 dst-port=22 protocol=tcp src-address-list=ssh-knocked
add action=drop chain=forward comment="defconf: drop all from WAN not DSTNATed" connection-nat-state=!dstnat \
    connection-state=new in-interface-list=WAN
add action=drop chain=forward comment="nothing else from WAN to the server" dst-address=192.168.88.10 \
    in-interface-list=WAN
/ip firewall nat
add action=dst-nat chain=dstnat comment="SSH to the server" dst-address=192.0.2.2 dst-port=22 \
    in-interface-list=WAN protocol=tcp to-addresses=192.168.88.10 to-ports=22
add action=masquerade chain=srcnat out-interface-list=WAN
/ip service
set ssh port=2200
