/ip firewall raw
add action=notrack chain=prerouting src-address=192.0.2.0/24
add action=jump chain=prerouting jump-target=probes
add action=add-src-to-address-list address-list=p address-list-timeout=0 chain=probes dst-port=23 protocol=tcp
add action=drop chain=probes src-address-list=p
add action=return chain=probes
/ipv6 firewall raw
add action=drop chain=prerouting protocol=tcp dst-port=1000-1999
/ip firewall nat
add action=dst-nat chain=dstnat dst-port=22 protocol=tcp to-addresses=192.168.88.10 to-ports=22
add action=redirect chain=dstnat dst-port=80 protocol=tcp to-ports=8080
add action=netmap chain=dstnat dst-port=443 protocol=tcp to-addresses=192.168.88.0/24
add action=accept chain=dstnat src-address=192.0.2.9
add action=masquerade chain=srcnat out-interface-list=WAN
/ip firewall filter
add action=accept chain=forward connection-nat-state=dstnat ipsec-policy=in,none
add action=drop chain=forward connection-nat-state=!dstnat
