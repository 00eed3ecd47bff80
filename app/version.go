package app

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version is the release, set when building a release:
//
//	go build -ldflags "-X bipkiosk/app.version=1.4.0" …
//
// Without it the module version is used ("(devel)" in a checkout: "dev").
// scripts/release sets it from git (scripts/version).
var version = ""

// commit and commitDate stand in for the Go toolchain's VCS stamp when a
// build has none (-buildvcs=false, or a build outside the checkout);
// scripts/release sets them with -X like version.
var commit, commitDate = "", ""

// versionedLibraries are the libraries whose versions a bug report needs.
var versionedLibraries = []string{
	"github.com/dgraph-io/badger/v4",
	"github.com/wailsapp/wails/v2",
	"github.com/google/uuid",
}

// buildInfo says what this binary is.
type buildInfo struct {
	Version   string
	Commit    string // VCS revision, "" when not built from a checkout
	Modified  bool   // the checkout had uncommitted changes
	Date      string // the commit's time (RFC 3339), "" when unknown
	Go        string
	Libraries [][2]string // module path and version, in versionedLibraries' order
}

// readBuildInfo reads the version and the build's VCS stamp and modules.
func readBuildInfo() buildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	b := buildInfoFrom(version, info)
	if b.Commit == "" {
		b.Commit = commit
	}
	if b.Date == "" {
		b.Date = commitDate
	}
	return b
}

// buildInfoFrom is readBuildInfo with the release version and the Go
// toolchain's record given; info is nil when the binary has none.
func buildInfoFrom(version string, info *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: version}
	if info == nil {
		return b.withDefaults()
	}
	b.Go = info.GoVersion
	if b.Version == "" && info.Main.Version != "(devel)" {
		b.Version = strings.TrimPrefix(info.Main.Version, "v")
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Date = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	for _, lib := range versionedLibraries {
		for _, d := range info.Deps {
			if d.Path == lib {
				v := d.Version
				if d.Replace != nil {
					v = d.Replace.Version + " (replaces " + d.Version + ")"
				}
				b.Libraries = append(b.Libraries, [2]string{lib, v})
			}
		}
	}
	return b.withDefaults()
}

func (b buildInfo) withDefaults() buildInfo {
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// shortCommit is the first 12 digits of the commit, marked when modified.
func (b buildInfo) shortCommit() string {
	c := b.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if c != "" && b.Modified {
		c += "-modified"
	}
	return c
}

// String is the version in one line, for the operator screen and the log.
func (b buildInfo) String() string {
	if c := b.shortCommit(); c != "" {
		return b.Version + " (" + c + ")"
	}
	return b.Version
}

// userAgent is the User-Agent of update requests.
func (b buildInfo) userAgent() string {
	ua := "bipkiosk/" + b.Version
	if c := b.shortCommit(); c != "" {
		ua += " (" + c + ")"
	}
	return ua
}

// print writes the version report of "bipkiosk version".
func (b buildInfo) print(w io.Writer) {
	fmt.Fprintf(w, "bipkiosk %s\n", b.Version)
	if b.Commit != "" {
		fmt.Fprintf(w, "commit    %s\n", b.shortCommit())
	}
	if b.Date != "" {
		fmt.Fprintf(w, "date      %s\n", b.Date)
	}
	if b.Go != "" {
		fmt.Fprintf(w, "go        %s\n", b.Go)
	}
	for _, l := range b.Libraries {
		fmt.Fprintf(w, "%s %s\n", l[0], l[1])
	}
}

func runVersion(_ context.Context, e *env, args []string) error {
	var cfg Config
	fs := newFlags(e, "version", &cfg)
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	readBuildInfo().print(e.stdout)
	return nil
}
