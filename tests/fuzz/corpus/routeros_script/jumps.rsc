/ip firewall filter
add action=jump chain=input jump-target=a
add action=jump chain=a jump-target=b
add action=jump chain=b jump-target=c
add action=jump chain=c jump-target=a disabled=yes
add action=return chain=c
add action=drop chain=b dst-port=22 protocol=tcp
