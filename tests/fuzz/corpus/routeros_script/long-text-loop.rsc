:global a "xxxxxxxxxxxxxxxx"
:local i 0
:while ($i < 15) do={:set a ($a . $a); :set i ($i + 1)}
:while (true) do={:local b ($a . "y")}
