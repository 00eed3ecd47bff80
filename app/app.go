package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// env is what a command may use of the outside world; tests give their own.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	interactive    bool // stderr is a terminal: show progress
	// flagsMade, when set, is given each flag set a command makes (Reference).
	flagsMade func(*flag.FlagSet)
}

// command is one verb of the CLI.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// usage holds each command's synopsis, apart from the table so that commands
// can print their own without an initialisation cycle.
var usage = map[string]string{
	"desktop":         "desktop [--kiosk] [--update-url URL] [--update-dir DIR]",
	"serve":           "serve [--listen ADDR] [--kiosk] [--update-url URL] [--update-dir DIR]",
	"keygen":          "keygen --out PREFIX --publisher NAME",
	"bundle":          "bundle build|diff|inspect|generate|index …",
	"trust":           "trust PREFIX.pub",
	"import":          "import FILE|URL",
	"harvest":         "harvest URL --out DIR --contact ADDR [--key PREFIX.key --bundle FILE --sequence N | --publish DIR]",
	"status":          "status [--json]",
	"rollback":        "rollback",
	"version":         "version",
	"bundle build":    "bundle build --from DIR --key PREFIX.key --sequence N [--base OLD.zip] [--rotate-from OLD.key] [--doc-cache DIR] --out FILE",
	"bundle diff":     "bundle diff [--key PREFIX.pub] OLD.zip NEW.zip",
	"bundle index":    "bundle index [--key PREFIX.pub] DIR",
	"bundle inspect":  "bundle inspect [--key PREFIX.pub] FILE",
	"bundle generate": "bundle generate --articles N [--attachments-every N [--real-pdfs] [--scanned-every N]] --out DIR",
}

// commands is the CLI's table; "bundle" dispatches again to bundleCommands.
var commands = map[string]command{
	"desktop":  {"open the reader in a window (the default command)", runDesktop},
	"serve":    {"serve the same reader over HTTP for browsers", runServe},
	"keygen":   {"create a publisher's signing key pair", runKeygen},
	"bundle":   {"build, check or generate bundles", runBundle},
	"trust":    {"pin a publisher's public key in the data directory", runTrust},
	"import":   {"verify a bundle and install it", runImport},
	"harvest":  {"crawl a live BIP web site into a source tree (and sign it)", runHarvest},
	"status":   {"show the installed bulletin", runStatus},
	"rollback": {"return to the bulletin installed before the last update", runRollback},
	"version":  {"print the version, commit, build date and library versions", runVersion},
}

// errUsage marks a mistake in the command line: the message is followed by help.
var errUsage = errors.New("usage")

// Main runs the CLI with args (without the program name) and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	if bindingsOnly {
		if err := writeBindings(); err != nil {
			fmt.Fprintf(stderr, "bipkiosk: writing the Wails bindings: %v\n", err)
			return 1
		}
		return 0
	}
	name, rest := "desktop", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	longRunning := name == "desktop" || name == "serve"
	e := &env{stdout: stdout, stderr: stderr, log: newLogger(stderr, longRunning), interactive: isTerminal(stderr)}
	slog.SetDefault(e.log)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if name == "help" || (len(args) > 0 && (args[0] == "-h" || args[0] == "--help")) {
		printHelp(stdout)
		return 0
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		readBuildInfo().print(stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "bipkiosk: unknown command %q; run \"bipkiosk help\" for the list\n", name)
		return 2
	}
	err := cmd.run(ctx, e, rest)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "bipkiosk %s: %v\n", name, err)
		return 2
	default:
		fmt.Fprintf(stderr, "bipkiosk: %v\n", err)
		return 1
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "bipkiosk reads a Biuletyn Informacji Publicznej offline.\n\nUsage:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  bipkiosk %-42s %s\n", usage[n], commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (default: $BIPKIOSK_DATA or the user data directory)\nand --help; \"bipkiosk --version\" prints the version.")
}

// newFlags returns a flag set for a command that prints its usage on --help
// and takes the --data flag every command shares.
func newFlags(e *env, name string, cfg *Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: bipkiosk %s\n\nFlags:\n", usage[name])
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory holding the store (env BIPKIOSK_DATA)")
	if e.flagsMade != nil {
		e.flagsMade(fs)
	}
	return fs
}

// parse parses flags and wants exactly nargs positional arguments. Flags may
// come after the arguments too ("import FILE --data DIR"), as users type them.
func parse(fs *flag.FlagSet, args []string, nargs int, what string) error {
	if err := fs.Parse(flagsFirst(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() != nargs {
		if nargs == 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
		}
		return fmt.Errorf("%w: want %s", errUsage, what)
	}
	return nil
}

// flagsFirst moves the flags in args before the positional arguments, keeping
// each flag's value with it, so the standard flag package sees them all.
func flagsFirst(fs *flag.FlagSet, args []string) []string {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(append(flags, "--"), positional...)
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
