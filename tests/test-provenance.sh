#!/usr/bin/env bash
# Every results directory says how it was made: run.json (command line, scenario path and
# SHA-256, overrides, seed, vmqsim version and commit, library versions) and scenario.ini (the
# scenario as run), which reruns to the same results; identical runs give identical files.
source "$(dirname "$0")/lib.sh" "$@"
cd "$TMP" || exit 1
cp "$SRC/tests/data/default.ini" base.ini
"$VMQSIM" run base.ini --out r1 --quiet --no-charts --seed 7 --set nic.vmq=off 2>/dev/null
expect_eq "the run exits 0" "$?" 0
json() { python3 -c "import json,sys; d=json.load(open('$1')); print($2)"; }
expect_eq "run.json: command" "$(json r1/run.json '" ".join(d["command"])')" \
  "vmqsim run base.ini --out r1 --quiet --no-charts --seed 7 --set nic.vmq=off"
expect_eq "run.json: scenario path" "$(json r1/run.json 'd["scenario"]["path"]')" "base.ini"
expect_eq "run.json: SHA-256 of the file" "$(json r1/run.json 'd["scenario"]["sha256"]')" \
  "$(sha256sum base.ini | cut -d' ' -f1)"
expect_eq "run.json: overrides in order, --seed first" \
  "$(json r1/run.json '",".join(d["overrides"])')" "simulation.seed=7,nic.vmq=off"
expect_eq "run.json: seed" "$(json r1/run.json 'd["seed"]')" 7
commit=$("$VMQSIM" --version | sed -n 's/.*(commit \(.*\))$/\1/p')
expect_eq "run.json: the commit --version names" "$(json r1/run.json 'd["vmqsim"]["commit"]')" \
  "$commit"
[ -n "$(json r1/run.json 'd["libraries"]["simgrid"]')" ] && ok "run.json: SimGrid's version" ||
  not_ok "run.json: no SimGrid version"
grep -qx 'vmq=off' r1/scenario.ini && grep -qx 'seed=7' r1/scenario.ini &&
  ok "scenario.ini has the overrides applied" || not_ok "scenario.ini: $(head -30 r1/scenario.ini)"
grep -q '^#   nic.vmq=off$' r1/scenario.ini && ok "scenario.ini lists the overrides" ||
  not_ok "scenario.ini does not list the overrides"
# scenario.ini is the scenario as run: run as it is, it gives the same results.
cp r1/scenario.ini again.ini
"$VMQSIM" run again.ini --out r2 --quiet --no-charts 2>/dev/null
expect_eq "scenario.ini runs" "$?" 0
for f in timeseries.csv cpu.csv latency_cdf.csv; do
  cmp -s r1/$f r2/$f && ok "scenario.ini gives the same $f" || not_ok "scenario.ini: $f differs"
done
# summary.json names the scenario after its file: equal but for that.
diff <(grep -v '"scenario"' r1/summary.json) <(grep -v '"scenario"' r2/summary.json) >/dev/null &&
  ok "scenario.ini gives the same summary.json" || not_ok "scenario.ini: summary.json differs"
# Determinism: the same command again writes byte-identical files.
cp -r r1 r1.first
"$VMQSIM" run base.ini --out r1 --quiet --no-charts --seed 7 --set nic.vmq=off 2>/dev/null
for f in run.json scenario.ini summary.json .vmqsim-run; do
  cmp -s r1/$f r1.first/$f && ok "a rerun writes the same $f" || not_ok "a rerun changes $f"
done
finish
