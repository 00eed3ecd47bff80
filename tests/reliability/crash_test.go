package reliability

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// phases say where an import is by how much it has grown the store: the
// growth at which blob writing starts and at which the flip begins, as
// fractions of the largest growth an import of v2 reaches. Growth, unlike
// time, does not depend on how busy the machine is.
type phases struct {
	peak        int64 // bytes the store grows by at most during the import
	blobs, flip float64
}

// measurePhases imports v2 in this process once, noting the store's growth
// when blob writing starts and when the flip begins.
func measurePhases(t *testing.T) phases {
	t.Helper()
	st, dir := openV1Copy(t)
	base, _ := diskUsage(dir)
	nodes := fx.refs[2].Articles + fx.refs[2].Sections + fx.refs[2].Links
	var peak, blobsAt, flipAt int64
	_, err := importBundle(context.Background(), st, fx.v2, func(done, total int) {
		u, _ := diskUsage(dir)
		peak = max(peak, u-base)
		if blobsAt == 0 && done > nodes {
			blobsAt = u - base
		}
		if done == total {
			flipAt = u - base
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return phases{peak: peak, blobs: float64(blobsAt) / float64(peak), flip: float64(flipAt) / float64(peak)}
}

// phaseOf names the part of the import a kill at growth fraction f hit.
func (p phases) phaseOf(f float64) string {
	switch {
	case f < 0.01:
		return "start-up, verifying the bundle"
	case f >= 0.97*p.flip:
		return "around the flip (index done; sync, flip, sweep)"
	case f < p.blobs:
		return "writing pages"
	case f < p.flip:
		return "writing attachments, index"
	default:
		return "sync, flip, sweep"
	}
}

// killPoint says when to kill: after the store has grown by a fraction of
// the import's peak growth, and then a delay.
type killPoint struct {
	growth float64
	delay  time.Duration
}

func (k killPoint) String() string {
	if k.growth == 0 {
		return ms(k.delay) + " after start"
	}
	s := fmt.Sprintf("at %.0f %% growth", 100*k.growth)
	if k.delay > 0 {
		s += " + " + ms(k.delay)
	}
	return s
}

// killPoints spreads kills over an import: a few in the first milliseconds,
// an even spread over its growth, and a cluster around the flip.
func killPoints(p phases, short bool) []killPoint {
	if short {
		return []killPoint{{growth: 0.1}, {growth: 0.5}, {growth: p.flip}}
	}
	pts := []killPoint{{delay: 2 * time.Millisecond}, {delay: 10 * time.Millisecond}, {delay: 30 * time.Millisecond}}
	for i := range 14 {
		pts = append(pts, killPoint{growth: 0.03 + 0.92*float64(i)/13})
	}
	for _, d := range []time.Duration{0, 10, 30, 60, 100, 200, 400} {
		pts = append(pts, killPoint{growth: 0.97 * p.flip, delay: d * time.Millisecond})
	}
	return pts
}

// TestKilledImportKeepsAWholeBulletin starts a real import of v2 over v1 and
// SIGKILLs it at many moments; after each, the store must open and show v1 or
// v2 whole, and the next import of v2 must succeed.
func TestKilledImportKeepsAWholeBulletin(t *testing.T) {
	p := measurePhases(t)
	clean := filepath.Join(t.TempDir(), "clean")
	if err := copyDir(fx.template, clean); err != nil {
		t.Fatal(err)
	}
	res := fx.cli(clean, "import", fx.v2)
	if res.code != 0 {
		t.Fatalf("clean import: exit %d: %s", res.code, res.stderr)
	}
	os.RemoveAll(clean)
	t.Logf("clean import %v; grows the store by %s; attachments from %.0f%%, flip from %.0f%% of that", res.wall, mib(p.peak), 100*p.blobs, 100*p.flip)

	var rows [][]string
	survived, killed, exited := 0, 0, 0
	for i, at := range killPoints(p, testing.Short()) {
		outcome, wasKilled, after, err := killAndCheck(t, i, at, p.peak)
		frac := at.growth
		switch {
		case err != nil:
			t.Errorf("kill %d %v (%s): %v", i, at, p.phaseOf(frac), err)
			outcome = "FAILED: " + err.Error()
		case wasKilled:
			killed++
			survived++
		default:
			exited++
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), at.String(), ms(after), p.phaseOf(frac), fmt.Sprint(wasKilled), outcome})
	}
	if killed == 0 {
		t.Errorf("no import was killed before it ended; the kill points are wrong")
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "## Crash safety: SIGKILL during import\n\n")
	fmt.Fprintf(&b, "The real binary imports v2 over an installed v1 and is killed with SIGKILL at a spread of moments.\n")
	fmt.Fprintf(&b, "The moments are set by how much the import has grown the store (%s at most; writing attachments begins\n", mib(p.peak))
	fmt.Fprintf(&b, "at %.0f %% of that and the flip at %.0f %%, measured in-process), so they do not depend on the machine's load;\n", 100*p.blobs, 100*p.flip)
	fmt.Fprintf(&b, "a clean run of the binary took %s.\n", ms(res.wall))
	fmt.Fprintf(&b, "After each kill the store is opened and its current bulletin compared with a whole v1 or v2 (edition,\n")
	fmt.Fprintf(&b, "counts, the bytes of %d sample pages and their attachments); then v2 is imported again with the binary.\n\n", len(fx.sample))
	fmt.Fprintf(&b, "**Kills survived: %d of %d** (%d more runs ended on their own before the kill).\n\n", survived, killed, exited)
	b.WriteString(table([]string{"#", "kill point", "killed after", "phase", "killed", "after reopening"}, rows))
	rep.set("crash", b.String())
}

// killAndCheck runs one kill on a fresh copy of the v1 store and returns how
// long after the start the kill came.
func killAndCheck(t *testing.T, i int, at killPoint, peak int64) (outcome string, killed bool, after time.Duration, err error) {
	dir := filepath.Join(t.TempDir(), fmt.Sprintf("kill-%d", i))
	if err := copyDir(fx.template, dir); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	base, _ := diskUsage(dir)
	cmd := fx.command(dir, "import", fx.v2)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited, waited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		if at.growth > 0 {
			for {
				if u, _ := diskUsage(dir); float64(u-base) >= at.growth*float64(peak) {
					break
				}
				select {
				case <-waited:
					return
				case <-time.After(2 * time.Millisecond):
				}
			}
		}
		select {
		case <-waited:
			return
		case <-time.After(at.delay):
		}
		after = time.Since(start)
		_ = cmd.Process.Signal(syscall.SIGKILL) // fails only when it has already exited
	}()
	res := finish(cmd, start, &out, &errOut)
	close(waited)
	<-exited
	outcome, err = checkAfterKill(dir, res)
	return outcome, res.killed, after, err
}

