//go:build linux

package reliability

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smallDisk is a place where the store runs out of room partway through an
// import of v2, and a way to give the room back.
type smallDisk struct {
	how     string
	dir     string          // the store
	prepare func(*exec.Cmd) // limits a child's writes, for a limit that is per process
	grow    func() error    // gives the room back
	cleanup func()
}

// newSmallDisk mounts a tmpfs of size bytes when it can (as root), else it
// limits the child's file size with RLIMIT_FSIZE.
func newSmallDisk(t *testing.T, size int64) *smallDisk {
	t.Helper()
	mnt := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	opt := func(n int64) string { return fmt.Sprintf("size=%d", n) }
	if os.Geteuid() == 0 {
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, opt(size)); err == nil {
			return &smallDisk{
				how: fmt.Sprintf("a tmpfs of %s", mib(size)), dir: filepath.Join(mnt, "store"),
				prepare: func(*exec.Cmd) {},
				grow: func() error {
					// The import's guard asks for room for Badger's tables
					// beside the data (about 136 MiB even for the small
					// -short bulletin), not only for the data.
					return syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, opt(4*size+256<<20))
				},
				cleanup: func() { syscall.Unmount(mnt, syscall.MNT_DETACH) },
			}
		} else {
			t.Logf("mount tmpfs: %v; limiting the file size instead", err)
		}
	}
	// Without a mount, RLIMIT_FSIZE makes writes past the limit fail with
	// EFBIG (the child ignores SIGXFSZ through the shell's trap).
	limited := true
	return &smallDisk{
		how: fmt.Sprintf("RLIMIT_FSIZE of %s per file", mib(size/4)), dir: filepath.Join(mnt, "store"),
		prepare: func(cmd *exec.Cmd) {
			if !limited {
				return
			}
			args := append([]string{cmd.Path}, cmd.Args[1:]...)
			script := fmt.Sprintf("trap '' XFSZ; ulimit -f %d; exec \"$@\"", size/4/512)
			cmd.Path, cmd.Args = "/bin/sh", append([]string{"sh", "-c", script, "sh"}, args...)
		},
		grow:    func() error { limited = false; return nil },
		cleanup: func() {},
	}
}

// TestDiskFullDuringImport fills the disk while v2 imports: the import must
// fail with a clear error, v1 must stay whole, and once there is room again
// the next import must succeed.
func TestDiskFullDuringImport(t *testing.T) {
	used, err := diskUsage(fx.template)
	if err != nil {
		t.Fatal(err)
	}
	disk := newSmallDisk(t, used+used/3) // v2 needs about as much again as v1
	defer disk.cleanup()
	if err := copyDir(fx.template, disk.dir); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) cliResult {
		cmd := fx.command(disk.dir, args...)
		disk.prepare(cmd)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return finish(cmd, start, &out, &errOut)
	}
	full := run("import", fx.v2)
	msg := strings.TrimSpace(full.stderr)
	t.Logf("import on a full disk: exit %d, killed %v: %s", full.code, full.killed, msg)
	if full.code != 1 || full.killed {
		t.Errorf("import on a full disk: got exit %d (killed %v), want 1", full.code, full.killed)
	}
	lastLine := msg[strings.LastIndex(msg, "\n")+1:]
	if full.code == 2 && strings.Contains(msg, "SIGBUS") {
		lastLine = "the process crashed with SIGBUS (a write through Badger's memory-mapped files found no room)"
	}
	if !strings.Contains(lastLine, "not enough free disk space") && !strings.Contains(lastLine, "no space left on device") &&
		!strings.Contains(lastLine, "file too large") {
		t.Errorf("import on a full disk: got last line %q, want it to say the disk is full", lastLine)
	}
	// Reading a store on a tmpfs that is still full can itself fault in
	// Badger's memory-mapped files, so the room comes back before the check.
	if err := disk.grow(); err != nil {
		t.Fatalf("give the room back: %v", err)
	}
	got, err := snapshotDir(disk.dir, fx.sample)
	if err != nil {
		t.Fatalf("store after the failed import: %v", err)
	}
	if diff := got.diff(fx.refs[1]); diff != "" {
		t.Errorf("v1 after the failed import is not whole: %s", diff)
	}
	again := run("import", fx.v2)
	if again.code != 0 {
		t.Errorf("import after the room returned: exit %d: %s", again.code, again.stderr)
	}
	after, err := snapshotDir(disk.dir, fx.sample)
	if err == nil {
		if diff := after.diff(fx.refs[2]); diff != "" {
			err = fmt.Errorf("not whole: %s", diff)
		}
	}
	if err != nil {
		t.Errorf("v2 after the import with room: %v", err)
	}
	outcome := "v1 whole"
	if got.diff(fx.refs[1]) != "" {
		outcome = "v1 NOT whole"
	}
	rep.set("diskfull", fmt.Sprintf("## Disk full during import\n\n"+
		"The store with v1 (%s on disk) sits on %s; importing v2 needs more room than that.\n\n"+
		"- the import failed: exit %d after %s, message `%s`\n"+
		"- afterwards: %s (edition, counts, sample pages and attachments)\n"+
		"- with room again, the next import: exit %d, v2 whole\n",
		mib(used), disk.how, full.code, ms(full.wall), strings.ReplaceAll(lastLine, disk.dir, "STORE"), outcome, again.code))
}
