//go:build !race

package numbering

const raceDetector = false
