#!/usr/bin/env bash
# Fuzz inputs through the programs as they ship: each file goes where a user could put it (a sequence on the
# command line, a profiles.toml, a JSON or knockd.conf import, a RouterOS export for check and for
# knock-server, a frame on knock-server's loopback), and no run may die by a signal, hang, or print a crash's
# words. The fuzzers themselves cannot see this: they link the code in, not as knock is linked. (How many
# lines an error takes is bad_input_tests' business: here a step with newlines in it is quoted as it is.)
#   program_inputs.sh BIN_DIR TOOLS_DIR KIND=PATH...
# BIN_DIR holds knock and knock-server (the build's, or /usr/bin for the installed package); TOOLS_DIR holds
# knockgen. KIND is a fuzz target's name (sequence, profiles, knockd_conf, routeros_script, packet); PATH a
# file or a directory of them (a corpus; libFuzzer's crash-*, timeout-* and oom-* files are inputs too).
source "$(dirname "$0")/lib.sh"
enter_netns "$@"
bin=$1 tools=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=0 failures=0

# check FILE PROGRAM ARGS...: one run, judged on how it ended and on what it said on stderr; its exit status
# is left in $last.
check() {
  local file=$1 why=
  shift
  runs=$((runs + 1))
  last=0
  timeout -s KILL 20 "$@" < /dev/null > "$work/out" 2> "$work/err" || last=$?
  if [ "$last" = 124 ] || [ "$last" = 137 ]; then
    why="hung (killed after 20 s)"
  elif [ "$last" -gt 128 ]; then
    why="ended by signal $((last - 128))"
  elif grep -q -e 'terminate called' -e 'what():' -e 'Assertion' -e 'Sanitizer' "$work/err"; then
    why="crashed: $(cat "$work/err")"
  fi
  [ -z "$why" ] && return 0
  failures=$((failures + 1))
  echo "FAILED: $file: $(basename "$1") ${*:2}: $why"
  head -c 2000 "$work/err"
}

config=$work/config
fresh_config() { rm -rf "$config" && mkdir -p "$config"; }

feed() {  # KIND FILE
  local kind=$1 file=$2
  case $kind in
    sequence)
      check "$file" "$bin/knock" --dry-run 127.0.0.1 "$(tr -d '\0' < "$file")"
      ;;
    profiles)
      fresh_config
      cp "$file" "$config/profiles.toml"
      KNOCK_CONFIG_DIR=$config check "$file" "$bin/knock" profile list
      KNOCK_CONFIG_DIR=$config check "$file" "$bin/knock" profile add zz --host 127.0.0.1 --sequence tcp:1
      fresh_config
      KNOCK_CONFIG_DIR=$config check "$file" "$bin/knock" profile import "$file" --from json
      fresh_config
      KNOCK_CONFIG_DIR=$config check "$file" "$bin/knock" profile import "$file" --from knockonports
      # The file's text as a link (what a clicked or pasted knock:// link gives the program); NULs cannot be
      # arguments, so they go.
      local link
      link=$(head -c 65536 "$file" | tr -d '\0')
      case $link in knock://*) fresh_config; KNOCK_CONFIG_DIR=$config check "$file" "$bin/knock" profile import "$link" ;; esac
      ;;
    knockd_conf)
      fresh_config
      KNOCK_CONFIG_DIR=$config check "$file" "$bin/knock" profile import "$file" --from knockd --host 127.0.0.1
      ;;
    routeros_script)
      check "$file" "$bin/knock" routeros check "$file" tcp:1337 udp:17954:text:open-sesame icmp:98
      # What loads goes on to knock-server (what check refuses, the same loader refuses there).
      [ "$last" = 2 ] || check "$file" "$bin/knock-server" --quiet --rules "$file" --service 8291 -- true
      ;;
    packet) frames+=("$file") ;;
    *) echo "program_inputs.sh: unknown kind '$kind'" >&2; exit 2 ;;
  esac
}

frames=()
for arg in "$@"; do
  kind=${arg%%=*} path=${arg#*=}
  if [ -d "$path" ]; then
    for file in "$path"/*; do [ -f "$file" ] && feed "$kind" "$file"; done
  elif [ -f "$path" ]; then
    feed "$kind" "$path"
  fi
done

# The frames all go to one knock-server, which must still be up and through them all when a last knock,
# sent after them, is logged (its capture reads in order).
if [ ${#frames[@]} -gt 0 ]; then
  cat > "$work/client.sh" <<'CLIENT'
set -e
"$1/knockgen" --frames "${@:4}" > /dev/null
"$2/knock" -q --source 127.0.0.7 127.0.0.1 tcp:1337
for _ in $(seq 200); do grep -q '"address":"127.0.0.7"' "$3" && exit 0; sleep 0.05; done
exit 1
CLIENT
  status=0
  "$bin/knock-server" --quiet --rules "$(dirname "$0")/../../routeros/examples/seed.rsc" --json-log "$work/frames.json" \
    -- bash "$work/client.sh" "$tools" "$bin" "$work/frames.json" "${frames[@]}" > "$work/server.out" 2>&1 || status=$?
  runs=$((runs + 1))
  if [ "$status" != 0 ]; then
    failures=$((failures + 1))
    echo "FAILED: knock-server on ${#frames[@]} frames: exit $status"
    tail -n 5 "$work/server.out"
  fi
fi

[ "$runs" -gt 0 ] || fail "no input files in $*"
[ "$failures" = 0 ] || fail "$failures of $runs runs"
echo "PASSED: $runs runs, none ended by a signal or hung"