// checkAfterKill checks the store after a killed (or finished) import: it
// opens, shows v1 or v2 whole, and takes the next import of v2.
func checkAfterKill(dir string, res cliResult) (string, error) {
	if !res.killed && res.code != 0 {
		return "", fmt.Errorf("import ended with exit %d before the kill: %s", res.code, res.stderr)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return "", fmt.Errorf("store does not open: %w", err)
	}
	got, err := takeSnapshot(st, fx.sample)
	st.Close()
	if err != nil {
		return "", fmt.Errorf("reading the current bulletin: %w", err)
	}
	want, ok := fx.refs[got.Edition.Sequence]
	if !ok {
		return "", fmt.Errorf("current is sequence %d, neither 1 nor 2", got.Edition.Sequence)
	}
	if diff := got.diff(want); diff != "" {
		return "", fmt.Errorf("sequence %d is not whole: %s", got.Edition.Sequence, diff)
	}
	outcome := fmt.Sprintf("v%d whole", got.Edition.Sequence)
	if again := fx.cli(dir, "import", fx.v2); again.code != 0 {
		return "", fmt.Errorf("next import of v2: exit %d: %s", again.code, again.stderr)
	}
	after, err := snapshotDir(dir, fx.sample)
	if err == nil {
		if diff := after.diff(fx.refs[2]); diff != "" {
			err = fmt.Errorf("after the next import: %s", diff)
		}
	}
	if err != nil {
		return "", err
	}
	return outcome + "; next import ok", nil
}
