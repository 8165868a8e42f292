//go:build race

package portin_test

// raceDetector says the tests run under -race, which a memory probe must not.
const raceDetector = true
