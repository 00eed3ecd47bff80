// Command man writes bipkiosk's manual page and bash completion from the
// CLI's own help (app.Reference), so that neither can drift from the
// commands and flags the binary really has. The packaging runs it:
//
//	go run ./build/man -out DIR -version 1.2.0 -date 2026-12-07
//
// It writes DIR/bipkiosk.1 and DIR/bipkiosk.bash-completion.
//
// It may import the standard library and bipkiosk/app.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"bipkiosk/app"
)

func main() {
	out := flag.String("out", ".", "folder to write bipkiosk.1 and bipkiosk.bash-completion into")
	version := flag.String("version", "dev", "version named in the manual page's footer")
	date := flag.String("date", "", "date in the footer, YYYY-MM-DD (default: none)")
	flag.Parse()
	if err := run(*out, *version, *date); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out, version, date string) error {
	ref := app.Reference()
	files := map[string]string{
		"bipkiosk.1":               manPage(ref, version, date),
		"bipkiosk.bash-completion": bashCompletion(ref),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(out, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("man: %w", err)
		}
	}
	return nil
}
