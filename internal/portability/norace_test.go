//go:build !race

package portability

const raceDetector = false
