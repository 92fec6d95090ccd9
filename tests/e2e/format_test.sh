#!/usr/bin/env bash
# Every C++ source of the project as .clang-format has it: lists the files that differ (exit 1).
#   format_test.sh [--fix]   --fix: rewrite them in place instead
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v clang-format >/dev/null || { echo "clang-format is not installed (apt-get install clang-format)"; exit 77; }
mapfile -t files < <(find actions bench cli core gui profiles routeros server tests -name '*.cpp' -o -name '*.hpp' | sort)
if [ "${1:-}" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted (./run format fixes them): %s\n' "${bad[@]}"
  exit 1
fi
echo "all ${#files[@]} sources formatted"
