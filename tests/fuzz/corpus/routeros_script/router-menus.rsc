/interface list
add name=WAN include=UPLINK exclude=BACKUP comment=x
add name=UPLINK
add name=BACKUP
/interface list member
add interface=ether1 list=UPLINK
add interface=lte1 list=BACKUP disabled=yes
add interface=bridge list=LAN extra=1
/ip address
add address=192.0.2.2/24 interface=ether1 network=192.0.2.0
add address=192.168.88.1 interface=bridge disabled=no
/ipv6 address
add address=2001:db8::2/64 interface=ether1 advertise=no
add address=::1/64 from-pool=isp interface=bridge eui-64=yes
/ip service
set telnet disabled=yes
set [ find name=ssh ] port=2222
set winbox address=192.168.88.0/24,2001:db8::/32
set numbers=api-ssl certificate=none tls-version=only-1.2
set unknown disabled=yes
