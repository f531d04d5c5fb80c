#!/usr/bin/env bash
# `vmqsim run --out DIR` replaces DIR only when it is absent, empty or a previous run (its
# .vmqsim-run marker and only the files that lists) of the same configuration; another
# configuration's run needs --force; the working directory, its ancestors, $HOME and / never.
# Run as a user would: a fake home and working directory under a temporary directory, HOME set
# to the fake one. Every refusal: exit status 2, one line naming the path, nothing deleted,
# nothing written. `sweep --out` on a directory that is not a sweep's is refused too (~5 s).
source "$(dirname "$0")/lib.sh" "$@"
VMQSIM=$(cd "$(dirname "$VMQSIM")" && pwd)/$(basename "$VMQSIM") # this test changes directory

SC=$SRC/tests/data/golden.ini # 20 ms of 4 processors: the fastest full scenario
FS=$TMP/fs
export HOME=$FS/users/me
WORK=$FS/proj/work
mkdir -p "$HOME" "$WORK" "$FS/mydata"
echo "my notes" >"$HOME/notes.txt"
echo "keep me" >"$FS/proj/README"
printf 'line 1\nline 2\n' >"$FS/mydata/notes.txt"
cd "$WORK" || exit 1

# snapshot DIR: every file under DIR with its checksum, to compare before and after (not for /,
# too big to read, whose refusal the message shows).
snapshot() {
  [ "$1" = / ] || (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) 2>/dev/null
}

# refused NAME PATH REASON ARGS...: `vmqsim run SC ARGS...` exits exactly 2 with one line on
# stderr that starts with "vmqsim: ", names PATH and says REASON; PATH is left as it was.
refused() {
  local name=$1 path=$2 reason=$3
  shift 3
  local before
  before=$(snapshot "$path")
  "$VMQSIM" run "$SC" --quiet "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  expect_eq "$name: exit status" "$rc" 2
  expect_eq "$name: one line on stderr" "$(wc -l <"$TMP/err")" 1
  grep -q '^vmqsim: ' "$TMP/err" && grep -qF -- "$path" "$TMP/err" &&
    grep -qF -- "$reason" "$TMP/err" && ok "$name: message" ||
    not_ok "$name: message was: $(cat "$TMP/err")"
  expect_eq "$name: nothing printed" "$(cat "$TMP/out")" ""
  [ "$(snapshot "$path")" = "$before" ] && ok "$name: $path unchanged" ||
    not_ok "$name: $path changed"
}

# nothing_written NAME: no results/, *.tmp-* or *.old-* appeared in the fake file system.
nothing_written() {
  local left
  left=$(find "$FS" \( -name results -o -name '*.tmp-*' -o -name '*.old-*' \) -print)
  expect_eq "$1: nothing written" "$left" ""
}

# ---- directories vmqsim did not write ------------------------------------------------------
cp "$FS/mydata/notes.txt" "$TMP/notes.orig"
refused "user directory" "$FS/mydata" "was not written by vmqsim run (no .vmqsim-run)" \
  --out "$FS/mydata"
cmp -s "$FS/mydata/notes.txt" "$TMP/notes.orig" && ok "user directory: notes.txt byte-identical" ||
  not_ok "user directory: notes.txt changed"
refused "user directory, --force" "$FS/mydata" "no .vmqsim-run" --out "$FS/mydata" --force
ln -s "$FS/mydata" "$FS/link-to-mydata"
refused "symlink to a user directory" "$FS/link-to-mydata" "no .vmqsim-run" \
  --out "$FS/link-to-mydata" --force
[ -L "$FS/link-to-mydata" ] && ok "the symlink stays" || not_ok "the symlink was replaced"
nothing_written "user directories"

# A sweep's results directory (a one-run sweep of the same scenario).
printf '[sweep]\nscenario = %s\n[vary]\nnic.vmq = on\n' "$SC" >"$FS/tiny.sweep"
"$VMQSIM" sweep "$FS/tiny.sweep" --out "$FS/sweep" >/dev/null 2>"$TMP/err"
expect_eq "tiny sweep runs" "$?" 0
[ -f "$FS/sweep/manifest.json" ] && [ -f "$FS/sweep/runs/run-00000/summary.json" ] &&
  ok "tiny sweep wrote its manifest and run" || not_ok "tiny sweep: $(ls -R "$FS/sweep")"
refused "sweep directory" "$FS/sweep" "no .vmqsim-run" --out "$FS/sweep" --force
# Its run directory is a run, of another configuration (the sweep's seed and --set).
refused "sweep's run directory" "$FS/sweep/runs/run-00000" "another configuration" \
  --out "$FS/sweep/runs/run-00000"

# ---- never, marker or not: the working directory, its ancestors, $HOME, / -------------------
# The working directory holds a run (made from its parent), so only the rule refuses it.
(cd .. && "$VMQSIM" run "$SC" --quiet --out work >/dev/null 2>&1)
cd "$WORK" || exit 1 # the new directory: the shell was left in the replaced one
[ -f "$WORK/.vmqsim-run" ] && ok "a run made in the working directory" ||
  not_ok "no run in the working directory"
