package domain

// PortInStamp is what a read of a request may be kept by, read in one statement: the
// account it belongs to and that account's list version (Subtree.ListVersions), which moves
// with every write to the request's own rows and to what an editable request's plan reads
// beyond them (the inventory holding or routing to its numbers, carriers' answers for them,
// the agreements, the carriers and the price table).
type PortInStamp struct {
	AccountID, Version int64
}
