/ip firewall filter
add action=accept c]hain=input dst-port=8291 protocol=tcp
