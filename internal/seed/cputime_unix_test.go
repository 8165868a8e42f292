//go:build unix

package seed_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used, user and system: on a shared machine
// a benchmark's wall time counts other programs' turns too, its CPU time does not.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
