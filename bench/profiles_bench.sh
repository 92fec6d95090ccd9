#!/usr/bin/env bash
# Profiles benchmark: loading a 10 000-profile file, and `knock run --group` over 1 000 loopback hosts with
# two knocks 100 ms apart (the delays overlap) beside a shell loop over knockd's knock. In a private
# network namespace; prints figures, asserts nothing.
source "$(dirname "$0")/lib.sh"
enter_bench_netns "$@"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KNOCK_CONFIG_DIR=$work

echo "profiles benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
awk 'BEGIN { for (i = 0; i < 10000; i++) {
  printf "[profiles.host-%05d]\nhost = \"127.%d.%d.%d\"\nsequence = \"tcp:%d udp:%d wait:100ms udp:%d\"\ngroup = \"g%d\"\ntags = [\"bench\", \"t%d\"]\nlaunch = \"ssh admin@{ip}\"\n[profiles.host-%05d.verify]\nport = 8291\nretries = 1\n[profiles.host-%05d.router]\nprotect = [\"tcp:8291\"]\ntimeouts = [\"15s\", \"3h\"]\n\n",
    i, 3 + int(i / 65536), int(i / 256) % 256, i % 256 + 1, 2000 + i, 3000 + i, 4000 + i, i % 10, i, i, i }
}' > "$work/profiles.toml"
read -r med p90 min _ < <("$bin/proc_time" 10 "$bin/knock" profile list)
printf '1. Loading a 10 000-profile file (%s KB) and listing it: median %s ms (p90 %s, min %s)\n' \
  "$(( $(stat -c %s "$work/profiles.toml") / 1024 ))" "$med" "$p90" "$min"
echo

awk 'BEGIN { for (i = 1; i <= 1000; i++)
  printf "[profiles.f%d]\nhost = \"127.2.%d.%d\"\nsequence = \"udp:40000 wait:100ms udp:40001\"\ngroup = \"fleet\"\n\n", i, int(i / 250), i % 250 + 1 }' \
  > "$work/profiles.toml"
echo "2. Knocking 1 000 loopback hosts, two UDP knocks 100 ms apart"
read -r one _ < <("$bin/proc_time" 5 "$bin/knock" run f1 -q)
read -r fleet _ < <("$bin/proc_time" 3 "$bin/knock" run --group fleet --parallel 1000 -q)
start=$(date +%s%N)
for i in $(seq 1 50); do "$knockd_client" -u -d 100 "127.2.$((i / 250)).$((i % 250 + 1))" 40000 40001; done
loop=$(( ($(date +%s%N) - start) / 1000000 ))
printf '   knock run f1 (one host):                      %8s ms\n' "$one"
printf '   knock run --group fleet (1 000 hosts):        %8s ms\n' "$fleet"
printf "   shell loop over knockd's knock, 50 hosts:     %8s ms  (1 000 hosts: about %s s)\n" "$loop" "$((loop * 20 / 1000))"
