package defaultbulletin

// The bundle and its public key are build output, not source: they change at
// every run (a fresh key) and are ignored by git.
//go:generate go run ./gen -src source -out dist
