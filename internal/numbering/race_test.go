//go:build race

package numbering

// raceDetector says the tests run under the race detector, where the single-goroutine
// comparisons with libphonenumber take a minute instead of seconds and find no race: CI runs
// those without it, in a step of their own.
const raceDetector = true
