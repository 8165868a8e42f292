// Package domain holds PortDesk's vocabulary: accounts and users, port-in requests and their
// numbers, the port-in state machine, error codes and the interfaces the adapters implement.
// It imports nothing of PortDesk's own; every other package points inward to it.
package domain
