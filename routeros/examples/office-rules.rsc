# Example: what knock writes for a profile "office" on the RouterOS 7 default configuration of
# defconf.rsc, made in this folder with
#   knock routeros rules tcp:4001 udp:4002 --protect winbox --protect ssh --name office --interface-list WAN --anti-scan --export defconf.rsc
# (a test keeps it what the generator writes). Try it first with --diff; the addresses are data only.
#
# knock: port knocking for office. 2 knocks open tcp:8291, tcp:22 for 3h.
# Enter Safe Mode before you paste (Ctrl-X in the terminal, the Safe Mode button in Winbox): if the
# change cuts you off, RouterOS undoes it when your session drops. Press Ctrl-X again to keep it once
# the knock has let you in from outside.
# Every rule's comment starts with "knock:office ".
# The script first removes an earlier version of itself, so pasting it again gives the same rules;
# knock routeros rules --remove --name office prints the script that takes them away.
# Knock stages come last-first, so that one packet never climbs two stages; the drops take only new
# connections, so sessions that are already open survive.
# IPv4: placed before rule #7 "defconf: drop all not coming from LAN" (drop), the first rule of defconf.rsc that decides knock 1 tcp:4001.
/ip firewall filter
remove [find where comment~"^knock:office "]
add action=drop chain=input comment="knock:office drop tcp knocks from blacklisted scanners" connection-state=new dst-port=4001 in-interface-list="WAN" protocol=tcp src-address-list="knock:office:blacklist" place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=drop chain=input comment="knock:office drop udp knocks from blacklisted scanners" connection-state=new dst-port=4002 in-interface-list="WAN" protocol=udp src-address-list="knock:office:blacklist" place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=add-src-to-address-list address-list="knock:office:blacklist" address-list-timeout=5m chain=input comment="knock:office blacklist scanners touching tcp 4000,4002" connection-state=new dst-port=4000,4002 in-interface-list="WAN" protocol=tcp src-address-list="!knock:office:access" place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=add-src-to-address-list address-list="knock:office:blacklist" address-list-timeout=5m chain=input comment="knock:office blacklist scanners touching udp 4001,4003" connection-state=new dst-port=4001,4003 in-interface-list="WAN" protocol=udp src-address-list="!knock:office:access" place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=add-src-to-address-list address-list="knock:office:access" address-list-timeout=3h chain=input comment="knock:office knock 2/2, access" dst-port=4002 in-interface-list="WAN" protocol=udp src-address-list="knock:office:stage1" place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=add-src-to-address-list address-list="knock:office:stage1" address-list-timeout=15s chain=input comment="knock:office knock 1/2" dst-port=4001 in-interface-list="WAN" protocol=tcp place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=accept chain=input comment="knock:office access to tcp 8291,22" dst-port=8291,22 in-interface-list="WAN" protocol=tcp src-address-list="knock:office:access" place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
add action=drop chain=input comment="knock:office drop new tcp 8291,22 without the knock" connection-state=new dst-port=8291,22 in-interface-list="WAN" protocol=tcp place-before=[find where chain=input comment="defconf: drop all not coming from LAN"]
/ipv6 firewall filter
remove [find where comment~"^knock:office "]
