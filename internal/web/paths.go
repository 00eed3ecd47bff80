package web

import "github.com/google/uuid"

// The paths the route table serves that Go code links to; build every link
// through these, so a path is spelled once, beside the routes.
const (
	// kioskResetPath is where an idle kiosk goes: the idle script after its
	// countdown (it reads the path from the page), and the no-script meta refresh.
	kioskResetPath = "/kiosk/reset"
	// healthPath answers a service manager or a monitor.
	healthPath = "/healthz"
)

// nodePath is the page of node id.
func nodePath(id uuid.UUID) string { return "/p/" + id.String() }

// printPath is the print version of node id.
func printPath(id uuid.UUID) string { return nodePath(id) + "/druk" }

// nodeChangesPath is the change register of node id.
func nodeChangesPath(id uuid.UUID) string { return nodePath(id) + "/zmiany" }

// changePath is one change of node id, by its index in the node's register.
func changePath(id uuid.UUID, index string) string { return nodeChangesPath(id) + "/" + index }

// attachmentPagePath is the in-app page of the attachment with SHA-256 sum
// published on node id. The hash, not the position, names the file: every
// list of attachments knows it, and a link kept across an update never
// lands on another file.
func attachmentPagePath(id uuid.UUID, sum string) string {
	return nodePath(id) + "/zalacznik/" + sum
}
