/* Warnings: runs that work but may not mean what their user thinks. Each is one line, added to
 * the run's report (summary.json "warnings", with a kind), printed on stderr by `vmqsim run`,
 * and an error under `run --strict`.
 *
 * From the scenario alone (before simulating):
 *   no-vm                rx flows to a (MAC, VLAN) no VM has: the vSwitch discards them;
 *   default-queue        VMs without a VMQ queue of their own: max_vmq_queues ran out;
 *   capture-empty        a [capture] has no usable frame: it replays nothing;
 *   capture-short        a [capture]'s passes end before the run: the time after has none of
 *                        its frames (rates are over the whole measured window);
 *   capture-peak         a [capture]'s frames come closer than the wire carries them (replayed
 *                        at their captured times: arrivals are not serialised).
 * From the results:
 *   unsteady             a VM's frames held in the host (rings, vSwitch, guest backlog) still
 *                        grow at the end (more than 64 frames and 1% of those offered over the
 *                        measured window's second half, still growing in its last quarter):
 *                        its rates and latencies depend on the run's length;
 *   late-drops           a VM's drops start only in the last quarter of the measured window;
 *   guest-saturated      a guest's receiving processor >= 99% busy with frames waiting;
 *   processor-saturated  a processor >= 99.9% busy: offered more than it can do.
 */
#ifndef VQ_WARNINGS_H
#define VQ_WARNINGS_H

#include "sim/report.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

/* Adds to R the warnings SC gives by itself. */
void vq_warnings_scenario(const VqScenario *sc, VqReport *r);
/* Adds to R the warnings its results give (R filled by the run of SC). */
void vq_warnings_run(const VqScenario *sc, VqReport *r);

G_END_DECLS

#endif
