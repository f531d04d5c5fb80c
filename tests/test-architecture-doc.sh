#!/usr/bin/env bash
# docs/architecture.md cannot drift: every "`file`: `function`" its frame-path table names
# exists, the function defined in that file (or declared there, for a static inline one).
source "$(dirname "$0")/lib.sh" "$@"
cd "$SRC" || exit 1
doc=docs/architecture.md
pairs=0
# The table's rows; in a row, parts separated by ';' or '→', each "`file`: `fn`, `fn`".
while IFS= read -r part; do
  file=$(sed -n 's/^ *`\([^`]*\.[ch]\)`: .*/\1/p' <<<"$part")
  [ -n "$file" ] || continue
  if [ ! -f "$file" ]; then
    not_ok "$doc names $file, which does not exist"
    continue
  fi
  for fn in $(sed 's/^ *`[^`]*`: //' <<<"$part" | grep -o '`[a-z_0-9]*`' | tr -d '`'); do
    pairs=$((pairs + 1))
    grep -Eq "^([a-zA-Z].*[ *])?$fn\(" "$file" || not_ok "$doc: $file has no function $fn"
  done
done < <(grep '^| ' "$doc" | sed 's/.*| \(.*\) |$/\1/' | sed 's/→/;/g' | tr ';' '\n')
[ "$pairs" -gt 30 ] && ok "$pairs functions named in $doc checked" ||
  not_ok "only $pairs functions found in $doc"
[ "$failed" -eq 0 ] && ok "every file and function it names exists"
finish
