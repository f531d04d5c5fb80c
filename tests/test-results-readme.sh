#!/usr/bin/env bash
# results/README.md's redraw recipes work: its sh block, run in a results directory of
# scenarios/default.ini (as `make run` writes), draws every chart it names without an error.
source "$(dirname "$0")/lib.sh" "$@"
command -v gnuplot >/dev/null || { echo "skip - gnuplot is not installed"; exit 77; }
mkdir -p "$TMP/results"
cp "$SRC"/results/*.gp "$TMP/results/"
"$VMQSIM" run "$SRC/scenarios/default.ini" --out "$TMP/results/default" --quiet --no-charts
expect_eq "the run exits 0" "$?" 0
# The block after "To redraw a chart by hand", without its `cd results/default`.
awk '/To redraw a chart by hand/ { on = 1 } on && /^```sh/ { inb = 1; next } inb && /^```/ { exit }
     inb' "$SRC/results/README.md" | grep -v '^cd ' >"$TMP/recipe.sh"
[ "$(grep -c gnuplot "$TMP/recipe.sh")" -ge 3 ] && ok "the recipe has its gnuplot commands" ||
  not_ok "recipe: $(cat "$TMP/recipe.sh")"
(cd "$TMP/results/default" && bash -e "$TMP/recipe.sh") >"$TMP/out" 2>&1
expect_eq "the recipe runs" "$?" 0
[ -s "$TMP/out" ] && not_ok "gnuplot said: $(head -5 "$TMP/out")" || ok "gnuplot said nothing"
for png in $(grep -o "outfile='[^']*'" "$TMP/recipe.sh" | cut -d"'" -f2); do
  [ -s "$TMP/results/default/$png" ] && ok "it draws $png" || not_ok "no $png"
done
finish