refused "--out \$PWD" "$WORK" "the working directory" --out "$PWD"
refused "--out ." "$WORK" "the working directory" --out .
refused "--out ./" "$WORK" "the working directory" --out ./
refused "--out \$HOME" "$HOME" "the home directory" --out "$HOME" --force
refused "--out ~/.." "$FS/users" "an ancestor of the home directory" --out "$HOME/.."
ln -s "$HOME" "$FS/link-to-home"
refused "symlink to \$HOME" "$FS/link-to-home" "the home directory" --out "$FS/link-to-home"
refused "--out /" "/" "the root directory" --out /
refused "--out .." "$FS/proj" "an ancestor of the working directory" --out ..
refused "--out missing/../.." "$FS/proj" "an ancestor of the working directory" \
  --out missing/../..
# From a working directory deleted under us: nothing can be checked, so nothing is replaced.
mkdir "$FS/doomed" && cd "$FS/doomed" && rmdir "$FS/doomed"
refused "deleted working directory" "$FS/runs" "cannot find the working directory" \
  --out "$FS/runs"
cd "$WORK" || exit 1
expect_eq "README beside the working directory" "$(cat "$FS/proj/README")" "keep me"
expect_eq "notes in the home directory" "$(cat "$HOME/notes.txt")" "my notes"
nothing_written "forbidden directories"

one_line_exit2 "--out ''" "$VMQSIM" run "$SC" --quiet --out ''

# ---- the same configuration again: replaced, byte-identical --------------------------------
RUN=$FS/runs/r1
"$VMQSIM" run "$SC" --quiet --out "$RUN" >/dev/null 2>&1
expect_eq "first run" "$?" 0
cp "$RUN/summary.json" "$TMP/summary.first"
cp "$RUN/.vmqsim-run" "$TMP/marker.first"
: >"$RUN/summary.json" # damaged: the rerun must put a whole new one in place
"$VMQSIM" run "$SC" --quiet --out "$RUN/" >/dev/null 2>"$TMP/err"
expect_eq "rerun into the same run directory exits 0" "$?" 0
cmp -s "$RUN/summary.json" "$TMP/summary.first" && ok "rerun: summary.json replaced, identical" ||
  not_ok "rerun: summary.json differs"
cmp -s "$RUN/.vmqsim-run" "$TMP/marker.first" && ok "rerun: marker byte-identical" ||
  not_ok "rerun: marker differs"
expect_eq "rerun: no siblings left" "$(ls -A "$FS/runs")" "r1"
echo "mine" >"$RUN/notes.txt"
refused "run directory with a user file" "$RUN" "holds notes.txt" --out "$RUN" --force
rm "$RUN/notes.txt"

# ---- the default name: a run of another configuration gets its own directory ---------------
mkdir -p "$FS/proj/other" && cd "$FS/proj/other" || exit 1
"$VMQSIM" run "$SC" --quiet >/dev/null 2>&1
expect_eq "default name: first run" "$?" 0
cp results/golden/summary.json "$TMP/default.summary"
cp results/golden/.vmqsim-run "$TMP/default.marker"
"$VMQSIM" run "$SC" --quiet --set nic.vmq=off >/dev/null 2>"$TMP/err"
expect_eq "default name, a --set: exit 0" "$?" 0
[ -s "results/golden+nic.vmq=off/summary.json" ] &&
  ok "default name, a --set: results/golden+nic.vmq=off" || not_ok "no results/golden+nic.vmq=off"
cmp -s results/golden/summary.json "$TMP/default.summary" &&
  cmp -s results/golden/.vmqsim-run "$TMP/default.marker" &&
  ok "default name: the plain run untouched" || not_ok "default name: the plain run changed"
"$VMQSIM" run "$SC" --quiet --set nic.vmq=off --seed 7 >/dev/null 2>&1
expect_eq "--seed is an override too" "$(ls -A results | sort | xargs)" \
  "golden golden+nic.vmq=off golden+simulation.seed=7+nic.vmq=off"
# --out over a run of another configuration: kept unless --force
refused "--out over another configuration" "results/golden" "--force" --out results/golden \
  --set nic.vmq=off
"$VMQSIM" run "$SC" --quiet --set nic.vmq=off --out results/golden --force >/dev/null 2>"$TMP/err"
expect_eq "--out, another --set, --force: exit 0" "$?" 0
grep -q '^overrides=nic.vmq=off;$' results/golden/.vmqsim-run &&
  ok "--force: the marker records the new overrides" ||
  not_ok "--force: marker: $(cat results/golden/.vmqsim-run)"
cmp -s results/golden/summary.json "$TMP/default.summary" &&
  not_ok "--force: still the previous run's summary.json" || ok "--force: the new run in place"

# ---- sweep --out on a directory that is not a sweep's ---------------------------------------
"$VMQSIM" sweep "$FS/tiny.sweep" --out "$FS/mydata" >/dev/null 2>"$TMP/err"
expect_eq "sweep --out user directory: exit status" "$?" 2
grep -qF "$FS/mydata" "$TMP/err" && ok "sweep --out user directory: message" ||
  not_ok "sweep --out user directory: $(cat "$TMP/err")"
expect_eq "sweep --out user directory: untouched" "$(ls -A "$FS/mydata")" "notes.txt"
cmp -s "$FS/mydata/notes.txt" "$TMP/notes.orig" && ok "sweep: notes.txt byte-identical" ||
  not_ok "sweep: notes.txt changed"

finish
