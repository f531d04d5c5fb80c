#!/usr/bin/env bash
# Prints the man page vmqsim(1) (docs/vmqsim.1) from what the binary says of itself: `vmqsim
# --help` for the overview, then each command's --help. Nothing time-of-day in it, so the page
# is the same on every rebuild; scripts/gen-docs.sh rewrites docs/vmqsim.1 with it (make docs)
# and tests/test-generated.sh checks it.
# Usage: scripts/gen-man.sh VMQSIM
set -eu
vmqsim=${1:?path to vmqsim}
# roff-safe text in a no-fill block: backslashes as \e, a leading . or ' escaped by \&
roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
version=$("$vmqsim" --version | head -n 1 | cut -d' ' -f2)
cat <<HEAD
.TH VMQSIM 1 "" "vmqsim $version" "User Commands"
.SH NAME
vmqsim \\- simulate how a NIC spreads received traffic over VMs and processor cores (NDIS VMQ, VMMQ/RSS)
.SH SYNOPSIS
.B vmqsim
.I COMMAND
.RI [ OPTIONS ]
.I ...
.SH DESCRIPTION
.nf
HEAD
"$vmqsim" --help | sed -n '3,$p' | roff
echo .fi
echo .SH COMMANDS
for c in $("$vmqsim" --help | sed -n '/^Commands:/,/^$/p' | grep -E '^  [a-z][a-z-]* ' | awk '{print $1}'); do
  echo ".SS $c"
  echo .nf
  "$vmqsim" "$c" --help | roff
  echo .fi
done
cat <<'TAIL'
.SH ENVIRONMENT
.TP
.B VMQSIM_TEMPLATES
A directory of gnuplot chart templates (*.gp, as results/ of the source tree) to use instead of
the ones compiled into the binary.
.SH FILES
Scenario files are INI (see the README's "Scenario files", or
.BR "vmqsim keys" );
results go to results/<scenario>/ unless --out says otherwise.
.SH SEE ALSO
.BR gnuplot (1);
the README.md of the source tree.
TAIL
