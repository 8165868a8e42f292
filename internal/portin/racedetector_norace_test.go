//go:build !race

package portin_test

const raceDetector = false
