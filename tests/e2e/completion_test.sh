#!/usr/bin/env bash
# The completion scripts of `knock completion bash|zsh|fish`, used as a person would: real interactive bash
# (with and without the bash-completion package) and zsh in a tmux pane, typing a line and pressing Tab;
# fish through its own `complete -C`. Each case says what the screen must show afterwards.
# usage: completion_test.sh PATH/TO/knock SHELL
source "$(dirname "$0")/lib.sh"
knock=$1 shell=$2
command -v tmux >/dev/null || skip "tmux is not installed"
case $shell in
  bash-completion) [ -r /usr/share/bash-completion/bash_completion ] || skip "bash-completion is not installed" ;;
  zsh | fish) command -v "$shell" >/dev/null || skip "$shell is not installed" ;;
esac

work=$(mktemp -d)
sock=knock-completion-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/config"
ln -s "$(realpath "$knock")" "$work/bin/knock"
export PATH="$work/bin:$PATH" KNOCK_CONFIG_DIR="$work/config"
knock profile add office --host 127.0.0.1 --sequence "tcp:1337 udp:17954" >/dev/null
knock profile add lab --host 127.0.0.1 --sequence "tcp:7000" >/dev/null
touch "$work/rules.rsc"

if [ "$shell" = fish ]; then
  knock completion fish > "$work/knock.fish"
  # complete LINE WORD...: fish's candidates for LINE include every WORD.
  complete() {
    local line=$1 got; shift
    got=$(fish --no-config -c "source $work/knock.fish; complete -C '$line'" | cut -f1)
    for w in "$@"; do
      grep -qxF -- "$w" <<<"$got" || { echo "$got"; fail "fish: '$line' does not offer '$w'"; }
    done
    echo "ok: '$line' offers $*"
  }
  complete "knock rou" routeros
  complete "knock routeros " check rules
  complete "knock routeros check --f" --from
  complete "knock profile import x --from " json knockd
  complete "knock @" @lab @office
  complete "knock @o" @office
  complete "knock profile show o" office
  complete "knock 127.0.0.1 t" tcp:
  complete "knock 127.0.0.1 tcp:1337 u" udp:
  complete "knock completion z" zsh
  complete "knock x tcp:1 -- ech" echo
  complete "knock routeros check $work/ru" "$work/rules.rsc"
  complete "knock run --group hq -" --parallel --verify
  exit 0
fi

case $shell in
  bash | bash-completion)
    knock completion bash > "$work/knock.bash"
    {
      echo "PS1='$ '"
      [ "$shell" = bash-completion ] && echo "source /usr/share/bash-completion/bash_completion"
      echo "source $work/knock.bash"
      echo "bind 'set show-all-if-ambiguous on'; bind 'set completion-query-items -1'; bind 'set page-completions off'"
    } > "$work/bashrc"
    tmux -L "$sock" -f /dev/null new-session -d -s t -x 220 -y 50 "bash --noprofile --rcfile $work/bashrc -i"
    ;;
  zsh)
    mkdir "$work/zfunc"
    knock completion zsh > "$work/zfunc/_knock"
    cat > "$work/.zshrc" <<RC
PROMPT='$ '
fpath=($work/zfunc \$fpath)
autoload -U compinit && compinit -u -d $work/zcompdump
zstyle ':completion:*' list-prompt ''
RC
    tmux -L "$sock" -f /dev/null new-session -d -s t -x 220 -y 50 "ZDOTDIR=$work zsh -i"
    ;;
  *) fail "unknown shell $shell" ;;
esac

pane() { tmux -L "$sock" capture-pane -p -t t; }
for _ in $(seq 100); do pane | grep -q '^\$' && break; sleep 0.05; done

# complete LINE TEXT...: types LINE and Tab; the screen must then show every TEXT (a completed line included;
# tmux drops the spaces at the end of a line).
complete() {
  local line=$1; shift
  tmux -L "$sock" send-keys -t t C-u C-l
  sleep 0.1
  tmux -L "$sock" send-keys -t t -l "$line"
  tmux -L "$sock" send-keys -t t Tab
  local w ok=
  for _ in $(seq 100); do
    ok=1
    for w in "$@"; do pane | grep -qF -- "$w" || { ok=; break; }; done
    [ -n "$ok" ] && break
    sleep 0.05
  done
  [ -n "$ok" ] || { pane; fail "$shell: after '$line' and Tab the screen does not show '$w'"; }
  echo "ok: '$line' + Tab shows $*"
}

complete "knock rou" '$ knock routeros'
complete "knock routeros " check rules
complete "knock routeros check --f" '$ knock routeros check --from'
complete "knock profile import x --from " json knockd
complete "knock @" lab office
complete "knock @o" '$ knock @office'
complete "knock profile show o" '$ knock profile show office'
complete "knock 127.0.0.1 t" '$ knock 127.0.0.1 tcp:'
complete "knock 127.0.0.1 tcp:1337 u" '$ knock 127.0.0.1 tcp:1337 udp:'
complete "knock completion z" '$ knock completion zsh'
complete "knock x tcp:1 -- ech" '$ knock x tcp:1 -- echo'
complete "knock routeros check $work/ru" "$ knock routeros check $work/rules.rsc"
complete "knock run --group hq --par" '$ knock run --group hq --parallel'
