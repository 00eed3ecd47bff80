package app

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"sort"
	"strings"
)

// CommandHelp is one command's help, taken from the command itself: what
// "bipkiosk CMD --help" prints, as data for the man page and the shell
// completion, so neither can drift from the CLI.
type CommandHelp struct {
	Name     string // "serve", "bundle build"
	Synopsis string // the usage line, without "bipkiosk "
	Summary  string
	Flags    []FlagHelp // in name order
}

// FlagHelp is one flag of a command.
type FlagHelp struct {
	Name    string // without dashes
	Arg     string // the value's name ("ADDR", "duration"), "" for a switch
	Usage   string
	Default string // "" when it has none worth showing
}

// Reference returns the help of every command, in name order, with the
// bundle verbs as commands of their own ("bundle build", …).
func Reference() []CommandHelp {
	var out []CommandHelp
	for name, cmd := range commands {
		if name == "bundle" {
			for verb, sub := range bundleCommands {
				out = append(out, commandHelp("bundle "+verb, sub, []string{verb, "--help"}, cmd.run))
			}
			continue
		}
		out = append(out, commandHelp(name, cmd, []string{"--help"}, cmd.run))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// commandHelp runs a command with --help and keeps the flag set it made.
func commandHelp(name string, cmd command, args []string, run func(context.Context, *env, []string) error) CommandHelp {
	h := CommandHelp{Name: name, Synopsis: usage[name], Summary: cmd.summary}
	var seen *flag.FlagSet
	e := &env{stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	e.flagsMade = func(fs *flag.FlagSet) { seen = fs }
	_ = run(context.Background(), e, args) // --help: flag.ErrHelp, nothing done
	if seen == nil {
		return h
	}
	seen.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		def := f.DefValue
		if f.Name == "data" || def == "false" || def == "0" || def == "0s" {
			def = "" // the data directory's default is the user's own; see the usage text
		}
		h.Flags = append(h.Flags, FlagHelp{Name: f.Name, Arg: strings.TrimSpace(arg), Usage: text, Default: def})
	})
	return h
}
